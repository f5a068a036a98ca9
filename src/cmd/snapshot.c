/* cmd/snapshot.c: memwatch PID snapshot [-o FILE]. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cmd/cmd.h"
#include "model/snapshot.h"
#include "render/json.h"
#include "render/json_proc.h"
#include "util/atomic.h"
#include "util/buf.h"

static int
cmd_snapshot(struct mw_ctx *ctx, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct proc_snapshot snap;
	const char *out = NULL;
	struct mw_buf text;
	int c, rc = MW_EXIT_OK;

	while ((c = cmd_getopt(ctx, argc, argv, "o:h", longopts)) != -1) {
		switch (c) {
		case 'o':
			out = optarg;
			break;
		case 'h':
			return cmd_help(&mw_cmd_snapshot);
		default:
			return MW_EXIT_USAGE;
		}
	}
	if (optind < argc)
		return cmd_usage_error(ctx, "unexpected argument '%s'", argv[optind]);
	if (out != NULL && strcmp(out, "-") == 0)
		out = NULL;	/* "-o -": standard output, as everywhere */
	if (snapshot_take(&ctx->src, ctx->pid, SNAP_VMAS, &snap, &ctx->err) < 0)
		return cmd_fail(ctx);
	mw_buf_init(&text);
	if (out != NULL) {
		mwjson_proc_snapshot_text(&snap, NULL, 0, &text, NULL, NULL);
		if (mw_write_atomic(out, text.data, text.len, &ctx->err) < 0)
			rc = cmd_fail(ctx);
	} else if (mwjson_proc_snapshot_text(&snap, NULL, 0, &text,
	    cmd_flush_stdout, NULL) < 0) {
		rc = MW_EXIT_TARGET;
	}
	mw_buf_free(&text);
	snapshot_free(&snap);
	return rc;
}

const struct mw_cmd mw_cmd_snapshot = {
	.name = "snapshot",
	.fn = cmd_snapshot,
	.summary = "a JSON snapshot of the process (every mapping, every field)",
	.usage = "memwatch PID snapshot [-o FILE]",
	.options =
	"  -o, --output FILE   write FILE atomically (temporary file, then rename)\n"
	"                      instead of standard output ('-': standard output)\n",
};
