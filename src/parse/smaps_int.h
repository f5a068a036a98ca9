/* parse/smaps_int.h: what the smaps parser's files share; no I/O. */
#ifndef MW_PARSE_SMAPS_INT_H
#define MW_PARSE_SMAPS_INT_H

#include <stdbool.h>

#include "parse/smaps.h"

struct mw_arena;

/*
 * A header starts with a hex digit and has '-' after the hex run, of at
 * most 16 digits (a 64-bit address): a long run of hex is not looked at
 * to its end, so a line growing chunk after chunk is judged in O(1).
 */
static inline bool
smaps_is_header(const char *p, const char *end)
{
	const char *max = end - p > 17 ? p + 17 : end;

	while (p < max && ((unsigned char)(*p - '0') < 10 ||
	    (unsigned char)(*p - 'a') < 6))
		p++;
	return p < max && *p == '-';
}

/* A VmFlags value [p, end) into out (unknown codes into the arena). */
void smaps_parse_vmflags(struct vma *out, const char *p, const char *end,
    struct mw_arena *arena);

#endif
