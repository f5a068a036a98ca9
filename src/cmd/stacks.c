/* cmd/stacks.c: memwatch PID stacks: the call stacks that grow memory. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/cmd.h"
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

/* Wait out the window: until seconds pass, a signal, or the process exits. */
static bool
wait_window(struct mw_ctx *ctx, struct stk_trace *t, enum stk_mode mode,
    double seconds, double *waited)
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
			size_t n;
			pid_t *tids = mode == STK_FAULTS ?
			    threads(&ctx->src, ctx->pid, &n) : NULL;

			if (tids != NULL)
				stk_trace_follow(t, tids, n, NULL);
			free(tids);
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
run(struct mw_ctx *ctx, enum stk_mode mode, double seconds, size_t top)
{
	struct proc_snapshot before, after;
	struct stacks_context c;
	struct stacks_report r;
	struct stk_lib libs[8];
	struct stk_trace *t = NULL;
	struct symbolizer *sym = NULL;
	struct sigaction sa, old_int, old_term;
	struct stk_raw raw;
	struct mw_buf names;
	pid_t *tids;
	size_t ntids = 0, nlibs = 0;
	bool alive;
	int rc = MW_EXIT_OK;

	if (snapshot_take(&ctx->src, ctx->pid, SNAP_VMAS, &before, &ctx->err) < 0) {
		snapshot_free(&before);
		return cmd_fail(ctx);
	}
	if (before.mappings == 0) {
		snapshot_free(&before);
		mw_err_set(&ctx->err, -EINVAL, MW_EXIT_TARGET,
		    "process %d is a kernel thread: it has no memory map to trace",
		    (int)ctx->pid);
		return cmd_fail(ctx);
	}
	mw_buf_init(&names);
	memset(&c, 0, sizeof(c));
	c.pid = ctx->pid;
	c.comm = before.comm;
	c.comm_len = before.comm_len;
	c.top = top;
	tids = threads(&ctx->src, ctx->pid, &ntids);
	if (mode == STK_MALLOC) {
		nlibs = allocators(&before, libs, 8, &names);
		c.libs = names.data;
	}
	if (sym_open(&sym, ctx->pid, &ctx->err) < 0 ||
	    stk_trace_open(&t, ctx->pid, mode, tids, ntids, libs, nlibs,
	    &ctx->err) < 0) {
		rc = cmd_fail(ctx);
		goto out;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	c.exited = wait_window(ctx, t, mode, seconds, &c.seconds);
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	if (stk_trace_read(t, &raw, &ctx->err) < 0) {
		rc = cmd_fail(ctx);
		goto out;
	}
	alive = !c.exited && snapshot_take(&ctx->src, ctx->pid, SNAP_VMAS,
	    &after, NULL) == 0;
	if (alive && smaps_has(&before.totals, SMAPS_RSS) &&
	    smaps_has(&after.totals, SMAPS_RSS)) {
		c.has_growth = true;
		c.rss_growth = mw_delta(after.totals.val[SMAPS_RSS],
		    before.totals.val[SMAPS_RSS]);
		c.anon_growth = mw_delta(after.totals.val[SMAPS_ANONYMOUS],
		    before.totals.val[SMAPS_ANONYMOUS]);
	}
	stacks_build(&raw, mode, alive ? after.vmas.v : before.vmas.v,
	    alive ? after.vmas.len : before.vmas.len, before.page_size,
	    symbolize, sym, &r);
	if (ctx->json)
		rc = syscmd_print(mwjson_stacks(&r, &c));
	else if (text_stacks(stdout, &r, &c, ctx->bytes) < 0)
		rc = MW_EXIT_TARGET;
	stacks_report_free(&r);
	stk_raw_free(&raw);
	if (alive)
		snapshot_free(&after);
out:
	stk_trace_close(t);
	sym_close(sym);
	free(tids);
	mw_buf_free(&names);
	snapshot_free(&before);
	return rc;
}

static int
cmd_stacks(struct mw_ctx *ctx, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "duration", required_argument, NULL, 'd' },
		{ "mode", required_argument, NULL, 'm' },
		{ "top", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	enum stk_mode mode = STK_FAULTS;
	double seconds = 10;
	uint64_t top = 10;
	int c;

	while ((c = cmd_getopt(ctx, argc, argv, "d:m:t:h", longopts)) != -1) {
		switch (c) {
		case 'd':
			if (mw_parse_duration(optarg, &seconds) < 0 || seconds <= 0)
				return cmd_usage_error(ctx,
				    "-d takes a duration (30, 30s, 5m, 1h), not '%s'",
				    optarg);
			break;
		case 'm':
			if (strcmp(optarg, "faults") == 0)
				mode = STK_FAULTS;
			else if (strcmp(optarg, "malloc") == 0)
				mode = STK_MALLOC;
			else
				return cmd_usage_error(ctx,
				    "--mode takes faults or malloc, not '%s'", optarg);
			break;
		case 't':
			if (cmd_parse_count(ctx, "--top", "a number of stacks", 1,
			    100000, optarg, &top) != 0)
				return MW_EXIT_USAGE;
			break;
		case 'h':
			return cmd_help(&mw_cmd_stacks);
		default:
			return MW_EXIT_USAGE;
		}
	}
	if (optind < argc)
		return cmd_usage_error(ctx, "unexpected argument '%s'", argv[optind]);
	if (ctx->proc_root != NULL)
		return cmd_usage_error(ctx,
		    "stacks traces a live process: --proc-root is not for it");
	return run(ctx, mode, seconds, (size_t)top);
}

const struct mw_cmd mw_cmd_stacks = {
	.name = "stacks",
	.fn = cmd_stacks,
	.summary = "the call stacks that grow memory (eBPF)",
	.usage = "memwatch PID stacks [-d DURATION] [--mode faults|malloc] [--top N]",
	.options =
	"  -d, --duration D    how long to trace: 30, 30s, 5m, 1h (default 10s);\n"
	"                      Ctrl-C or the process exiting ends it sooner\n"
	"  -m, --mode MODE     faults (default): the stacks that touched new pages\n"
	"                      (page faults), the growth of resident memory itself,\n"
	"                      at a cost that follows growth, not allocations;\n"
	"                      malloc: blocks allocated in the window and not freed\n"
	"                      (uprobes on malloc, calloc, realloc, free,\n"
	"                      posix_memalign, aligned_alloc, mmap, munmap of glibc,\n"
	"                      tcmalloc and jemalloc where the process maps them)\n"
	"  -t, --top N         stacks shown (default 10)\n"
	"Needs root, or CAP_BPF and CAP_PERFMON. Stacks are walked by frame\n"
	"pointers: code built without them cuts a stack short, marked [cut].\n",
};
