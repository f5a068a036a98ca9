/* cmd/stacks.c: memwatch PID stacks: the call stacks that grow memory. */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "cmd/stacksession.h"
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

static int
run(struct mw_ctx *ctx, enum stk_mode mode, double seconds, size_t top,
    bool kernel)
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
	if (stacks_end(ctx, &s, exited, waited, top) < 0) {
		stacks_session_free(&s);
		return cmd_fail(ctx);
	}
	s.c.kernel = kernel;
	if (ctx->json)
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
	bool kernel;		/* -k */
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
	    "at a cost that follows growth, not allocations; the\n"
	    "user stack, and the kernel's path of the fault on\n"
	    "one [kernel] line;\n"
	    "malloc: blocks allocated in the window and not freed\n"
	    "(uprobes on malloc, calloc, realloc, free,\n"
	    "posix_memalign, aligned_alloc, mmap, munmap of glibc,\n"
	    "tcmalloc and jemalloc where the process maps them)", set_mode),
	CMD_CALL('t', "top", "N", "stacks shown (default 10)", set_top),
	CMD_FLAG('k', "kernel",
	    "faults: every kernel frame of a fault on its own line\n"
	    "(default: the kernel's path on one [kernel] line);\n"
	    "named from /proc/kallsyms, left out when\n"
	    "kernel.kptr_restrict hides its addresses",
	    struct stacks_opts, kernel),
	CMD_OPT_END,
};

static int
cmd_stacks(struct mw_ctx *ctx, int argc, char **argv)
{
	struct stacks_opts o = { STK_FAULTS, 10, 10, false };
	int rc;

	if ((rc = cmd_parse(ctx, &mw_cmd_stacks, argc, argv, &o)) != CMD_RUN)
		return rc;
	if (ctx->proc_root != NULL)
		return cmd_usage_error(ctx,
		    "stacks traces a live process: --proc-root is not for it");
	return run(ctx, o.mode, o.seconds, (size_t)o.top, o.kernel);
}

const struct mw_cmd mw_cmd_stacks = {
	.name = "stacks",
	.fn = cmd_stacks,
	.summary = "the call stacks that grow memory (eBPF)",
	.usage = "memwatch PID stacks [-d DURATION] [--mode faults|malloc] [--top N] [--kernel]",
	.opts = stacks_opts,
	.notes =
	"Needs root, or CAP_BPF and CAP_PERFMON. Stacks are walked by frame\n"
	"pointers: code built without them cuts a stack short, marked [cut].\n",
};
