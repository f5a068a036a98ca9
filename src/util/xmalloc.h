/* util/xmalloc.h: allocators that never return NULL.
 *
 * Every function checks n * size for overflow and asserts a nonzero size.
 * On failure the hook set with mw_set_oom_hook() runs (the live view ends
 * curses there), then "memwatch: out of memory (N bytes)" is written and the
 * process exits with status 1: the only exit below the command layer.
 */
#ifndef MW_UTIL_XMALLOC_H
#define MW_UTIL_XMALLOC_H

#include <stddef.h>

void *mw_xmalloc(size_t size);
void *mw_xcalloc(size_t n, size_t size);
void *mw_xreallocarray(void *p, size_t n, size_t size);
char *mw_xstrdup(const char *s);
char *mw_xstrndup(const char *s, size_t n);

/* Called once before exiting on out of memory; NULL clears it. */
void mw_set_oom_hook(void (*hook)(void));

/*
 * Ask for huge pages under [p, p + len) (its whole 2 MiB pages only): a
 * large array filled at once then costs a fault per 2 MiB, not per page.
 * Advice only: nothing happens where the kernel does not take it.
 */
void mw_advise_huge(void *p, size_t len);

#endif
