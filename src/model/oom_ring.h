/* model/oom_ring.h: a small ring of recent machine samples for OOM records.
 *
 * oom --follow --record keeps the last samples (meminfo, every zone's
 * free memory and watermarks, memory PSI, the largest processes by PSS)
 * so that a kill is written with the machine's state in the minutes
 * before it: what was growing.
 */
#ifndef MW_MODEL_OOM_RING_H
#define MW_MODEL_OOM_RING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "parse/lex.h"
#include "parse/meminfo.h"

struct mw_source;

#define OOM_RING_TOP 8
#define OOM_RING_ZONES 16

struct oom_sample_zone {
	int node;
	char name[PROC_ZONE_NAME_MAX];
	uint64_t free, min, low, high;	/* bytes */
};

struct oom_sample_proc {
	int pid;
	char comm[64];		/* as /proc/PID/comm has it (untrusted) */
	uint64_t pss, rss;	/* bytes */
};

struct oom_sample {
	time_t taken_at;
	uint64_t mi[MI_NR];	/* bytes (or counts), where mi_present */
	uint64_t mi_present;	/* bit k: meminfo key k read */
	struct oom_sample_zone zones[OOM_RING_ZONES];
	size_t nzones;
	char psi[256];		/* /proc/pressure/memory as is, or "" */
	struct oom_sample_proc top[OOM_RING_TOP];	/* by PSS */
	size_t ntop;
};

struct oom_ring {
	struct oom_sample *v;
	size_t cap, len, head;	/* head: the next slot to write */
};

void oom_ring_init(struct oom_ring *r, size_t cap);
void oom_ring_free(struct oom_ring *r);
/* Take a sample now into the ring (the oldest is dropped when full).
 * What cannot be read is left out of the sample. */
void oom_ring_sample(struct oom_ring *r, const struct mw_source *src);
/*
 * What changed across the ring (its oldest sample against its newest):
 * MemAvailable and swap, and the process whose PSS grew the most, as
 * one finding "growing" added to fl; nothing with fewer than 2 samples.
 */
struct finding_list;
void oom_ring_explain(const struct oom_ring *r, struct finding_list *fl);
/* The i-th sample, oldest first (i < r->len). */
const struct oom_sample *oom_ring_at(const struct oom_ring *r, size_t i);

#endif
