/* model/sample.h: what export and serve expose, taken at one time: the
 * system, every process (model/fleet.h), every memory cgroup and the
 * account of MemTotal. */
#ifndef MW_MODEL_SAMPLE_H
#define MW_MODEL_SAMPLE_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "model/cgroup.h"
#include "model/fleet.h"
#include "model/system.h"

struct account;
struct mw_source;

/* What an exposition shows: the system and every process, at one time. */
struct fleet_sample {
	struct sys_snapshot sys;	/* every part; unreadable ones marked */
	struct fleet fleet;		/* grouped by command (fleet_by_comm) */
	bool has_fleet;			/* the pids could be listed */
	struct cg_hier cg_hier;		/* the memory cgroup hierarchy */
	struct cg_tree cgroups;		/* every memory cgroup */
	bool has_cgroups;		/* a hierarchy was found and read */
	struct account *account;	/* every byte of MemTotal, or NULL */
	time_t taken_at;		/* wall clock, or a captured tree's time */
	uint64_t cost_ns;		/* how long taking it took (monotonic) */
};

/*
 * Take s (initialised here), the processes through memo when not NULL;
 * always 0: what fails is marked unreadable.
 */
int fleet_sample_take(const struct mw_source *src, struct fleet_memo *memo,
    struct fleet_sample *s);
void fleet_sample_free(struct fleet_sample *s);

#endif
