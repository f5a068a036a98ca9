/* model/cgroup_explain.c: one memory cgroup in plain language. */
#include "config.h"
#include "model/cgroup_explain.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "util/buf.h"
#include "util/amount.h"
#include "util/units.h"

#define SZ MW_FMT_BYTES_LEN

struct ctx {
	const struct cgroup *c;
	const char *path, *limit_path;	/* c's, as sentences hold names */
	const struct cg_hier *h;
	struct finding_list *out;
	char s[6][SZ];
};

static const char *
sz(struct ctx *x, int i, uint64_t v)
{
	return mw_amt_bytes(x->s[i], v);	/* render/ formats it */
}

static bool
stat(struct ctx *x, const char *name, uint64_t *v)
{
	return cg_stat(x->c, x->h->version, name, v);
}

static const char *
file_of(const struct ctx *x, enum cg_field f)
{
	return x->h->version == 2 ? cg_fields[f].v2 : cg_fields[f].v1;
}

static void
usage(struct ctx *x)
{
	const struct cgroup *c = x->c;
	uint64_t u = c->val[CG_CURRENT];
	struct mw_buf b;

	if (!cg_has(c, CG_CURRENT)) {
		finding_printf(x->out, "usage", false, 0,
		    "The usage of %s is unknown: %s could not be read.",
		    x->path, file_of(x, CG_CURRENT));
		return;
	}
	mw_buf_init(&b);
	mw_buf_printf(&b, "%s has %s of memory charged to it (%s, its "
	    "descendants included).", x->path, sz(x, 0, u),
	    file_of(x, CG_CURRENT));
	if (!c->has_limit) {
		mw_buf_printf(&b, " No limit is set on it or above it: only the "
		    "machine's memory bounds it, and the kernel's OOM killer "
		    "would act for the whole machine.");
	} else {
		const char *where = strcmp(c->limit_path, c->path) == 0 ?
		    "set here" : NULL;
		char up[4200];

		if (where == NULL) {
			snprintf(up, sizeof(up), "set on %s", x->limit_path);
			where = up;
		}
		if (u <= c->limit)
			mw_buf_printf(&b, " Its tightest limit is %s (memory.%s, "
			    "%s): %s of headroom, %.0f%% used.", sz(x, 1, c->limit),
			    c->limit_key, where, sz(x, 2, c->limit - u),
			    c->limit ? 100.0 * (double)u / (double)c->limit : 100.0);
		else
			mw_buf_printf(&b, " That is %s over its tightest limit of "
			    "%s (memory.%s, %s).", sz(x, 2, u - c->limit),
			    sz(x, 1, c->limit), c->limit_key, where);
	}
	if (cg_has(c, CG_PEAK))
		mw_buf_printf(&b, " The most it has held is %s (%s).",
		    sz(x, 3, c->val[CG_PEAK]), file_of(x, CG_PEAK));
	finding_add(x->out, "usage", true, u, b.data);
	mw_buf_free(&b);
}

static void
charged(struct ctx *x)
{
	uint64_t anon, file, shmem, v;
	struct mw_buf b;

	if (!stat(x, "anon", &anon) || !stat(x, "file", &file)) {
		if (!x->c->has_stat)
			finding_add(x->out, "charged", false, 0,
			    "How the usage splits is unknown: memory.stat could "
			    "not be read.");
		return;
	}
	mw_buf_init(&b);
	mw_buf_printf(&b, "What is charged: %s anonymous (heap, stacks, "
	    "private mappings: it can only leave RAM through swap) and %s of "
	    "page cache (files read or written here, %s)", sz(x, 0, anon),
	    sz(x, 1, file), x->h->version == 2 ? "memory.stat file" :
	    "memory.stat cache");
	if (stat(x, "shmem", &shmem) && shmem > 0)
		mw_buf_printf(&b, ", of which %s is shared memory (tmpfs, "
		    "/dev/shm, shared anonymous mappings): it counts as page "
		    "cache but cannot be dropped, only swapped", sz(x, 2, shmem));
	mw_buf_adds(&b, ".");
	if (x->h->version == 2 && cg_kv_get(&x->c->stat, "kernel", &v)) {
		uint64_t slab = 0, stk = 0, pt = 0, sock = 0;

		cg_kv_get(&x->c->stat, "slab", &slab);
		cg_kv_get(&x->c->stat, "kernel_stack", &stk);
		cg_kv_get(&x->c->stat, "pagetables", &pt);
		cg_kv_get(&x->c->stat, "sock", &sock);
		mw_buf_printf(&b, " The kernel's memory for it is %s: slab %s, "
		    "kernel stacks %s, page tables %s, ", sz(x, 0, v),
		    sz(x, 1, slab), sz(x, 2, stk), sz(x, 3, pt));
		mw_buf_printf(&b, "socket buffers %s.", sz(x, 0, sock));
	} else if (x->h->version == 1 && cg_has(x->c, CG_KMEM_USAGE)) {
		mw_buf_printf(&b, " The kernel's memory for it (slab, stacks, "
		    "page tables: memory.kmem.usage_in_bytes) is %s, and counts "
		    "in the usage too.", sz(x, 0, x->c->val[CG_KMEM_USAGE]));
	}
	if (x->h->version == 1 && cg_has(x->c, CG_CURRENT)) {
		uint64_t u = x->c->val[CG_CURRENT], k = 0, sum;

		if (cg_has(x->c, CG_KMEM_USAGE))
			k = x->c->val[CG_KMEM_USAGE];
		sum = anon + file + k;
		mw_buf_printf(&b, " memory.usage_in_bytes (%s) is rss + cache%s "
		    "(%s), %s %s: the kernel batches charges per CPU, so the "
		    "usage file is approximate.", sz(x, 0, u),
		    cg_has(x->c, CG_KMEM_USAGE) ? " + kernel memory" : "",
		    sz(x, 1, sum), sum > u ? "above it by" : "below it by",
		    sz(x, 2, sum > u ? sum - u : u - sum));
	}
	finding_add(x->out, "charged", true, anon + file, b.data);
	mw_buf_free(&b);
}

static void
reclaim(struct ctx *x)
{
	uint64_t r, inf = 0, af = 0, dirty = 0, wb = 0, slab = 0, anon = 0;
	struct mw_buf b;

	if (!cg_reclaimable(x->c, x->h->version, &r))
		return;
	stat(x, "inactive_file", &inf);
	stat(x, "active_file", &af);
	stat(x, "file_dirty", &dirty);
	stat(x, "file_writeback", &wb);
	stat(x, "anon", &anon);
	if (x->h->version == 2)
		cg_kv_get(&x->c->stat, "slab_reclaimable", &slab);
	mw_buf_init(&b);
	mw_buf_printf(&b, "Before it kills a process here at the limit, the "
	    "kernel reclaims: about %s could be taken back (page cache %s, "
	    "the inactive %s first", sz(x, 0, r), sz(x, 1, inf + af),
	    sz(x, 2, inf));
	if (x->h->version == 2)
		mw_buf_printf(&b, ", and reclaimable slab %s", sz(x, 3, slab));
	mw_buf_adds(&b, ")");
	if (dirty + wb > 0)
		mw_buf_printf(&b, "; %s of the cache is dirty or under writeback "
		    "and must reach the disk first", sz(x, 4, dirty + wb));
	if (x->h->version == 2 && cg_has(x->c, CG_SWAP_MAX) &&
	    !cg_unlimited(x->c, CG_SWAP_MAX) && x->c->val[CG_SWAP_MAX] == 0)
		mw_buf_printf(&b, ". The %s anonymous cannot leave RAM: "
		    "memory.swap.max is 0, so no swap is allowed here.",
		    sz(x, 5, anon));
	else
		mw_buf_printf(&b, ". The %s anonymous can only go to swap, where "
		    "swap is available to the cgroup.", sz(x, 5, anon));
	finding_add(x->out, "reclaimable", true, r, b.data);
	mw_buf_free(&b);
}

static void
high(struct ctx *x)
{
	const struct cgroup *c = x->c;
	uint64_t n = 0;
	bool has_n;

	if (x->h->version != 2 || !cg_has(c, CG_HIGH) || cg_unlimited(c, CG_HIGH) ||
	    !cg_has(c, CG_CURRENT))
		return;
	has_n = c->has_events && cg_kv_get(&c->events, "high", &n);
	if (c->val[CG_CURRENT] > c->val[CG_HIGH])
		finding_printf(x->out, "throttled", true,
		    c->val[CG_CURRENT] - c->val[CG_HIGH],
		    "Usage is %s above memory.high (%s): every allocation here "
		    "now reclaims first and is slowed down (throttled), which is "
		    "why a cgroup near memory.high is slow; memory.high never "
		    "kills.%s", sz(x, 0, c->val[CG_CURRENT] - c->val[CG_HIGH]),
		    sz(x, 1, c->val[CG_HIGH]), has_n && n > 0 ?
		    " memory.events counts the times it went over." : "");
	else
		finding_printf(x->out, "throttled", true,
		    c->val[CG_HIGH] - c->val[CG_CURRENT],
		    "memory.high is %s: usage is %s below it, so it is not "
		    "throttled now%s%" PRIu64 " time%s over it since the cgroup "
		    "was created).", sz(x, 1, c->val[CG_HIGH]),
		    sz(x, 0, c->val[CG_HIGH] - c->val[CG_CURRENT]),
		    has_n ? " (memory.events: " : " (",
		    has_n ? n : 0, n == 1 ? "" : "s");
}

/* "no process was OOM-killed", "1 process was ...", "3 processes were ...". */
static void
kills(struct mw_buf *b, bool known, uint64_t n, const char *unknown)
{
	if (!known)
		mw_buf_adds(b, unknown);
	else if (n == 0)
		mw_buf_adds(b, "no process was OOM-killed");
	else
		mw_buf_printf(b, "%" PRIu64 " process%s OOM-killed", n,
		    n == 1 ? " was" : "es were");
}

static void
events(struct ctx *x)
{
	const struct cgroup *c = x->c;
	uint64_t mx = 0, oom = 0, kill = 0, under = 0;
	struct mw_buf b;
	bool k;

	mw_buf_init(&b);
	if (x->h->version == 2) {
		if (!c->has_events)
			goto out;
		cg_kv_get(&c->events, "max", &mx);
		cg_kv_get(&c->events, "oom", &oom);
		k = cg_kv_get(&c->events, "oom_kill", &kill);
		mw_buf_printf(&b, "Since the cgroup was created (memory.events, "
		    "descendants included): usage reached memory.max %" PRIu64
		    " time%s (the kernel reclaimed then), an allocation failed "
		    "there %" PRIu64 " time%s (oom), and ", mx, mx == 1 ? "" : "s",
		    oom, oom == 1 ? "" : "s");
		kills(&b, k, kill, "OOM kills are not counted by this kernel");
		mw_buf_adds(&b, ".");
	} else {
		if (!cg_has(c, CG_FAILCNT) && !c->has_events)
			goto out;
		k = c->has_events && cg_kv_get(&c->events, "oom_kill", &kill);
		if (c->has_events)
			cg_kv_get(&c->events, "under_oom", &under);
		if (!cg_has(c, CG_FAILCNT))
			mw_buf_adds(&b, "How often usage hit the limit is unknown");
		else if (c->val[CG_FAILCNT] == 0 && cg_has(c, CG_PEAK) &&
		    cg_has(c, CG_MAX) && !cg_unlimited(c, CG_MAX) &&
		    c->val[CG_PEAK] + 65536 >= c->val[CG_MAX])
			mw_buf_printf(&b, "Usage reached the limit (its peak, %s, "
			    "is the limit), though memory.failcnt says 0: this "
			    "kernel does not count there",
			    sz(x, 0, c->val[CG_PEAK]));
		else
			mw_buf_printf(&b, "Usage hit the limit %" PRIu64 " time%s "
			    "(memory.failcnt: each time the kernel had to reclaim "
			    "first)", c->val[CG_FAILCNT],
			    c->val[CG_FAILCNT] == 1 ? "" : "s");
		if (cg_has(c, CG_MEMSW_FAILCNT) && c->val[CG_MEMSW_FAILCNT] > 0)
			mw_buf_printf(&b, ", memory and swap together hit their "
			    "limit %" PRIu64 " time%s (memory.memsw.failcnt)",
			    c->val[CG_MEMSW_FAILCNT],
			    c->val[CG_MEMSW_FAILCNT] == 1 ? "" : "s");
		mw_buf_adds(&b, "; ");
		kills(&b, k, kill, "OOM kills are not counted here "
		    "(memory.oom_control has no oom_kill)");
		mw_buf_adds(&b, under ? "; it is in an OOM state now "
		    "(memory.oom_control under_oom 1)." : ".");
	}
	finding_add(x->out, "events", false, 0, b.data);
out:
	mw_buf_free(&b);
}

static void
procs(struct ctx *x, const struct cg_procs_sum *ps)
{
	const struct cgroup *c = x->c;
	uint64_t file = 0, shmem = 0;
	struct mw_buf b;

	if (ps == NULL || !cg_has(c, CG_CURRENT))
		return;
	mw_buf_init(&b);
	if (ps->listed == 0) {
		mw_buf_printf(&b, "No process is in %s itself", x->path);
		if (c->has_nprocs)
			mw_buf_adds(&b, " (its descendants may hold some)");
		mw_buf_printf(&b, ", yet %s is charged to it: pages stay charged "
		    "to the cgroup that first touched them (page cache of files "
		    "read here, shared memory) after the processes that touched "
		    "them have left.", sz(x, 0, c->val[CG_CURRENT]));
		finding_add(x->out, "rss-vs-usage", true, c->val[CG_CURRENT],
		    b.data);
		mw_buf_free(&b);
		return;
	}
	if (!ps->has_rss || ps->read == 0) {
		mw_buf_printf(&b, "The RSS of the %zu process%s in %s could not be "
		    "read (no smaps_rollup, or another user's: as root it can be "
		    "compared with the usage).", ps->listed,
		    ps->listed == 1 ? "" : "es", x->path);
		finding_add(x->out, "rss-vs-usage", false, 0, b.data);
		mw_buf_free(&b);
		return;
	}
	stat(x, "file", &file);
	stat(x, "shmem", &shmem);
	mw_buf_printf(&b, "Its %zu process%s%s add%s up to %s of RSS", ps->read,
	    ps->read == 1 ? "" : "es",
	    ps->read < ps->listed ? " that could be read" : "",
	    ps->read == 1 ? "s" : "", sz(x, 0, ps->rss));
	if (ps->has_pss)
		mw_buf_printf(&b, " (%s PSS)", sz(x, 1, ps->pss));
	mw_buf_printf(&b, ", against a usage of %s. They differ because the "
	    "usage counts page cache (%s here) whether mapped or not, kernel "
	    "memory, and every page charged to this cgroup when first touched "
	    "(even by processes now gone), each page once; RSS counts only "
	    "pages mapped by the processes, counts a shared page in every "
	    "process that maps it, and counts pages charged to other cgroups.",
	    sz(x, 2, c->val[CG_CURRENT]), sz(x, 3, file));
	finding_add(x->out, "rss-vs-usage", true, ps->rss, b.data);
	mw_buf_free(&b);
}

static void
pressure(struct ctx *x)
{
	const struct cgroup *c = x->c;
	uint64_t s10, f10;

	if (!c->has_pressure || !cg_kv_get(&c->pressure, "some_avg10", &s10))
		return;
	if (!cg_kv_get(&c->pressure, "full_avg10", &f10))
		f10 = 0;
	if (s10 == 0 && f10 == 0) {
		finding_add(x->out, "pressure", false, 0,
		    "No task here waited for memory in the last 10 seconds "
		    "(memory.pressure some avg10 0.00).");
		return;
	}
	finding_printf(x->out, "pressure", false, 0,
	    "Over the last 10 seconds, some task here was waiting for memory "
	    "(reclaim, swap-in, refaults) %" PRIu64 ".%02" PRIu64 "%% of the "
	    "time, and all of them at once %" PRIu64 ".%02" PRIu64 "%% "
	    "(memory.pressure some and full avg10).", s10 / 100, s10 % 100,
	    f10 / 100, f10 % 100);
}

void
cgroup_explain(const struct cgroup *c, const struct cg_hier *h,
    const struct cg_procs_sum *ps, struct finding_list *out)
{
	struct ctx x = { .c = c, .h = h, .out = out };
	struct mw_buf path, limit_path;

	mw_buf_init(&path);
	mw_buf_init(&limit_path);
	x.path = mw_plain(&path, c->path, strlen(c->path));
	if (c->limit_path != NULL)
		x.limit_path = mw_plain(&limit_path, c->limit_path,
		    strlen(c->limit_path));
	usage(&x);
	charged(&x);
	reclaim(&x);
	high(&x);
	events(&x);
	pressure(&x);
	procs(&x, ps);
	mw_buf_free(&path);
	mw_buf_free(&limit_path);
}
