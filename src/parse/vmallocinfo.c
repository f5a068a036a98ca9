/* parse/vmallocinfo.c: /proc/vmallocinfo, pages summed by caller. */
#include "config.h"
#include "parse/vmallocinfo.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "parse/lex.h"
#include "util/arena.h"

static int
by_pages(const void *a, const void *b)
{
	const struct vmalloc_caller *x = a, *y = b;

	if (x->pages != y->pages)
		return x->pages < y->pages ? 1 : -1;
	return strcmp(x->name, y->name);
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(((const struct vmalloc_caller *)a)->name,
	    ((const struct vmalloc_caller *)b)->name);
}

int
vmallocinfo_parse(const char *buf, size_t len, struct mw_arena *arena,
    struct vmallocinfo *vi)
{
	const char *p = buf, *end = buf + len, *lp, *le, *tp, *te;
	size_t cap = lex_count_lines(buf, len), n = 0, areas = 0;
	struct vmalloc_caller *v;

	memset(vi, 0, sizeof(*vi));
	v = mw_arena_alloc(arena, cap * sizeof(*v));
	while (p < end) {
		const char *name, *name_end, *plus;
		uint64_t pages = 0;
		bool has_pages = false;

		p = lex_line(p, end, &lp, &le);
		if (lex_skip_blank(lp, le) == le)
			continue;
		/* range, size, caller */
		if (!lex_token(&lp, le, &tp, &te) || !lex_starts(tp, te, "0x") ||
		    !lex_token(&lp, le, &tp, &te) ||
		    !lex_token(&lp, le, &name, &name_end)) {
			vi->skipped++;
			continue;
		}
		areas++;
		while (lex_token(&lp, le, &tp, &te)) {
			const char *q = tp + 6;

			if (lex_starts(tp, te, "pages=") &&
			    lex_u64(&q, te, &pages) == 0)
				has_pages = true;
		}
		if (!has_pages || n == cap)
			continue;
		plus = memchr(name, '+', (size_t)(name_end - name));
		if (plus != NULL && plus > name)
			name_end = plus;
		if (name_end - name > 96 || !lex_printable(name, name_end, false))
			name = "?", name_end = name + 1;
		v[n].name = mw_arena_strndup(arena, name, (size_t)(name_end - name));
		v[n].pages = pages;
		v[n].areas = 1;
		vi->pages += pages;
		n++;
	}
	/* one row per caller: sort by name, merge, sort by pages */
	qsort(v, n, sizeof(*v), by_name);
	{
		size_t k = 0;

		for (size_t i = 0; i < n; i++) {
			if (k > 0 && strcmp(v[k - 1].name, v[i].name) == 0) {
				v[k - 1].pages += v[i].pages;
				v[k - 1].areas++;
			} else {
				v[k++] = v[i];
			}
		}
		n = k;
	}
	qsort(v, n, sizeof(*v), by_pages);
	vi->callers = v;
	vi->len = n;
	return areas == 0 && len > 0 && vi->skipped > 0 ? -EINVAL : 0;
}
