/* util/buf.h: a growable byte buffer.
 *
 * Invariants: after mw_buf_init() or any call here, data is never NULL and
 * data[len] == '\0', so a buffer can be used as a C string when it holds no
 * NUL of its own. The buffer owns data; mw_buf_detach() hands it over.
 */
#ifndef MW_UTIL_BUF_H
#define MW_UTIL_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct mw_buf {
	char *data;
	size_t len;
	size_t cap;		/* bytes allocated, the final NUL included */
};

void mw_buf_init(struct mw_buf *b);
void mw_buf_free(struct mw_buf *b);
void mw_buf_reset(struct mw_buf *b);	/* len = 0, keeps the memory */
/* Make room for extra more bytes (plus the NUL) after len. */
void mw_buf_grow(struct mw_buf *b, size_t extra);
void mw_buf_add(struct mw_buf *b, const void *p, size_t n);
void mw_buf_addc(struct mw_buf *b, char c);
void mw_buf_adds(struct mw_buf *b, const char *s);
/* n bytes of s right-aligned in width columns: spaces first ("%*s"). */
void mw_buf_add_right(struct mw_buf *b, const char *s, size_t n,
    size_t width);
void mw_buf_printf(struct mw_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void mw_buf_vprintf(struct mw_buf *b, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
/* Set len after writing into data directly (len <= cap - 1). */
void mw_buf_setlen(struct mw_buf *b, size_t len);
/* The data, NUL-terminated; the caller frees it; b is empty again. */
char *mw_buf_detach(struct mw_buf *b, size_t *len);

#endif
