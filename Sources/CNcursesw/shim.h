#ifndef DESK_CNCURSESW_SHIM_H
#define DESK_CNCURSESW_SHIM_H

// SwiftPM drops the -D flags of ncursesw's pkg-config file; without these, get_wch and cchar_t vanish.
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif

#include <locale.h>
#include <wchar.h>
#include <ncursesw/curses.h>
#include <poll.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <unistd.h>

// Swift 6 refuses C globals and function-like macros; these accessors are the only way in.
static inline WINDOW *desk_stdscr(void) { return stdscr; }
static inline int desk_colors(void) { return COLORS; }
static inline int desk_color_pairs(void) { return COLOR_PAIRS; }
static inline int desk_lines(void) { return LINES; }
static inline int desk_cols(void) { return COLS; }
static inline attr_t desk_a_normal(void) { return A_NORMAL; }
static inline attr_t desk_a_bold(void) { return A_BOLD; }
static inline attr_t desk_a_reverse(void) { return A_REVERSE; }
static inline attr_t desk_a_underline(void) { return A_UNDERLINE; }
static inline attr_t desk_a_dim(void) { return A_DIM; }
static inline attr_t desk_color_pair(int n) { return COLOR_PAIR(n); }
static inline int desk_key_resize(void) { return KEY_RESIZE; }
static inline int desk_key_f(int n) { return KEY_F(n); }
static inline int desk_err(void) { return ERR; }
static inline int desk_key_code_yes(void) { return KEY_CODE_YES; }
static inline attr_t desk_a_italic(void) { return A_ITALIC; }
static inline attr_t desk_a_blink(void) { return A_BLINK; }
static inline attr_t desk_a_standout(void) { return A_STANDOUT; }
static inline int desk_set_style(WINDOW *win, attr_t attrs, int pair) {
    return wattr_set(win, attrs, (short)pair, NULL);
}

/// Blocks SIGINT, SIGTERM, SIGHUP and SIGQUIT and returns a descriptor that reads them, so the
/// event loop can leave curses cleanly instead of dying inside it. -1 on failure.
static inline int desk_signal_fd(void) {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGHUP);
    sigaddset(&set, SIGQUIT);
    if (sigprocmask(SIG_BLOCK, &set, NULL) != 0) return -1;
    return signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
}

/// Reads and discards one pending signal from a descriptor made by desk_signal_fd.
static inline void desk_drain_signal_fd(int fd) {
    struct signalfd_siginfo info;
    while (read(fd, &info, sizeof info) == (ssize_t)sizeof info) {}
}

#endif
