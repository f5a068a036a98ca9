/* cmd/snapshot.c: memwatch PID snapshot [-o FILE]. */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "cmd/cmd.h"
#include "cmd/procstream.h"

struct snapshot_opts {
	const char *out;	/* -o FILE */
};

static int
cmd_snapshot(struct mw_ctx *ctx, int argc, char **argv)
{
	struct snapshot_opts o = { NULL };
	int rc;

	if ((rc = cmd_parse(ctx, &mw_cmd_snapshot, argc, argv, &o)) != CMD_RUN)
		return rc;
	if (o.out != NULL && strcmp(o.out, "-") == 0)
		o.out = NULL;	/* "-o -": standard output, as everywhere */
	return procstream_write(ctx, o.out, NULL);
}

static const struct mw_opt snapshot_opts[] = {
	CMD_STRING('o', "output", "FILE",
	    "write FILE atomically (temporary file, then rename)\n"
	    "instead of standard output ('-': standard output)",
	    struct snapshot_opts, out),
	CMD_OPT_END,
};

const struct mw_cmd mw_cmd_snapshot = {
	.name = "snapshot",
	.fn = cmd_snapshot,
	.summary = "a JSON snapshot of the process (every mapping, every field)",
	.usage = "memwatch PID snapshot [-o FILE]",
	.opts = snapshot_opts,
};
