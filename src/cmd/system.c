/* cmd/system.c: memwatch system show|explain|snapshot|diff. */
#include "config.h"

#include <errno.h>

#include "cmd/cmd.h"

static int
not_yet(struct mw_ctx *ctx, int argc, char **argv)
{
	return mw_err_set(&ctx->err, -ENOSYS, MW_EXIT_TARGET,
	    "system %s is not built yet (work in progress); see 'memwatch --help'",
	    ctx->cmd_name);
}

int
cmd_system_diff_files(struct mw_ctx *ctx, const char *a, const char *b)
{
	return not_yet(ctx, 0, NULL);
}

const struct mw_cmd mw_cmd_system_show = {
	.name = "show", .fn = not_yet,
	.summary = "meminfo summary, zones, buddy free lists, biggest slab caches",
	.usage = "memwatch system [show]",
};
const struct mw_cmd mw_cmd_system_explain = {
	.name = "explain", .fn = not_yet,
	.summary = "plain-language account of zones, watermarks, fragmentation, slabs",
	.usage = "memwatch system explain",
};
const struct mw_cmd mw_cmd_system_snapshot = {
	.name = "snapshot", .fn = not_yet,
	.summary = "a JSON snapshot of meminfo, zones, buddy and slabs",
	.usage = "memwatch system snapshot [-o FILE]",
};
const struct mw_cmd mw_cmd_system_diff = {
	.name = "diff", .fn = not_yet,
	.summary = "what changed system-wide over SECONDS or since a saved snapshot",
	.usage = "memwatch system diff [-i SECONDS | FILE]",
};
