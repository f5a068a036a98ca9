/* model/procid.h: which process, across reads: a pid and its start time.
 *
 * A pid is reused once its process has exited and been reaped; the start
 * time (stat field 22, in clock ticks since boot) tells the new process
 * from the old. Every "is this still the same process?" in memwatch is
 * decided here.
 */
#ifndef MW_MODEL_PROCID_H
#define MW_MODEL_PROCID_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

struct mw_buf;
struct mw_source;

struct proc_id {
	pid_t pid;
	bool has_start;		/* the start time is known */
	uint64_t start;		/* stat field 22 */
};

/*
 * One process: the same pid and, when both sides know it, the same start
 * time (a captured tree without stat knows no start time).
 */
bool proc_id_same(struct proc_id a, struct proc_id b);

/*
 * id's process is still running: its stat reads (scratch holds it), names
 * the same process, and is not a zombie or dead (which have exited and hold
 * no memory).
 */
bool proc_id_alive(const struct mw_source *src, struct proc_id id,
    struct mw_buf *scratch);

#endif
