/* model/proctable_cg.c: each process's memory cgroup, for the process
 * table's CGROUP column and its totals per cgroup.
 *
 * A row keeps a number, not its path: rows are copied at every refresh and
 * a path can be 4 KiB. The paths live once each in a table of their own
 * (a cgroup holds many processes), found again by a hash of the path.
 */
#include "config.h"
#include "model/proctable.h"
#include "model/proctable_int.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "model/cgroup.h"
#include "model/cgroup_usage.h"
#include "source.h"
#include "util/buf.h"
#include "util/xmalloc.h"

struct pt_cgroups {
	struct cg_hier hier;
	bool have_hier;
	char **names;		/* id - 1: its path, NUL-terminated */
	size_t len, cap;
	uint32_t *slots;	/* open addressing: an id, 0 empty */
	size_t nslots;		/* a power of two, at least 2 * len */
};

/* FNV-1a: paths differ in their last bytes; every byte counts. */
static size_t
path_hash(const char *p, size_t n)
{
	uint64_t h = 14695981039346656037ULL;

	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)p[i];
		h *= 1099511628211ULL;
	}
	return (size_t)h;
}

/* The slot of path [p, p + n): its id, or the empty slot it would take. */
static uint32_t *
find_slot(const struct pt_cgroups *c, const char *p, size_t n)
{
	size_t mask = c->nslots - 1, i = path_hash(p, n) & mask;

	for (;; i = (i + 1) & mask) {
		uint32_t id = c->slots[i];
		const char *s;

		if (id == 0)
			return &c->slots[i];
		s = c->names[id - 1];
		if (strncmp(s, p, n) == 0 && s[n] == '\0')
			return &c->slots[i];
	}
}

static void
grow_slots(struct pt_cgroups *c)
{
	size_t old = c->nslots;
	uint32_t *slots = c->slots;

	c->nslots = old ? old * 2 : 64;
	c->slots = mw_xcalloc(c->nslots, sizeof(*c->slots));
	for (size_t i = 0; i < old; i++)
		if (slots[i] != 0) {
			const char *s = c->names[slots[i] - 1];

			*find_slot(c, s, strlen(s)) = slots[i];
		}
	free(slots);
}

/* The id of path [p, p + n), added when new; 0 when it holds a NUL. */
static uint32_t
intern(struct pt_cgroups *c, const char *p, size_t n)
{
	uint32_t *slot;
	char *s;

	if (memchr(p, '\0', n) != NULL || c->len >= UINT32_MAX - 1)
		return 0;
	if (2 * (c->len + 1) > c->nslots)
		grow_slots(c);
	slot = find_slot(c, p, n);
	if (*slot != 0)
		return *slot;
	if (c->len == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 64;
		c->names = mw_xreallocarray(c->names, c->cap,
		    sizeof(*c->names));
	}
	s = mw_xmalloc(n + 1);
	memcpy(s, p, n);
	s[n] = '\0';
	c->names[c->len++] = s;
	*slot = (uint32_t)c->len;
	return *slot;
}

/* Read r's cgroup now; it keeps the one read before if that fails. */
static void
read_one(struct proctable *pt, struct pt_row *r)
{
	struct pt_cgroups *c = pt->cg;
	struct mw_buf *b = pt->comm_buf;
	const char *p;
	size_t n;

	if (r->cg_reads < 2)
		r->cg_reads++;
	if (mw_source_read_pid(pt->src, r->pid, "cgroup", b, NULL) < 0)
		return;		/* gone: the row goes at the next refresh */
	r->cg = cg_place(&c->hier, b->data, b->len, &p, &n) == 0 ?
	    intern(c, p, n) : 0;
}

/*
 * Due: at a process's first two refreshes, then once every PT_CG_EVERY,
 * each pid at its own turn so that the reads spread over the refreshes.
 */
void
pt_read_cgroups(struct proctable *pt)
{
	if (pt->cg == NULL || !pt->cg->have_hier)
		return;
	for (size_t i = 0; i < pt->len; i++) {
		struct pt_row *r = &pt->rows[i];

		if (r->cg_reads < 2 ||
		    (pt->gen + (uint32_t)r->pid) % PT_CG_EVERY == 0)
			read_one(pt, r);
	}
}

void
pt_cgroups_free(struct proctable *pt)
{
	struct pt_cgroups *c = pt->cg;

	if (c == NULL)
		return;
	for (size_t i = 0; i < c->len; i++)
		free(c->names[i]);
	free(c->names);
	free(c->slots);
	free(c);
	pt->cg = NULL;
}

int
proctable_cgroups(struct proctable *pt, bool on)
{
	struct pt_cgroups *c;

	if (!on) {
		pt_cgroups_free(pt);
		return 0;
	}
	if (pt->cg != NULL)
		return pt->cg->have_hier ? 0 : -ENOENT;
	if (pt->src == NULL)
		return -EINVAL;
	c = mw_xcalloc(1, sizeof(*c));
	c->have_hier = cg_hier_find(pt->src, &c->hier, NULL) == 0;
	pt->cg = c;
	/* What was read before (if ever) is old: read every row again. */
	for (size_t i = 0; i < pt->len; i++) {
		pt->rows[i].cg = 0;
		pt->rows[i].cg_reads = 0;
	}
	pt_read_cgroups(pt);
	return c->have_hier ? 0 : -ENOENT;
}

const char *
pt_row_cgroup(const struct proctable *pt, const struct pt_row *r)
{
	if (pt->cg == NULL || r->cg == 0 || r->cg > pt->cg->len)
		return NULL;
	return pt->cg->names[r->cg - 1];
}

void
proctable_group_usage(const struct proctable *pt, struct pt_group *g,
    size_t n)
{
	struct cg_usage u;

	if (pt->cg == NULL || !pt->cg->have_hier)
		return;
	for (size_t i = 0; i < n; i++) {
		if (g[i].name == NULL)
			continue;
		cg_usage_read(pt->src, &pt->cg->hier, g[i].name, &u);
		g[i].has_usage = u.has_usage;
		g[i].usage = u.usage;
		g[i].has_limit = u.has_limit;
		g[i].limit = u.limit;
	}
}
