#include "event_log_support.h"

#include <sys/vfs.h>

long desk_file_system_type(int descriptor) {
    struct statfs info;
    if (fstatfs(descriptor, &info) != 0) return -1;
    return (long)info.f_type;
}
