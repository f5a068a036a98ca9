/* render/json_proc_fast.h: a mapping in memwatch's own layout, read at once.
 *
 * memwatch writes every mapping of a snapshot the same way (render/
 * json_proc_text.c, text_vma()): fixed keys in a fixed order, six spaces of
 * indent, plain numbers. A mapping written so is read here in one pass
 * over its text, without tokens; anything else (another layout, an
 * escape, a number that is not a plain integer, an unknown vmflag, an
 * "extra" object, the window's end) makes it give up, and the caller
 * reads that mapping token by token. What it accepts is valid JSON and
 * reads as the token reader would read it.
 */
#ifndef MW_RENDER_JSON_PROC_FAST_H
#define MW_RENDER_JSON_PROC_FAST_H

#include <stdint.h>

#include "parse/smaps.h"

struct mw_arena;

/*
 * A fixed piece of text, padded so that it is compared a word (or 16
 * bytes) at a time.
 */
struct mwjson_fast_key {
	char text[40];		/* ",\n      \"name\": " */
	unsigned char len;
	uint32_t want;		/* a bit per byte of text's first 32 */
};

enum {
	MWJF_START, MWJF_END, MWJF_PERMS, MWJF_OFFSET, MWJF_DEV, MWJF_INODE,
	MWJF_PATH, MWJF_KIND, MWJF_VMFLAGS, MWJF_FLAG, MWJF_FLAGS_END,
	MWJF_CLOSE, MWJF_NR
};

struct mwjson_fast {
	struct mwjson_fast_key field[SMAPS_NR];
	struct mwjson_fast_key fixed[MWJF_NR];
};

void mwjson_fast_init(struct mwjson_fast *f);
/*
 * The mapping whose '{' is at q, into v (zeroed here) and its strings into
 * arena: the byte after its '}', or NULL. The text from q to end must be
 * followed by a NUL byte (a struct mw_buf's).
 */
const char *mwjson_fast_vma(const struct mwjson_fast *f, const char *q,
    const char *end, struct mw_arena *arena, struct vma *v);

#endif
