/* cmd/sysdiff.c: a system diff printed, of two readings or two saved
 * snapshots; "memwatch system diff" and "memwatch diff A B" share it. */
#include "config.h"

#include "cmd/sysdiff.h"

#include <stdio.h>

#include "cmd/cmd.h"
#include "cmd/syscmd.h"
#include "model/system.h"
#include "model/system_diff.h"
#include "render/json.h"
#include "render/json_system.h"

/* fa, fb: the files compared (NULL: a live snapshot). */
int
sysdiff_print(struct mw_ctx *ctx, const struct sys_snapshot *a,
    const struct sys_snapshot *b, const char *fa, const char *fb)
{
	struct sys_diff d;
	struct text_opts o = syscmd_opts(ctx, false);
	int rc = MW_EXIT_OK;

	o.before_name = fa;
	o.after_name = fb;
	sys_diff_compute(a, b, &d);
	if (ctx->json)
		rc = cmd_output_result(ctx,
		    mwjson_emit(mwjson_system_diff(&d, ctx->bytes), stdout, false));
	else
		text_system_diff(stdout, &d, &o);
	sys_diff_free(&d);
	return rc;
}

int
sysdiff_files(struct mw_ctx *ctx, const char *fa, const char *fb)
{
	struct sys_snapshot a, b;
	int rc = MW_EXIT_OK;

	sys_snapshot_init(&a);
	sys_snapshot_init(&b);
	if (mwjson_system_load(fa, &a, &ctx->err) < 0 ||
	    mwjson_system_load(fb, &b, &ctx->err) < 0)
		rc = cmd_fail(ctx);
	else
		rc = sysdiff_print(ctx, &a, &b, fa, fb);
	sys_snapshot_free(&a);
	sys_snapshot_free(&b);
	return rc;
}

