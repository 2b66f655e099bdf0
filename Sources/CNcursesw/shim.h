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
#include <ncursesw/term.h>
#include <errno.h>
#include <sys/ioctl.h>
#include <termios.h>
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

// Ctrl-C, kill, hang-up and resizes reach the loop through a pipe, whichever thread the kernel hands
// the signal to: the handler only writes the signal number to it (the self-pipe trick), and the loop
// tells a resize from a request to leave by that byte.
static int desk_signal_pipe[2] = {-1, -1};

static void desk_signal_handler(int signal_number) {
    int saved = errno;
    char byte = (char)signal_number;
    ssize_t ignored = write(desk_signal_pipe[1], &byte, 1);
    (void)ignored;
    errno = saved;
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
    sigaction(SIGWINCH, &action, NULL);
}

/// Installs handlers for SIGINT, SIGTERM, SIGHUP, SIGQUIT and SIGWINCH and returns the descriptor
/// to poll (readable once one of them arrived); -1 on failure.
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

#define DESK_SIGNAL_QUIT 1
#define DESK_SIGNAL_RESIZE 2

/// Reads the signals that arrived: DESK_SIGNAL_QUIT if any asks to leave, DESK_SIGNAL_RESIZE if
/// the window changed size (both bits may be set).
static inline int desk_drain_signal_fd(int fd) {
    unsigned char bytes[64];
    int result = 0;
    ssize_t count;
    while ((count = read(fd, bytes, sizeof bytes)) > 0) {
        for (ssize_t i = 0; i < count; i++) {
            result |= bytes[i] == SIGWINCH ? DESK_SIGNAL_RESIZE : DESK_SIGNAL_QUIT;
        }
    }
    return result;
}

/// Gives the signals their default actions back (after curses has ended).
static inline void desk_restore_signals(void) { desk_set_signal_handlers(SIG_DFL); }

/// The window size of the terminal on `fd`; 0 when it cannot be read (the terminal is gone).
static inline int desk_window_size(int fd, int *rows, int *cols) {
    struct winsize size;
    if (ioctl(fd, TIOCGWINSZ, &size) != 0 || size.ws_row == 0 || size.ws_col == 0) return 0;
    *rows = size.ws_row;
    *cols = size.ws_col;
    return 1;
}

/// Whether `fd` is still a terminal that answers: a hung-up terminal fails with EIO.
static inline int desk_terminal_alive(int fd) {
    struct termios modes;
    return tcgetattr(fd, &modes) == 0;
}

/// A string capability of the current terminal description, or NULL when absent or cancelled.
static inline const char *desk_tigetstr(const char *name) {
    char *value = tigetstr((char *)name);
    return value == (char *)-1 ? NULL : value;
}

#define DESK_TERM_OK 0
#define DESK_TERM_UNKNOWN 1
#define DESK_TERM_NO_DATABASE 2
#define DESK_TERM_NO_CUP 3

/// Looks `term` up in terminfo without starting curses: whether it exists and can address the cursor.
static inline int desk_check_terminal(const char *term, int fd) {
    int error = 0;
    if (setupterm(term, fd, &error) != OK) return error == 0 ? DESK_TERM_UNKNOWN : DESK_TERM_NO_DATABASE;
    int result = desk_tigetstr("cup") == NULL ? DESK_TERM_NO_CUP : DESK_TERM_OK;
    del_curterm(cur_term);
    return result;
}

#endif
