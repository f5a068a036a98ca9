/* cmd/pages.c: page residency from pagemap, per mapping, with a map. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cmd/cmd.h"
#include "model/pages.h"
#include "render/json.h"
#include "render/json_explain.h"
#include "render/term.h"
#include "render/text_explain.h"
#include "util/units.h"

#define NOTTY_WIDTH 80
#define MAP_LINES_ALL 2		/* map lines per mapping when listing all */
#define MAP_LINES_ONE 8	/* for the one mapping holding ADDR */

static int
parse_addr(struct mw_ctx *ctx, const char *arg, uint64_t *addr)
{
	const char *p = arg, *next;

	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
		p += 2;
	if (mw_parse_x64(p, p + strlen(p), addr, &next) < 0 || *next != '\0')
		return cmd_usage_error(ctx,
		    "'%s' is not an address (hexadecimal, with or without 0x)",
		    arg);
	return 0;
}

static int
cmd_pages(struct mw_ctx *ctx, int argc, char **argv)
{
	struct pages_report r;
	uint64_t addr;
	size_t width = term_width(stdout, NOTTY_WIDTH), cells;
	int rc;

	if ((rc = cmd_parse(ctx, &mw_cmd_pages, argc, argv, NULL)) != CMD_RUN)
		return rc;
	if (ctx->nargs > 0 && parse_addr(ctx, ctx->args[0], &addr) != 0)
		return MW_EXIT_USAGE;
	/* The map's line holds width - 22 cells (address and indent). */
	cells = (width > 40 ? width - 22 : 18) *
	    (ctx->nargs > 0 ? MAP_LINES_ONE : MAP_LINES_ALL);
	if (pages_take(&ctx->src, ctx->pid, ctx->nargs > 0 ? &addr : NULL,
	    ctx->json ? 0 : cells, &r, &ctx->err) < 0)
		return cmd_fail(ctx);
	if (ctx->json) {
		rc = mwjson_emit(mwjson_pages(&r), stdout, false);
	} else {
		rc = render_pages(stdout, &r, ctx->bytes, ctx->use_color, width);
	}
	pages_free(&r);
	return cmd_output_result(ctx, rc);
}

static const struct mw_opt pages_opts[] = {
	CMD_OPERAND("ADDR",
	    "only the mapping holding this address (hexadecimal,\n"
	    "with or without 0x), with a larger map"),
	CMD_OPT_END,
};

const struct mw_cmd mw_cmd_pages = {
	.name = "pages",
	.fn = cmd_pages,
	.summary = "page residency from pagemap: present, swapped, not resident",
	.usage = "memwatch PID pages [ADDR]",
	.opts = pages_opts,
	.operands = 1,
};
