/* model/threads.c: where each thread's stack pointer is, so that a thread
 * stack is told by a stack pointer inside it, not by a guard below it. */
#include "config.h"
#include "model/snapshot.h"

#include <stdio.h>
#include <stdlib.h>

#include "parse/stat.h"
#include "source.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/units.h"

void
snapshot_threads(const struct mw_source *src, struct proc_snapshot *snap)
{
	char rel[64], **names = NULL;
	struct mw_buf b;
	size_t n = 0;

	snprintf(rel, sizeof(rel), "%d/task", (int)snap->pid);
	if (mw_source_list_at(src, MW_ROOT_PROC, rel, &names, &n, NULL) < 0)
		return;
	snap->thread_sp = mw_arena_alloc(&snap->arena,
	    (n + 1) * sizeof(*snap->thread_sp));
	snap->thread_tid = mw_arena_alloc(&snap->arena,
	    (n + 1) * sizeof(*snap->thread_tid));
	mw_buf_init(&b);
	for (size_t i = 0; i < n; i++) {
		pid_t tid;
		uint64_t sp = 0;

		if (mw_parse_pid(names[i], &tid) < 0)
			continue;
		snprintf(rel, sizeof(rel), "task/%d/syscall", (int)tid);
		if (mw_source_read_pid(src, snap->pid, rel, &b, NULL) == 0 &&
		    syscall_sp(b.data, b.len, &sp) < 0)
			sp = 0;
		snap->thread_tid[snap->nthreads] = tid;
		snap->thread_sp[snap->nthreads++] = sp;
	}
	mw_buf_free(&b);
	mw_source_list_free(names, n);
}

pid_t
snapshot_stack_of(const struct proc_snapshot *snap, uint64_t start,
    uint64_t end)
{
	for (size_t i = 0; i < snap->nthreads; i++)
		if (snap->thread_sp[i] >= start && snap->thread_sp[i] < end)
			return snap->thread_tid[i];
	return 0;
}
