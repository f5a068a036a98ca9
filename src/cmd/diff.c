/* cmd/diff.c: what changed: two snapshots SECONDS apart, or a saved one against now. */
#include "config.h"

#include <errno.h>

#include "cmd/cmd.h"

static int
cmd_diff(struct mw_ctx *ctx, int argc, char **argv)
{
	return mw_err_set(&ctx->err, -ENOSYS, MW_EXIT_TARGET,
	    "%s is not built yet (work in progress); see 'memwatch --help'",
	    ctx->cmd_name);
}

const struct mw_cmd mw_cmd_diff = {
	.name = "diff",
	.fn = cmd_diff,
	.summary = "what changed: two snapshots SECONDS apart, or a saved one against now",
	.usage = "memwatch PID diff [-i SECONDS | FILE] [--all] [--force]",
};

const struct mw_cmd mw_cmd_diff_files = {
	.name = "diff",
	.fn = cmd_diff,
	.summary = "compare two saved snapshots (process or system)",
	.usage = "memwatch diff A B",
};
