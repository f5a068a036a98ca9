/* cmd/syscmd.h: what the system commands share (zones, buddy, slabs, ...). */
#ifndef MW_CMD_SYSCMD_H
#define MW_CMD_SYSCMD_H

#include <stdio.h>
#include <jansson.h>

#include "cmd/cmd.h"
#include "render/json.h"
#include "render/text_system.h"

static inline struct text_opts
syscmd_opts(const struct mw_ctx *ctx, bool verbose)
{
	struct text_opts o = {
		.bytes = ctx->bytes, .color = ctx->use_color, .verbose = verbose,
	};

	return o;
}

/*
 * Print doc to stdout (indented) and release it; a failed write is
 * "cannot write output (REASON)" in ctx->err, exit 1.
 */
static inline int
syscmd_output(struct mw_ctx *ctx, json_t *doc)
{
	int rc = mwjson_print(doc, stdout, false);

	json_decref(doc);
	return cmd_output_result(ctx, rc);
}

/* The same without a context: main.c says why a write failed. */
static inline int
syscmd_print(json_t *doc)
{
	int rc = mwjson_print(doc, stdout, false);

	json_decref(doc);
	return rc < 0 ? MW_EXIT_TARGET : MW_EXIT_OK;
}

#endif
