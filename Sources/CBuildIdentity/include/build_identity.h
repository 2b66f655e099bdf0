#ifndef DESK_BUILD_IDENTITY_H
#define DESK_BUILD_IDENTITY_H

#include <stddef.h>

/// Copies into `out` (at most `capacity` bytes) the GNU build id of the executable or shared
/// library whose code holds `anchor`; returns its length, or 0 when it has none.
int desk_build_id(const void *anchor, unsigned char *out, size_t capacity);

/// Copies into `out` the path of the file that object was loaded from; returns its length or 0.
int desk_object_path(const void *anchor, char *out, size_t capacity);

/// An address in this library's code, as an anchor for the functions above.
const void *desk_build_identity_anchor(void);

#endif
