/* cmd/export.c: the current state as one OpenMetrics exposition. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "model/sample.h"
#include "render/metrics.h"
#include "render/openmetrics.h"
#include "util/atomic.h"
#include "util/buf.h"
#include "util/units.h"

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
	errno = 0;
	if (fwrite(b->data, 1, b->len, stdout) != b->len || fflush(stdout) != 0) {
		cmd_output_error(ctx, errno != 0 ? errno : EIO);
		return MW_EXIT_TARGET;
	}
	return MW_EXIT_OK;
}

struct export_opts {
	const char *out;	/* -o FILE */
	size_t top;		/* --top N */
	enum om_format fmt;	/* --format */
};

static int
set_top(struct mw_ctx *ctx, void *opts, const char *arg)
{
	struct export_opts *o = opts;

	return cmd_parse_metrics_top(ctx, arg, &o->top);
}

static int
set_format(struct mw_ctx *ctx, void *opts, const char *arg)
{
	struct export_opts *o = opts;

	return parse_format(ctx, arg, &o->fmt);
}

static const struct mw_opt export_opts[] = {
	CMD_STRING('o', "output", "FILE",
	    "write FILE atomically (temporary file, fsync, rename),\n"
	    "e.g. for node_exporter's textfile collector",
	    struct export_opts, out),
	CMD_CALL(0, "top", "N",
	    "processes shown one by one, largest PSS first, and\n"
	    "slab caches, largest first (default 50)", set_top),
	CMD_CALL(0, "format", "FORMAT",
	    "openmetrics (default: OpenMetrics 1.0.0) or\n"
	    "prometheus (the classic text format 0.0.4)", set_format),
	CMD_OPT_END,
};

static int
cmd_export(struct mw_ctx *ctx, int argc, char **argv)
{
	struct export_opts o = { NULL, METRICS_TOP_DEFAULT, OM_OPENMETRICS };
	struct fleet_sample s;
	struct om_writer w;
	struct mw_buf b;
	int rc;

	if ((rc = cmd_parse(ctx, &mw_cmd_export, argc, argv, &o)) != CMD_RUN)
		return rc;
	if (ctx->json)
		return cmd_usage_error(ctx,
		    "export writes the Prometheus text formats, not JSON; leave out --json");
	fleet_sample_take(&ctx->src, NULL, &s);
	mw_buf_init(&b);
	om_writer_init(&w, &b, o.fmt);
	metrics_render(&w, &s, o.top);
	om_finish(&w);
	om_writer_free(&w);
	rc = write_out(ctx, &b, o.out);
	mw_buf_free(&b);
	fleet_sample_free(&s);
	return rc;
}

const struct mw_cmd mw_cmd_export = {
	.name = "export",
	.fn = cmd_export,
	.summary = "the current state as one OpenMetrics exposition",
	.usage = "memwatch export [-o FILE] [--top N] [--format FORMAT]",
	.opts = export_opts,
	.notes =
	"Every process is also summed by command name (at most 200 names, then\n"
	"one \"(other commands)\" series). A source that cannot be read is left out\n"
	"and flagged by memwatch_scrape_unreadable{source=...} 1.\n",
};
