/* model/system.c: taking a system snapshot through struct mw_source. */
#include "config.h"
#include "model/system.h"

#include <errno.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "parse/smaps.h"
#include "source.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/units.h"
#include "util/xmalloc.h"

static const char *const part_files[SYS_PART_NR] = {
	[SYS_MEMINFO] = "meminfo", [SYS_ZONEINFO] = "zoneinfo",
	[SYS_BUDDYINFO] = "buddyinfo", [SYS_SLABINFO] = "slabinfo",
	[SYS_PAGETYPEINFO] = "pagetypeinfo",
};

static const char *const part_keys[SYS_PART_NR] = {
	[SYS_MEMINFO] = "meminfo", [SYS_ZONEINFO] = "zones",
	[SYS_BUDDYINFO] = "buddy", [SYS_SLABINFO] = "slabs",
	[SYS_PAGETYPEINFO] = "pagetypeinfo",
};

const char *
sys_part_file(enum sys_part p)
{
	return part_files[p];
}

const char *
sys_part_key(enum sys_part p)
{
	return part_keys[p];
}

void
sys_snapshot_init(struct sys_snapshot *s)
{
	memset(s, 0, sizeof(*s));
	mw_arena_init(&s->arena);
	meminfo_init(&s->mi);
	s->page_size = 4096;
	s->page_size_from = PAGE_SIZE_ASSUMED;
}

void
sys_snapshot_free(struct sys_snapshot *s)
{
	if (s == NULL)
		return;
	mw_arena_free(&s->arena);
	memset(s, 0, sizeof(*s));
}

static int
parse_part(struct sys_snapshot *s, enum sys_part p, const struct mw_buf *b)
{
	struct mw_arena *a = &s->arena;
	int rc = -EINVAL;

	switch (p) {
	case SYS_MEMINFO:
		rc = meminfo_parse(b->data, b->len, a, &s->mi);
		s->part[p].skipped = s->mi.skipped;
		break;
	case SYS_ZONEINFO:
		rc = zoneinfo_parse(b->data, b->len, a, &s->zi);
		s->part[p].skipped = s->zi.skipped;
		break;
	case SYS_BUDDYINFO:
		rc = buddyinfo_parse(b->data, b->len, a, &s->bi);
		s->part[p].skipped = s->bi.skipped;
		break;
	case SYS_SLABINFO:
		rc = slabinfo_parse(b->data, b->len, a, &s->si);
		s->part[p].skipped = s->si.skipped;
		break;
	case SYS_PAGETYPEINFO:
		rc = pagetypeinfo_parse(b->data, b->len, a, &s->pti);
		s->part[p].skipped = s->pti.skipped;
		break;
	case SYS_PART_NR:
		break;
	}
	return rc;
}

static void
read_part(const struct mw_source *src, struct sys_snapshot *s,
    enum sys_part p, struct mw_buf *b)
{
	struct sys_part_state *st = &s->part[p];
	struct mw_err err;
	int rc;

	mw_err_clear(&err);
	rc = mw_source_read(src, part_files[p], b, &err);
	if (rc == 0 && b->len == 0) {
		rc = mw_err_set(&err, -ENODATA, MW_EXIT_TARGET,
		    "%s/%s is empty (the kernel printed nothing); check the file or the capture",
		    src->root, part_files[p]);
	} else if (rc == 0 && parse_part(s, p, b) < 0) {
		rc = mw_err_set(&err, -EINVAL, MW_EXIT_TARGET,
		    "cannot parse %s/%s (no line has the expected shape); check the file",
		    src->root, part_files[p]);
	}
	if (rc == 0) {
		st->have = true;
		return;
	}
	if (rc == -ENOENT)
		mw_err_clear(&err), mw_err_set(&err, rc, MW_EXIT_TARGET,
		    "cannot read %s/%s (no such file); give a tree made by 'memwatch capture' or /proc",
		    src->root, part_files[p]);
	else if (rc == -EACCES && p == SYS_SLABINFO)
		mw_err_clear(&err), mw_err_set(&err, rc, MW_EXIT_TARGET,
		    "cannot read %s/slabinfo (permission denied, it is root-only); run as root",
		    src->root);
	else if (rc == -EACCES && p == SYS_PAGETYPEINFO)
		mw_err_clear(&err), mw_err_set(&err, rc, MW_EXIT_TARGET,
		    "cannot read %s/pagetypeinfo (permission denied, it is root-only since Linux 5.4); run as root",
		    src->root);
	st->err = rc;
	st->why = mw_arena_strndup(&s->arena, err.msg, strlen(err.msg));
}

/* A small file of one line ("6.18.44\n") as a trimmed arena string. */
static const char *
read_line_file(const struct mw_source *src, const char *rel,
    struct mw_arena *a, struct mw_buf *b)
{
	size_t n;

	if (!mw_source_exists(src, rel) || mw_source_read(src, rel, b, NULL) < 0)
		return NULL;
	/* Printable ASCII only: a release or a number, never terminal codes. */
	for (n = 0; n < b->len && n < 256; n++)
		if (b->data[n] < ' ' || b->data[n] > '~')
			break;
	return n > 0 ? mw_arena_strndup(a, b->data, n) : NULL;
}

static bool
page_size_ok(uint64_t v)
{
	return v >= 512 && v <= (1u << 20) && (v & (v - 1)) == 0;
}

/* The smallest KernelPageSize of the first pid whose smaps reads. */
static uint64_t
page_size_from_smaps(const struct mw_source *src, struct mw_buf *b)
{
	pid_t *pids = NULL;
	size_t n = 0;
	uint64_t best = 0;

	if (mw_source_pids(src, &pids, &n, NULL) < 0)
		return 0;
	for (size_t i = 0; i < n && best == 0; i++) {
		struct smaps_iter it;
		struct mw_arena a;
		struct vma v;

		if (mw_source_read_pid(src, pids[i], "smaps", b, NULL) < 0)
			continue;
		mw_arena_init(&a);
		smaps_iter_init(&it, b->data, b->len);
		while (smaps_next(&it, &a, &v) == 1)
			if (smaps_has(&v, SMAPS_KERNEL_PAGE_SIZE) &&
			    page_size_ok(v.val[SMAPS_KERNEL_PAGE_SIZE]) &&
			    (best == 0 || v.val[SMAPS_KERNEL_PAGE_SIZE] < best))
				best = v.val[SMAPS_KERNEL_PAGE_SIZE];
		mw_arena_free(&a);
	}
	free(pids);
	return best;
}

static void
identify(const struct mw_source *src, struct sys_snapshot *s,
    struct mw_buf *b)
{
	const char *t;
	uint64_t v;

	if (src->live) {
		struct utsname u;
		long ps = sysconf(_SC_PAGESIZE);

		if (uname(&u) == 0) {
			s->kernel = mw_arena_strndup(&s->arena, u.release,
			    strlen(u.release));
			s->machine = mw_arena_strndup(&s->arena, u.machine,
			    strlen(u.machine));
		}
		if (ps > 0) {
			s->page_size = (uint64_t)ps;
			s->page_size_from = PAGE_SIZE_SYSCONF;
		}
		return;
	}
	/* A captured tree was taken when its files were written. */
	for (int p = 0; p < SYS_PART_NR; p++)
		if (mw_source_mtime(src, part_files[p], &s->taken_at) == 0)
			break;
	s->kernel = read_line_file(src, "kernel-release", &s->arena, b);
	if (s->kernel == NULL)
		s->kernel = read_line_file(src, "sys/kernel/osrelease",
		    &s->arena, b);
	s->machine = read_line_file(src, "machine", &s->arena, b);
	t = read_line_file(src, "page-size", &s->arena, b);
	if (t != NULL && mw_parse_u64_str(t, &v) == 0 && page_size_ok(v)) {
		s->page_size = v;
		s->page_size_from = PAGE_SIZE_FILE;
	} else if ((v = page_size_from_smaps(src, b)) != 0) {
		s->page_size = v;
		s->page_size_from = PAGE_SIZE_SMAPS;
	}
}

/*
 * Without buddyinfo, the free table of pagetypeinfo gives the same counts
 * summed over the migrate types (a count shown as ">100000" stays a lower
 * bound).
 */
static void
buddy_from_pti(struct sys_snapshot *s)
{
	const struct pagetypeinfo *p = &s->pti;
	struct buddyinfo *bi = &s->bi;

	bi->zones = mw_arena_alloc(&s->arena, (p->nfree + 1) * sizeof(*bi->zones));
	for (size_t i = 0; i < p->nfree; i++) {
		const struct pti_free *r = &p->free[i];
		struct buddy_zone *z = (struct buddy_zone *)buddy_find(bi, r->node,
		    r->zone);

		if (z == NULL) {
			z = &bi->zones[bi->len++];
			memset(z, 0, sizeof(*z));
			z->node = r->node;
			snprintf(z->zone, sizeof(z->zone), "%s", r->zone);
		}
		for (unsigned o = 0; o < r->norders; o++)
			if (__builtin_add_overflow(z->count[o], r->count[o],
			    &z->count[o]))
				z->count[o] = UINT64_MAX;
		if (r->norders > z->norders)
			z->norders = r->norders;
		if (z->norders > bi->norders)
			bi->norders = z->norders;
		z->lower_bound |= r->lower_bound;
		s->buddy_lower_bound |= r->lower_bound != 0;
	}
	s->buddy_from_pti = true;
	s->part[SYS_BUDDYINFO].have = bi->len > 0;
}

#define SYS_MAX_FILE ((size_t)64 << 20)

int
sys_snapshot_take(const struct mw_source *src, unsigned parts,
    struct sys_snapshot *s)
{
	struct mw_source capped = *src;
	struct mw_buf b;

	/*
	 * The system files are small (zoneinfo of a large NUMA machine is a
	 * few MiB): a bigger one in a --proc-root tree is not a /proc file,
	 * and reading it whole would cost memory for nothing.
	 */
	if (capped.max_size == 0 || capped.max_size > SYS_MAX_FILE)
		capped.max_size = SYS_MAX_FILE;
	src = &capped;
	mw_buf_init(&b);
	s->taken_at = time(NULL);	/* a captured tree's mtime replaces it */
	s->requested = parts & SYS_ALL;
	identify(src, s, &b);
	for (int p = 0; p < SYS_PART_NR; p++)
		if (parts & SYS_PART(p))
			read_part(src, s, (enum sys_part)p, &b);
	if ((parts & SYS_PTI_FALLBACK) && (parts & SYS_PART(SYS_BUDDYINFO)) &&
	    !(parts & SYS_PART(SYS_PAGETYPEINFO)) &&
	    !s->part[SYS_BUDDYINFO].have) {
		s->requested |= SYS_PART(SYS_PAGETYPEINFO);
		read_part(src, s, SYS_PAGETYPEINFO, &b);
	}
	if ((parts & SYS_PART(SYS_BUDDYINFO)) && !s->part[SYS_BUDDYINFO].have &&
	    s->part[SYS_PAGETYPEINFO].have)
		buddy_from_pti(s);
	mw_buf_free(&b);
	return 0;
}

int
sys_require(const struct sys_snapshot *s, enum sys_part p,
    struct mw_err *err)
{
	const struct sys_part_state *st = &s->part[p];

	if (st->have)
		return 0;
	if (st->why == NULL)
		return mw_err_set(err, -ENOENT, MW_EXIT_TARGET,
		    "no %s in this snapshot (it was not taken); take a new one",
		    part_files[p]);
	return mw_err_set(err, st->err ? st->err : -EIO, MW_EXIT_TARGET,
	    "%s", st->why);
}

uint64_t
sys_bytes(const struct sys_snapshot *s, uint64_t pages)
{
	uint64_t v;

	return mw_mul_u64(pages, s->page_size, &v) ? v : UINT64_MAX;
}

const char *
sys_page_size_note(const struct sys_snapshot *s)
{
	switch (s->page_size_from) {
	case PAGE_SIZE_SYSCONF:
		return "page size from the running kernel";
	case PAGE_SIZE_FILE:
		return "page size from the capture's page-size file";
	case PAGE_SIZE_SMAPS:
		return "page size from KernelPageSize of a captured mapping";
	case PAGE_SIZE_SNAPSHOT:
		return "page size from the snapshot";
	case PAGE_SIZE_ASSUMED:
		return "no page size in this tree (no page-size file, no smaps): 4096 bytes assumed";
	}
	return "";
}

enum zone_level
sys_zone_level(const struct zone_info *z)
{
	uint64_t f = z->val[ZF_FREE];

	if (!zone_has(z, ZF_FREE) || !zone_has(z, ZF_MIN) ||
	    !zone_has(z, ZF_LOW))
		return ZL_UNKNOWN;
	if ((zone_has(z, ZF_MANAGED) && z->val[ZF_MANAGED] == 0) ||
	    !zone_populated(z))
		return ZL_EMPTY;
	if (f < z->val[ZF_MIN])
		return ZL_BELOW_MIN;
	if (f < z->val[ZF_LOW])
		return ZL_BELOW_LOW;
	if (zone_has(z, ZF_HIGH) && f < z->val[ZF_HIGH])
		return ZL_ABOVE_LOW;
	return ZL_ABOVE_HIGH;
}

const char *
sys_zone_level_name(enum zone_level l)
{
	switch (l) {
	case ZL_UNKNOWN:
		return "unknown";
	case ZL_EMPTY:
		return "empty";
	case ZL_ABOVE_HIGH:
		return "above high";
	case ZL_ABOVE_LOW:
		return "between low and high";
	case ZL_BELOW_LOW:
		return "below low";
	case ZL_BELOW_MIN:
		return "below min";
	}
	return "unknown";
}

int
slab_sort_by_name(const char *name)
{
	static const char *const names[] = { "size", "objs", "active",
	    "util", "name" };

	for (int i = 0; i < 5; i++)
		if (strcmp(name, names[i]) == 0)
			return i;
	return -1;
}

uint64_t
sys_slab_size(const struct slab_cache *c, uint64_t page_size)
{
	uint64_t b;

	return slab_cache_bytes(c, page_size, &b) ? b : 0;
}

int
sys_slab_util(const struct slab_cache *c)
{
	if (c->num_objs == 0)
		return -1;
	if (c->active_objs >= c->num_objs)
		return 1000;
	return (int)((unsigned __int128)c->active_objs * 1000 / c->num_objs);
}

/* The sort key of a cache, computed once: larger sorts first. */
static uint64_t
slab_key(const struct slab_cache *c, uint64_t page_size, enum slab_sort key)
{
	int u;

	switch (key) {
	case SLAB_SORT_SIZE:
		return sys_slab_size(c, page_size);
	case SLAB_SORT_OBJS:
		return c->num_objs;
	case SLAB_SORT_ACTIVE:
		return c->active_objs;
	case SLAB_SORT_UTIL:	/* least used first; empty caches last */
		u = sys_slab_util(c);
		return u < 0 ? 0 : 1001 - (uint64_t)u;
	case SLAB_SORT_NAME:
		break;
	}
	return 0;
}

struct slab_sort_ctx {
	const struct slabinfo *si;
	const uint64_t *key;
};

static int
slab_cmp(const struct slab_sort_ctx *c, size_t x, size_t y)
{
	int r;

	if (c->key[x] != c->key[y])
		return c->key[x] < c->key[y] ? 1 : -1;
	r = strcmp(c->si->caches[x].name, c->si->caches[y].name);
	return r != 0 ? r : (x > y) - (x < y);
}

/* A stable merge sort of indexes. */
static void
merge_sort(const struct slab_sort_ctx *c, size_t *v, size_t *tmp, size_t n)
{
	size_t h = n / 2, i = 0, j = h, k = 0;

	if (n < 2)
		return;
	merge_sort(c, v, tmp, h);
	merge_sort(c, v + h, tmp, n - h);
	while (i < h && j < n)
		tmp[k++] = slab_cmp(c, v[i], v[j]) <= 0 ? v[i++] : v[j++];
	while (i < h)
		tmp[k++] = v[i++];
	while (j < n)
		tmp[k++] = v[j++];
	memcpy(v, tmp, n * sizeof(*v));
}

void
sys_slab_order(const struct slabinfo *si, uint64_t page_size,
    enum slab_sort key, size_t *order)
{
	struct slab_sort_ctx c = { si, NULL };
	uint64_t *keys;
	size_t *tmp;

	for (size_t i = 0; i < si->len; i++)
		order[i] = i;
	if (si->len < 2)
		return;
	keys = mw_xreallocarray(NULL, si->len, sizeof(*keys));
	for (size_t i = 0; i < si->len; i++)
		keys[i] = slab_key(&si->caches[i], page_size, key);
	c.key = keys;
	tmp = mw_xreallocarray(NULL, si->len, sizeof(*tmp));
	merge_sort(&c, order, tmp, si->len);
	free(tmp);
	free(keys);
}

void
sys_slab_totals(const struct slabinfo *si, uint64_t page_size,
    struct slab_totals *t)
{
	memset(t, 0, sizeof(*t));
	t->caches = si->len;
	for (size_t i = 0; i < si->len; i++) {
		const struct slab_cache *c = &si->caches[i];

		t->active_objs += c->active_objs;
		t->num_objs += c->num_objs;
		t->size += sys_slab_size(c, page_size);
		t->active_size += slab_cache_active_bytes(c);
		t->objs_size += (uint64_t)((unsigned __int128)c->num_objs *
		    c->objsize > UINT64_MAX ? UINT64_MAX : c->num_objs * c->objsize);
	}
}

/* A release "6.8" or later (SLAB was removed in 6.8); false if unknown. */
static bool
release_at_least(const char *rel, unsigned major, unsigned minor)
{
	unsigned long ma, mi;
	char *end;

	if (rel == NULL || *rel < '0' || *rel > '9')
		return false;
	ma = strtoul(rel, &end, 10);
	if (*end != '.' || end[1] < '0' || end[1] > '9')
		return false;
	mi = strtoul(end + 1, NULL, 10);
	return ma > major || (ma == major && mi >= minor);
}

enum slab_allocator
sys_slab_allocator(const struct sys_snapshot *s)
{
	enum slab_allocator a = slabinfo_allocator(&s->si);

	if (release_at_least(s->kernel, 6, 8))
		return a == SLAB_ALLOC_SLAB ? SLAB_ALLOC_UNKNOWN :
		    SLAB_ALLOC_SLUB;
	return a;
}
