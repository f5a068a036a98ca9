/* cmd/slabs.c: slab caches by total size. */
#include "config.h"

#include <errno.h>

#include "cmd/cmd.h"

static int
cmd_slabs(struct mw_ctx *ctx, int argc, char **argv)
{
	return mw_err_set(&ctx->err, -ENOSYS, MW_EXIT_TARGET,
	    "%s is not built yet (work in progress); see 'memwatch --help'",
	    ctx->cmd_name);
}

const struct mw_cmd mw_cmd_slabs = {
	.name = "slabs",
	.fn = cmd_slabs,
	.summary = "slab caches by total size",
	.usage = "memwatch slabs [--sort KEY] [-n N] [-i SECONDS]",
};
