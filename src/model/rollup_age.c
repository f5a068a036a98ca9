/* model/rollup_age.c: a process's smaps_rollup read again when statm moved. */
#include "config.h"
#include "model/rollup_age.h"

#include <string.h>

#include "parse/stat.h"
#include "source.h"
#include "util/buf.h"

enum rollup_due
rollup_due(const struct mw_source *src, struct mw_kept *kept, pid_t pid,
    struct rollup_age *a, uint32_t gen, unsigned every, struct mw_buf *b)
{
	uint64_t v[STATM_NR];
	bool renewed;

	if (mw_source_read_kept(src, kept, pid, b, &renewed) < 0 ||
	    statm_parse(b->data, b->len, v) < 0) {
		a->known = false;
		return ROLLUP_READ;
	}
	if (renewed)		/* the pid is another process's now */
		a->known = false;
	if (v[STATM_SIZE] == 0) {
		a->known = false;
		return ROLLUP_NONE;
	}
	if (a->known && memcmp(a->statm, v, sizeof(a->statm)) == 0 &&
	    gen - a->gen < every)
		return ROLLUP_KEEP;
	/*
	 * A first read counts as older by pid % every refreshes, so that
	 * the rows read together at the start come due on different ones.
	 */
	memcpy(a->statm, v, sizeof(a->statm));
	a->gen = a->known ? gen : gen - (uint32_t)pid % every;
	a->known = true;
	return ROLLUP_READ;
}
