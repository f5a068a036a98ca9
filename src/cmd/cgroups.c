/* cmd/cgroups.c: the tree of memory cgroups. */
#include "config.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "cmd/syscmd.h"
#include "model/cgroup.h"
#include "render/json_cgroup.h"
#include "render/text_cgroup.h"
#include "util/xmalloc.h"

static int
cmd_cgroups(struct mw_ctx *ctx, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "depth", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct cg_text_opts o = { ctx->bytes, ctx->use_color };
	struct cg_hier h;
	struct cg_tree t;
	char path[4096] = "/";
	uint64_t depth = 0;
	bool have_depth = false;
	size_t *order;
	int c, rc = MW_EXIT_OK;

	while ((c = cmd_getopt(ctx, argc, argv, "d:h", longopts)) != -1) {
		if (c == 'd') {
			if (cmd_parse_count(ctx, "--depth", "a number of levels", 0,
			    1000, optarg, &depth) != 0)
				return MW_EXIT_USAGE;
			have_depth = true;
		} else if (c == 'h') {
			return cmd_help(&mw_cmd_cgroups);
		} else {
			return MW_EXIT_USAGE;
		}
	}
	if (argc - optind > 1)
		return cmd_usage_error(ctx, "unexpected argument '%s'",
		    argv[optind + 1]);
	if (cg_hier_find(&ctx->src, &h, &ctx->err) < 0)
		return cmd_fail(ctx);
	if (optind < argc && cg_path_norm(&h, argv[optind], path,
	    sizeof(path)) < 0)
		return cmd_usage_error(ctx, "'%s' is not a cgroup path", argv[optind]);
	if (cg_tree_take(&ctx->src, &h, path, have_depth ? (int)depth : -1, &t,
	    &ctx->err) < 0) {
		cg_tree_free(&t);
		return cmd_fail(ctx);
	}
	order = mw_xreallocarray(NULL, t.len + 1, sizeof(*order));
	cg_tree_order(&t, order);
	if (ctx->json)
		rc = syscmd_print(mwjson_cgroups(&t, &h, order, t.len));
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
	.options =
	"  -d, --depth N       show N levels below PATH (default: all)\n"
	"  PATH                the subtree to show (default: the root)\n"
	"Columns: USAGE (memory.current or memory.usage_in_bytes), LIMIT (the\n"
	"tightest of memory.max and memory.high, or memory.limit_in_bytes, at\n"
	"or above the cgroup; max when none), HEADROOM, PEAK, PROCS (in the\n"
	"cgroup itself), PSI10 (memory.pressure some avg10, %), and the events:\n"
	"v2 high/max/oom_kill from memory.events, v1 failcnt/oom_kill.\n"
	"Siblings are sorted by usage, largest first. The hierarchy is found in\n"
	"/proc/self/mountinfo: v2 when cgroup2 has the memory controller, else\n"
	"the v1 memory hierarchy.\n",
};
