/* model/system_diff.c: meminfo, zone, buddy and slab deltas, with notes. */
#include "config.h"
#include "model/system_diff.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/pressure.h"
#include "model/account.h"
#include "util/buf.h"
#include "util/amount.h"
#include "util/units.h"
#include "util/xmalloc.h"

#define MAX_NOTES 24

/*
 * Rows looked up by (node, name): sorted once, then found by binary
 * search, so that a diff of snapshots with n caches, zones or meminfo
 * lines costs n log n, not n^2 (60,000 slab caches took 12 s).
 */
struct key {
	int node;
	const char *name;
	size_t i;		/* the row's index */
};

struct keys {
	struct key *v;
	size_t n;
};

static int
key_cmp(const void *x, const void *y)
{
	const struct key *a = x, *b = y;
	int c;

	if (a->node != b->node)
		return a->node < b->node ? -1 : 1;
	if ((c = strcmp(a->name, b->name)) != 0)
		return c;
	return (a->i > b->i) - (a->i < b->i);	/* the first row first */
}

static void
keys_add(struct keys *k, int node, const char *name, size_t i)
{
	k->v[k->n].node = node;
	k->v[k->n].name = name;
	k->v[k->n].i = i;
	k->n++;
}

static void
keys_sort(struct keys *k)
{
	qsort(k->v, k->n, sizeof(*k->v), key_cmp);
}

/* The index of the first row with this key, or -1. */
static ptrdiff_t
keys_find(const struct keys *k, int node, const char *name)
{
	size_t lo = 0, hi = k->n;

	while (lo < hi) {		/* the first key >= (node, name) */
		size_t mid = lo + (hi - lo) / 2;
		const struct key *m = &k->v[mid];

		if (m->node < node || (m->node == node &&
		    strcmp(m->name, name) < 0))
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < k->n && k->v[lo].node == node &&
	    strcmp(k->v[lo].name, name) == 0)
		return (ptrdiff_t)k->v[lo].i;
	return -1;
}

static void
keys_init(struct keys *k, struct mw_arena *a, size_t n)
{
	k->v = mw_arena_alloc(a, (n + 1) * sizeof(*k->v));
	k->n = 0;
}

const char *
sys_change_name(enum sys_change c)
{
	switch (c) {
	case SYS_ADDED:
		return "added";
	case SYS_REMOVED:
		return "removed";
	case SYS_GROWN:
		return "grown";
	case SYS_SHRUNK:
		return "shrunk";
	}
	return "changed";
}

static void
meminfo_keys(struct mw_arena *arena, const struct meminfo *mi,
    struct keys *k)
{
	keys_init(k, arena, mi->len);
	for (size_t i = 0; i < mi->len; i++)
		keys_add(k, 0, mi->rows[i].name, i);
	keys_sort(k);
}

static void
meminfo_deltas(struct sys_diff *d)
{
	const struct meminfo *a = &d->before->mi, *b = &d->after->mi;
	struct keys ka, kb;
	ptrdiff_t r;

	meminfo_keys(&d->arena, a, &ka);
	meminfo_keys(&d->arena, b, &kb);
	d->mi = mw_arena_alloc(&d->arena, (a->len + b->len + 1) * sizeof(*d->mi));
	for (size_t i = 0; i < b->len; i++) {
		struct sys_delta *x = &d->mi[d->nmi++];

		memset(x, 0, sizeof(*x));
		x->name = b->rows[i].name;
		x->has_after = true;
		x->after = b->rows[i].value;
		x->is_bytes = b->rows[i].is_bytes;
		if ((r = keys_find(&ka, 0, x->name)) >= 0) {
			x->has_before = true;
			x->before = a->rows[r].value;
			x->delta = mw_delta(x->after, x->before);
		}
	}
	for (size_t i = 0; i < a->len; i++) {
		struct sys_delta *x;

		if (keys_find(&kb, 0, a->rows[i].name) >= 0)
			continue;
		x = &d->mi[d->nmi++];
		memset(x, 0, sizeof(*x));
		x->name = a->rows[i].name;
		x->has_before = true;
		x->before = a->rows[i].value;
		x->is_bytes = a->rows[i].is_bytes;
	}
}

bool
sys_diff_mi(const struct sys_diff *d, enum meminfo_key k, int64_t *delta)
{
	const char *name = meminfo_key_name(k);

	for (size_t i = 0; i < d->nmi; i++)
		if (strcmp(d->mi[i].name, name) == 0) {
			if (!d->mi[i].has_before || !d->mi[i].has_after)
				return false;
			*delta = d->mi[i].delta;
			return true;
		}
	return false;
}

/* Both sides' zones and buddy rows, by (node, zone). */
struct zone_keys {
	struct keys za, zb, ba, bb;
};

static void
zone_keys(struct mw_arena *arena, const struct sys_snapshot *s,
    struct keys *zk, struct keys *bk)
{
	keys_init(zk, arena, s->zi.len);
	for (size_t i = 0; i < s->zi.len; i++)
		keys_add(zk, s->zi.zones[i].node, s->zi.zones[i].name, i);
	keys_sort(zk);
	keys_init(bk, arena, s->bi.len);
	for (size_t i = 0; i < s->bi.len; i++)
		keys_add(bk, s->bi.zones[i].node, s->bi.zones[i].zone, i);
	keys_sort(bk);
}

static void
zone_delta(struct sys_diff *d, const struct zone_keys *k, int node,
    const char *name)
{
	const struct sys_snapshot *a = d->before, *b = d->after;
	ptrdiff_t ia = keys_find(&k->za, node, name);
	ptrdiff_t ib = keys_find(&k->zb, node, name);
	ptrdiff_t ja = keys_find(&k->ba, node, name);
	ptrdiff_t jb = keys_find(&k->bb, node, name);
	const struct zone_info *za = ia >= 0 ? &a->zi.zones[ia] : NULL;
	const struct zone_info *zb = ib >= 0 ? &b->zi.zones[ib] : NULL;
	const struct buddy_zone *ba = ja >= 0 ? &a->bi.zones[ja] : NULL;
	const struct buddy_zone *bb = jb >= 0 ? &b->bi.zones[jb] : NULL;
	struct sys_zone_delta *x = &d->zones[d->nzones];

	memset(x, 0, sizeof(*x));
	x->node = node;
	x->zone = name;
	if (za != NULL && zb != NULL && zone_has(za, ZF_FREE) &&
	    zone_has(zb, ZF_FREE)) {
		x->has_free = true;
		x->free_before = sys_bytes(a, za->val[ZF_FREE]);
		x->free_after = sys_bytes(b, zb->val[ZF_FREE]);
		x->free = mw_delta(x->free_after, x->free_before);
	}
	if (ba != NULL && bb != NULL) {
		x->has_blocks = true;
		x->norders = ba->norders > bb->norders ? ba->norders : bb->norders;
		x->lower_bound = ba->lower_bound | bb->lower_bound;
		for (unsigned o = 0; o < x->norders; o++) {
			x->blocks_before[o] = o < ba->norders ? ba->count[o] : 0;
			x->blocks_after[o] = o < bb->norders ? bb->count[o] : 0;
			x->blocks[o] = mw_delta(x->blocks_after[o],
			    x->blocks_before[o]);
		}
	}
	if (x->has_free || x->has_blocks)
		d->nzones++;
}

static void
zone_deltas(struct sys_diff *d)
{
	const struct sys_snapshot *b = d->after;
	struct zone_keys k;

	zone_keys(&d->arena, d->before, &k.za, &k.ba);
	zone_keys(&d->arena, d->after, &k.zb, &k.bb);
	d->zones = mw_arena_alloc(&d->arena,
	    (b->zi.len + b->bi.len + 1) * sizeof(*d->zones));
	for (size_t i = 0; i < b->zi.len; i++)
		if (zone_populated(&b->zi.zones[i]))
			zone_delta(d, &k, b->zi.zones[i].node,
			    b->zi.zones[i].name);
	for (size_t i = 0; i < b->bi.len; i++)
		if (keys_find(&k.zb, b->bi.zones[i].node,
		    b->bi.zones[i].zone) < 0)
			zone_delta(d, &k, b->bi.zones[i].node,
			    b->bi.zones[i].zone);
}

static void
slab_keys(struct mw_arena *arena, const struct slabinfo *si, struct keys *k)
{
	keys_init(k, arena, si->len);
	for (size_t i = 0; i < si->len; i++)
		keys_add(k, 0, si->caches[i].name, i);
	keys_sort(k);
}

static int
slab_cmp(const void *x, const void *y)
{
	const struct sys_slab_delta *a = x, *b = y;
	uint64_t ma = a->delta < 0 ? 0 - (uint64_t)a->delta : (uint64_t)a->delta;
	uint64_t mb = b->delta < 0 ? 0 - (uint64_t)b->delta : (uint64_t)b->delta;

	if (ma != mb)
		return ma < mb ? 1 : -1;
	return strcmp(a->name, b->name);
}

static void
add_slab(struct sys_diff *d, const char *name, const struct slab_cache *ca,
    const struct slab_cache *cb)
{
	struct sys_slab_delta *x = &d->slabs[d->nslabs];
	uint64_t oa = ca ? ca->active_objs : 0, ob = cb ? cb->active_objs : 0;

	x->name = name;
	x->before = ca ? sys_slab_size(ca, d->before->page_size) : 0;
	x->after = cb ? sys_slab_size(cb, d->after->page_size) : 0;
	x->delta = mw_delta(x->after, x->before);
	x->objs = mw_delta(ob, oa);
	if (ca == NULL)
		x->change = SYS_ADDED;
	else if (cb == NULL)
		x->change = SYS_REMOVED;
	else if (x->delta == 0 && x->objs == 0)
		return;
	else
		x->change = x->delta > 0 || (x->delta == 0 && x->objs > 0) ?
		    SYS_GROWN : SYS_SHRUNK;
	d->nslabs++;
}

static void
slab_deltas(struct sys_diff *d)
{
	const struct slabinfo *a = &d->before->si, *b = &d->after->si;
	struct keys ka, kb;
	ptrdiff_t j;

	d->has_slabs = d->before->part[SYS_SLABINFO].have &&
	    d->after->part[SYS_SLABINFO].have;
	if (!d->has_slabs)
		return;
	slab_keys(&d->arena, a, &ka);
	slab_keys(&d->arena, b, &kb);
	d->slabs = mw_arena_alloc(&d->arena,
	    (a->len + b->len + 1) * sizeof(*d->slabs));
	for (size_t i = 0; i < b->len; i++) {
		j = keys_find(&ka, 0, b->caches[i].name);
		add_slab(d, b->caches[i].name, j >= 0 ? &a->caches[j] : NULL,
		    &b->caches[i]);
	}
	for (size_t i = 0; i < a->len; i++)
		if (keys_find(&kb, 0, a->caches[i].name) < 0)
			add_slab(d, a->caches[i].name, &a->caches[i], NULL);
	qsort(d->slabs, d->nslabs, sizeof(*d->slabs), slab_cmp);
}

static void
note(struct sys_diff *d, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void
note(struct sys_diff *d, const char *fmt, ...)
{
	struct mw_buf b;
	va_list ap;

	if (d->nnotes == MAX_NOTES)
		return;
	mw_buf_init(&b);
	va_start(ap, fmt);
	mw_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	d->notes[d->nnotes++] = mw_arena_strndup(&d->arena, b.data, b.len);
	mw_buf_free(&b);
}

static const char *
size_str(char out[MW_FMT_BYTES_LEN], uint64_t v)
{
	return mw_amt_bytes(out, v);
}

static const char *
signed_size(char out[MW_FMT_BYTES_LEN + 1], int64_t v)
{
	return mw_amt_delta(out, v);
}

static void
mi_note(struct sys_diff *d, enum meminfo_key k, const char *what)
{
	char s[MW_FMT_BYTES_LEN + 1];
	int64_t v;

	if (sys_diff_mi(d, k, &v) && v != 0)
		note(d, "%s %s (%s)", what, signed_size(s, v), meminfo_key_name(k));
}

/* A tmpfs mount's change between the two sides, for a note. */
struct tmpfs_change {
	const struct acct_tmpfs *before, *after;	/* NULL: not mounted */
	int64_t delta;
};

static const struct acct_tmpfs *
find_mount(const struct sys_snapshot *s, const char *point)
{
	for (size_t i = 0; i < s->ntmpfs; i++)
		if (strcmp(s->tmpfs[i].point, point) == 0)
			return &s->tmpfs[i];
	return NULL;
}

static uint64_t
abs64(int64_t v)
{
	return v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
}

/* Keep the TMPFS_NOTES largest changes of at least TMPFS_MIN bytes. */
#define TMPFS_NOTES 3
#define TMPFS_MIN ((int64_t)64 << 10)

static void
keep_change(struct tmpfs_change *top, size_t *n, struct tmpfs_change c)
{
	size_t i = *n;

	if (abs64(c.delta) < (uint64_t)TMPFS_MIN)
		return;
	if (i == TMPFS_NOTES) {
		if (abs64(c.delta) <= abs64(top[i - 1].delta))
			return;
		i--;
	} else {
		(*n)++;
	}
	for (; i > 0 && abs64(top[i - 1].delta) < abs64(c.delta); i--)
		top[i] = top[i - 1];
	top[i] = c;
}

/* tmpfs mounts that grew, shrank, came or went: shared memory. */
static void
tmpfs_notes(struct sys_diff *d)
{
	const struct sys_snapshot *a = d->before, *b = d->after;
	struct tmpfs_change top[TMPFS_NOTES];
	char s[MW_FMT_BYTES_LEN + 1];
	struct mw_buf pb;
	size_t n = 0;

	if (!a->tmpfs_read || !b->tmpfs_read)
		return;
	for (size_t i = 0; i < b->ntmpfs; i++) {
		struct tmpfs_change c = { find_mount(a, b->tmpfs[i].point),
		    &b->tmpfs[i], 0 };

		if (!c.after->known || (c.before != NULL && !c.before->known))
			continue;
		c.delta = mw_delta(c.after->used, c.before ? c.before->used : 0);
		keep_change(top, &n, c);
	}
	for (size_t i = 0; i < a->ntmpfs; i++) {
		struct tmpfs_change c = { &a->tmpfs[i], NULL, 0 };

		if (!c.before->known || find_mount(b, c.before->point) != NULL)
			continue;
		c.delta = mw_delta(0, c.before->used);
		keep_change(top, &n, c);
	}
	mw_buf_init(&pb);
	for (size_t i = 0; i < n; i++) {
		const struct acct_tmpfs *t = top[i].after ? top[i].after :
		    top[i].before;
		const char *point = mw_plain(&pb, t->point, strlen(t->point));

		if (top[i].before == NULL)
			note(d, "%s %s mounted, holding %s: shared memory, not droppable cache",
			    t->type, point, size_str(s, t->used));
		else if (top[i].after == NULL)
			note(d, "%s %s unmounted: the %s it held are free again",
			    t->type, point, size_str(s, t->used));
		else if (top[i].delta > 0)
			note(d, "%s %s grew by %s: shared memory, not droppable cache",
			    t->type, point, size_str(s, abs64(top[i].delta)));
		else
			note(d, "%s %s shrank by %s: shared memory given back",
			    t->type, point, size_str(s, abs64(top[i].delta)));
	}
	mw_buf_free(&pb);
}

/*
 * The page cache (Cached) holds shared memory (Shmem: tmpfs, SysV, memfd,
 * shared anonymous), which the kernel cannot drop: when Shmem moved, say
 * which part of Cached's change it was.
 */
static void
cache_note(struct sys_diff *d)
{
	char s1[MW_FMT_BYTES_LEN + 1], s2[MW_FMT_BYTES_LEN + 1],
	    s3[MW_FMT_BYTES_LEN + 1];
	int64_t cached, shmem;

	if (!sys_diff_mi(d, MI_CACHED, &cached) ||
	    !sys_diff_mi(d, MI_SHMEM, &shmem) || shmem == 0) {
		mi_note(d, MI_CACHED, "page cache");
		tmpfs_notes(d);
		return;
	}
	tmpfs_notes(d);
	note(d, "page cache %s (Cached), of which shared memory %s (Shmem: tmpfs, SysV segments, memfd, shared anonymous; not droppable, it leaves RAM only for swap) and droppable cache %s",
	    signed_size(s2, cached), signed_size(s1, shmem),
	    signed_size(s3, cached - shmem));
}

/* The lowest order whose free blocks changed the most, for a note. */
static void
zone_notes(struct sys_diff *d)
{
	char s[MW_FMT_BYTES_LEN + 1];

	for (size_t i = 0; i < d->nzones; i++) {
		const struct sys_zone_delta *z = &d->zones[i];
		int top = -1;

		if (z->has_free && z->free != 0)
			note(d, "node %d %s: free memory %s", z->node, z->zone,
			    signed_size(s, z->free));
		for (int o = (int)z->norders - 1; o >= 0 && z->has_blocks; o--)
			if (z->blocks[o] != 0) {
				top = o;
				break;
			}
		if (top >= 0 && (z->lower_bound >> top & 1))
			note(d, "node %d %s: the largest blocks whose count changed are of order %d (%s): at least %" PRIu64 " -> at least %" PRIu64 " free; the kernel capped the count, so the change is unknown",
			    z->node, z->zone, top,
			    size_str(s, sys_bytes(d->after, (uint64_t)1 << top)),
			    z->blocks_before[top], z->blocks_after[top]);
		else if (top >= 0)
			note(d, "node %d %s: the largest blocks whose count changed are of order %d (%s): %" PRIu64 " -> %" PRIu64 " free, %s",
			    z->node, z->zone, top,
			    size_str(s, sys_bytes(d->after, (uint64_t)1 << top)),
			    z->blocks_before[top], z->blocks_after[top],
			    z->blocks[top] < 0 ? "split or allocated" :
			    "freed or merged back");
	}
}

/*
 * What the kernel did between the snapshots, from vmstat's counters and
 * PSI (model/pressure.h): the subjects that moved, never "quiet".
 */
static void
mm_notes(struct sys_diff *d)
{
	static const char *const ids[] = { "psi", "reclaim", "workingset",
		"swap", "compaction", "thp", "oom", "kswapd" };
	struct pressure_report r;

	if (!d->before->part[SYS_VMSTAT].have ||
	    !d->after->part[SYS_VMSTAT].have)
		return;
	pressure_report_init(&r);
	pressure_compute(&d->before->mm, &d->after->mm, d->after, &r);
	for (size_t i = 0; !r.quiet && i < r.notes.len; i++)
		for (size_t k = 0; k < sizeof(ids) / sizeof(*ids); k++)
			if (strcmp(r.notes.v[i].id, ids[k]) == 0 &&
			    (k != 0 || r.some.stalled_us > 0) &&
			    (k != 7 || r.kswapd == 1))
				note(d, "%s", r.notes.v[i].text);
	pressure_report_free(&r);
}

static void
make_notes(struct sys_diff *d)
{
	const struct sys_snapshot *a = d->before, *b = d->after;
	char s1[MW_FMT_BYTES_LEN + 1];

	d->notes = mw_arena_alloc(&d->arena, MAX_NOTES * sizeof(*d->notes));
	if (a->kernel && b->kernel && strcmp(a->kernel, b->kernel) != 0)
		note(d, "the snapshots come from different kernels (%s, %s): compare with care",
		    a->kernel, b->kernel);
	if (a->page_size != b->page_size)
		note(d, "the page sizes differ (%" PRIu64 ", %" PRIu64 " bytes)",
		    a->page_size, b->page_size);
	mi_note(d, MI_MEM_FREE, "free memory");
	mi_note(d, MI_MEM_AVAILABLE, "available memory");
	cache_note(d);
	mi_note(d, MI_ANON_PAGES, "anonymous memory");
	mi_note(d, MI_SLAB, "slab");
	zone_notes(d);
	if (d->nslabs > 0 && d->slabs[0].delta != 0)
		note(d, "slab cache %s %s most: %s", d->slabs[0].name,
		    sys_change_name(d->slabs[0].change),
		    signed_size(s1, d->slabs[0].delta));
	if (!d->has_slabs)
		note(d, "slab caches not compared: slabinfo is missing on %s side",
		    a->part[SYS_SLABINFO].have || b->part[SYS_SLABINFO].have ?
		    "one" : "either");
	mm_notes(d);
	if (d->nnotes == 0)
		note(d, "nothing changed in meminfo, zones, buddy free lists or slabs");
}

void
sys_diff_compute(const struct sys_snapshot *before,
    const struct sys_snapshot *after, struct sys_diff *d)
{
	memset(d, 0, sizeof(*d));
	mw_arena_init(&d->arena);
	d->before = before;
	d->after = after;
	meminfo_deltas(d);
	zone_deltas(d);
	slab_deltas(d);
	make_notes(d);
}

void
sys_diff_free(struct sys_diff *d)
{
	if (d == NULL)
		return;
	mw_arena_free(&d->arena);
	memset(d, 0, sizeof(*d));
}
