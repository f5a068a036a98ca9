/* cmd/capture.c: memwatch capture: its options, the copy (model/capture.c)
 * and its report. */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "model/capture.h"
#include "render/capture.h"
#include "render/json.h"
#include "util/buf.h"
#include "util/units.h"
#include "util/xmalloc.h"

static char *
default_dir(void)
{
	char host[256], stamp[32], *d;
	struct tm tm;
	time_t now = time(NULL);
	struct mw_buf b;

	if (gethostname(host, sizeof(host)) != 0)
		strcpy(host, "localhost");
	host[sizeof(host) - 1] = '\0';
	for (char *p = host; *p; p++)
		if (*p == '/' || (unsigned char)*p < 0x20)
			*p = '_';
	gmtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%SZ", &tm);
	mw_buf_init(&b);
	mw_buf_printf(&b, "memwatch-capture-%s-%s", host, stamp);
	d = mw_buf_detach(&b, NULL);
	return d;
}

/* The PID operands, each checked to exist below the root. */
static int
parse_pids(struct mw_ctx *ctx, int argc, char **argv, pid_t **out,
    size_t *n)
{
	pid_t *pids = mw_xreallocarray(NULL, (size_t)argc + 1, sizeof(*pids));
	char rel[32];

	*n = 0;
	for (int i = 0; i < argc; i++) {
		pid_t v;

		if (mw_parse_pid(argv[i], &v) < 0) {
			free(pids);
			cmd_usage_error(ctx, "'%s' is not a process id", argv[i]);
			return -EINVAL;
		}
		snprintf(rel, sizeof(rel), "%d", (int)v);
		if (!mw_source_exists(&ctx->src, rel)) {
			free(pids);
			return mw_err_set(&ctx->err, -ENOENT, MW_EXIT_TARGET,
			    "no such process %d (not in %s); check the pid with ps",
			    (int)v, ctx->src.root);
		}
		pids[(*n)++] = v;
	}
	*out = pids;
	return 0;
}

struct capture_opts {
	const char *dir;	/* -o DIR */
	bool force;		/* -f */
};

static const struct mw_opt capture_opts[] = {
	CMD_STRING('o', "output", "DIR",
	    "where to write (default memwatch-capture-HOST-TIME);\n"
	    "it must be missing or empty (and yours, writable\n"
	    "by no one else); the tree is renamed into place\n"
	    "only when complete", struct capture_opts, dir),
	CMD_FLAG('f', "force",
	    "refresh DIR when it holds an earlier capture\n"
	    "(never writes into another non-empty directory)",
	    struct capture_opts, force),
	CMD_OPT_END,
};

static int
cmd_capture(struct mw_ctx *ctx, int argc, char **argv)
{
	struct capture_opts o = { NULL, false };
	struct capture_result r;
	const char *dir;
	char *made = NULL;
	pid_t *pids = NULL;
	size_t n = 0;
	int rc;

	if ((rc = cmd_parse(ctx, &mw_cmd_capture, argc, argv, &o)) != CMD_RUN)
		return rc;
	if (parse_pids(ctx, ctx->nargs, ctx->args, &pids, &n) != 0)
		return cmd_fail(ctx);
	dir = o.dir != NULL ? o.dir : (made = default_dir());
	if (capture_run(&ctx->src, dir, pids, n, o.force, &r, &ctx->err) < 0)
		rc = cmd_fail(ctx);
	else if (ctx->json)
		rc = cmd_output_result(ctx,
		    mwjson_emit(mwjson_capture(dir, &r), stdout, false));
	else
		rc = text_capture(stdout, dir, &r, ctx->bytes) < 0 ?
		    cmd_fail(ctx) : MW_EXIT_OK;
	capture_result_free(&r);
	free(made);
	free(pids);
	return rc;
}

const struct mw_cmd mw_cmd_capture = {
	.name = "capture",
	.fn = cmd_capture,
	.summary = "copy the /proc files memwatch reads into a tree for --proc-root",
	.usage = "memwatch capture [-o DIR] [--force] [PID...]",
	.opts = capture_opts,
	.operands = CMD_ANY_OPERANDS,
	.notes =
	"Files: meminfo buddyinfo zoneinfo slabinfo pagetypeinfo vmstat\n"
	"pressure/memory swaps sys/vm/*, below DIR/sys the THP and huge page\n"
	"settings (kernel/mm/...), zswap's parameters and every memory cgroup's\n"
	"files (with self/mountinfo, which places the hierarchy), and per\n"
	"PID smaps smaps_rollup status stat statm maps cmdline comm oom_score\n"
	"oom_score_adj, plus kernel-release and page-size. Unreadable files (root-\n"
	"only ones, another user's process) are listed as skipped.\n",
};
