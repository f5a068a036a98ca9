/* util/record.h: a recording, written one whole line at a time.
 *
 * A recording can last hours and be stopped at any moment (Ctrl-C, kill,
 * a full disk), so it is not written atomically: each line goes to the
 * file in one write(2) as soon as it is made, and a reader sees every line
 * written before the stop. The file is created new (an existing one is
 * refused, so hours of samples are never overwritten by mistake).
 */
#ifndef MW_UTIL_RECORD_H
#define MW_UTIL_RECORD_H

#include <stddef.h>

struct mw_err;

/* Create path; an fd, or -errno with err filled. */
int mw_record_open(const char *path, struct mw_err *err);
/* Write data[0..len) whole; 0, or -errno with err filled (path for the
 * message). */
int mw_record_write(int fd, const char *path, const char *data, size_t len,
    struct mw_err *err);

#endif
