/* cmd/snapshot.c: a JSON snapshot of the process. */
#include "config.h"

#include <errno.h>

#include "cmd/cmd.h"

static int
cmd_snapshot(struct mw_ctx *ctx, int argc, char **argv)
{
	return mw_err_set(&ctx->err, -ENOSYS, MW_EXIT_TARGET,
	    "%s is not built yet (work in progress); see 'memwatch --help'",
	    ctx->cmd_name);
}

const struct mw_cmd mw_cmd_snapshot = {
	.name = "snapshot",
	.fn = cmd_snapshot,
	.summary = "a JSON snapshot of the process",
	.usage = "memwatch PID snapshot [-o FILE]",
};
