/* cmd/cgroups.c: the tree of memory cgroups. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "cmd/syscmd.h"
#include "model/cgroup.h"
#include "render/json_cgroup.h"
#include "render/text_cgroup.h"
#include "util/xmalloc.h"

struct cgroups_opts {
	uint64_t depth;		/* --depth N */
	bool have_depth;
};

static int
set_depth(struct mw_ctx *ctx, void *opts, const char *arg)
{
	struct cgroups_opts *o = opts;

	if (cmd_parse_count(ctx, "--depth", "a number of levels", 0, 1000, arg,
	    &o->depth) != 0)
		return MW_EXIT_USAGE;
	o->have_depth = true;
	return 0;
}

static const struct mw_opt cgroups_opts[] = {
	CMD_CALL('d', "depth", "N", "show N levels below PATH (default: all)",
	    set_depth),
	CMD_OPERAND("PATH", "the subtree to show (default: the root)"),
	CMD_OPT_END,
};

static int
cmd_cgroups(struct mw_ctx *ctx, int argc, char **argv)
{
	struct cg_text_opts o = { ctx->bytes, ctx->use_color };
	struct cgroups_opts co = { 0, false };
	struct cg_hier h;
	struct cg_tree t;
	char path[4096] = "/";
	size_t *order;
	int rc;

	if ((rc = cmd_parse(ctx, &mw_cmd_cgroups, argc, argv, &co)) != CMD_RUN)
		return rc;
	rc = MW_EXIT_OK;
	if (cg_hier_find(&ctx->src, &h, &ctx->err) < 0)
		return cmd_fail(ctx);
	if (ctx->nargs > 0 && cg_path_norm(&h, ctx->args[0], path,
	    sizeof(path)) < 0)
		return cmd_usage_error(ctx, "'%s' is not a cgroup path",
		    ctx->args[0]);
	if (cg_tree_take(&ctx->src, &h, path,
	    co.have_depth ? (int)co.depth : -1, &t,
	    &ctx->err) < 0) {
		cg_tree_free(&t);
		return cmd_fail(ctx);
	}
	order = mw_xreallocarray(NULL, t.len + 1, sizeof(*order));
	cg_tree_order(&t, order);
	if (ctx->json)
		rc = cmd_output_result(ctx, mwjson_emit(mwjson_cgroups(&t, &h,
		    order, t.len), stdout, false));
	else if (text_cgroups(stdout, &t, &h, order, t.len, &o) < 0)
		rc = MW_EXIT_TARGET;
	free(order);
	cg_tree_free(&t);
	return rc;
}

const struct mw_cmd mw_cmd_cgroups = {
	.name = "cgroups",
	.fn = cmd_cgroups,
	.summary = "the memory cgroup tree: usage, limits, headroom, events",
	.usage = "memwatch cgroups [--depth N] [PATH]",
	.opts = cgroups_opts,
	.operands = 1,
	.notes =
	"Columns: USAGE (memory.current or memory.usage_in_bytes), LIMIT (the\n"
	"tightest of memory.max and memory.high, or memory.limit_in_bytes, at\n"
	"or above the cgroup; max when none), HEADROOM, PEAK, PROCS (in the\n"
	"cgroup itself), PSI10 (memory.pressure some avg10, %), and the events:\n"
	"v2 high/max/oom_kill from memory.events, v1 failcnt/oom_kill.\n"
	"Siblings are sorted by usage, largest first. The hierarchy is found in\n"
	"/proc/self/mountinfo: v2 when cgroup2 has the memory controller, else\n"
	"the v1 memory hierarchy.\n",
};
