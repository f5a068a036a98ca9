/* cmd/zones.c: per node and zone: free memory against the watermarks. */
#include "config.h"

#include <errno.h>

#include "cmd/cmd.h"

static int
cmd_zones(struct mw_ctx *ctx, int argc, char **argv)
{
	return mw_err_set(&ctx->err, -ENOSYS, MW_EXIT_TARGET,
	    "%s is not built yet (work in progress); see 'memwatch --help'",
	    ctx->cmd_name);
}

const struct mw_cmd mw_cmd_zones = {
	.name = "zones",
	.fn = cmd_zones,
	.summary = "per node and zone: free memory against the watermarks",
	.usage = "memwatch zones [-v]",
};
