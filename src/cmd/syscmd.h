/* cmd/syscmd.h: what the system commands share (zones, buddy, slabs, ...). */
#ifndef MW_CMD_SYSCMD_H
#define MW_CMD_SYSCMD_H

#include <stdio.h>

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

#endif
