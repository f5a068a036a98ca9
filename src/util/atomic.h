/* util/atomic.h: writing a file so that readers see all of it or none.
 *
 * The data goes to a temporary file in the same directory, is fsync'ed and
 * renamed over the target. On any failure the temporary file is removed and
 * an existing target is left as it was.
 */
#ifndef MW_UTIL_ATOMIC_H
#define MW_UTIL_ATOMIC_H

#include <stddef.h>

struct mw_err;

/* 0, or -errno with err filled ("cannot write PATH (why); what to do"). */
int mw_write_atomic(const char *path, const void *data, size_t len,
    struct mw_err *err);

#endif
