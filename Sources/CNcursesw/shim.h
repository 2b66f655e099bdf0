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

#endif
