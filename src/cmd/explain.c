/* cmd/explain.c: a plain-language account of the process's memory. */
#include "config.h"

#include <stdio.h>

#include "cmd/cmd.h"
#include "model/explain.h"
#include "model/mmstate.h"
#include "model/numa.h"
#include "model/snapshot.h"
#include "render/json.h"
#include "render/json_explain.h"
#include "render/term.h"
#include "render/text_explain.h"

#define NOTTY_WIDTH 80

static int
cmd_explain(struct mw_ctx *ctx, int argc, char **argv)
{
	struct proc_snapshot snap;
	struct explain ex;
	struct mm_state mm;
	struct numa_maps nm;
	int rc;

	if ((rc = cmd_parse(ctx, &mw_cmd_explain, argc, argv, NULL)) != CMD_RUN)
		return rc;
	if (snapshot_take(&ctx->src, ctx->pid, SNAP_VMAS, &snap, &ctx->err) < 0)
		return cmd_fail(ctx);
	snapshot_threads(&ctx->src, &snap);
	explain_build(&snap, &ex);
	/* The THP mode decides whether the process can have huge pages. */
	mm_state_init(&mm);
	mm_take(&ctx->src, MM_SETTINGS, &mm);
	explain_mm(&ex, &snap, mm.thp[MT_ENABLED], mm.thp[MT_DEFRAG]);
	mm_state_free(&mm);
	if (numa_take(&ctx->src, ctx->pid, &nm) == 0)
		explain_numa(&ex, &nm);
	numa_maps_free(&nm);
	if (ctx->json) {
		rc = mwjson_emit(mwjson_explain(&snap, &ex, ctx->bytes), stdout,
		    false);
	} else {
		rc = render_explain(stdout, &snap, &ex, ctx->bytes,
		    ctx->use_color, term_width(stdout, NOTTY_WIDTH));
	}
	explain_free(&ex);
	snapshot_free(&snap);
	return cmd_output_result(ctx, rc);
}

const struct mw_cmd mw_cmd_explain = {
	.name = "explain",
	.fn = cmd_explain,
	.summary = "plain-language account of the process's memory",
	.usage = "memwatch PID explain",
};
