/* model/totals.h: several processes' memory summed (after
 * "memwatch PID PID... show"). */
#ifndef MW_MODEL_TOTALS_H
#define MW_MODEL_TOTALS_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct mw_source;

struct proc_totals {
	size_t known;		/* processes whose rollup was read */
	uint64_t rss, pss, uss, swap;	/* bytes, summed over those */
};

/* The rollups of pids (the first PT_ONLY_MAX) summed into *t; a process
 * that cannot be read is left out (t->known 0: none could be). */
void proc_totals_take(struct mw_source *src, const pid_t *pids, size_t n,
    struct proc_totals *t);

#endif
