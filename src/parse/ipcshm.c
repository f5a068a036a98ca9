/* parse/ipcshm.c: /proc/sysvipc/shm, summed. */
#include "config.h"
#include "parse/ipcshm.h"

#include <errno.h>
#include <string.h>

#include "parse/lex.h"

#define MAX_COLS 32

static bool
word(const char *p, const char *e, const char *w)
{
	return (size_t)(e - p) == strlen(w) && memcmp(p, w, (size_t)(e - p)) == 0;
}

int
ipcshm_parse(const char *buf, size_t len, struct ipcshm_sum *s)
{
	const char *p = buf, *end = buf + len, *lp, *le, *tp, *te;
	int size_col = -1, rss_col = -1, swap_col = -1, ncols = 0;

	memset(s, 0, sizeof(*s));
	p = lex_line(p, end, &lp, &le);
	while (lex_token(&lp, le, &tp, &te) && ncols < MAX_COLS) {
		if (word(tp, te, "size"))
			size_col = ncols;
		else if (word(tp, te, "rss"))
			rss_col = ncols;
		else if (word(tp, te, "swap"))
			swap_col = ncols;
		ncols++;
	}
	if (size_col < 0)
		return -EINVAL;
	s->has_rss = rss_col >= 0;
	s->has_swap = swap_col >= 0;
	while (p < end) {
		uint64_t v[MAX_COLS];
		int c = 0;

		p = lex_line(p, end, &lp, &le);
		if (lex_skip_blank(lp, le) == le)
			continue;
		while (c < ncols && lex_token(&lp, le, &tp, &te)) {
			const char *q = tp;

			if (lex_u64(&q, te, &v[c]) < 0)
				v[c] = 0;	/* perms, keys: not summed */
			c++;
		}
		if (c < ncols) {
			s->skipped++;
			continue;
		}
		s->segments++;
		s->size += v[size_col];
		if (rss_col >= 0)
			s->rss += v[rss_col];
		if (swap_col >= 0)
			s->swap += v[swap_col];
	}
	return 0;
}
