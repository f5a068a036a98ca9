/* cmd/stacks.c: memwatch PID stacks: the call stacks that grow memory. */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "cmd/stackscmd.h"
#include "cmd/syscmd.h"
#include "model/snapshot.h"
#include "model/stacks.h"
#include "render/stacks_view.h"
#include "trace/stacks.h"
#include "trace/symbols.h"
#include "util/buf.h"
#include "util/time.h"
#include "util/units.h"
#include "util/xmalloc.h"

static volatile sig_atomic_t stop;

static void
on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

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

/* Wait out the window: until seconds pass, a signal, or the process exits. */
static bool
wait_window(struct mw_ctx *ctx, struct stacks_session *s, double seconds,
    double *waited)
{
	uint64_t t0 = mw_now_ms(), next = t0 + 1000;
	bool tty = isatty(STDERR_FILENO);
	char rel[32];

	snprintf(rel, sizeof(rel), "%d/stat", (int)ctx->pid);
	while (!stop && (double)(mw_now_ms() - t0) < seconds * 1000) {
		mw_sleep(0.1);
		if (!mw_source_exists(&ctx->src, rel)) {
			*waited = (double)(mw_now_ms() - t0) / 1000;
			return true;
		}
		if (mw_now_ms() >= next) {
			stacks_tick(ctx, s);
			if (tty)
				fprintf(stderr, "\rtracing process %d: %.0f of %.0f s (Ctrl-C ends it)  ",
				    (int)ctx->pid, (double)(mw_now_ms() - t0) / 1000,
				    seconds);
			next += 1000;
		}
	}
	if (tty)
		fprintf(stderr, "\r%60s\r", "");
	*waited = (double)(mw_now_ms() - t0) / 1000;
	return false;
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
	bool alive;

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
	stacks_build(&raw, s->mode, alive ? after.vmas.v : s->before.vmas.v,
	    alive ? after.vmas.len : s->before.vmas.len, s->before.page_size,
	    symbolize, s->sym, &s->report);
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

static int
run(struct mw_ctx *ctx, enum stk_mode mode, double seconds, size_t top)
{
	struct stacks_session s;
	struct sigaction sa, old_int, old_term;
	double waited = 0;
	bool exited;
	int rc = MW_EXIT_OK;

	if (stacks_begin(ctx, mode, &s) < 0) {
		stacks_session_free(&s);
		return cmd_fail(ctx);
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	exited = wait_window(ctx, &s, seconds, &waited);
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	if (stacks_end(ctx, &s, exited, waited, top) < 0)
		rc = cmd_fail(ctx);
	else if (ctx->json)
		rc = (mwjson_emit(mwjson_stacks(&s.report, &s.c), stdout, false) < 0 ?
		    MW_EXIT_TARGET : MW_EXIT_OK);
	else if (text_stacks(stdout, &s.report, &s.c, ctx->bytes) < 0)
		rc = MW_EXIT_TARGET;
	stacks_session_free(&s);
	return rc;
}

struct stacks_opts {
	enum stk_mode mode;	/* -m */
	double seconds;		/* -d */
	uint64_t top;		/* -t */
};

static int
set_duration(struct mw_ctx *ctx, void *opts, const char *arg)
{
	struct stacks_opts *o = opts;

	if (mw_parse_duration(arg, &o->seconds) < 0 || o->seconds <= 0)
		return cmd_usage_error(ctx,
		    "-d takes a duration (30, 30s, 5m, 1h), not '%s'", arg);
	return 0;
}

static int
set_mode(struct mw_ctx *ctx, void *opts, const char *arg)
{
	struct stacks_opts *o = opts;

	if (strcmp(arg, "faults") == 0)
		o->mode = STK_FAULTS;
	else if (strcmp(arg, "malloc") == 0)
		o->mode = STK_MALLOC;
	else
		return cmd_usage_error(ctx,
		    "--mode takes faults or malloc, not '%s'", arg);
	return 0;
}

static int
set_top(struct mw_ctx *ctx, void *opts, const char *arg)
{
	struct stacks_opts *o = opts;

	return cmd_parse_count(ctx, "--top", "a number of stacks", 1, 100000,
	    arg, &o->top);
}

static const struct mw_opt stacks_opts[] = {
	CMD_CALL('d', "duration", "D",
	    "how long to trace: 30, 30s, 5m, 1h (default 10s);\n"
	    "Ctrl-C or the process exiting ends it sooner", set_duration),
	CMD_CALL('m', "mode", "MODE",
	    "faults (default): the stacks that touched new pages\n"
	    "(page faults), the growth of resident memory itself,\n"
	    "at a cost that follows growth, not allocations;\n"
	    "malloc: blocks allocated in the window and not freed\n"
	    "(uprobes on malloc, calloc, realloc, free,\n"
	    "posix_memalign, aligned_alloc, mmap, munmap of glibc,\n"
	    "tcmalloc and jemalloc where the process maps them)", set_mode),
	CMD_CALL('t', "top", "N", "stacks shown (default 10)", set_top),
	CMD_OPT_END,
};

static int
cmd_stacks(struct mw_ctx *ctx, int argc, char **argv)
{
	struct stacks_opts o = { STK_FAULTS, 10, 10 };
	int rc;

	if ((rc = cmd_parse(ctx, &mw_cmd_stacks, argc, argv, &o)) != CMD_RUN)
		return rc;
	if (ctx->proc_root != NULL)
		return cmd_usage_error(ctx,
		    "stacks traces a live process: --proc-root is not for it");
	return run(ctx, o.mode, o.seconds, (size_t)o.top);
}

const struct mw_cmd mw_cmd_stacks = {
	.name = "stacks",
	.fn = cmd_stacks,
	.summary = "the call stacks that grow memory (eBPF)",
	.usage = "memwatch PID stacks [-d DURATION] [--mode faults|malloc] [--top N]",
	.opts = stacks_opts,
	.notes =
	"Needs root, or CAP_BPF and CAP_PERFMON. Stacks are walked by frame\n"
	"pointers: code built without them cuts a stack short, marked [cut].\n",
};
