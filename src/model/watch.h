/* model/watch.h: one process sampled over time, and the verdict. No I/O.
 *
 * The command reads the samples (smaps_rollup every interval, the
 * mappings now and then) and hands them here, live or from a recording;
 * this module keeps bounded series and judges them with model/trend.h.
 *
 * The verdict is on the process's memory, Rss + Swap (a page swapped out
 * moves from one to the other and is still the process's). Where it grows
 * comes from the mappings: each mapping is given a place (below) and the
 * Rss of each place is compared between the first and the latest mapping
 * read. Growth in file mappings is page cache and growth in shared memory
 * is tmpfs or shmem pages: neither is a leak, and the verdict says so.
 * Without mappings the rollup's Pss_Anon, Pss_File and Pss_Shmem slopes
 * (kernel 5.15 and later) say which of the three grows.
 *
 * Places: "[heap]", "[stack]", "[anon:NAME]" as the kernel names them;
 * "malloc arena" for an unnamed anonymous mapping that starts on a 64 MiB
 * boundary and is at most 64 MiB long (glibc's thread heaps are aligned
 * so); "anonymous mmap" for the other unnamed ones; a file or shared
 * memory mapping by its path.
 */
#ifndef MW_MODEL_WATCH_H
#define MW_MODEL_WATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include "model/trend.h"

struct vma;

enum watch_val {
	WV_RSS, WV_PSS, WV_ANON, WV_PSS_FILE, WV_PSS_SHMEM, WV_SWAP, WV_NR
};

/* One rollup reading: bytes, a bit in present per value read. */
struct watch_sample {
	double t;		/* seconds since the watch started */
	uint32_t present;
	uint64_t val[WV_NR];
};

enum watch_cause { WATCH_ANON, WATCH_FILE, WATCH_SHMEM, WATCH_CAUSE_NR };

struct watch_place {
	char *name;		/* malloc'd, raw bytes */
	enum watch_cause cause;
	uint64_t rss;
};

struct watch_places {
	struct watch_place *v;
	size_t n, cap;
	double t;
};

struct watch {
	struct trend_series total;	/* Rss + Swap */
	struct trend_series part[WATCH_CAUSE_NR];	/* by Pss_* */
	struct watch_sample first, last;
	size_t samples;
	struct watch_places maps0, maps1;	/* first and latest read */
	size_t map_reads;
	/* Room left, set by the caller when known (bytes). */
	bool has_limit, has_avail;
	uint64_t limit, usage;	/* the memory cgroup's limit, its usage */
	uint64_t avail;		/* MemAvailable */
};

#define WATCH_WHERE 3

struct watch_where {
	const char *name;	/* points into the watch */
	enum watch_cause cause;
	int64_t growth;		/* bytes between the two mapping reads */
};

struct watch_verdict {
	struct trend_judgement j;
	enum watch_cause cause;	/* where most of the growth is */
	bool has_cause;
	bool leak;		/* growing, and mostly private memory */
	double per_hour;	/* bytes per hour (the slope) */
	struct watch_where where[WATCH_WHERE];
	size_t nwhere;
	bool has_eta;		/* growing and a limit known */
	double eta;		/* seconds until the limit at this rate */
	bool eta_cgroup;	/* that limit is the cgroup's, else MemAvailable */
};

/* What was watched, for the verdict and the recording. */
enum watch_end {
	WATCH_END_DURATION,	/* -d reached */
	WATCH_END_INTERRUPTED,	/* Ctrl-C, SIGTERM */
	WATCH_END_EXITED,	/* the process exited (or its pid was reused) */
	WATCH_END_RECORDING,	/* a recording read to its end */
	WATCH_END_NR
};

struct watch_info {
	pid_t pid;
	uint64_t start;		/* stat start time, clock ticks */
	char comm[64];		/* raw bytes */
	double interval;	/* seconds */
	time_t started;		/* wall clock */
	double watched;		/* seconds */
	enum watch_end end;
};

/* "duration", "interrupted", "exited", "recording". */
const char *watch_end_key(enum watch_end e);
int watch_end_by_key(const char *key);
/*
 * The command that finds the call stacks behind a growth of pid, into out
 * ('memwatch PID stacks' in malloc mode).
 */
void watch_next_step(char *out, size_t size, pid_t pid);

void watch_init(struct watch *w);
void watch_free(struct watch *w);
/* One rollup reading (samples in time order). */
void watch_add(struct watch *w, const struct watch_sample *s);
/* Start a mapping read at time t; then watch_place_add() per mapping. */
struct watch_places *watch_places_begin(struct watch *w, double t);
/* Add rss bytes to the place called name (len bytes). */
void watch_places_add(struct watch_places *p, const char *name, size_t len,
    enum watch_cause cause, uint64_t rss);
/* The place of a mapping (see above) into name; returns its length. */
size_t watch_place_of(const struct vma *v, char *name, size_t size,
    enum watch_cause *cause);
/* Rss + Swap of a sample; false when neither was read. */
bool watch_sample_total(const struct watch_sample *s, uint64_t *total);

void watch_judge(const struct watch *w, struct watch_verdict *v);

/* "anon", "file", "shmem". */
const char *watch_cause_key(enum watch_cause c);
int watch_cause_by_key(const char *key);

#endif
