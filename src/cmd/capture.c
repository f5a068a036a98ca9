/* cmd/capture.c: copy the /proc files memwatch reads into a tree for --proc-root. */
#include "config.h"

#include <errno.h>

#include "cmd/cmd.h"

static int
cmd_capture(struct mw_ctx *ctx, int argc, char **argv)
{
	return mw_err_set(&ctx->err, -ENOSYS, MW_EXIT_TARGET,
	    "%s is not built yet (work in progress); see 'memwatch --help'",
	    ctx->cmd_name);
}

const struct mw_cmd mw_cmd_capture = {
	.name = "capture",
	.fn = cmd_capture,
	.summary = "copy the /proc files memwatch reads into a tree for --proc-root",
	.usage = "memwatch capture [-o DIR] [PID...]",
};
