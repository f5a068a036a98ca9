/* cmd/export.c: the current state as one OpenMetrics exposition. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "model/fleet.h"
#include "render/metrics.h"
#include "render/openmetrics.h"
#include "util/atomic.h"
#include "util/buf.h"
#include "util/units.h"

int
cmd_parse_metrics_top(struct mw_ctx *ctx, const char *arg, size_t *top)
{
	uint64_t v;

	if (cmd_parse_count(ctx, "--top", "a number of processes from 0 to 100000",
	    0, METRICS_TOP_MAX, arg, &v) != 0)
		return MW_EXIT_USAGE;
	*top = (size_t)v;
	return 0;
}

static int
parse_format(struct mw_ctx *ctx, const char *arg, enum om_format *fmt)
{
	if (strcmp(arg, "openmetrics") == 0)
		*fmt = OM_OPENMETRICS;
	else if (strcmp(arg, "prometheus") == 0)
		*fmt = OM_TEXT;
	else
		return cmd_usage_error(ctx,
		    "--format takes openmetrics or prometheus, not '%s'", arg);
	return 0;
}

static int
write_out(struct mw_ctx *ctx, const struct mw_buf *b, const char *path)
{
	if (path != NULL && strcmp(path, "-") != 0)	/* "-": stdout */
		return mw_write_atomic(path, b->data, b->len, &ctx->err) < 0 ?
		    cmd_fail(ctx) : MW_EXIT_OK;
	if (fwrite(b->data, 1, b->len, stdout) != b->len)
		return mw_err_set(&ctx->err, -EIO, MW_EXIT_TARGET,
		    "cannot write the exposition (%s); check the disk or pipe",
		    strerror(errno));
	return MW_EXIT_OK;
}

static int
cmd_export(struct mw_ctx *ctx, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "top", required_argument, NULL, 't' },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	enum om_format fmt = OM_OPENMETRICS;
	size_t top = METRICS_TOP_DEFAULT;
	const char *out = NULL;
	struct fleet_sample s;
	struct om_writer w;
	struct mw_buf b;
	int c, rc;

	while ((c = cmd_getopt(ctx, argc, argv, "o:h", longopts)) != -1) {
		switch (c) {
		case 'o':
			out = optarg;
			break;
		case 't':
			if (cmd_parse_metrics_top(ctx, optarg, &top) != 0)
				return MW_EXIT_USAGE;
			break;
		case 'f':
			if (parse_format(ctx, optarg, &fmt) != 0)
				return MW_EXIT_USAGE;
			break;
		case 'h':
			return cmd_help(&mw_cmd_export);
		default:
			return MW_EXIT_USAGE;
		}
	}
	if (optind < argc)
		return cmd_usage_error(ctx, "unexpected argument '%s'", argv[optind]);
	if (ctx->json)
		return cmd_usage_error(ctx,
		    "export writes the Prometheus text formats, not JSON; leave out --json");
	fleet_sample_take(&ctx->src, NULL, &s);
	mw_buf_init(&b);
	om_writer_init(&w, &b, fmt);
	metrics_render(&w, &s, top);
	om_finish(&w);
	om_writer_free(&w);
	rc = write_out(ctx, &b, out);
	mw_buf_free(&b);
	fleet_sample_free(&s);
	return rc;
}

const struct mw_cmd mw_cmd_export = {
	.name = "export",
	.fn = cmd_export,
	.summary = "the current state as one OpenMetrics exposition",
	.usage = "memwatch export [-o FILE] [--top N] [--format FORMAT]",
	.options =
	"  -o, --output FILE   write FILE atomically (temporary file, fsync, rename),\n"
	"                      e.g. for node_exporter's textfile collector\n"
	"      --top N         processes shown one by one, largest PSS first, and\n"
	"                      slab caches, largest first (default 50)\n"
	"      --format FORMAT openmetrics (default: OpenMetrics 1.0.0) or\n"
	"                      prometheus (the classic text format 0.0.4)\n"
	"Every process is also summed by command name (at most 200 names, then\n"
	"one \"(other commands)\" series). A source that cannot be read is left out\n"
	"and flagged by memwatch_scrape_unreadable{source=...} 1.\n",
};
