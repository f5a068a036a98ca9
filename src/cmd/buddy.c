/* cmd/buddy.c: free blocks per order, largest block, fragmentation. */
#include "config.h"


#include "cmd/cmd.h"
#include "cmd/syscmd.h"
#include "model/system.h"
#include "render/json_system.h"

static int
cmd_buddy(struct mw_ctx *ctx, int argc, char **argv)
{
	struct sys_snapshot s;
	struct text_opts o;
	int rc;

	if ((rc = cmd_parse(ctx, &mw_cmd_buddy, argc, argv, NULL)) != CMD_RUN)
		return rc;
	rc = MW_EXIT_OK;
	sys_snapshot_init(&s);
	/* pagetypeinfo is optional: root-only, and costly on big machines. */
	sys_snapshot_take(&ctx->src, SYS_PART(SYS_BUDDYINFO) |
	    SYS_PART(SYS_PAGETYPEINFO), &s);
	if (sys_require(&s, SYS_BUDDYINFO, &ctx->err) < 0) {
		rc = cmd_fail(ctx);
	} else if (ctx->json) {
		rc = cmd_output_result(ctx,
		    mwjson_emit(mwjson_buddy(&s), stdout, false));
	} else {
		o = syscmd_opts(ctx, false);
		text_buddy(stdout, &s, &o);
	}
	sys_snapshot_free(&s);
	return rc;
}

const struct mw_cmd mw_cmd_buddy = {
	.name = "buddy",
	.fn = cmd_buddy,
	.summary = "free blocks per order, largest block, fragmentation",
	.usage = "memwatch buddy",
};
