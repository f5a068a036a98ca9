/* render/json_leaks.h: the leak hunt's recording (NDJSON "watch-sample"
 * lines with "recording": "leaks") and its "leaks" document, both ways.
 * Layout in memwatch-json(5).
 */
#ifndef MW_RENDER_JSON_LEAKS_H
#define MW_RENDER_JSON_LEAKS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct leak_rank;
struct leaks;
struct mw_buf;
struct mw_err;
struct watch_info;

void mwjson_leaks_header_line(struct mw_buf *out, const struct watch_info *i);
/*
 * The round just ended (after leaks_round_end(), whose gone ids are
 * passed): entries from *known on are new (*known is advanced), and each
 * live entry's change since it was last written (its recorded value is
 * updated).
 */
void mwjson_leaks_round_line(struct mw_buf *out, struct leaks *l,
    size_t *known, const uint32_t *gone, size_t ngone);
void mwjson_leaks_end_line(struct mw_buf *out, const struct watch_info *i);
/* The "leaks" document: r[0..n) ranked. 0 or -EIO. */
int mwjson_leaks_doc(FILE *f, const struct watch_info *i,
    const struct leaks *l, const struct leak_rank *r, size_t n);
/* A leaks recording into i and l (initialised by the caller); a last line
 * cut short is left out. 0, or -errno with err filled. */
int mwjson_leaks_load(const char *path, struct watch_info *i,
    struct leaks *l, struct mw_err *err);
/* The same from an open stream; path names it in messages. */
int mwjson_leaks_read(FILE *f, const char *path, struct watch_info *i,
    struct leaks *l, struct mw_err *err);

#endif
