/* model/cgroup_explain.h: one memory cgroup in plain language.
 *
 * Findings built from the cgroup's own files (and, when given, the sum of
 * its processes' RSS): what counts against the limit, how much the kernel
 * could reclaim before an OOM kill, whether memory.high throttles it now,
 * the events since it was created, and why its usage differs from the sum
 * of its processes' RSS. Sizes are typed amounts (util/amount.h) that
 * render/ formats.
 */
#ifndef MW_MODEL_CGROUP_EXPLAIN_H
#define MW_MODEL_CGROUP_EXPLAIN_H

#include <stdbool.h>
#include <stdint.h>

#include "model/cgroup.h"
#include "model/finding.h"

/* The processes of a cgroup, summed (fleet rows that could be read). */
struct cg_procs_sum {
	size_t listed;		/* pids in cgroup.procs */
	size_t read;		/* whose smaps_rollup could be read */
	uint64_t rss, pss, anon_pss;
	bool has_rss, has_pss, has_anon_pss;
};

void cgroup_explain(const struct cgroup *c, const struct cg_hier *h,
    const struct cg_procs_sum *ps, struct finding_list *out);

#endif
