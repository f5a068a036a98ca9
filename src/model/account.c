/* model/account.c: every byte of MemTotal accounted for. */
#include "config.h"
#include "model/account.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse/meminfo.h"
#include "util/buf.h"
#include "util/amount.h"
#include "util/units.h"
#include "util/xmalloc.h"

const char *
acct_fate_text(enum acct_fate f)
{
	switch (f) {
	case ACCT_GROUP: return "";
	case ACCT_FREE: return "free now";
	case ACCT_DROP: return "dropped at once when needed";
	case ACCT_WRITE: return "dropped once written back";
	case ACCT_SWAP: return "leaves RAM only through swap";
	case ACCT_SHRINK: return "given back in part under pressure";
	case ACCT_HELD: return "held until its owner frees it";
	case ACCT_UNKNOWN: return "no counter says";
	}
	return "";
}

static struct acct_line *
add(struct account *a, int depth, const char *id, const char *label,
    bool known, uint64_t bytes, enum acct_fate fate, const char *source,
    bool leaf)
{
	struct acct_line *l;

	if (a->len == a->cap) {
		a->cap = a->cap ? a->cap * 2 : 64;
		a->v = mw_xreallocarray(a->v, a->cap, sizeof(*a->v));
	}
	l = &a->v[a->len++];
	l->id = id;
	l->label = label;
	l->state = NULL;
	l->negative = false;
	l->depth = depth;
	l->known = known;
	l->bytes = known ? bytes : 0;
	l->fate = fate;
	l->source = source;
	l->leaf = leaf;
	return l;
}

/* A meminfo value in bytes; false when the kernel did not print it. */
static bool
mi(const struct meminfo *m, enum meminfo_key k, uint64_t *v)
{
	*v = 0;
	return meminfo_get(m, k, v);
}

static bool
mi_named(const struct meminfo *m, const char *name, uint64_t *v)
{
	const struct meminfo_row *r = meminfo_find(m, name);

	*v = r != NULL ? r->value : 0;
	return r != NULL;
}

static const char *
fmt(struct account *a, const char *f, ...) __attribute__((format(printf, 2, 3)));

static const char *
fmt(struct account *a, const char *f, ...)
{
	struct mw_buf b;
	const char *s;
	va_list ap;

	mw_buf_init(&b);
	va_start(ap, f);
	mw_buf_vprintf(&b, f, ap);
	va_end(ap);
	s = mw_arena_strndup(&a->arena, b.data, b.len);
	mw_buf_free(&b);
	return s;
}

static void
note(struct account *a, const char *text)
{
	a->notes = mw_xreallocarray(a->notes, a->nnotes + 1, sizeof(*a->notes));
	a->notes[a->nnotes++] = text;
}

static void
free_lines(const struct acct_input *in, struct account *a, uint64_t memfree)
{
	const struct sys_snapshot *s = in->sys;
	uint64_t sum = 0;
	size_t first, n = 0;

	add(a, 0, "free", "free", true, memfree, ACCT_FREE, "meminfo MemFree",
	    true);
	if (!s->part[SYS_ZONEINFO].have)
		return;
	first = a->len;
	for (size_t i = 0; i < s->zi.len; i++) {
		const struct zone_info *z = &s->zi.zones[i];
		uint64_t fr;

		if (!zone_has(z, ZF_FREE) || !zone_has(z, ZF_MANAGED) ||
		    z->val[ZF_MANAGED] == 0)
			continue;
		fr = sys_bytes(s, z->val[ZF_FREE]);
		sum += fr;
		n++;
		add(a, 1, "free-zone", fmt(a, "node %d %s", z->node, z->name), true,
		    fr, ACCT_FREE, "zoneinfo pages free", false)->state =
		    sys_zone_level_name(sys_zone_level(z));
	}
	/* The zones split MemFree when their counts add up to it (they
	 * differ by what per-CPU counters have not folded in yet). */
	if (n > 0 && sum == memfree) {
		a->v[first - 1].leaf = false;
		a->v[first - 1].fate = ACCT_GROUP;
		for (size_t i = first; i < a->len; i++)
			a->v[i].leaf = true;
	}
}

static void
anon_lines(const struct acct_input *in, struct account *a, uint64_t anon,
    bool has_anon)
{
	const struct fleet *f = in->fleet;
	uint64_t pss = 0;
	size_t n = 0;

	add(a, 1, "anon", "anonymous (heap, stacks, private mappings)",
	    has_anon, anon, ACCT_SWAP, "meminfo AnonPages", true);
	if (f == NULL) {
		note(a, "The processes' own anonymous memory could not be listed.");
		return;
	}
	for (size_t i = 0; i < f->len; i++)
		if (fleet_has(&f->procs[i], FLEET_PSS_ANON)) {
			pss += f->procs[i].val[FLEET_PSS_ANON];
			n++;
		}
	if (n == 0) {
		note(a, "No process's smaps_rollup gave Pss_Anon (a kernel before 5.8, or none readable).");
		return;
	}
	add(a, 2, "anon-processes", fmt(a, "anonymous PSS of the %zu processes "
	    "read (of %zu)", n, f->listed), true, pss, ACCT_SWAP,
	    "smaps_rollup Pss_Anon", false);
	if (has_anon && anon >= pss)
		add(a, 2, "anon-elsewhere", "anonymous in no readable process "
		    "(unreadable processes, pages being freed, kernel-held)",
		    true, anon - pss, ACCT_SWAP, "AnonPages - Pss_Anon", false);
	if (f->denied > 0)
		note(a, fmt(a, "%zu process%s could not be read: as root %s "
		    "anonymous memory joins the sum.", f->denied,
		    f->denied == 1 ? "" : "es", f->denied == 1 ? "its" : "their"));
}

static void
shmem_lines(const struct acct_input *in, struct account *a, uint64_t shmem,
    bool has_shmem)
{
	uint64_t rest = shmem, tmpfs = 0;
	struct mw_buf pb;
	bool split = true;

	add(a, 1, "shmem", "shared memory (tmpfs, /dev/shm, SysV, memfd, "
	    "shared anonymous)", has_shmem, shmem, ACCT_GROUP, "meminfo Shmem",
	    false);
	if (!in->tmpfs_read)
		note(a, "tmpfs mounts are not measured in a captured tree: their "
		    "share of Shmem is in the rest.");
	mw_buf_init(&pb);
	for (size_t i = 0; in->tmpfs_read && i < in->ntmpfs; i++) {
		const struct acct_tmpfs *t = &in->tmpfs[i];
		const char *point = mw_plain(&pb, t->point, strlen(t->point));

		if (!t->known) {
			add(a, 2, "shmem-tmpfs", fmt(a, "%s %s (no size limit: use "
			    "unknown)", t->type, point), false, 0, ACCT_SWAP,
			    "statfs", false);
			continue;
		}
		tmpfs += t->used;
		add(a, 2, "shmem-tmpfs", fmt(a, "%s %s", t->type, point), true,
		    t->used, ACCT_SWAP, "statfs of the mount", true);
	}
	mw_buf_free(&pb);
	if (tmpfs > rest) {
		/* statfs counts tmpfs pages in swap too; Shmem does not */
		char sz[MW_FMT_BYTES_LEN];

		note(a, fmt(a, "tmpfs mounts hold %s more than Shmem: the "
		    "difference is in swap.", mw_amt_bytes(sz, tmpfs - rest)));
		split = false;
	}
	rest = split ? rest - tmpfs : 0;
	if (in->shm != NULL && in->shm->has_rss) {
		uint64_t r = in->shm->rss <= rest ? in->shm->rss : rest;

		add(a, 2, "shmem-sysv", fmt(a, "SysV segments (%zu)",
		    in->shm->segments), true, r, ACCT_SWAP,
		    "/proc/sysvipc/shm rss", true);
		rest -= r;
	} else {
		note(a, "SysV segments are not split out (/proc/sysvipc/shm "
		    "unreadable or without an rss column).");
	}
	add(a, 2, "shmem-other", "memfd, shared anonymous mappings, other "
	    "shmem", has_shmem, rest, ACCT_SWAP,
	    "Shmem - tmpfs - SysV", true);
}

static void
slab_line(const struct acct_input *in, struct account *a, const char *id,
    const char *label, bool reclaim, uint64_t bytes, bool known,
    const char *source)
{
	const struct sys_snapshot *s = in->sys;
	size_t *order, n = 0;

	add(a, 2, id, label, known, bytes, reclaim ? ACCT_SHRINK : ACCT_HELD,
	    source, true);
	if (!reclaim)
		return;
	if (!s->part[SYS_SLABINFO].have) {
		note(a, "The slab caches are not listed: /proc/slabinfo could "
		    "not be read (it is readable by root only).");
		return;
	}
	/* the largest caches, as information (slabinfo does not say which
	 * are reclaimable) */
	order = mw_xreallocarray(NULL, s->si.len + 1, sizeof(*order));
	sys_slab_order(&s->si, s->page_size, SLAB_SORT_SIZE, order);
	for (size_t i = 0; i < s->si.len && n < 5; i++, n++) {
		const struct slab_cache *c = &s->si.caches[order[i]];

		add(a, 3, "slab-cache", fmt(a, "cache %s", c->name), true,
		    sys_slab_size(c, s->page_size), ACCT_SHRINK, "slabinfo", false);
	}
	free(order);
}

static bool
is_stack_caller(const char *name)
{
	return strcmp(name, "alloc_thread_stack_node") == 0 ||
	    strcmp(name, "kernel_clone") == 0 ||
	    strcmp(name, "dup_task_struct") == 0 ||
	    strcmp(name, "copy_process") == 0;
}

static void
vmalloc_line(const struct acct_input *in, struct account *a,
    uint64_t used, bool has_used, uint64_t stacks)
{
	const struct vmallocinfo *vi = in->vmi;
	uint64_t ps = in->sys->page_size, stack_pages = 0;

	if (vi == NULL) {
		add(a, 1, "vmalloc", "vmalloc", has_used, used, ACCT_HELD,
		    "meminfo VmallocUsed", true);
		note(a, has_used && stacks > 0 ? "VmallocUsed holds the kernel "
		    "stacks too when they are vmalloc'ed (VMAP_STACK), counted "
		    "twice here: as root, /proc/vmallocinfo tells them apart "
		    "and names the callers." : "vmalloc is not split by caller: "
		    "/proc/vmallocinfo is readable by root only.");
		return;
	}
	for (size_t i = 0; i < vi->len; i++)
		if (is_stack_caller(vi->callers[i].name))
			stack_pages += vi->callers[i].pages;
	{
		uint64_t total = vi->pages * ps, st = stack_pages * ps;
		uint64_t own = total > st ? total - st : 0;

		add(a, 1, "vmalloc", "vmalloc (kernel stacks left out: counted "
		    "above)", true, own, ACCT_HELD,
		    "/proc/vmallocinfo pages=", true);
	}
	for (size_t i = 0, n = 0; i < vi->len && n < 5; i++) {
		if (is_stack_caller(vi->callers[i].name))
			continue;
		add(a, 2, "vmalloc-caller", fmt(a, "%s (%zu area%s)",
		    vi->callers[i].name, vi->callers[i].areas,
		    vi->callers[i].areas == 1 ? "" : "s"), true,
		    vi->callers[i].pages * ps, ACCT_HELD, "/proc/vmallocinfo",
		    false);
		n++;
	}
}

static void
hugetlb_lines(const struct meminfo *m, struct account *a)
{
	uint64_t tot, fr, rsvd, sz, all, pool;
	char tok[MW_AMT_TOK_LEN];
	bool has_all = mi(m, MI_HUGETLB, &all);
	bool has_pool = mi(m, MI_HUGEPAGES_TOTAL, &tot) &&
	    mi(m, MI_HUGEPAGES_FREE, &fr) && mi(m, MI_HUGEPAGESIZE, &sz);

	if (!has_pool || (tot == 0 && (!has_all || all == 0))) {
		if (has_pool && !has_all)
			has_all = true, all = 0;
		add(a, 1, "hugetlb", "hugetlb pools", has_all, all, ACCT_HELD,
		    "meminfo Hugetlb", true);
		return;
	}
	if (!mi(m, MI_HUGEPAGES_RSVD, &rsvd) || rsvd > fr)
		rsvd = 0;
	pool = tot * sz;
	if (!has_all || all < pool)
		all = pool;
	add(a, 1, "hugetlb", "hugetlb pools (taken from the page allocator "
	    "whole)", true, all, ACCT_GROUP, has_all ? "meminfo Hugetlb" :
	    "meminfo HugePages_Total", false);
	add(a, 2, "hugetlb-used", fmt(a, "in use, %s pages",
	    mw_amt_bytes(tok, sz)), true, (tot - fr) * sz, ACCT_HELD,
	    "HugePages_Total - HugePages_Free", true);
	add(a, 2, "hugetlb-reserved", "reserved for mappings, not yet "
	    "touched", true, rsvd * sz, ACCT_HELD, "HugePages_Rsvd", true);
	add(a, 2, "hugetlb-free", "free in the pool (no other use can take "
	    "it)", true, (fr - rsvd) * sz, ACCT_HELD,
	    "HugePages_Free - HugePages_Rsvd", true);
	add(a, 2, "hugetlb-other", "pools of the other huge page sizes", true,
	    all - pool, ACCT_HELD, "Hugetlb - the default size's pool", true);
}

/* Sum every group from the leaves below it. */
static uint64_t
sum_groups(struct account *a, bool *all_known)
{
	uint64_t total = 0;

	*all_known = true;
	for (size_t i = 0; i < a->len; i++) {
		struct acct_line *g = &a->v[i];

		if (g->leaf) {
			total += g->bytes;
			if (!g->known)
				*all_known = false;
		}
		if (g->fate != ACCT_GROUP)
			continue;
		/* an unknown part leaves the group at least its known parts */
		g->bytes = 0;
		g->known = true;
		for (size_t k = i + 1; k < a->len && a->v[k].depth > g->depth; k++)
			if (a->v[k].leaf) {
				g->bytes += a->v[k].known ? a->v[k].bytes : 0;
				g->known = g->known && a->v[k].known;
			}
	}
	return total;
}

static void
node_lines(const struct acct_input *in, struct account *a)
{
	a->nodes = mw_xreallocarray(NULL, in->nnodes + 1, sizeof(*a->nodes));
	a->nnodes = 0;
	for (size_t i = 0; i < in->nnodes; i++) {
		const struct meminfo *m = &in->node_mi[i];
		struct acct_node *n = &a->nodes[a->nnodes];
		uint64_t fp = 0, sh = 0, sc = 0, sr = 0, su = 0, ks = 0, pt = 0;
		uint64_t spt = 0, ht = 0, hs = 0, used;

		memset(n, 0, sizeof(*n));
		n->node = in->node_ids[i];
		if (!mi(m, MI_MEM_TOTAL, &n->total))
			continue;
		n->known = mi(m, MI_MEM_FREE, &n->free) &&
		    mi(m, MI_ANON_PAGES, &n->anon) &&
		    mi_named(m, "FilePages", &fp) && mi(m, MI_SHMEM, &sh);
		mi(m, MI_SWAP_CACHED, &sc);
		mi(m, MI_SRECLAIMABLE, &sr);
		mi(m, MI_SUNRECLAIM, &su);
		mi(m, MI_KERNEL_STACK, &ks);
		mi(m, MI_PAGE_TABLES, &pt);
		mi(m, MI_SEC_PAGE_TABLES, &spt);
		/* a node's HugePages_* count the default size's pages */
		if (mi(m, MI_HUGEPAGES_TOTAL, &ht) &&
		    meminfo_get(&in->sys->mi, MI_HUGEPAGESIZE, &hs))
			n->hugetlb = ht * hs;
		n->shmem = sh;
		/* FilePages holds the swap cache, buffers and shmem */
		n->file = fp > sh + sc ? fp - sh - sc : 0;
		n->slab = sr + su;
		n->kernel = ks + pt + spt;
		used = n->free + n->anon + n->file + sc + n->shmem + n->slab +
		    n->kernel + n->hugetlb;
		n->other = n->total > used ? n->total - used : 0;
		a->nnodes++;
	}
	a->nodes_read = a->nnodes > 0;
}

int
account_build(const struct acct_input *in, struct account *a)
{
	const struct meminfo *m = &in->sys->mi;
	uint64_t total, memfree, anon, buffers, cached, shmem, dirty, wb, wbt,
	    sc, sr, su, kr, ks, pt, spt, pc, vu, zs, hc, un, cache, sum;
	bool has_anon, has_shmem, has_cache, has_sr, has, known;

	memset(a, 0, sizeof(*a));
	mw_arena_init(&a->arena);
	if (!in->sys->part[SYS_MEMINFO].have || !mi(m, MI_MEM_TOTAL, &total))
		return -EINVAL;
	a->total = total;
	mi(m, MI_MEM_FREE, &memfree);
	has_anon = mi(m, MI_ANON_PAGES, &anon);
	has_shmem = mi(m, MI_SHMEM, &shmem);
	has_cache = mi(m, MI_BUFFERS, &buffers) & mi(m, MI_CACHED, &cached);

	free_lines(in, a, memfree);

	add(a, 0, "user", "user memory", true, 0, ACCT_GROUP, "", false);
	anon_lines(in, a, anon, has_anon);
	/* Cached holds Shmem; the page cache of files is the rest. */
	cache = buffers + cached > shmem ? buffers + cached - shmem : 0;
	mi(m, MI_DIRTY, &dirty);
	mi(m, MI_WRITEBACK, &wb);
	mi_named(m, "WritebackTmp", &wbt);
	add(a, 1, "page-cache", "page cache of files", has_cache, cache,
	    ACCT_GROUP, "meminfo Buffers + Cached - Shmem", false);
	{
		uint64_t d = dirty <= cache ? dirty : cache;
		uint64_t w = wb + wbt <= cache - d ? wb + wbt : cache - d;

		add(a, 2, "page-cache-clean", "clean", has_cache, cache - d - w,
		    ACCT_DROP, "the rest of the page cache", true);
		add(a, 2, "page-cache-dirty", "dirty", has_cache, d, ACCT_WRITE,
		    "meminfo Dirty", true);
		add(a, 2, "page-cache-writeback", "under writeback", has_cache, w,
		    ACCT_WRITE, "meminfo Writeback + WritebackTmp", true);
	}
	has = mi(m, MI_SWAP_CACHED, &sc);
	add(a, 1, "swap-cache", "swap cache (pages both in RAM and in swap)",
	    has, sc, ACCT_DROP, "meminfo SwapCached", true);
	shmem_lines(in, a, shmem, has_shmem);

	add(a, 0, "kernel", "kernel memory", true, 0, ACCT_GROUP, "", false);
	add(a, 1, "slab", "slab caches", true, 0, ACCT_GROUP, "meminfo Slab",
	    false);
	has_sr = mi(m, MI_SRECLAIMABLE, &sr);
	slab_line(in, a, "slab-reclaimable", "reclaimable (dentries, inodes)",
	    true, sr, has_sr, "meminfo SReclaimable");
	has = mi(m, MI_SUNRECLAIM, &su);
	slab_line(in, a, "slab-unreclaimable", "unreclaimable", false, su, has,
	    "meminfo SUnreclaim");
	has = mi(m, MI_KERNEL_STACK, &ks);
	add(a, 1, "kernel-stacks", "kernel stacks (one per thread)", has, ks,
	    ACCT_HELD, "meminfo KernelStack", true);
	has = mi(m, MI_PAGE_TABLES, &pt);
	add(a, 1, "page-tables", "page tables", has, pt, ACCT_HELD,
	    "meminfo PageTables", true);
	if (mi(m, MI_SEC_PAGE_TABLES, &spt))
		add(a, 1, "secondary-page-tables", "secondary page tables (KVM, "
		    "IOMMU)", true, spt, ACCT_HELD, "meminfo SecPageTables", true);
	has = mi(m, MI_PERCPU, &pc);
	add(a, 1, "percpu", "per-CPU areas", has, pc, ACCT_HELD,
	    "meminfo Percpu", true);
	/* VmallocUsed counts pages since 5.3 (Percpu came in 4.20, and
	 * between the two it read 0); before, it was address space,
	 * ioremaps included, not memory */
	has = mi(m, MI_VMALLOC_USED, &vu);
	if (has && vu > 0 && !meminfo_get(m, MI_PERCPU, &pc) && in->vmi == NULL) {
		note(a, "VmallocUsed of a kernel before 4.20 is address space "
		    "(ioremaps too), not memory: vmalloc is left unknown.");
		has = false;
	}
	vmalloc_line(in, a, vu, has, ks);
	hugetlb_lines(m, a);
	if (mi(m, MI_ZSWAP, &zs))
		add(a, 1, "zswap", "zswap pool (compressed swap in RAM)", true, zs,
		    ACCT_HELD, "meminfo Zswap", true);
	if (mi(m, MI_KRECLAIMABLE, &kr) && has_sr)
		add(a, 1, "kernel-reclaimable-other", "other reclaimable kernel "
		    "memory", true, kr > sr ? kr - sr : 0, ACCT_SHRINK,
		    "meminfo KReclaimable - SReclaimable", true);
	if (mi(m, MI_HARDWARE_CORRUPTED, &hc) && hc > 0)
		add(a, 1, "hardware-corrupted", "pages taken out for hardware "
		    "errors", true, hc, ACCT_HELD, "meminfo HardwareCorrupted",
		    true);
	if (mi_named(m, "Unaccepted", &un) && un > 0)
		add(a, 0, "unaccepted", "not yet accepted (confidential VMs)",
		    true, un, ACCT_FREE, "meminfo Unaccepted", true);

	sum = sum_groups(a, &known);
	if (sum > total) {
		a->overlap = true;
		a->overlap_bytes = sum - total;
	}
	add(a, 0, "unaccounted", known ? "in no counter (driver pages "
	    "from alloc_pages, early and firmware-shared buffers)" :
	    "in no counter, or in the counters unknown above", true,
	    a->overlap ? 0 : total - sum, ACCT_UNKNOWN,
	    "MemTotal - every line above", true);
	if (a->overlap) {
		char sz[MW_FMT_BYTES_LEN];

		/* a negative line, said, so that the lines still add up */
		add(a, 0, "overlap", "counted twice above (the counters "
		    "overlap)", true, a->overlap_bytes, ACCT_UNKNOWN,
		    "every line above - MemTotal", true)->negative = true;
		note(a, fmt(a, "The counters add up to %s more than MemTotal: "
		    "they overlap (mapped swap cache pages are anonymous too; "
		    "vmalloc'ed kernel stacks are in both), and the line "
		    "\"counted twice\" takes it back.",
		    mw_amt_bytes(sz, a->overlap_bytes)));
	}

	if (in->sys->part[SYS_ZONEINFO].have) {
		uint64_t managed = 0;

		for (size_t i = 0; i < in->sys->zi.len; i++) {
			const struct zone_info *z = &in->sys->zi.zones[i];

			if (!zone_has(z, ZF_PRESENT) || !zone_has(z, ZF_MANAGED))
				continue;
			managed += sys_bytes(in->sys, z->val[ZF_MANAGED]);
			a->present += sys_bytes(in->sys, z->val[ZF_PRESENT]);
			if (z->val[ZF_PRESENT] > z->val[ZF_MANAGED])
				a->reserved += sys_bytes(in->sys,
				    z->val[ZF_PRESENT] - z->val[ZF_MANAGED]);
		}
		/* MemTotal is the zones' managed pages: where they do not add
		 * up to it (memory added after boot on some hypervisors), the
		 * zones cannot tell what lies outside it. */
		a->managed = managed;
		a->has_reserved = managed + managed / 100 >= total &&
		    managed <= total + total / 100;
		if (!a->has_reserved && managed > 0) {
			char s1[MW_FMT_BYTES_LEN], s2[MW_FMT_BYTES_LEN];

			note(a, fmt(a, "zoneinfo's managed pages add up to %s, not "
			    "to MemTotal (%s), so what lies outside MemTotal "
			    "cannot be told from the zones.",
			    mw_amt_bytes(s1, managed),
			    mw_amt_bytes(s2, total)));
		}
	}
	node_lines(in, a);
	return 0;
}

void
account_free(struct account *a)
{
	free(a->v);
	free(a->notes);
	free(a->nodes);
	mw_arena_free(&a->arena);
	memset(a, 0, sizeof(*a));
}
