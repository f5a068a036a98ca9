/* cmd/stacksession.c: a tracing session of the process ctx names, for the
 * commands that trace (PID stacks, PID watch --stacks): attach to its
 * threads and allocators, trace the threads started since, read the
 * stacks back symbolized (see stacksession.h). */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "cmd/stacksession.h"
#include "model/snapshot.h"
#include "model/stacks.h"
#include "render/stacks_view.h"
#include "trace/stacks.h"
#include "trace/symbols.h"
#include "util/buf.h"
#include "util/time.h"
#include "util/units.h"
#include "util/xmalloc.h"

/* The threads of pid, from PID/task. */
static pid_t *
threads(const struct mw_source *src, pid_t pid, size_t *n)
{
	char rel[32], **names;
	size_t k = 0, len;
	pid_t *v;

	*n = 0;
	snprintf(rel, sizeof(rel), "%d/task", (int)pid);
	if (mw_source_list_at(src, MW_ROOT_PROC, rel, &names, &len, NULL) < 0)
		return NULL;
	v = mw_xreallocarray(NULL, len + 1, sizeof(*v));
	for (size_t i = 0; i < len; i++) {
		uint64_t t;

		if (mw_parse_u64_str(names[i], &t) == 0 && t > 0 && t <= INT32_MAX)
			v[k++] = (pid_t)t;
	}
	mw_source_list_free(names, len);
	*n = k;
	return v;
}

/* The allocators the process maps: glibc, tcmalloc, jemalloc. */
static size_t
allocators(const struct proc_snapshot *s, struct stk_lib *libs, size_t max,
    struct mw_buf *names)
{
	static const struct { const char *needle, *what; } known[] = {
		{ "/libc.so", "glibc" }, { "/libc-", "glibc" },
		{ "/libtcmalloc", "tcmalloc" }, { "/libjemalloc", "jemalloc" },
	};
	size_t n = 0;

	for (size_t i = 0; i < s->vmas.len && n < max; i++) {
		const struct vma *v = &s->vmas.v[i];
		bool dup = false;

		if (v->path == NULL)
			continue;
		for (size_t k = 0; k < sizeof(known) / sizeof(known[0]); k++) {
			if (strstr(v->path, known[k].needle) == NULL)
				continue;
			for (size_t j = 0; j < n && !dup; j++)
				dup = strcmp(libs[j].path, v->path) == 0;
			if (dup)
				break;
			libs[n].path = v->path;
			libs[n].what = known[k].what;
			mw_buf_printf(names, "%s%s", n > 0 ? ", " : "", known[k].what);
			n++;
			break;
		}
	}
	return n;
}

static void
symbolize(void *arg, uint64_t ip, bool ret, struct mw_arena *arena,
    struct sym_frame *f)
{
	sym_lookup(arg, ip, ret, arena, f);
}

void
stacks_tick(struct mw_ctx *ctx, struct stacks_session *s)
{
	size_t n;
	pid_t *tids;

	if (s->mode != STK_FAULTS)
		return;
	tids = threads(&ctx->src, ctx->pid, &n);
	if (tids != NULL)
		stk_trace_follow(s->t, tids, n, NULL);
	free(tids);
}

int
stacks_begin(struct mw_ctx *ctx, enum stk_mode mode, struct stacks_session *s)
{
	memset(s, 0, sizeof(*s));
	s->mode = mode;
	mw_buf_init(&s->names);
	if (snapshot_take(&ctx->src, ctx->pid, SNAP_VMAS, &s->before,
	    &ctx->err) < 0) {
		snapshot_free(&s->before);
		return -1;
	}
	s->has_before = true;
	if (s->before.mappings == 0) {
		mw_err_set(&ctx->err, -EINVAL, MW_EXIT_TARGET,
		    "process %d is a kernel thread: it has no memory map to trace",
		    (int)ctx->pid);
		return -1;
	}
	s->tids = threads(&ctx->src, ctx->pid, &s->ntids);
	if (mode == STK_MALLOC)
		s->nlibs = allocators(&s->before, s->libs, 8, &s->names);
	if (sym_open(&s->sym, ctx->pid, &ctx->err) < 0 ||
	    stk_trace_open(&s->t, ctx->pid, mode, s->tids, s->ntids, s->libs,
	    s->nlibs, &ctx->err) < 0)
		return -1;
	return 0;
}

int
stacks_end(struct mw_ctx *ctx, struct stacks_session *s, bool exited,
    double seconds, size_t top)
{
	struct proc_snapshot after;
	struct stk_raw raw;
	struct mw_arena ka;
	struct ksyms ks;
	char why[256] = "";
	bool alive, named = false;

	memset(&s->c, 0, sizeof(s->c));
	s->c.pid = ctx->pid;
	s->c.comm = s->before.comm;
	s->c.comm_len = s->before.comm_len;
	s->c.top = top;
	s->c.seconds = seconds;
	s->c.exited = exited;
	s->c.libs = s->mode == STK_MALLOC ? s->names.data : NULL;
	if (stk_trace_read(s->t, &raw, &ctx->err) < 0)
		return -1;
	alive = !exited && snapshot_take(&ctx->src, ctx->pid, SNAP_VMAS,
	    &after, NULL) == 0;
	if (alive && smaps_has(&s->before.totals, SMAPS_RSS) &&
	    smaps_has(&after.totals, SMAPS_RSS)) {
		s->c.has_growth = true;
		s->c.rss_growth = mw_delta(after.totals.val[SMAPS_RSS],
		    s->before.totals.val[SMAPS_RSS]);
		s->c.anon_growth = mw_delta(after.totals.val[SMAPS_ANONYMOUS],
		    s->before.totals.val[SMAPS_ANONYMOUS]);
	}
	mw_arena_init(&ka);
	for (size_t i = 0; i < raw.nfaults && !named && why[0] == '\0'; i++)
		if (raw.faults[i].kstackid >= 0)
			named = stacks_kernel_symbols(&ctx->src, &ka, &ks, why,
			    sizeof(why));
	stacks_build(&raw, s->mode, alive ? after.vmas.v : s->before.vmas.v,
	    alive ? after.vmas.len : s->before.vmas.len, s->before.page_size,
	    symbolize, s->sym, named ? &ks : NULL, why, &s->report);
	mw_arena_free(&ka);
	s->has_report = true;
	stk_raw_free(&raw);
	if (alive)
		snapshot_free(&after);
	return 0;
}

void
stacks_session_free(struct stacks_session *s)
{
	if (s->has_report)
		stacks_report_free(&s->report);
	stk_trace_close(s->t);
	sym_close(s->sym);
	free(s->tids);
	mw_buf_free(&s->names);
	if (s->has_before)
		snapshot_free(&s->before);
	memset(s, 0, sizeof(*s));
}
