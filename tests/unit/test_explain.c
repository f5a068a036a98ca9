/* tests/unit/test_explain.c: model/explain.c on hand-made and captured
 * snapshots. */
#include "config.h"

#include "model/explain.h"
#include "model/snapshot.h"
#include "model/vma.h"
#include "source.h"
#include "tap.h"
#include "said.h"
#include "util/err.h"

#define KIB(n) ((uint64_t)(n) * 1024)

static struct vma *
add_vma(struct proc_snapshot *s, uint64_t start, uint64_t size,
    const char *perms, const char *path, uint64_t rss)
{
	struct vma *v = vma_vec_push(&s->vmas);

	v->start = start;
	v->end = start + size;
	memcpy(v->perms, perms, 5);
	if (path != NULL) {
		v->path = path;
		v->path_len = strlen(path);
	}
	smaps_set(v, SMAPS_SIZE, size);
	smaps_set(v, SMAPS_RSS, rss);
	smaps_set(v, SMAPS_PSS, rss);
	smaps_set(v, SMAPS_PRIVATE_CLEAN, 0);
	smaps_set(v, SMAPS_PRIVATE_DIRTY, rss);
	smaps_set(v, SMAPS_SHARED_CLEAN, 0);
	smaps_set(v, SMAPS_SHARED_DIRTY, 0);
	smaps_set(v, SMAPS_SWAP, 0);
	smaps_set(v, SMAPS_SWAP_PSS, 0);
	smaps_set(v, SMAPS_LOCKED, 0);
	smaps_set(v, SMAPS_ANON_HUGE_PAGES, 0);
	smaps_set(v, SMAPS_THP_ELIGIBLE, 0);
	return v;
}

/* The seed experiment: malloc(1575936) and malloc(8388999), both ends
 * written; the kernel merged the two blocks into one mapping. */
static void
test_seed(void)
{
	struct proc_snapshot s;
	struct explain ex;
	const struct finding *f;
	uint64_t anon = 9969664;	/* 2434 pages */

	snapshot_init(&s);
	s.pid = 42;
	s.page_size = 4096;
	add_vma(&s, 0x555500000000, KIB(8), "r-xp", "/usr/bin/seed", KIB(8));
	add_vma(&s, 0x555500100000, KIB(132), "rw-p", "[heap]", KIB(8));
	add_vma(&s, 0x7f0000000000, anon, "rw-p", NULL, KIB(16));
	add_vma(&s, 0x7f1000000000, KIB(4), "---p", NULL, 0);
	add_vma(&s, 0x7f1000001000, KIB(8188), "rw-p", NULL, KIB(12));
	add_vma(&s, 0x7ffd00000000, KIB(132), "rw-p", "[stack]", KIB(12));
	add_vma(&s, 0xffffffffff600000, KIB(4), "--xp", "[vsyscall]", 0);
	snapshot_sum(&s);
	s.has_oom = true;
	s.oom_score = 667;
	s.oom_score_adj = 0;
	explain_build(&s, &ex);

	is_u64(ex.fact[EF_VSZ], KIB(8 + 132 + 4 + 8188 + 132) + anon,
	    "VSZ leaves out [vsyscall]");
	is_u64(ex.fact[EF_RSS], KIB(8 + 8 + 16 + 12 + 12), "RSS from totals");
	is_u64(ex.fact[EF_UNTOUCHED_ANON],
	    KIB(124) + anon - KIB(16) + KIB(8188 - 12) + KIB(120),
	    "untouched anonymous memory");
	is_u64(ex.fact[EF_GUARD], KIB(4), "guard");
	is_u64(ex.fact[EF_BIG_ANON_MAPPINGS], 2, "two anon maps >= 128 KiB");
	ok(ex.ntop >= 2 && ex.top[0].vma->start == 0x7f0000000000 &&
	    ex.top[0].untouched == anon - KIB(16),
	    "the malloc blocks are the largest reservation");
	ok(ex.ntop >= 2 && !ex.top[1].thread_stack && !ex.top[0].thread_stack,
	    "a guard region below is no proof of a thread stack");
	{
		static uint64_t sp[] = { 0x7ffd00010000, 0x7f1000700000 };
		static pid_t tid[] = { 100, 101 };
		struct explain st;

		s.thread_sp = sp, s.thread_tid = tid, s.nthreads = 2;
		explain_build(&s, &st);
		ok(st.ntop >= 2 && st.top[1].thread_stack &&
		    !st.top[0].thread_stack,
		    "a mapping holding a thread's stack pointer is its stack");
		f = finding_find(&st.findings, "untouched-mapping");
		for (size_t i = 0; i < st.findings.len; i++)
			if (strstr(st.findings.v[i].text, "7f1000001000") != NULL)
				f = &st.findings.v[i];
		ok(f != NULL && strstr(f->text, "stack of thread 101") != NULL,
		    "and is named for it: %s", f ? f->text : "(none)");
		explain_free(&st);
		s.thread_sp = NULL, s.thread_tid = NULL, s.nthreads = 0;
	}
	f = finding_find(&ex.findings, "untouched-mapping");
	ok(f != NULL && f->bytes == anon - KIB(16), "finding bytes");
	ok(f != NULL && strstr(said(f->text), "9.5M reserved") != NULL &&
	    strstr(said(f->text), "16K resident (4 pages)") != NULL,
	    "finding names 9.5M reserved, 4 pages resident: %s",
	    said(f ? f->text : "(none)"));
	f = finding_find(&ex.findings, "untouched-anon");
	ok(f != NULL && strstr(f->text, "lazily") != NULL,
	    "lazy allocation explained");
	{
		struct explain exact;
		char want[64];

		explain_build(&s, &exact);
		f = finding_find(&exact.findings, "untouched-mapping");
		snprintf(want, sizeof(want), "%llu bytes reserved",
		    (unsigned long long)(anon));
		ok(f != NULL && strstr(said_as(f->text, 1), want) != NULL &&
		    strstr(said_as(f->text, 1), "9.5M") == NULL,
		    "exact (--bytes): the sizes as byte counts: %s",
		    said_as(f ? f->text : "(none)", 1));
		explain_free(&exact);
		f = finding_find(&ex.findings, "untouched-anon");
	}
	f = finding_find(&ex.findings, "mmap-threshold");
	ok(f != NULL && strstr(said(f->text), "128K") != NULL,
	    "the mmap threshold explained");
	{
		size_t ones = 0, plural_one = 0;

		for (size_t i = 0; i < ex.findings.len; i++) {
			ones += strstr(ex.findings.v[i].text, " 1 mapping") != NULL;
			plural_one += strstr(ex.findings.v[i].text,
			    " 1 mappings") != NULL;
		}
		ok(ones > 0 && plural_one == 0,
		    "one mapping is 'mapping', not 'mappings' (%zu findings)", ones);
	}
	ok(finding_find(&ex.findings, "swapped-out") == NULL,
	    "nothing swapped: no swapped-out finding");
	f = finding_find(&ex.findings, "swap");
	ok(f != NULL && f->has_bytes && f->bytes == 0 &&
	    strstr(said(f->text), "0 bytes") != NULL, "swap in one line with 0");
	f = finding_find(&ex.findings, "oom");
	ok(f != NULL && !f->has_bytes && strstr(f->text, "667") != NULL,
	    "oom score quoted");
	for (size_t i = 1; i < ex.findings.len; i++)
		if (ex.section[i] < ex.section[i - 1])
			ok(0, "sections out of order at %zu", i);
	ok(ex.section[0] == EXPLAIN_SPACE, "space section first");
	explain_free(&ex);
	snapshot_free(&s);
}

static void
test_kernel_thread(void)
{
	struct proc_snapshot s;
	struct explain ex;

	snapshot_init(&s);
	s.pid = 2;
	explain_build(&s, &ex);
	ok(ex.findings.len == 1 &&
	    strcmp(ex.findings.v[0].id, "no-mappings") == 0 &&
	    strstr(ex.findings.v[0].text, "0 mappings") != NULL,
	    "kernel thread: one finding");
	explain_free(&ex);
	snapshot_free(&s);
}

/* A captured process: the facts come from its smaps_rollup. */
static void
test_capture(void)
{
	struct mw_source src = { .root_fd = -1 };
	struct proc_snapshot s;
	struct explain ex;
	struct mw_err err;
	char root[4096];

	mw_err_clear(&err);
	snprintf(root, sizeof(root), "%s", tap_src("samples/proc/debian12-6.18-a"));
	if (mw_source_open(&src, root, &err) < 0 ||
	    snapshot_take(&src, 1185, SNAP_VMAS, &s, &err) < 0) {
		ok(0, "capture 1185 readable: %s", err.msg);
		mw_source_close(&src);
		return;
	}
	explain_build(&s, &ex);
	ok(s.has_rollup && ex.fact[EF_RSS] == s.totals.val[SMAPS_RSS] &&
	    ex.fact[EF_PSS] == s.totals.val[SMAPS_PSS],
	    "capture: RSS and PSS are the rollup's");
	ok(ex.fact[EF_UNTOUCHED_ANON] + ex.fact[EF_UNTOUCHED_FILE] +
	    ex.fact[EF_GUARD] + ex.fact[EF_OTHER] + ex.fact[EF_SWAP] +
	    ex.fact[EF_RSS] >= ex.fact[EF_VSZ] - 4096 * s.vmas.len,
	    "capture: the parts add up to VSZ");
	ok(finding_find(&ex.findings, "vsz-rss") != NULL &&
	    finding_find(&ex.findings, "rss-pss") != NULL &&
	    finding_find(&ex.findings, "oom") != NULL,
	    "capture: %zu findings, the main ones present", ex.findings.len);
	for (size_t i = 0; i < ex.findings.len; i++)
		if (strpbrk(ex.findings.v[i].text, "0123456789") == NULL)
			ok(0, "finding %s carries no number", ex.findings.v[i].id);
	explain_free(&ex);
	snapshot_free(&s);
	mw_source_close(&src);
}

/* The sentences a second read against the kernel corrected. */
static void
test_kernel_semantics(void)
{
	struct proc_snapshot s;
	struct explain ex;
	const struct finding *f;
	struct vma *v;

	snapshot_init(&s);
	s.pid = 43;
	add_vma(&s, 0x400000, KIB(64), "rw-p", NULL, KIB(64));
	v = add_vma(&s, 0x500000, KIB(4), "---p", NULL, 0);
	smaps_set(v, SMAPS_ANON_HUGE_PAGES, 0);
	v = add_vma(&s, 0x600000, KIB(4096), "rw-p", NULL, KIB(4096));
	smaps_set(v, SMAPS_ANON_HUGE_PAGES, KIB(2048));
	smaps_set(v, SMAPS_THP_ELIGIBLE, 1);
	snapshot_sum(&s);
	s.page_size = 65536;
	s.has_oom = true;
	s.oom_score = 0;
	s.oom_score_adj = -999;
	explain_build(&s, &ex);
	f = finding_find(&ex.findings, "oom");
	ok(f != NULL && strstr(f->text, "will not choose") == NULL &&
	    strstr(f->text, "only oom_score_adj -1000 exempts") != NULL,
	    "oom_score 0 with adj -999 is not called exempt: %s",
	    f ? f->text : "(none)");
	f = finding_find(&ex.findings, "guard");
	ok(f != NULL && strstr(f->text, "in 1 region has no access") != NULL,
	    "one guard region, in the singular: %s", f ? f->text : "(none)");
	f = finding_find(&ex.findings, "thp");
	ok(f != NULL && strstr(said(f->text), "512M pages that need one TLB entry instead of 8192") != NULL,
	    "64 KiB pages: a huge page is 512 MiB, 8192 entries: %s",
	    said(f ? f->text : "(none)"));
	explain_free(&ex);
	s.oom_score_adj = -1000;
	explain_build(&s, &ex);
	f = finding_find(&ex.findings, "oom");
	ok(f != NULL && strstr(f->text, "will not choose") != NULL,
	    "oom_score_adj -1000: exempt");
	explain_free(&ex);
	snapshot_free(&s);
}

int
main(void)
{
	test_seed();
	test_kernel_semantics();
	test_kernel_thread();
	test_capture();
	return tap_done();
}
