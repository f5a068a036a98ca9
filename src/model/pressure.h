/* model/pressure.h: what the kernel did with memory over an interval, told.
 *
 * Two readings of the counters (model/mmstate.h) SECONDS apart, the
 * settings and the system snapshot (meminfo, zones, buddy) of the second:
 * the counters' deltas, and findings (model/finding.h) with stable ids for
 * scripts: "quiet" alone when nothing happened, else "psi", "reclaim",
 * "workingset", "swap", "compaction", "thp", "oom", "faults", "zones",
 * "kswapd", "settings", and "unknown" for what this kernel does not say.
 * A counter that either reading lacks, or that went backwards, has no
 * delta (unknown), never 0.
 */
#ifndef MW_MODEL_PRESSURE_H
#define MW_MODEL_PRESSURE_H

#include <stdbool.h>
#include <stdint.h>

#include "model/finding.h"
#include "parse/vmstat.h"

struct mm_state;
struct sys_snapshot;

struct pressure_psi {
	bool have;
	uint64_t stalled_us;		/* total's delta */
	uint32_t avg10, avg60, avg300;	/* hundredths of a percent, now */
};

struct pressure_report {
	double secs;			/* between the two readings, > 0 */
	uint64_t page_size;
	bool have[VM_NR];		/* delta known */
	uint64_t d[VM_NR];		/* counter deltas */
	struct pressure_psi some, full;
	bool quiet;			/* nothing to tell */
	int kswapd;			/* 1 it ran, 0 it did not, -1 unknown */
	struct finding_list notes;
};

void pressure_report_init(struct pressure_report *r);
void pressure_report_free(struct pressure_report *r);
/*
 * Fill r from the readings a (before) and b (after, with the settings)
 * and sys (meminfo, zones and buddy of the same moment as b; parts that
 * are missing are left out). Sizes in the notes are typed amounts
 * (util/amount.h) that render/ formats.
 */
void pressure_compute(const struct mm_state *a, const struct mm_state *b,
    const struct sys_snapshot *sys, struct pressure_report *r);

#endif
