/* model/system_explain_shmem.c: shared memory, the page cache that stays. */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "model/account.h"
#include "model/finding.h"
#include "model/system.h"
#include "model/system_explain.h"
#include "util/buf.h"
#include "util/amount.h"
#include "util/units.h"

#define SHOWN 3

static const char *
fsz(char out[MW_FMT_BYTES_LEN], uint64_t v)
{
	return mw_amt_bytes(out, v);
}

void
sys_explain_shmem(const struct sys_snapshot *s, struct finding_list *out)
{
	char a[MW_FMT_BYTES_LEN], b[MW_FMT_BYTES_LEN];
	const struct acct_tmpfs *top[SHOWN] = { NULL };
	uint64_t shmem, cached, tmpfs = 0, others = 0;
	size_t ntop = 0, nothers = 0;
	struct mw_buf t, pb;

	if (!s->part[SYS_MEMINFO].have || !meminfo_get(&s->mi, MI_SHMEM, &shmem))
		return;
	mw_buf_init(&t);
	mw_buf_init(&pb);
	mw_buf_printf(&t, "Shared memory holds %s (meminfo Shmem)", fsz(a, shmem));
	if (meminfo_get(&s->mi, MI_CACHED, &cached))
		mw_buf_printf(&t, ", counted in the page cache (Cached %s)",
		    fsz(b, cached));
	mw_buf_adds(&t, " but not droppable cache: tmpfs files, SysV segments, memfd and shared anonymous memory leave RAM only for swap.");
	for (size_t i = 0; s->tmpfs_read && i < s->ntmpfs; i++) {
		const struct acct_tmpfs *m = &s->tmpfs[i];
		size_t k;

		if (!m->known || m->used == 0)
			continue;
		tmpfs += m->used;
		if (ntop == SHOWN && m->used <= top[SHOWN - 1]->used) {
			others += m->used;
			nothers++;
			continue;
		}
		if (ntop == SHOWN) {
			others += top[SHOWN - 1]->used;
			nothers++;
			ntop--;
		}
		for (k = ntop++; k > 0 && top[k - 1]->used < m->used; k--)
			top[k] = top[k - 1];
		top[k] = m;
	}
	if (!s->tmpfs_read) {
		mw_buf_adds(&t, " Which tmpfs mounts hold it is not known here (statfs needs the live machine).");
	} else if (ntop == 0) {
		mw_buf_adds(&t, " No tmpfs mount holds any of it.");
	} else {
		mw_buf_adds(&t, " ");
		for (size_t i = 0; i < ntop; i++) {
			mw_buf_printf(&t, "%s%s %s holds %s", i == 0 ? "" :
			    i + 1 == ntop && nothers == 0 ? " and " : ", ",
			    top[i]->type, mw_plain(&pb, top[i]->point,
			    strlen(top[i]->point)), fsz(a, top[i]->used));
		}
		if (nothers > 0)
			mw_buf_printf(&t, " and %zu more mount%s %s", nothers,
			    nothers == 1 ? "" : "s", fsz(a, others));
		if (tmpfs <= shmem)
			mw_buf_printf(&t, "; the rest, %s, is SysV segments, memfd and shared anonymous memory ('memwatch system account' splits it).",
			    fsz(a, shmem - tmpfs));
		else
			mw_buf_printf(&t, "; together %s more than Shmem: the difference is in swap.",
			    fsz(a, tmpfs - shmem));
	}
	finding_printf(out, "shmem", true, shmem, "%s", t.data);
	mw_buf_free(&t);
	mw_buf_free(&pb);
}
