/* model/leaks.h: every process and slab cache over time, ranked. No I/O.
 *
 * The command feeds a round of readings every interval (live from the
 * process table and /proc/slabinfo, or from a recording); each process
 * (identity: pid and start time, so a reused pid starts a new entry) and
 * each slab cache keeps a bounded series of its memory (a process's
 * Rss + Swap, a cache's slabs in bytes) judged by model/trend.h. An entry
 * missing from a round is gone (the process exited, the cache was
 * destroyed); its series and verdict stay.
 *
 * Ranking: confidence x growth, the Mann–Kendall confidence of an upward
 * trend times the Theil–Sen slope, for the entries growing steadily;
 * then the ones that levelled off, by how much they grew; then the rest.
 */
#ifndef MW_MODEL_LEAKS_H
#define MW_MODEL_LEAKS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "model/trend.h"

#define LEAKS_SERIES_CAP 120	/* points kept per entry */
#define LEAKS_NAME_LEN 64

enum leak_what { LEAK_PROC, LEAK_SLAB };

struct leak_entry {
	enum leak_what what;
	uint32_t id;		/* 1, 2, ... in order of appearance */
	pid_t pid;		/* LEAK_PROC */
	uint64_t start;		/* LEAK_PROC: stat start time */
	char name[LEAKS_NAME_LEN];	/* comm or cache name, raw bytes */
	bool gone;
	bool seen;		/* internal: in this round */
	bool has_value;
	uint64_t value;		/* the last reading */
	uint64_t recorded;	/* the value a recording holds so far */
	struct trend_series s;
};

struct leaks {
	struct leak_entry **v;	/* by id - 1 */
	size_t n, cap;
	/* the live entries by (what, pid or name), for the next round */
	struct leak_entry **live;
	size_t nlive, live_cap;
	size_t rounds;
	double t;		/* the round's time */
};

struct leak_rank {
	const struct leak_entry *e;
	struct trend_judgement j;
	double score;		/* bytes per second, confidence-weighted */
};

void leaks_init(struct leaks *l);
void leaks_free(struct leaks *l);
/* Start a round at time t (seconds since the watch started). */
void leaks_round_begin(struct leaks *l, double t);
/*
 * The entry for a process or a cache seen in this round, created when new
 * (*is_new set); a process whose pid is live with another start time is a
 * new one (the old is gone).
 */
struct leak_entry *leaks_proc(struct leaks *l, pid_t pid, uint64_t start,
    const char *comm, bool *is_new);
struct leak_entry *leaks_slab(struct leaks *l, const char *name,
    bool *is_new);
/* A reading of e in this round. */
void leaks_value(struct leaks *l, struct leak_entry *e, uint64_t v);
/* End the round: live entries not seen are gone; their ids into gone
 * (room for l->nlive), their count returned. */
size_t leaks_round_end(struct leaks *l, uint32_t *gone);
/* The entry with id, or NULL (recordings). */
struct leak_entry *leaks_by_id(struct leaks *l, uint32_t id);
/* Create an entry with a given id (recordings); NULL when id is taken or
 * out of order. */
struct leak_entry *leaks_add_id(struct leaks *l, uint32_t id,
    enum leak_what what, pid_t pid, uint64_t start, const char *name);
/* Every entry judged and ranked into *out (malloc'd); the count. */
size_t leaks_rank(const struct leaks *l, struct leak_rank **out);
/* Entries of a kind. */
size_t leaks_count(const struct leaks *l, enum leak_what what);

#endif
