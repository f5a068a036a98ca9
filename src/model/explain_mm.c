/* model/explain_mm.c: a process's explain, from the kernel's side: the THP
 * mode that decides whether it gets huge pages, and its page faults. */
#include "config.h"
#include "model/explain.h"

#include <inttypes.h>
#include <string.h>

#include "model/explain_say.h"
#include "model/snapshot.h"
#include "parse/smaps.h"
#include "util/amount.h"
#include "util/buf.h"

static size_t
marked(const struct proc_snapshot *snap, enum vmflag f)
{
	size_t n = 0;

	for (size_t i = 0; i < snap->vmas.len; i++)
		n += snap->vmas.v[i].has_vmflags &&
		    (snap->vmas.v[i].vmflags >> f & 1);
	return n;
}

static void
thp_reason(struct explain *ex, const struct proc_snapshot *snap,
    const char *en, const char *df)
{
	size_t hg = marked(snap, VMF_HG), nh = marked(snap, VMF_NH);
	struct mw_buf b;

	if (en == NULL || !(ex->has_fact >> EF_ANON_HUGE_PAGES & 1) ||
	    ex->fact[EF_ANON_HUGE_PAGES] != 0)
		return;
	mw_buf_init(&b);
	if (strcmp(en, "never") == 0) {
		mw_buf_adds(&b, "No huge pages: THP is in 'never' mode (/sys/kernel/mm/transparent_hugepage/enabled), so no fault gets one, whatever the program asks.");
	} else if (strcmp(en, "madvise") == 0 && hg == 0) {
		mw_buf_printf(&b, "No huge pages: THP is in 'madvise' mode, where only regions a program marks with madvise(MADV_HUGEPAGE) get them, and none of this process's %zu mappings is marked (VmFlags hg).",
		    snap->vmas.len);
	} else if (strcmp(en, "madvise") == 0) {
		mw_buf_printf(&b, "THP is in 'madvise' mode and %zu mapping%s marked with madvise(MADV_HUGEPAGE) (VmFlags hg), yet none holds a huge page: one needs an aligned range of " MW_AMT_2M " written to, and at the fault a free " MW_AMT_2M " block",
		    hg, hg == 1 ? " is" : "s are");
		if (df != NULL)
			mw_buf_printf(&b, " (defrag '%s'%s)", df,
			    strcmp(df, "never") == 0 ? ": no compaction to make one" :
			    ": or compaction to make one");
		mw_buf_adds(&b, ".");
	}
	if (b.len > 0 && nh > 0)
		mw_buf_printf(&b, " %zu mapping%s refused huge pages with madvise(MADV_NOHUGEPAGE) (VmFlags nh).",
		    nh, nh == 1 ? "" : "s");
	if (b.len > 0)
		explain_emit(ex, EXPLAIN_THP, "thp-mode", false, 0, "%s", b.data);
	mw_buf_free(&b);
}

static void
faults(struct explain *ex, const struct proc_snapshot *snap)
{
	struct mw_buf b;

	if (!snap->has_faults)
		return;
	mw_buf_init(&b);
	mw_buf_printf(&b, "Since it started the process took %" PRIu64 " minor page faults (a page mapped without reading anything: the first touch of anonymous memory, copy-on-write, a file page already in the page cache) and %" PRIu64 " major ones (the page had to be read from disk or swap first).",
	    snap->minflt, snap->majflt);
	explain_emit(ex, EXPLAIN_SPACE, "faults", false, 0, "%s", b.data);
	mw_buf_free(&b);
}

void
explain_mm(struct explain *ex, const struct proc_snapshot *snap,
    const char *thp_enabled, const char *thp_defrag)
{
	faults(ex, snap);
	thp_reason(ex, snap, thp_enabled, thp_defrag);
}
