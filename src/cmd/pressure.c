/* cmd/pressure.c: what the kernel did with memory over an interval. */
#include "config.h"

#include <errno.h>

#include "cmd/cmd.h"
#include "cmd/syscmd.h"
#include "model/mmstate.h"
#include "model/pressure.h"
#include "model/system.h"
#include "render/json_pressure.h"
#include "render/text_pressure.h"
#include "util/time.h"
#include "util/units.h"

#define PRESSURE_INTERVAL 3.0
#define PRESSURE_MAX_INTERVAL 86400.0

static int
set_interval(struct mw_ctx *ctx, void *opts, const char *arg)
{
	double *interval = opts;

	if (mw_parse_seconds(arg, interval) < 0 || *interval <= 0 ||
	    *interval > PRESSURE_MAX_INTERVAL)
		return cmd_usage_error(ctx,
		    "-i takes seconds above 0 and up to a day (such as 1 or 0.5), not '%s'",
		    arg);
	return 0;
}

static const struct mw_opt pressure_opts[] = {
	CMD_CALL('i', "interval", "S",
	    "read the kernel's counters S seconds apart\n"
	    "(default 3; fractions allowed)", set_interval),
	CMD_OPT_END,
};

static int
need_vmstat(struct mw_ctx *ctx, const struct mm_state *st)
{
	if (st->have_vmstat)
		return 0;
	if (st->vmstat_err == -ENOENT)
		return mw_err_set(&ctx->err, -ENOENT, MW_EXIT_TARGET,
		    "cannot read %s/vmstat (no such file); give a tree made by 'memwatch capture' or /proc",
		    ctx->src.root);
	return mw_err_set(&ctx->err, st->vmstat_err, MW_EXIT_TARGET,
	    "cannot read %s/vmstat (no line has the shape 'name value'); check the file",
	    ctx->src.root);
}

static int
cmd_pressure(struct mw_ctx *ctx, int argc, char **argv)
{
	struct mm_state a, b;
	struct sys_snapshot s;
	struct pressure_report r;
	struct text_opts o;
	double interval = PRESSURE_INTERVAL;
	int rc = cmd_parse(ctx, &mw_cmd_pressure, argc, argv, &interval);

	if (rc != CMD_RUN)
		return rc;
	mm_state_init(&a);
	mm_state_init(&b);
	sys_snapshot_init(&s);
	pressure_report_init(&r);
	mm_take(&ctx->src, MM_COUNTERS, &a);
	if (need_vmstat(ctx, &a) < 0) {
		rc = cmd_fail(ctx);
		goto out;
	}
	mw_sleep(interval);
	mm_take(&ctx->src, MM_COUNTERS | MM_SETTINGS, &b);
	sys_snapshot_take(&ctx->src, SYS_PART(SYS_MEMINFO) |
	    SYS_PART(SYS_ZONEINFO) | SYS_PART(SYS_BUDDYINFO), &s);
	if (need_vmstat(ctx, &b) < 0) {
		rc = cmd_fail(ctx);
		goto out;
	}
	pressure_compute(&a, &b, &s, &r);
	if (ctx->json) {
		rc = (mwjson_emit(mwjson_pressure(&r, &a, &b, &s, ctx->bytes),
		    stdout, false) < 0 ? MW_EXIT_TARGET : MW_EXIT_OK);
	} else {
		o = syscmd_opts(ctx, false);
		text_pressure(stdout, &r, &o);
		rc = MW_EXIT_OK;
	}
out:
	pressure_report_free(&r);
	sys_snapshot_free(&s);
	mm_state_free(&b);
	mm_state_free(&a);
	return rc;
}

const struct mw_cmd mw_cmd_pressure = {
	.name = "pressure",
	.fn = cmd_pressure,
	.summary = "memory pressure, reclaim, refaults, swap, compaction, THP and OOM kills over an interval, explained",
	.usage = "memwatch pressure [-i SECONDS]",
	.opts = pressure_opts,
	.notes = "Reads /proc/vmstat and /proc/pressure/memory twice, then the settings\n"
	"(/proc/sys/vm, /proc/swaps, THP, huge page pools, zswap), zoneinfo,\n"
	"buddyinfo and meminfo once. A quiet interval is one line.\n",
};
