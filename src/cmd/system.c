/* cmd/system.c: memwatch system show|explain|snapshot|diff. */
#include "config.h"

#include <errno.h>

#include "cmd/cmd.h"
#include "cmd/syscmd.h"
#include "cmd/sysdiff.h"
#include "model/system.h"
#include "model/system_diff.h"
#include "model/finding.h"
#include "model/system_explain.h"
#include "render/json_system.h"
#include "util/err.h"
#include "util/time.h"
#include "util/units.h"

/* system explain reads kswapd's scan counter this far apart (live). */
#define EXPLAIN_KSWAPD_SECONDS 0.2

/* Take what the system commands show; fails only when nothing is there. */
static int
take(struct mw_ctx *ctx, unsigned parts, struct sys_snapshot *s)
{
	sys_snapshot_init(s);
	sys_snapshot_take(&ctx->src, parts, s);
	sys_snapshot_take_tmpfs(&ctx->src, s);
	for (int p = 0; p < SYS_PART_NR; p++)
		if (s->part[p].have)
			return 0;
	sys_require(s, SYS_MEMINFO, &ctx->err);
	return -EIO;
}

static int
system_show(struct mw_ctx *ctx, int argc, char **argv)
{
	struct sys_snapshot s;
	struct text_opts o = syscmd_opts(ctx, false);
	int rc = cmd_parse(ctx, &mw_cmd_system_show, argc, argv, NULL);

	if (rc != CMD_RUN)
		return rc;
	rc = MW_EXIT_OK;
	if (take(ctx, SYS_ALL, &s) < 0) {
		sys_snapshot_free(&s);
		return cmd_fail(ctx);
	}
	if (ctx->json)
		rc = cmd_output_result(ctx,
		    mwjson_emit(mwjson_system_snapshot(&s), stdout, false));
	else
		text_system_show(stdout, &s, &o);
	sys_snapshot_free(&s);
	return rc;
}

static int
system_explain(struct mw_ctx *ctx, int argc, char **argv)
{
	struct sys_snapshot s;
	struct finding_list f;
	struct mm_state prev;
	struct text_opts o = syscmd_opts(ctx, false);
	int rc = cmd_parse(ctx, &mw_cmd_system_explain, argc, argv, NULL);

	if (rc != CMD_RUN)
		return rc;
	rc = MW_EXIT_OK;
	/* Live, kswapd's counter is read twice: whether it runs now is
	 * then a fact, not a guess from the watermarks. */
	mm_state_init(&prev);
	if (ctx->src.live) {
		mm_take(&ctx->src, MM_COUNTERS, &prev);
		mw_sleep(EXPLAIN_KSWAPD_SECONDS);
	}
	if (take(ctx, (SYS_ALL & ~SYS_PART(SYS_PAGETYPEINFO)) | SYS_PTI_FALLBACK,
	    &s) < 0) {
		mm_state_free(&prev);
		sys_snapshot_free(&s);
		return cmd_fail(ctx);
	}
	s.mm_prev = ctx->src.live ? &prev : NULL;
	finding_list_init(&f);
	sys_explain(&s, &f);
	if (ctx->json)
		rc = cmd_output_result(ctx, mwjson_emit(mwjson_system_explain(&s,
		    &f, ctx->bytes), stdout, false));
	else
		text_system_explain(stdout, &s, &f, &o);
	finding_list_free(&f);
	sys_snapshot_free(&s);
	mm_state_free(&prev);
	return rc;
}

struct system_opts {
	const char *out;	/* snapshot -o FILE */
	double interval;	/* diff -i SECONDS */
	bool have_i;
};

static const struct mw_opt snapshot_opts[] = {
	CMD_STRING('o', "output", "FILE",
	    "write the snapshot to FILE (atomically: a failed\n"
	    "write leaves an existing FILE as it was); '-' or no\n"
	    "-o prints it", struct system_opts, out),
	CMD_OPT_END,
};

static int
system_snapshot(struct mw_ctx *ctx, int argc, char **argv)
{
	struct system_opts so = { NULL, 0, false };
	struct sys_snapshot s;
	int rc;

	rc = cmd_parse(ctx, &mw_cmd_system_snapshot, argc, argv, &so);
	if (rc != CMD_RUN)
		return rc;
	if (take(ctx, SYS_ALL, &s) < 0) {
		sys_snapshot_free(&s);
		return cmd_fail(ctx);
	}
	rc = cmd_output_result(ctx, mwjson_emit_to(mwjson_system_snapshot(&s),
	    so.out, &ctx->err));
	sys_snapshot_free(&s);
	return rc;
}

static const unsigned diff_parts = SYS_ALL & ~SYS_PART(SYS_PAGETYPEINFO);

static int
set_interval(struct mw_ctx *ctx, void *opts, const char *arg)
{
	struct system_opts *o = opts;

	if (mw_parse_seconds(arg, &o->interval) < 0)
		return cmd_usage_error(ctx,
		    "-i takes a number of seconds, not '%s'", arg);
	o->have_i = true;
	return 0;
}

static const struct mw_opt diff_opts[] = {
	CMD_CALL('i', "interval", "S", "two readings S seconds apart (default 1)",
	    set_interval),
	CMD_OPERAND("FILE",
	    "a snapshot from 'memwatch system snapshot -o FILE',\n"
	    "compared with now"),
	CMD_OPT_END,
};

static int
system_diff(struct mw_ctx *ctx, int argc, char **argv)
{
	struct system_opts so = { NULL, 1, false };
	struct sys_snapshot a, b;
	const char *file;
	int rc;

	if ((rc = cmd_parse(ctx, &mw_cmd_system_diff, argc, argv, &so)) !=
	    CMD_RUN)
		return rc;
	if (ctx->nargs > 1 || (so.have_i && ctx->nargs > 0))
		return cmd_usage_error(ctx,
		    "give either -i SECONDS or one snapshot FILE");
	file = ctx->nargs > 0 ? ctx->args[0] : NULL;
	sys_snapshot_init(&a);
	if (file != NULL) {
		if (mwjson_system_load(file, &a, &ctx->err) < 0) {
			sys_snapshot_free(&a);
			return cmd_fail(ctx);
		}
	} else {
		sys_snapshot_free(&a);
		if (take(ctx, diff_parts, &a) < 0) {
			sys_snapshot_free(&a);
			return cmd_fail(ctx);
		}
		cmd_sleep_progress(so.interval,
		    "system diff: between the two snapshots");
	}
	if (take(ctx, diff_parts, &b) < 0) {
		sys_snapshot_free(&a);
		sys_snapshot_free(&b);
		return cmd_fail(ctx);
	}
	rc = sysdiff_print(ctx, &a, &b, file, NULL);
	sys_snapshot_free(&a);
	sys_snapshot_free(&b);
	return rc;
}

const struct mw_cmd mw_cmd_system_show = {
	.name = "show", .fn = system_show,
	.summary = "meminfo summary, zones, buddy free lists, biggest slab caches",
	.usage = "memwatch system [show]",
};
const struct mw_cmd mw_cmd_system_explain = {
	.name = "explain", .fn = system_explain,
	.summary = "plain-language account of zones, watermarks, fragmentation, slabs",
	.usage = "memwatch system explain",
};
const struct mw_cmd mw_cmd_system_snapshot = {
	.name = "snapshot", .fn = system_snapshot,
	.summary = "a JSON snapshot of meminfo, zones, buddy and slabs",
	.usage = "memwatch system snapshot [-o FILE]",
	.opts = snapshot_opts,
};
const struct mw_cmd mw_cmd_system_diff = {
	.name = "diff", .fn = system_diff,
	.summary = "what changed system-wide over SECONDS or since a saved snapshot",
	.usage = "memwatch system diff [-i SECONDS | FILE]",
	.opts = diff_opts,
	.operands = CMD_ANY_OPERANDS,
};
