#include <sqlite3.h>
// SQLITE_TRANSIENT is a macro Swift cannot see.
static inline sqlite3_destructor_type desk_sqlite_transient(void) { return SQLITE_TRANSIENT; }
