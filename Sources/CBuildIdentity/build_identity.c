// Which build of the desk is running: the GNU build id note of the loaded object holding a given
// address (link.h and dladdr, which Swift's Glibc module does not show).
#define _GNU_SOURCE
#include "build_identity.h"

#include <dlfcn.h>
#include <elf.h>
#include <link.h>
#include <string.h>

struct search {
    const void *anchor;
    unsigned char *out;
    size_t capacity;
    int length;
};

static size_t aligned4(size_t n) { return (n + 3) & ~(size_t)3; }

static int visit(struct dl_phdr_info *info, size_t size, void *context) {
    (void)size;
    struct search *search = context;
    const ElfW(Addr) anchor = (ElfW(Addr))search->anchor;
    int holds = 0;
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *p = &info->dlpi_phdr[i];
        ElfW(Addr) start = info->dlpi_addr + p->p_vaddr;
        if (p->p_type == PT_LOAD && anchor >= start && anchor < start + p->p_memsz) holds = 1;
    }
    if (!holds) return 0;
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *p = &info->dlpi_phdr[i];
        if (p->p_type != PT_NOTE) continue;
        const unsigned char *notes = (const unsigned char *)(info->dlpi_addr + p->p_vaddr);
        size_t at = 0;
        while (at + sizeof(ElfW(Nhdr)) <= p->p_memsz) {
            const ElfW(Nhdr) *note = (const ElfW(Nhdr) *)(notes + at);
            size_t name = at + sizeof(ElfW(Nhdr));
            size_t desc = name + aligned4(note->n_namesz);
            if (desc + note->n_descsz > p->p_memsz) break;
            if (note->n_type == NT_GNU_BUILD_ID && note->n_namesz == 4 && memcmp(notes + name, "GNU", 4) == 0) {
                size_t n = note->n_descsz < search->capacity ? note->n_descsz : search->capacity;
                memcpy(search->out, notes + desc, n);
                search->length = (int)n;
                return 1;
            }
            at = desc + aligned4(note->n_descsz);
        }
    }
    return 1;
}

int desk_build_id(const void *anchor, unsigned char *out, size_t capacity) {
    struct search search = {anchor, out, capacity, 0};
    dl_iterate_phdr(visit, &search);
    return search.length;
}

int desk_object_path(const void *anchor, char *out, size_t capacity) {
    Dl_info info;
    if (capacity == 0 || dladdr(anchor, &info) == 0 || info.dli_fname == NULL) return 0;
    size_t n = strlen(info.dli_fname);
    if (n >= capacity) return 0;
    memcpy(out, info.dli_fname, n + 1);
    return (int)n;
}

const void *desk_build_identity_anchor(void) { return (const void *)&desk_build_id; }
