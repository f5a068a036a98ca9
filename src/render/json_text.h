/* render/json_text.h: JSON text in the layout jansson prints, for
 * documents written without a tree (json_text.c). */
#ifndef MW_RENDER_JSON_TEXT_H
#define MW_RENDER_JSON_TEXT_H

#include <stddef.h>
#include <stdint.h>

struct mw_buf;

/* Untrusted bytes s[0..n) as a quoted string, as jansson prints what
 * mwjson_str() holds; scratch is working room. */
void mwjson_text_str(struct mw_buf *b, struct mw_buf *scratch, const char *s,
    size_t n);
/* "\n" and depth * 2 spaces: jansson's JSON_INDENT(2). */
void mwjson_text_nl(struct mw_buf *b, int depth);
/* v in decimal, clamped to INT64_MAX as mwjson_u64() does. */
void mwjson_text_u64(struct mw_buf *b, uint64_t v);

#endif
