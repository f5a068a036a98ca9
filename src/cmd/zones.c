/* cmd/zones.c: per node and zone: free memory against the watermarks. */
#include "config.h"


#include "cmd/cmd.h"
#include "cmd/syscmd.h"
#include "model/system.h"
#include "render/json_system.h"

struct zones_opts {
	bool verbose;		/* -v */
};

static const struct mw_opt zones_opts[] = {
	CMD_FLAG('v', "verbose",
	    "also every zone counter (nr_*, numa_*), the per-node\n"
	    "stats, the per-CPU lists and empty zones",
	    struct zones_opts, verbose),
	CMD_OPT_END,
};

static int
cmd_zones(struct mw_ctx *ctx, int argc, char **argv)
{
	struct sys_snapshot s;
	struct text_opts o;
	struct zones_opts zo = { false };
	int rc;

	if ((rc = cmd_parse(ctx, &mw_cmd_zones, argc, argv, &zo)) != CMD_RUN)
		return rc;
	rc = MW_EXIT_OK;
	sys_snapshot_init(&s);
	sys_snapshot_take(&ctx->src, SYS_PART(SYS_ZONEINFO), &s);
	if (sys_require(&s, SYS_ZONEINFO, &ctx->err) < 0) {
		rc = cmd_fail(ctx);
	} else if (ctx->json) {
		rc = cmd_output_result(ctx,
		    mwjson_emit(mwjson_zones(&s), stdout, false));
	} else {
		o = syscmd_opts(ctx, zo.verbose);
		text_zones(stdout, &s, &o);
	}
	sys_snapshot_free(&s);
	return rc;
}

const struct mw_cmd mw_cmd_zones = {
	.name = "zones",
	.fn = cmd_zones,
	.summary = "per node and zone: free memory against the watermarks",
	.usage = "memwatch zones [-v]",
	.opts = zones_opts,
};
