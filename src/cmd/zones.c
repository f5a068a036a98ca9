/* cmd/zones.c: per node and zone: free memory against the watermarks. */
#include "config.h"

#include <getopt.h>

#include "cmd/cmd.h"
#include "cmd/syscmd.h"
#include "model/system.h"
#include "render/json_system.h"

static int
cmd_zones(struct mw_ctx *ctx, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct sys_snapshot s;
	struct text_opts o;
	bool verbose = false;
	int c, rc = MW_EXIT_OK;

	while ((c = cmd_getopt(ctx, argc, argv, "vh", longopts)) != -1) {
		if (c == 'v')
			verbose = true;
		else if (c == 'h')
			return cmd_help(&mw_cmd_zones);
		else
			return MW_EXIT_USAGE;
	}
	if (optind < argc)
		return cmd_usage_error(ctx, "unexpected argument '%s'", argv[optind]);
	sys_snapshot_init(&s);
	sys_snapshot_take(&ctx->src, SYS_PART(SYS_ZONEINFO), &s);
	if (sys_require(&s, SYS_ZONEINFO, &ctx->err) < 0) {
		rc = cmd_fail(ctx);
	} else if (ctx->json) {
		rc = syscmd_output(ctx, mwjson_zones(&s));
	} else {
		o = syscmd_opts(ctx, verbose);
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
	.options =
	"  -v, --verbose       also every zone counter (nr_*, numa_*), the per-node\n"
	"                      stats, the per-CPU lists and empty zones\n",
};
