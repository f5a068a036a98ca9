/* cmd/pages.c: page residency from pagemap, per mapping, with a map. */
#include "config.h"

#include <getopt.h>
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
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct pages_report r;
	uint64_t addr;
	size_t width = term_width(stdout, NOTTY_WIDTH), cells;
	json_t *doc;
	int c, rc;

	while ((c = cmd_getopt(ctx, argc, argv, "h", longopts)) != -1) {
		if (c == 'h')
			return cmd_help(&mw_cmd_pages);
		return MW_EXIT_USAGE;
	}
	if (argc - optind > 1)
		return cmd_usage_error(ctx, "unexpected argument '%s'",
		    argv[optind + 1]);
	if (optind < argc && parse_addr(ctx, argv[optind], &addr) != 0)
		return MW_EXIT_USAGE;
	/* The map's line holds width - 22 cells (address and indent). */
	cells = (width > 40 ? width - 22 : 18) *
	    (optind < argc ? MAP_LINES_ONE : MAP_LINES_ALL);
	if (pages_take(&ctx->src, ctx->pid, optind < argc ? &addr : NULL,
	    ctx->json ? 0 : cells, &r, &ctx->err) < 0)
		return cmd_fail(ctx);
	if (ctx->json) {
		doc = mwjson_pages(&r);
		rc = mwjson_print(doc, stdout, false);
		json_decref(doc);
	} else {
		rc = render_pages(stdout, &r, ctx->bytes, ctx->use_color, width);
	}
	pages_free(&r);
	return cmd_output_result(ctx, rc);
}

const struct mw_cmd mw_cmd_pages = {
	.name = "pages",
	.fn = cmd_pages,
	.summary = "page residency from pagemap: present, swapped, not resident",
	.usage = "memwatch PID pages [ADDR]",
	.options =
	"  ADDR                only the mapping holding this address (hexadecimal,\n"
	"                      with or without 0x), with a larger map\n",
};
