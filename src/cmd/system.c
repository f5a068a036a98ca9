/* cmd/system.c: memwatch system show|explain|snapshot|diff. */
#include "config.h"

#include <errno.h>
#include <getopt.h>

#include "cmd/cmd.h"
#include "cmd/syscmd.h"
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

/* Options of a subcommand that has none but --help. */
static int
no_options(struct mw_ctx *ctx, int argc, char **argv,
    const struct mw_cmd *cmd)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	while ((c = cmd_getopt(ctx, argc, argv, "h", longopts)) != -1) {
		if (c == 'h')
			return cmd_help(cmd) - 1;	/* -1: done, exit 0 */
		return MW_EXIT_USAGE;
	}
	if (optind < argc)
		return cmd_usage_error(ctx, "unexpected argument '%s'", argv[optind]);
	return 0;
}

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
	int rc = no_options(ctx, argc, argv, &mw_cmd_system_show);

	if (rc != 0)
		return rc < 0 ? MW_EXIT_OK : rc;
	if (take(ctx, SYS_ALL, &s) < 0) {
		sys_snapshot_free(&s);
		return cmd_fail(ctx);
	}
	if (ctx->json)
		rc = syscmd_output(ctx, mwjson_system_snapshot(&s));
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
	int rc = no_options(ctx, argc, argv, &mw_cmd_system_explain);

	if (rc != 0)
		return rc < 0 ? MW_EXIT_OK : rc;
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
		rc = syscmd_output(ctx, mwjson_system_explain(&s, &f, ctx->bytes));
	else
		text_system_explain(stdout, &s, &f, &o);
	finding_list_free(&f);
	sys_snapshot_free(&s);
	mm_state_free(&prev);
	return rc;
}

static int
system_snapshot(struct mw_ctx *ctx, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *out = NULL;
	struct sys_snapshot s;
	json_t *doc;
	int c, rc = MW_EXIT_OK;

	while ((c = cmd_getopt(ctx, argc, argv, "o:h", longopts)) != -1) {
		if (c == 'o')
			out = optarg;
		else if (c == 'h')
			return cmd_help(&mw_cmd_system_snapshot);
		else
			return MW_EXIT_USAGE;
	}
	if (optind < argc)
		return cmd_usage_error(ctx, "unexpected argument '%s'", argv[optind]);
	if (take(ctx, SYS_ALL, &s) < 0) {
		sys_snapshot_free(&s);
		return cmd_fail(ctx);
	}
	doc = mwjson_system_snapshot(&s);
	if (out == NULL || (out[0] == '-' && out[1] == '\0')) {
		rc = syscmd_output(ctx, doc);
	} else {
		if (mwjson_write_file(doc, out, &ctx->err) < 0)
			rc = cmd_fail(ctx);
		json_decref(doc);
	}
	sys_snapshot_free(&s);
	return rc;
}

/* fa, fb: the files compared (NULL: a live snapshot). */
static int
print_diff(struct mw_ctx *ctx, const struct sys_snapshot *a,
    const struct sys_snapshot *b, const char *fa, const char *fb)
{
	struct sys_diff d;
	struct text_opts o = syscmd_opts(ctx, false);
	int rc = MW_EXIT_OK;

	o.before_name = fa;
	o.after_name = fb;
	sys_diff_compute(a, b, &d);
	if (ctx->json)
		rc = syscmd_output(ctx, mwjson_system_diff(&d, ctx->bytes));
	else
		text_system_diff(stdout, &d, &o);
	sys_diff_free(&d);
	return rc;
}

static const unsigned diff_parts = SYS_ALL & ~SYS_PART(SYS_PAGETYPEINFO);

static int
system_diff(struct mw_ctx *ctx, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "interval", required_argument, NULL, 'i' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct sys_snapshot a, b;
	double interval = 1;
	bool have_i = false;
	int c, rc;

	while ((c = cmd_getopt(ctx, argc, argv, "i:h", longopts)) != -1) {
		if (c == 'i') {
			if (mw_parse_seconds(optarg, &interval) < 0)
				return cmd_usage_error(ctx,
				    "-i takes a number of seconds, not '%s'", optarg);
			have_i = true;
		} else if (c == 'h') {
			return cmd_help(&mw_cmd_system_diff);
		} else {
			return MW_EXIT_USAGE;
		}
	}
	if (argc - optind > 1 || (have_i && optind < argc))
		return cmd_usage_error(ctx,
		    "give either -i SECONDS or one snapshot FILE");
	sys_snapshot_init(&a);
	if (optind < argc) {
		if (mwjson_system_load(argv[optind], &a, &ctx->err) < 0) {
			sys_snapshot_free(&a);
			return cmd_fail(ctx);
		}
	} else {
		sys_snapshot_free(&a);
		if (take(ctx, diff_parts, &a) < 0) {
			sys_snapshot_free(&a);
			return cmd_fail(ctx);
		}
		cmd_sleep_progress(interval,
		    "system diff: between the two snapshots");
	}
	if (take(ctx, diff_parts, &b) < 0) {
		sys_snapshot_free(&a);
		sys_snapshot_free(&b);
		return cmd_fail(ctx);
	}
	rc = print_diff(ctx, &a, &b, optind < argc ? argv[optind] : NULL,
	    NULL);
	sys_snapshot_free(&a);
	sys_snapshot_free(&b);
	return rc;
}

int
cmd_system_diff_files(struct mw_ctx *ctx, const char *fa, const char *fb)
{
	struct sys_snapshot a, b;
	int rc = MW_EXIT_OK;

	sys_snapshot_init(&a);
	sys_snapshot_init(&b);
	if (mwjson_system_load(fa, &a, &ctx->err) < 0 ||
	    mwjson_system_load(fb, &b, &ctx->err) < 0)
		rc = cmd_fail(ctx);
	else
		rc = print_diff(ctx, &a, &b, fa, fb);
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
	.options =
	"  -o, --output FILE   write the snapshot to FILE (atomically: a failed\n"
	"                      write leaves an existing FILE as it was); '-' or no\n"
	"                      -o prints it\n",
};
const struct mw_cmd mw_cmd_system_diff = {
	.name = "diff", .fn = system_diff,
	.summary = "what changed system-wide over SECONDS or since a saved snapshot",
	.usage = "memwatch system diff [-i SECONDS | FILE]",
	.options =
	"  -i, --interval S    two readings S seconds apart (default 1)\n"
	"  FILE                a snapshot from 'memwatch system snapshot -o FILE',\n"
	"                      compared with now\n",
};
