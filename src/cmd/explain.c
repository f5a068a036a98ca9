/* cmd/explain.c: plain-language account of the process's memory. */
#include "config.h"

#include <errno.h>

#include "cmd/cmd.h"

static int
cmd_explain(struct mw_ctx *ctx, int argc, char **argv)
{
	return mw_err_set(&ctx->err, -ENOSYS, MW_EXIT_TARGET,
	    "%s is not built yet (work in progress); see 'memwatch --help'",
	    ctx->cmd_name);
}

const struct mw_cmd mw_cmd_explain = {
	.name = "explain",
	.fn = cmd_explain,
	.summary = "plain-language account of the process's memory",
	.usage = "memwatch PID explain",
};
