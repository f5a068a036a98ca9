/* cmd/pages.c: page residency from pagemap: present, swapped, never touched. */
#include "config.h"

#include <errno.h>

#include "cmd/cmd.h"

static int
cmd_pages(struct mw_ctx *ctx, int argc, char **argv)
{
	return mw_err_set(&ctx->err, -ENOSYS, MW_EXIT_TARGET,
	    "%s is not built yet (work in progress); see 'memwatch --help'",
	    ctx->cmd_name);
}

const struct mw_cmd mw_cmd_pages = {
	.name = "pages",
	.fn = cmd_pages,
	.summary = "page residency from pagemap: present, swapped, never touched",
	.usage = "memwatch PID pages [ADDR]",
};
