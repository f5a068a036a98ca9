/* cmd/serve.c: an HTTP /metrics endpoint for Prometheus. */
#include "config.h"

#include <errno.h>

#include "cmd/cmd.h"

static int
cmd_serve(struct mw_ctx *ctx, int argc, char **argv)
{
	return mw_err_set(&ctx->err, -ENOSYS, MW_EXIT_TARGET,
	    "%s is not built yet (work in progress); see 'memwatch --help'",
	    ctx->cmd_name);
}

const struct mw_cmd mw_cmd_serve = {
	.name = "serve",
	.fn = cmd_serve,
	.summary = "an HTTP /metrics endpoint for Prometheus",
	.usage = "memwatch serve [--listen ADDR:PORT] [--interval SECONDS]",
};
