/* cmd/buddy.c: free blocks per order, largest block, fragmentation. */
#include "config.h"

#include <errno.h>

#include "cmd/cmd.h"

static int
cmd_buddy(struct mw_ctx *ctx, int argc, char **argv)
{
	return mw_err_set(&ctx->err, -ENOSYS, MW_EXIT_TARGET,
	    "%s is not built yet (work in progress); see 'memwatch --help'",
	    ctx->cmd_name);
}

const struct mw_cmd mw_cmd_buddy = {
	.name = "buddy",
	.fn = cmd_buddy,
	.summary = "free blocks per order, largest block, fragmentation",
	.usage = "memwatch buddy",
};
