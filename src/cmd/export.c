/* cmd/export.c: the current state as one OpenMetrics exposition. */
#include "config.h"

#include <errno.h>

#include "cmd/cmd.h"

static int
cmd_export(struct mw_ctx *ctx, int argc, char **argv)
{
	return mw_err_set(&ctx->err, -ENOSYS, MW_EXIT_TARGET,
	    "%s is not built yet (work in progress); see 'memwatch --help'",
	    ctx->cmd_name);
}

const struct mw_cmd mw_cmd_export = {
	.name = "export",
	.fn = cmd_export,
	.summary = "the current state as one OpenMetrics exposition",
	.usage = "memwatch export [-o FILE] [--top N]",
};
