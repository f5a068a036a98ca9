/* model/proctable.h: the live process table (the only libproc2 user;
 * PT_OPEN_LISTED reads a few listed processes without it).
 *
 * One struct proctable lives for the whole view; proctable_refresh() reads
 * every process's /proc/PID/smaps_rollup through libproc2's pids API and
 * keeps, per process, the PSS seen first (growth) and the last PT_HIST PSS
 * samples (sparkline). The libproc2 stacks and the row arrays are reused
 * between refreshes.
 *
 * Cost: smaps_rollup is what a memory view cannot avoid, so that is the only
 * file read for every process on every refresh. /proc/PID/stat (command,
 * start time, VSZ, and RSS when the rollup is unreadable) is read for new
 * pids and again at their second refresh (a fork has usually exec'd by
 * then and changed its command), for the pids the caller names (the rows
 * on screen), and for a rotating 1/PT_ROTATE of the others; a proctable
 * opened with PT_OPEN_FULL (batch mode) reads stat for every process every
 * time, and one restricted with proctable_only() reads only its pids.
 *
 * libproc2 selects a pid by reading its status as well (for the Tgid),
 * which is why only those few rows are selected.
 *
 * The live view (flags 0, with src) reads through src and not libproc2, and
 * reads a process's smaps_rollup only when model/rollup_age.h says so: its
 * statm moved, or its rollup is pt->every refreshes old. Every other
 * refresh keeps the values read before; pt_row_stale() tells those rows.
 * status (for the user) and cmdline are read for new pids, and with stat
 * when they are PT_ROTATE refreshes old, the command changed or the pid
 * is another process's: a row on screen does not read them every time.
 *
 * Unknown is not zero: libproc2 reports an unreadable smaps_rollup (another
 * user's process without privilege, a kernel thread, a zombie) as zeros. A
 * process with an address space always has Rss or Swap above zero, so a
 * rollup whose Rss and Swap are both 0 is taken as not read and the row's
 * rollup flag is false: pss, uss, swap and growth are then unknown.
 *
 * Process identity is (pid, start time): a pid whose start time changed is
 * a new process and its growth and history start again.
 */
#ifndef MW_MODEL_PROCTABLE_H
#define MW_MODEL_PROCTABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "model/rollup_age.h"
#include "parse/psi.h"
#include "source.h"

struct mw_buf;
struct mw_err;
struct mw_source;
struct pids_info;
struct meminfo_info;

#define PT_HIST 16		/* PSS samples kept per process */
#define PT_ROTATE 16		/* every row's stat is re-read this often */
#define PT_ONLY_MAX 255		/* libproc2 selects at most this many */
#define PT_COMM_LEN 64
#define PT_USER_LEN 33
#define PT_CMDLINE_LEN 256	/* bytes of the command line kept */
#define PT_CG_EVERY 30		/* a process's cgroup is read again this often */

enum pt_key {
	PT_KEY_PID,
	PT_KEY_USER,
	PT_KEY_COMM,
	PT_KEY_VSZ,
	PT_KEY_RSS,
	PT_KEY_PSS,
	PT_KEY_USS,
	PT_KEY_SWAP,
	PT_KEY_GROWTH,
	PT_KEY_NR
};

struct pt_row {
	pid_t pid;
	unsigned long long start;	/* clock ticks after boot (stat) */
	bool have_stat;		/* comm, start, vsz read at least once */
	bool rollup;		/* rss, pss, uss, swap from smaps_rollup */
	bool wanted;		/* internal: stat asked for in this refresh */
	char state;		/* stat's state letter, '?' before stat */
	bool kthread;		/* a kernel thread (stat flags PF_KTHREAD) */
	pid_t ppid;		/* parent (stat); 0 before stat */
	bool have_cmdline;	/* cmdline read and not empty */
	uint32_t cmdline_gen;	/* the refresh cmdline was read at (own) */
	uint32_t user_gen;	/* the refresh status was read at (own) */
	char cmdline[PT_CMDLINE_LEN];	/* raw; NULs made spaces */
	char comm[PT_COMM_LEN];	/* raw, untrusted bytes */
	char user[PT_USER_LEN];	/* effective user name (or number) */
	uint64_t vsz;		/* bytes (stat vsize) */
	uint64_t rss;		/* bytes: rollup Rss, else stat_rss */
	uint64_t stat_rss;	/* bytes (stat rss pages) */
	uint64_t pss, uss, swap;	/* bytes; valid when rollup */
	uint64_t pss0;		/* first PSS read; valid when has_pss0 */
	bool has_pss0;
	unsigned nhist;		/* samples in hist (oldest first) */
	uint64_t hist[PT_HIST];
	uint32_t stat_gen;	/* refresh count when stat was last read */
	unsigned stat_reads;	/* times stat was read (counts to 2) */
	struct rollup_age age;	/* when the rollup was read (live view) */
	uint32_t rollup_gen;	/* the refresh rss..swap were read at */
	uint32_t cg;		/* memory cgroup: see pt_row_cgroup(); 0 unknown */
	uint8_t cg_reads;	/* /proc/PID/cgroup reads (counts to 2) */
};

struct pt_mem {
	bool known;		/* meminfo was read */
	uint64_t total, free, avail, buffers, cached;	/* bytes */
	uint64_t swap_total, swap_free;	/* bytes */
	bool psi_known;		/* /proc/pressure/memory was read */
	struct psi psi;		/* its some and full lines */
};

enum pt_open_flags {
	PT_OPEN_FULL = 1,	/* read stat for every process every refresh */
	/*
	 * Read only the pids given to proctable_only() (none: no rows),
	 * each one's status, stat and smaps_rollup through src, and meminfo;
	 * libproc2 is not loaded at all (with its libraries that costs more
	 * than reading a few processes). Implies PT_OPEN_FULL. The rows are
	 * the ones libproc2 would give: a pid whose status or stat cannot be
	 * read has none, the rollup follows the rule above.
	 */
	PT_OPEN_LISTED = 2,
	/*
	 * Read /proc/PID/cmdline as well, when stat is read (full: at a
	 * process's first two refreshes, when a fork has exec'd).
	 */
	PT_OPEN_CMDLINE = 4,
};

struct proctable {
	bool own;		/* the live view, with src: no libproc2 */
	unsigned every;		/* own: a rollup is read at least this often */
	struct mw_kept kept;	/* own: every process's statm, kept open */
	size_t rollups;		/* own: rollups read by the last refresh */
	struct pids_info *roll;	/* pid, euser, smaps_rollup items */
	struct pids_info *stat;	/* pid, stat items (select by pid) */
	struct meminfo_info *mem_info;
	const struct mw_source *src;	/* for /proc/PID/comm; may be NULL */
	struct mw_buf *comm_buf;	/* reused for those reads */
	bool full;
	bool listed;		/* PT_OPEN_LISTED: no libproc2 */
	bool all;		/* PT_OPEN_FULL on the live /proc: every
				 * process through src, no libproc2 */
	bool own_stat;		/* full, with src: stat read by memwatch */
	bool cmdline;		/* PT_OPEN_CMDLINE */
	struct pt_row *rows;	/* ascending pid */
	size_t len, cap;
	struct pt_row *spare;	/* the next refresh is built here */
	size_t spare_cap;
	unsigned *want;		/* pids whose stat is read this refresh */
	size_t want_len, want_cap;
	size_t rot;		/* next row of the rotating stat slice */
	uint32_t gen;		/* refreshes done */
	uint64_t page_size;
	struct pt_mem mem;
	uint64_t cost_ns;	/* wall time of the last refresh */
	uint64_t cost_cpu_ns;	/* CPU time of the last refresh */
	unsigned only[PT_ONLY_MAX];	/* proctable_only(): these pids */
	size_t only_len;		/* 0: every process */
	uint64_t pss_total;	/* sum over rows with a rollup */
	size_t unreadable;	/* rows without a rollup, kernel threads apart */
	size_t kthreads;	/* kernel threads (no address space) */
	struct pt_cgroups *cg;	/* proctable_cgroups(): on; NULL: off */
};

/*
 * Open libproc2's stacks. src (may be NULL) is the live /proc, read for a
 * command name libproc2 gave with '?' in it: libproc2 replaces control
 * and some other bytes with '?', the comm file keeps them (escaped by the
 * renderers). 0, or -errno with err filled.
 */
int proctable_open(struct proctable *pt, const struct mw_source *src,
    unsigned flags, struct mw_err *err);
void proctable_close(struct proctable *pt);

/*
 * Watch only pids[0..n) (n <= PT_ONLY_MAX; 0 watches every process again):
 * a refresh then reads just their files; a pid given twice is watched
 * once. -EINVAL when n is too large.
 */
int proctable_only(struct proctable *pt, const pid_t *pids, size_t n);

/*
 * Read every process again. fresh[0..nfresh) are pids whose stat must be
 * read this time (the rows on screen); NULL/0 is fine. 0, or -errno with
 * err filled when /proc cannot be read at all.
 */
int proctable_refresh(struct proctable *pt, const pid_t *fresh,
    size_t nfresh, struct mw_err *err);

/*
 * Read each process's memory cgroup too (on), or stop (off). Off by
 * default: /proc/PID/cgroup is one more file per process. When on, a
 * process's cgroup is read at its first two refreshes (a child is often
 * moved just after its fork), after its pid was reused, and then once
 * every PT_CG_EVERY refreshes (spread over the pids), so a process moved
 * to another cgroup shows there after at most PT_CG_EVERY refreshes.
 * Turning it on reads every row's cgroup at once. The hierarchy is the
 * one model/cgroup.h picks. 0, or -ENOENT when there is no memory cgroup
 * hierarchy (every cgroup is then unknown), -EINVAL without a source.
 */
int proctable_cgroups(struct proctable *pt, bool on);
/*
 * The memory cgroup of r ("/a/b", below the hierarchy's root; raw,
 * untrusted bytes, NUL-terminated), or NULL when unknown or not read.
 * Valid until the table is closed.
 */
const char *pt_row_cgroup(const struct proctable *pt, const struct pt_row *r);

/* The row of pid, or NULL. */
const struct pt_row *proctable_find(const struct proctable *pt, pid_t pid);

/* True when r's rollup values were read before this refresh (kept). */
bool pt_row_stale(const struct proctable *pt, const struct pt_row *r);

/* PSS now minus the first PSS seen; false when unknown. */
bool pt_row_growth(const struct pt_row *r, int64_t *growth);

/* Which rows to show, in which order. */
struct pt_select {
	enum pt_key key;
	bool reverse;
	const char *filter;	/* command, command line or pid; NULL: all */
	const char *user;	/* this user name or uid only; NULL: all */
	bool kthreads;		/* kernel threads too */
};

/*
 * Indexes of the rows to show, in order, into idx (room for pt->len):
 * rows that match sel, sorted by its key (descending for sizes, ascending
 * for pid, user and command; reverse flips that). A row whose PSS or USS
 * is unknown ranks by the RSS stat gives (the most it can be); rows whose
 * key is unknown come last either way. Returns the count.
 */
size_t proctable_select(const struct proctable *pt,
    const struct pt_select *sel, size_t *idx);
/* The same with every row, kernel threads included, and no user. */
size_t proctable_order(const struct proctable *pt, enum pt_key key,
    bool reverse, const char *filter, size_t *idx);

/* Whether row r is one sel shows. */
bool pt_row_matches(const struct pt_row *r, const struct pt_select *sel);

/*
 * The tree view: rows idx[0..n) (as proctable_select() ordered them) with
 * each process under its parent, siblings in that order; a row whose
 * parent is not among them is a root. out (room for n) gets the rows in
 * drawing order with their depth and the sums of their subtree (the row
 * and every descendant shown). The sums of PSS count the rows whose PSS is
 * known; pss_partial says some were not.
 */
struct pt_tree_row {
	size_t row;		/* into pt->rows */
	unsigned depth;		/* 0 for a root */
	bool last;		/* the last child of its parent */
	size_t up;		/* the parent's position in out; SIZE_MAX: none */
	size_t pos;		/* internal: the position in idx */
	size_t procs;		/* rows in the subtree, this one included */
	uint64_t rss, pss;	/* bytes summed over the subtree */
	bool pss_partial;	/* some PSS in the subtree is unknown */
};
void proctable_tree(const struct proctable *pt, const size_t *idx, size_t n,
    struct pt_tree_row *out);

/* Totals per user, command name (comm) or cgroup, over the rows shown. */
enum pt_group_by { PT_GROUP_USER, PT_GROUP_COMM, PT_GROUP_CGROUP };

struct pt_group {
	/*
	 * The user, comm or cgroup path: raw, untrusted; NULL for the rows
	 * whose cgroup is unknown. Points into pt: valid until its next
	 * refresh.
	 */
	const char *name;
	size_t procs;		/* rows */
	size_t known;		/* rows whose PSS, USS and swap are known */
	uint64_t rss, pss, uss, swap;	/* bytes; pss, uss, swap: known rows */
	/* Per cgroup, after proctable_group_usage(): the cgroup's own. */
	bool has_usage, has_limit;
	uint64_t usage;		/* bytes the kernel charges the cgroup */
	uint64_t limit;		/* bytes: the tightest limit at or above it */
};

/*
 * Groups of rows idx[0..n) into *out (allocated, the caller frees; NULL
 * when n is 0), largest PSS first (then RSS, then name). of (may be NULL;
 * room for n) gets the group of each idx[i]. Returns the count.
 */
size_t proctable_group(const struct proctable *pt, const size_t *idx,
    size_t n, enum pt_group_by by, struct pt_group **out, size_t *of);
/*
 * Groups per cgroup g[0..n): each cgroup's usage and the limit that binds
 * it (model/cgroup_usage.h), a few small files per group. Nothing when
 * the cgroups are not read.
 */
void proctable_group_usage(const struct proctable *pt, struct pt_group *g,
    size_t n);
/* "user", "comm", "cgroup"; and back ("command" too), or -1. */
const char *pt_group_name(enum pt_group_by by);
int pt_group_by_name(const char *name);
/* Whether two groups' names are the same (NULL: the unknown cgroup). */
bool pt_group_same(const char *a, const char *b);

/* "pid", "user", "comm", "vsz", "rss", "pss", "uss", "swap", "growth". */
const char *pt_key_name(enum pt_key key);
/* The key for a name (also "command", "size", "vsize"), or -1. */
int pt_key_by_name(const char *name);

#endif
