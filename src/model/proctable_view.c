/* model/proctable_view.c: the process table's rows chosen and ordered, as
 * a list, a tree of parents and children, or totals per user or command.
 */
#include "config.h"
#include "model/growth.h"
#include "model/proctable.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xmalloc.h"

struct order_ctx {
	const struct pt_row *rows;
	enum pt_key key;
	bool reverse;
};

/* The key as a number; false when unknown. */
static bool
key_value(const struct pt_row *r, enum pt_key key, int64_t *v)
{
	switch (key) {
	case PT_KEY_PID:
		*v = r->pid;
		return true;
	case PT_KEY_VSZ:
		*v = r->have_stat ? (int64_t)(r->vsz >> 1) : 0;
		return r->have_stat;
	case PT_KEY_RSS:
		*v = (int64_t)(r->rss >> 1);
		return r->rollup || r->have_stat;
	case PT_KEY_PSS:
	case PT_KEY_USS:
		/* Unknown: rank by RSS, which stat gives everyone. */
		if (!r->rollup) {
			*v = (int64_t)(r->stat_rss >> 1);
			return r->have_stat && r->stat_rss > 0;
		}
		*v = (int64_t)((key == PT_KEY_PSS ? r->pss : r->uss) >> 1);
		return true;
	case PT_KEY_SWAP:
		*v = (int64_t)(r->swap >> 1);
		return r->rollup;
	case PT_KEY_GROWTH: {
		enum trend_verdict tv;

		return pt_row_trend(r, v, &tv);
	}
	case PT_KEY_USER:
	case PT_KEY_COMM:
	case PT_KEY_NR:
		break;
	}
	*v = 0;
	return true;
}

static int
order_cmp(const void *a, const void *b, void *arg)
{
	const struct order_ctx *c = arg;
	const struct pt_row *x = &c->rows[*(const size_t *)a];
	const struct pt_row *y = &c->rows[*(const size_t *)b];
	int64_t vx = 0, vy = 0;
	bool kx, ky;
	int d;

	if (c->key == PT_KEY_USER || c->key == PT_KEY_COMM) {
		d = c->key == PT_KEY_USER ? strcmp(x->user, y->user) :
		    strcmp(x->comm, y->comm);
		if (c->reverse)
			d = -d;
	} else {
		kx = key_value(x, c->key, &vx);
		ky = key_value(y, c->key, &vy);
		if (kx != ky)
			return kx ? -1 : 1;	/* unknown last */
		d = (vx > vy) - (vx < vy);
		if (c->key != PT_KEY_PID)
			d = -d;		/* sizes: biggest first */
		if (c->reverse)
			d = -d;
	}
	if (d == 0)
		d = (x->pid > y->pid) - (x->pid < y->pid);
	return d;
}

/* The command, the command line or the pid holds filter. */
static bool
text_matches(const struct pt_row *r, const char *filter)
{
	char pid[16];

	if (filter == NULL || *filter == '\0')
		return true;
	if (strcasestr(r->comm, filter) != NULL)
		return true;
	if (r->have_cmdline && strcasestr(r->cmdline, filter) != NULL)
		return true;
	snprintf(pid, sizeof(pid), "%d", (int)r->pid);
	return strstr(pid, filter) != NULL;
}

bool
pt_row_matches(const struct pt_row *r, const struct pt_select *sel)
{
	if (r->kthread && !sel->kthreads)
		return false;
	if (sel->user != NULL && *sel->user != '\0' &&
	    strcmp(r->user, sel->user) != 0)
		return false;
	return text_matches(r, sel->filter);
}

size_t
proctable_select(const struct proctable *pt, const struct pt_select *sel,
    size_t *idx)
{
	struct order_ctx c = { pt->rows, sel->key, sel->reverse };
	size_t n = 0;

	for (size_t i = 0; i < pt->len; i++)
		if (pt_row_matches(&pt->rows[i], sel))
			idx[n++] = i;
	qsort_r(idx, n, sizeof(*idx), order_cmp, &c);
	return n;
}

size_t
proctable_order(const struct proctable *pt, enum pt_key key, bool reverse,
    const char *filter, size_t *idx)
{
	struct pt_select sel = {
		.key = key, .reverse = reverse, .filter = filter,
		.kthreads = true,
	};

	return proctable_select(pt, &sel, idx);
}

/* The position in idx of pid, by binary search over (pid, pos) pairs. */
struct pid_pos {
	pid_t pid;
	size_t pos;
};

static int
pid_pos_cmp(const void *a, const void *b)
{
	pid_t x = ((const struct pid_pos *)a)->pid;
	pid_t y = ((const struct pid_pos *)b)->pid;

	return (x > y) - (x < y);
}

static size_t
parent_pos(const struct pid_pos *pp, size_t n, pid_t ppid)
{
	struct pid_pos key = { ppid, 0 };
	const struct pid_pos *f;

	if (ppid <= 0)
		return SIZE_MAX;
	f = bsearch(&key, pp, n, sizeof(*pp), pid_pos_cmp);
	return f != NULL ? f->pos : SIZE_MAX;
}

/* Children lists in idx order: first[i], next[i]; SIZE_MAX ends. */
struct tree_links {
	size_t *parent, *first, *last, *next;
};

static void
tree_link(const struct proctable *pt, const size_t *idx, size_t n,
    struct tree_links *l)
{
	struct pid_pos *pp = mw_xreallocarray(NULL, n, sizeof(*pp));

	for (size_t i = 0; i < n; i++) {
		pp[i].pid = pt->rows[idx[i]].pid;
		pp[i].pos = i;
		l->first[i] = l->last[i] = l->next[i] = SIZE_MAX;
	}
	qsort(pp, n, sizeof(*pp), pid_pos_cmp);
	for (size_t i = 0; i < n; i++) {
		size_t p = parent_pos(pp, n, pt->rows[idx[i]].ppid);

		l->parent[i] = p == i ? SIZE_MAX : p;
		p = l->parent[i];
		if (p == SIZE_MAX)
			continue;
		if (l->last[p] == SIZE_MAX)
			l->first[p] = i;
		else
			l->next[l->last[p]] = i;
		l->last[p] = i;
	}
	free(pp);
}

/* Depth-first from root into out at *at; then the subtrees' sums. */
static void
tree_walk(const struct proctable *pt, const size_t *idx,
    const struct tree_links *l, size_t root, struct pt_tree_row *out,
    size_t *at, bool *seen)
{
	size_t start = *at, up = SIZE_MAX, cur = root;
	unsigned depth = 0;

	/* up: the out position of the row whose children are walked */
	for (;;) {
		if (cur != SIZE_MAX && seen[cur]) {	/* a loop */
			cur = l->next[cur];
			continue;
		}
		if (cur != SIZE_MAX) {
			seen[cur] = true;
			out[*at] = (struct pt_tree_row){ .row = idx[cur],
			    .depth = depth, .up = up, .pos = cur,
			    .last = cur == root || l->next[cur] == SIZE_MAX };
			up = (*at)++;
			depth++;
			cur = l->first[cur];
			continue;
		}
		if (up == SIZE_MAX || up == start)
			break;
		cur = l->next[out[up].pos];
		up = out[up].up;
		depth--;
	}
	/* From the deepest rows up: a subtree follows its root. */
	for (size_t i = *at; i-- > start;) {
		struct pt_tree_row *t = &out[i];
		const struct pt_row *r = &pt->rows[t->row];

		t->procs += 1;
		t->rss += r->rss;
		if (r->rollup)
			t->pss += r->pss;
		else
			t->pss_partial = true;
		if (t->up != SIZE_MAX) {
			out[t->up].procs += t->procs;
			out[t->up].rss += t->rss;
			out[t->up].pss += t->pss;
			out[t->up].pss_partial |= t->pss_partial;
		}
	}
}

void
proctable_tree(const struct proctable *pt, const size_t *idx, size_t n,
    struct pt_tree_row *out)
{
	struct tree_links l;
	bool *seen;
	size_t at = 0;

	if (n == 0)
		return;
	l.parent = mw_xreallocarray(NULL, 4 * n, sizeof(size_t));
	l.first = l.parent + n, l.last = l.first + n, l.next = l.last + n;
	seen = mw_xcalloc(n, sizeof(*seen));
	tree_link(pt, idx, n, &l);
	for (size_t i = 0; i < n; i++)
		if (l.parent[i] == SIZE_MAX)
			tree_walk(pt, idx, &l, i, out, &at, seen);
	for (size_t i = 0; i < n; i++)	/* a loop of parents: roots too */
		if (!seen[i])
			tree_walk(pt, idx, &l, i, out, &at, seen);
	free(seen);
	free(l.parent);
}

static const char *const group_names[] = {
	[PT_GROUP_USER] = "user", [PT_GROUP_COMM] = "comm",
	[PT_GROUP_CGROUP] = "cgroup",
};

const char *
pt_group_name(enum pt_group_by by)
{
	return by <= PT_GROUP_CGROUP ? group_names[by] : "?";
}

int
pt_group_by_name(const char *name)
{
	for (int i = 0; i <= PT_GROUP_CGROUP; i++)
		if (strcmp(name, group_names[i]) == 0)
			return i;
	if (strcmp(name, "command") == 0)
		return PT_GROUP_COMM;
	return -1;
}

bool
pt_group_same(const char *a, const char *b)
{
	return a == NULL || b == NULL ? a == b : strcmp(a, b) == 0;
}

/* NULL (the unknown cgroup) after every name. */
static int
name_cmp(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return (a == NULL) - (b == NULL);
	return strcmp(a, b);
}

/* A row and its group's name, sorted by name to merge. */
struct group_key {
	const char *name;
	size_t at;		/* position in idx */
};

static int
key_cmp(const void *a, const void *b)
{
	const struct group_key *x = a, *y = b;
	int d = name_cmp(x->name, y->name);

	return d != 0 ? d : (x->at > y->at) - (x->at < y->at);
}

static int
group_size_cmp(const void *a, const void *b, void *arg)
{
	const struct pt_group *g = arg;
	const struct pt_group *x = &g[*(const size_t *)a];
	const struct pt_group *y = &g[*(const size_t *)b];

	if (x->pss != y->pss)
		return x->pss > y->pss ? -1 : 1;
	if (x->rss != y->rss)
		return x->rss > y->rss ? -1 : 1;
	return name_cmp(x->name, y->name);
}

static void
group_add(struct pt_group *g, const struct pt_row *r)
{
	g->procs++;
	g->rss += r->rss;
	if (!r->rollup)
		return;
	g->known++;
	g->pss += r->pss;
	g->uss += r->uss;
	g->swap += r->swap;
}

static const char *
row_group(const struct proctable *pt, const struct pt_row *r,
    enum pt_group_by by)
{
	switch (by) {
	case PT_GROUP_USER:
		return r->user;
	case PT_GROUP_COMM:
		return r->comm;
	case PT_GROUP_CGROUP:
		return pt_row_cgroup(pt, r);
	}
	return NULL;
}

size_t
proctable_group(const struct proctable *pt, const size_t *idx, size_t n,
    enum pt_group_by by, struct pt_group **out, size_t *of)
{
	struct group_key *k;
	struct pt_group *g, *sorted;
	size_t len = 0, *order, *rank;

	*out = NULL;
	if (n == 0)
		return 0;
	k = mw_xreallocarray(NULL, n, sizeof(*k));
	for (size_t i = 0; i < n; i++) {
		k[i].name = row_group(pt, &pt->rows[idx[i]], by);
		k[i].at = i;
	}
	qsort(k, n, sizeof(*k), key_cmp);
	g = mw_xcalloc(n, sizeof(*g));
	/* order: groups by size; rank: the group of k[i], then inverse */
	order = mw_xreallocarray(NULL, 2 * n, sizeof(*order));
	rank = order + n;
	for (size_t i = 0; i < n; i++) {
		if (len == 0 || !pt_group_same(g[len - 1].name, k[i].name))
			g[len++].name = k[i].name;
		group_add(&g[len - 1], &pt->rows[idx[k[i].at]]);
		if (of != NULL)
			of[k[i].at] = len - 1;	/* by name, for now */
	}
	for (size_t i = 0; i < len; i++)
		order[i] = i;
	qsort_r(order, len, sizeof(*order), group_size_cmp, g);
	sorted = mw_xreallocarray(NULL, len, sizeof(*sorted));
	for (size_t i = 0; i < len; i++) {
		sorted[i] = g[order[i]];
		rank[order[i]] = i;
	}
	for (size_t i = 0; of != NULL && i < n; i++)
		of[i] = rank[of[i]];
	free(g);
	free(order);
	free(k);
	*out = sorted;
	return len;
}
