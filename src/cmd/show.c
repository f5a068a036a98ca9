/* cmd/show.c: identity, totals and one row per mapping. */
#include "config.h"

#include <errno.h>

#include "cmd/cmd.h"

static int
cmd_show(struct mw_ctx *ctx, int argc, char **argv)
{
	return mw_err_set(&ctx->err, -ENOSYS, MW_EXIT_TARGET,
	    "%s is not built yet (work in progress); see 'memwatch --help'",
	    ctx->cmd_name);
}

const struct mw_cmd mw_cmd_show = {
	.name = "show",
	.fn = cmd_show,
	.summary = "identity, totals and one row per mapping",
	.usage = "memwatch PID [show] [--sort KEY] [--kind K] [--top N]",
};
