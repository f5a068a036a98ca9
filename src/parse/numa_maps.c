/* parse/numa_maps.c: /proc/PID/numa_maps, per mapping and per node. */
#include "config.h"
#include "parse/numa_maps.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "parse/lex.h"
#include "util/xmalloc.h"

/* The policy modes the kernel prints that hold a space (mpol_to_str). */
static const char *const spaced[] = { "weighted interleave", "prefer (many)" };

static int
hex_u64(const char *p, const char *e, uint64_t *v)
{
	uint64_t x = 0;

	if (p == e || e - p > 16)
		return -EINVAL;
	for (; p < e; p++) {
		unsigned d;

		if (*p >= '0' && *p <= '9')
			d = (unsigned)(*p - '0');
		else if (*p >= 'a' && *p <= 'f')
			d = (unsigned)(*p - 'a' + 10);
		else
			return -EINVAL;
		x = x << 4 | d;
	}
	*v = x;
	return 0;
}

/* [p, e) a plain decimal number. */
static int
dec_u64(const char *p, const char *e, uint64_t *v)
{
	const char *q = p;

	if (p == e || lex_u64(&q, e, v) < 0 || q != e)
		return -EINVAL;
	return 0;
}

/* The policy at *pp: a spaced mode and its tail, or one word. */
static int
policy(const char **pp, const char *le, char out[NUMA_POLICY_MAX])
{
	const char *p = lex_skip_blank(*pp, le), *e = NULL, *tp, *te;
	size_t n;

	for (size_t i = 0; i < sizeof(spaced) / sizeof(spaced[0]) && !e; i++) {
		size_t k = strlen(spaced[i]);

		if (lex_starts(p, le, spaced[i]) &&
		    (p + k == le || p[k] == ' ' || p[k] == ':' || p[k] == '=')) {
			const char *q = p + k;

			while (q < le && *q != ' ' && *q != '\t')
				q++;
			e = q;
		}
	}
	if (e == NULL) {
		const char *q = p;

		if (!lex_token(&q, le, &tp, &te))
			return -EINVAL;
		e = te;
	}
	n = (size_t)(e - p);
	if (n >= NUMA_POLICY_MAX || !lex_printable(p, e, true))
		return -EINVAL;
	memcpy(out, p, n);
	out[n] = '\0';
	*pp = e;
	return 0;
}

/* A node of the line begun at nodes[first]; a node printed twice adds. */
static bool
push_node(struct numa_maps *nm, size_t first, uint32_t node, uint64_t pages)
{
	for (size_t i = first; i < nm->nnodes; i++)
		if (nm->nodes[i].node == node) {
			if (nm->nodes[i].bytes + pages < pages)
				return false;
			nm->nodes[i].bytes += pages;
			return true;
		}
	if (nm->nnodes == nm->nodes_cap) {
		nm->nodes_cap = nm->nodes_cap ? nm->nodes_cap * 2 : 64;
		nm->nodes = mw_xreallocarray(nm->nodes, nm->nodes_cap,
		    sizeof(*nm->nodes));
	}
	nm->nodes[nm->nnodes].node = node;
	nm->nodes[nm->nnodes].bytes = pages;
	nm->nnodes++;
	return true;
}

/* One line into a new row; false (and nothing kept) when malformed. */
static bool
line(struct numa_maps *nm, const char *lp, const char *le)
{
	struct numa_map m;
	const char *tp, *te, *p = lp;
	uint64_t kb = 0, pages, node;
	bool has_kb = false;
	size_t first = nm->nnodes;

	memset(&m, 0, sizeof(m));
	if (!lex_token(&p, le, &tp, &te) || hex_u64(tp, te, &m.start) < 0 ||
	    policy(&p, le, m.policy) < 0)
		return false;
	while (lex_token(&p, le, &tp, &te)) {
		const char *eq = memchr(tp, '=', (size_t)(te - tp));

		if (eq == NULL)
			continue;	/* heap, stack, huge */
		if (tp[0] == 'N' && eq > tp + 1) {
			if (dec_u64(tp + 1, eq, &node) < 0 || node > UINT32_MAX ||
			    dec_u64(eq + 1, te, &pages) < 0 ||
			    !push_node(nm, first, (uint32_t)node, pages))
				goto bad;
		} else if (lex_starts(tp, te, "kernelpagesize_kB=")) {
			if (dec_u64(eq + 1, te, &kb) < 0 || kb == 0 ||
			    kb > UINT64_MAX / 1024)
				goto bad;
			has_kb = true;
		}
	}
	if (nm->nnodes > first && !has_kb)
		goto bad;
	for (size_t i = first; i < nm->nnodes; i++) {
		if (nm->nodes[i].bytes > UINT64_MAX / (kb * 1024))
			goto bad;
		nm->nodes[i].bytes *= kb * 1024;
	}
	m.first = first;
	m.n = nm->nnodes - first;
	if (nm->len == nm->cap) {
		nm->cap = nm->cap ? nm->cap * 2 : 64;
		nm->v = mw_xreallocarray(nm->v, nm->cap, sizeof(*nm->v));
	}
	nm->v[nm->len++] = m;
	return true;
bad:
	nm->nnodes = first;
	return false;
}

static int
by_start(const void *a, const void *b)
{
	const struct numa_map *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

int
numa_maps_parse(const char *buf, size_t len, struct numa_maps *nm)
{
	const char *p = buf, *end = buf + len, *lp, *le;

	memset(nm, 0, sizeof(*nm));
	while (p < end) {
		p = lex_line(p, end, &lp, &le);
		if (lex_skip_blank(lp, le) == le)
			continue;
		if (!line(nm, lp, le))
			nm->skipped++;
	}
	for (size_t i = 1; i < nm->len; i++)
		if (nm->v[i].start < nm->v[i - 1].start) {	/* damaged */
			qsort(nm->v, nm->len, sizeof(*nm->v), by_start);
			break;
		}
	return nm->len == 0 && nm->skipped > 0 ? -EINVAL : 0;
}

void
numa_maps_free(struct numa_maps *nm)
{
	free(nm->v);
	free(nm->nodes);
	memset(nm, 0, sizeof(*nm));
}

const struct numa_map *
numa_maps_find(const struct numa_maps *nm, uint64_t start)
{
	size_t lo = 0, hi = nm->len;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (nm->v[mid].start == start)
			return &nm->v[mid];
		if (nm->v[mid].start < start)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

size_t
numa_maps_by_node(const struct numa_maps *nm, struct numa_on_node *out,
    size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < nm->nnodes; i++) {
		const struct numa_on_node *x = &nm->nodes[i];
		size_t k = 0;

		while (k < n && out[k].node < x->node)
			k++;
		if (k < n && out[k].node == x->node) {
			out[k].bytes = out[k].bytes + x->bytes < out[k].bytes ?
			    UINT64_MAX : out[k].bytes + x->bytes;
			continue;
		}
		if (n == max)
			continue;
		memmove(&out[k + 1], &out[k], (n - k) * sizeof(*out));
		out[k].node = x->node;
		out[k].bytes = x->bytes;
		n++;
	}
	return n;
}
