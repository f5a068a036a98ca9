/* cmd/top.c: live view of processes' memory (batch mode with -b). */
#include "config.h"

#include <errno.h>

#include "cmd/cmd.h"

static int
cmd_top(struct mw_ctx *ctx, int argc, char **argv)
{
	return mw_err_set(&ctx->err, -ENOSYS, MW_EXIT_TARGET,
	    "%s is not built yet (work in progress); see 'memwatch --help'",
	    ctx->cmd_name);
}

const struct mw_cmd mw_cmd_top = {
	.name = "top",
	.fn = cmd_top,
	.summary = "live view of processes' memory (batch mode with -b)",
	.usage = "memwatch top [-d SECONDS] [-b [-n N]]",
};
