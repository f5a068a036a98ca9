/* model/snapshot.h: one process's memory at one moment.
 *
 * The snapshot owns every string and row it points to (its arena and
 * vmas); snapshot_free() releases them. Identity is (pid, start_ticks): a
 * reused pid has another start time.
 *
 * Totals: Size is summed over the mappings but [vsyscall] (a fixed page the
 * kernel shows in smaps but does not count in VmSize); the other smaps fields come from
 * smaps_rollup when the kernel has it (exact sums, rounded once, so RSS and
 * PSS equal the kernel's to the byte), else from the sum over the mappings.
 * A total is present when the kernel printed the field.
 *
 * Streaming: snapshot_stream() hands each mapping to a callback as it is
 * parsed instead of keeping it, so a process with tens of thousands of
 * mappings costs one mapping's memory; the totals, the count of mappings
 * and the PSS by kind are summed on the way, by the same rules.
 */
#ifndef MW_MODEL_SNAPSHOT_H
#define MW_MODEL_SNAPSHOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include "model/procid.h"
#include "parse/smaps.h"
#include "parse/status.h"
#include "util/arena.h"

struct mw_source;
struct mw_err;

enum snapshot_flags {
	SNAP_VMAS = 1 << 0,	/* read the full smaps (else rollup only) */
	SNAP_NO_ROLLUP = 1 << 1,	/* totals from the mappings only */
	/*
	 * smaps_rollup (a second walk of every page table) only when the
	 * mappings' sums cannot give what show prints: a total a mapping
	 * did not print, or a PSS split by type that is not exact. PSS,
	 * SwapPss and Locked are then the sums of the mappings' figures,
	 * which the kernel rounds down to a KiB each.
	 */
	SNAP_ROLLUP_IF_NEEDED = 1 << 2,
};

/* PSS summed by kind of page over every mapping (show's "PSS by type"). */
enum snapshot_pss {
	SNAP_PSS_ANON,		/* anon, heap, stack; Anonymous: of others */
	SNAP_PSS_FILE,		/* the rest of file, code, vdso, special */
	SNAP_PSS_SHMEM,		/* the rest of shmem */
	SNAP_PSS_NR
};

struct proc_snapshot {
	struct mw_arena arena;
	pid_t pid;
	const char *comm;	/* raw bytes (arena); comm_len long */
	size_t comm_len;
	const char *cmdline;	/* NUL-separated arguments (arena) */
	size_t cmdline_len;
	bool has_uid;
	uint32_t uid;		/* real uid */
	const char *user;	/* user name, or NULL when unknown */
	bool has_start;
	uint64_t start_ticks;	/* stat field 22 */
	bool no_stat;		/* a captured tree without stat: start time
				 * unknown, comm, state and ppid from status */
	time_t start_time;	/* wall clock, 0 when unknown */
	int64_t ppid, threads;	/* -1 when unknown */
	char state;
	time_t taken_at;
	const char *kernel;	/* uname release, or NULL */
	uint64_t page_size;
	struct vma_vec vmas;	/* empty without SNAP_VMAS, or streamed */
	size_t mappings;	/* mappings read, kept in vmas or not */
	size_t summed;		/* of them, in the sums (not [vsyscall]) */
	uint32_t sum_all;	/* fields every summed mapping printed */
	uint64_t pss_kind[SNAP_PSS_NR];	/* Pss by kind of page, from each
					 * mapping's Anonymous: share */
	bool pss_kind_estimated;	/* pss_kind could not be exact */
	bool has_vmas;		/* smaps was read */
	struct vma totals;	/* path NULL; see the comment above */
	bool has_rollup;	/* totals came from smaps_rollup */
	bool has_status;
	struct proc_status status;
	bool has_oom;
	int64_t oom_score, oom_score_adj;
	bool has_faults;
	uint64_t minflt, majflt;	/* stat: page faults since start */
	uint64_t *thread_sp;	/* threads' stack pointers (arena), after
				 * snapshot_threads(); 0 where unknown */
	pid_t *thread_tid;
	size_t nthreads;
	size_t skipped;		/* malformed lines in what was read */
};

void snapshot_init(struct proc_snapshot *snap);
void snapshot_free(struct proc_snapshot *snap);

/* The snapshot's process: its pid and, when known, start time. */
struct proc_id proc_snapshot_id(const struct proc_snapshot *s);

/*
 * Read pid below src into snap (initialised here). Errors: -ENOENT no such
 * process or it exited while being read, -EACCES smaps denied (the message
 * names root and CAP_SYS_PTRACE). A kernel thread gives a snapshot with no
 * mappings and no totals.
 */
int snapshot_take(const struct mw_source *src, pid_t pid, unsigned flags,
    struct proc_snapshot *snap, struct mw_err *err);

/*
 * The same, the mappings handed to each() one at a time, in address order,
 * and not kept (snap->vmas stays empty; SNAP_VMAS is implied). Before the
 * first call snap holds everything but the totals: identity, status, oom
 * score, kernel and page size; the totals so far are summed over the
 * mappings before v. v and its strings are valid during the call only.
 * After the last call smaps_rollup is read and the process is checked to
 * be the same one. A negative result of each() stops the read and is
 * returned as it is, err untouched (each reports its own error); the
 * other errors are those of snapshot_take().
 */
int snapshot_stream(const struct mw_source *src, pid_t pid, unsigned flags,
    struct proc_snapshot *snap,
    int (*each)(const struct proc_snapshot *snap, const struct vma *v,
    void *arg), void *arg, struct mw_err *err);

/* Recompute totals, mappings and pss_kind from the mappings (after
 * loading or editing rows). */
void snapshot_sum(struct proc_snapshot *snap);
/* Add one more mapping to them (snapshot_sum() is this over every row). */
void snapshot_sum_add(struct proc_snapshot *snap, const struct vma *v);
/* USS total: Private_Clean + Private_Dirty; false when unknown. */
bool snapshot_uss(const struct proc_snapshot *snap, uint64_t *uss);
/* Do the sums over the mappings give every total show prints, and an
 * exact PSS split by type (SNAP_ROLLUP_IF_NEEDED)? */
bool snapshot_sums_suffice(const struct proc_snapshot *snap);

/*
 * Each thread's stack pointer, from task/TID/syscall (ptrace access, as
 * for smaps), into snap->thread_sp; a running thread's is unknown. No
 * error: what cannot be read stays unknown.
 */
void snapshot_threads(const struct mw_source *src, struct proc_snapshot *snap);
/* The thread whose stack pointer is in [start, end), or 0. */
pid_t snapshot_stack_of(const struct proc_snapshot *snap, uint64_t start,
    uint64_t end);

/* Kernel release and page size of the machine behind src (see host.c). */
const char *mw_host_kernel(const struct mw_source *src, struct mw_arena *a);
uint64_t mw_host_page_size(const struct mw_source *src);

#endif
