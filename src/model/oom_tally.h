/* model/oom_tally.h: the OOM kills a long-running reader has seen.
 *
 * serve keeps the kernel log open and, at each sample, reads the records
 * logged since, counts every kill once (the victim and oom.group's) by
 * the victim's cgroup and command name, and the time of the last.
 */
#ifndef MW_MODEL_OOM_TALLY_H
#define MW_MODEL_OOM_TALLY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "util/buf.h"

struct mw_source;

/* Distinct (cgroup, comm) pairs kept; later ones count under "(other)". */
#define OOM_TALLY_MAX 200

struct oom_tally_row {
	char *cgroup;		/* "" when the report names none */
	char *comm;
	uint64_t kills;
};

struct oom_tally {
	const struct mw_source *src;
	int fd;			/* the kernel log, or -1 */
	struct mw_buf pending;	/* records not counted yet */
	uint64_t last_seq;	/* of the last report counted */
	bool has_last;
	struct oom_tally_row *rows;
	size_t len, cap;
	uint64_t total;
	double last_kill;	/* UTC seconds, when has_last_kill */
	bool has_last_kill;
	time_t boot;
	bool has_boot;
};

/* Open the kernel log; 0, or -errno when it cannot be read (the tally is
 * then empty and update does nothing). */
int oom_tally_open(struct oom_tally *t, const struct mw_source *src);
/* Read what was logged since and count the reports now complete. */
void oom_tally_update(struct oom_tally *t);
void oom_tally_close(struct oom_tally *t);

#endif
