/* trace/stacks.h: the eBPF side of 'memwatch PID stacks'.
 *
 * The only code that calls bpf() and perf_event_open(): it loads the
 * embedded BPF object (src/bpf/stacks.bpf.c), attaches it to one process
 * and reads back what it recorded, as raw stack ids and addresses. What
 * the addresses mean (functions, mappings) is for trace/symbols.h and
 * model/stacks.h.
 */
#ifndef MW_TRACE_STACKS_H
#define MW_TRACE_STACKS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct mw_err;

enum stk_mode { STK_FAULTS, STK_MALLOC };

/* One library whose allocator is traced (malloc mode). */
struct stk_lib {
	const char *path;	/* as mapped by the process */
	const char *what;	/* "glibc", "tcmalloc", "jemalloc" */
};

struct stk_fault {
	int32_t stackid;	/* user stack; -1: no stack */
	int32_t kstackid;	/* kernel stack; -1: none */
	uint64_t addr;		/* the 64 KiB region's first address */
	uint64_t count;		/* faults */
};

struct stk_alloc {
	uint64_t addr, size;
	int32_t stackid;
};

struct stk_stack {
	int32_t id;
	uint64_t ips[127];
	size_t n;
};

/* What the kernel side recorded. */
struct stk_raw {
	struct stk_fault *faults;
	size_t nfaults;
	struct stk_alloc *allocs;
	size_t nallocs;
	struct stk_stack *stacks;
	size_t nstacks;
	uint64_t events, lost_stacks, lost_allocs, unknown_frees;
};

struct stk_trace;

/*
 * Load the programs for pid and attach them: to the page-fault tracepoints
 * or handle_mm_fault's kprobe, which see every thread, else to each of its
 * threads tids (faults); or to the allocator entry points of libs (malloc;
 * free's and munmap's past what the kernel would single-step, see
 * trace/probesite.h). 0, or
 * -errno with err filled: one line that says what is missing (privileges:
 * root, or CAP_BPF and CAP_PERFMON; uprobes; the process).
 */
int stk_trace_open(struct stk_trace **t, pid_t pid, enum stk_mode mode,
    const pid_t *tids, size_t ntids, const struct stk_lib *libs,
    size_t nlibs, struct mw_err *err);
/* Faults by thread: attach to the threads of tids not traced yet (new
 * threads); nothing to do when the whole process is traced at once. */
int stk_trace_follow(struct stk_trace *t, const pid_t *tids, size_t n,
    struct mw_err *err);
/* Read what was recorded so far into raw (malloc'd; stk_raw_free). */
int stk_trace_read(struct stk_trace *t, struct stk_raw *raw,
    struct mw_err *err);
void stk_trace_close(struct stk_trace *t);
void stk_raw_free(struct stk_raw *raw);

#endif
