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
#include <fcntl.h>
#include <string.h>
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

// Ctrl-C, kill and hang-up must end curses cleanly, whichever thread the kernel hands the signal to:
// the handler only writes the signal number to a pipe that the event loop polls (the self-pipe trick).
static int desk_signal_pipe[2] = {-1, -1};

static void desk_signal_handler(int signal_number) {
    char byte = (char)signal_number;
    ssize_t ignored = write(desk_signal_pipe[1], &byte, 1);
    (void)ignored;
}

static inline void desk_set_signal_handlers(void (*handler)(int)) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = handler;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, NULL);
    sigaction(SIGTERM, &action, NULL);
    sigaction(SIGHUP, &action, NULL);
    sigaction(SIGQUIT, &action, NULL);
}

/// Installs handlers for SIGINT, SIGTERM, SIGHUP and SIGQUIT and returns the descriptor to poll
/// (readable once one of them arrived); -1 on failure.
static inline int desk_signal_fd(void) {
    if (desk_signal_pipe[0] < 0) {
        if (pipe(desk_signal_pipe) != 0) return -1;
        for (int i = 0; i < 2; i++) {
            fcntl(desk_signal_pipe[i], F_SETFL, O_NONBLOCK);
            fcntl(desk_signal_pipe[i], F_SETFD, FD_CLOEXEC);
        }
    }
    desk_set_signal_handlers(desk_signal_handler);
    return desk_signal_pipe[0];
}

/// Reads and discards the signals that arrived.
static inline void desk_drain_signal_fd(int fd) {
    char bytes[16];
    while (read(fd, bytes, sizeof bytes) > 0) {}
}

/// Gives the signals their default actions back (after curses has ended).
static inline void desk_restore_signals(void) { desk_set_signal_handlers(SIG_DFL); }

#endif
