/* util/dl.h: a library loaded at run time, its functions resolved by name.
 *
 * memwatch loads libproc2 and libmicrohttpd only when a command needs
 * them, so the other commands run where they are not installed.
 */
#ifndef MW_UTIL_DL_H
#define MW_UTIL_DL_H

#include <stddef.h>

/*
 * Load soname (it stays loaded) and resolve names[0..n) into fn[0..n).
 * 0; -ENOENT when the library cannot be loaded (*why: the loader's
 * message); -ENOSYS when it lacks a function (*why: its name, the library
 * unloaded again).
 */
int mw_dl_load(const char *soname, const char *const names[], size_t n,
    void *fn[], const char **why);

#endif
