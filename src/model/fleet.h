/* model/fleet.h: every process's memory totals in one pass, for export.
 *
 * fleet_take() lists the pids below a struct mw_source (so --proc-root
 * trees work) and reads, per pid, smaps_rollup (RSS, PSS, USS, swap: the
 * kernel's exact sums), then status (the command name and the real uid).
 * Two small reads per process, as many as the live view's table makes,
 * and none of the per-mapping smaps; status is read alone, not parsed
 * whole (parse/keyline.h).
 *
 * Unknown is not zero: a process whose rollup cannot be read (another
 * user's, without privilege) is counted in denied and has no row; a kernel
 * thread or a zombie (an empty rollup) is counted in no_mm; one that exits
 * while being read is counted in gone. A row's field is present only when
 * the kernel printed it.
 *
 * The live view's model/proctable.c reads the same two files through
 * libproc2; this one goes through struct mw_source instead, so a captured
 * tree (--proc-root) exports its processes too, and an unreadable rollup
 * is told apart from a zero one (libproc2 reports both as zeros).
 *
 * The fleet owns every row and string (one arena); fleet_free() releases
 * them.
 */
#ifndef MW_MODEL_FLEET_H
#define MW_MODEL_FLEET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include "model/rollup_age.h"
#include "model/system.h"
#include "source.h"
#include "util/arena.h"

struct mw_source;
struct mw_err;

enum fleet_field { FLEET_RSS, FLEET_PSS, FLEET_USS, FLEET_SWAP, FLEET_PSS_ANON,
	FLEET_NR };

/* At most this many command names are exported; the rest are summed. */
#define FLEET_COMMS_MAX 200
/*
 * The command name of the bucket that sums the rest: 16 bytes, longer than
 * any real one (the kernel keeps at most 15 bytes of a command name).
 */
#define FLEET_OTHER "(other commands)"

struct fleet_proc {
	pid_t pid;
	const char *comm;	/* raw, untrusted bytes (arena); NULL unknown */
	size_t comm_len;
	const char *user;	/* user name or uid number (arena); NULL unknown */
	uint64_t val[FLEET_NR];	/* bytes; valid where present */
	uint32_t present;	/* bit f: field f known */
};

/* Processes summed by command name. */
struct fleet_comm {
	const char *comm;	/* raw bytes of the name; FLEET_OTHER for the rest */
	size_t comm_len;
	bool other;		/* the bucket of every name past the bound */
	size_t procs;		/* processes summed */
	uint64_t val[FLEET_NR];	/* sums, bytes; valid where present */
	uint32_t present;	/* bit f: at least one process had field f */
};

struct fleet {
	struct mw_arena arena;
	struct fleet_proc *procs;	/* ascending pid */
	size_t len, cap;
	size_t listed;		/* pids found below the root */
	size_t no_mm;		/* kernel threads and zombies: no address space */
	size_t denied;		/* rollup not readable (permission) */
	size_t gone;		/* exited while being read */
	size_t failed;		/* unreadable for another reason */
	struct fleet_comm *comms;	/* after fleet_by_comm(): largest PSS first */
	size_t ncomms;
};

static inline bool
fleet_has(const struct fleet_proc *p, enum fleet_field f)
{
	return (p->present >> f) & 1u;
}

/*
 * What a sampler keeps between passes (serve): per process, the values
 * read last and when (model/rollup_age.h), so that a pass reads a
 * process's smaps_rollup and status only when its statm moved or its
 * values are every passes old, and keeps them otherwise.
 */
struct fleet_memo_proc {
	pid_t pid;
	struct rollup_age age;
	uint64_t val[FLEET_NR];
	uint32_t present;
	char comm[64];
	size_t comm_len;
	bool has_comm, has_user;
	char user[64];
};

struct fleet_memo {
	struct fleet_memo_proc *v, *spare;	/* ascending pid */
	size_t len, cap, spare_cap;
	uint32_t gen;		/* passes taken */
	unsigned every;		/* a rollup is read at least this often */
	struct mw_kept kept;	/* every process's statm, kept open */
	size_t rollups;		/* rollups the last pass read */
	/*
	 * pagetypeinfo (about 10 ms of kernel time a read) is read for a
	 * sample at most every pti_every_ns; samples between show the one
	 * read last, held here.
	 */
	struct sys_snapshot pti;
	uint64_t pti_ns;	/* monotonic, when pti was read */
	uint64_t pti_every_ns;
	size_t pti_reads;	/* times read */
};

void fleet_memo_init(struct fleet_memo *m, unsigned every);
/* pagetypeinfo at most every seconds (0: every sample). */
#define FLEET_PTI_EVERY 60
void fleet_memo_free(struct fleet_memo *m);

void fleet_init(struct fleet *f);
void fleet_free(struct fleet *f);
/*
 * Read every process below src into f (initialised here), through memo
 * when not NULL. 0, or -errno with err filled when the pids cannot be
 * listed at all; a process that cannot be read is counted, never fatal.
 */
int fleet_take(const struct mw_source *src, struct fleet *f,
    struct fleet_memo *memo, struct mw_err *err);
/*
 * Read the n processes pids (ascending) into f (initialised by the
 * caller), the same way, without a memo; always 0.
 */
int fleet_take_pids(const struct mw_source *src, struct fleet *f,
    const pid_t *pids, size_t n);
/* Append a row (tests and loaders); strings are copied into the arena. */
struct fleet_proc *fleet_add(struct fleet *f, pid_t pid, const char *comm,
    size_t comm_len, const char *user);
/*
 * The indexes of the n rows with the largest PSS (rows without PSS never),
 * largest first, ties by pid, into order (room for f->len); the count.
 */
size_t fleet_top(const struct fleet *f, size_t n, size_t *order);
/*
 * Sum rows with the same command name into f->comms: the max names with the
 * largest PSS, then one FLEET_OTHER bucket for all the others (only when
 * there are more than max names). Rows without a command name are summed
 * in the bucket too.
 */
void fleet_by_comm(struct fleet *f, size_t max);

/*
 * pagetypeinfo into sys through m: read again only when m's last read is
 * older than m->pti_every_ns (about 10 ms of kernel time each).
 */
void fleet_memo_pti(const struct mw_source *src, struct fleet_memo *m,
    struct sys_snapshot *sys);

#endif
