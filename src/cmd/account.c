/* cmd/account.c: memwatch system account: every byte of MemTotal. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <string.h>

#include "cmd/cmd.h"
#include "cmd/syscmd.h"
#include "model/account.h"
#include "render/text_account.h"

static int
cmd_account(struct mw_ctx *ctx, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "by", required_argument, NULL, 'b' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct acct_sources s;
	struct acct_input in;
	struct account a;
	bool by_node = false;
	int c, rc = MW_EXIT_OK;

	while ((c = cmd_getopt(ctx, argc, argv, "b:h", longopts)) != -1) {
		if (c == 'b') {
			if (strcmp(optarg, "node") != 0)
				return cmd_usage_error(ctx,
				    "--by takes node, not '%s'", optarg);
			by_node = true;
		} else if (c == 'h') {
			return cmd_help(&mw_cmd_system_account);
		} else {
			return MW_EXIT_USAGE;
		}
	}
	if (optind < argc)
		return cmd_usage_error(ctx, "unexpected argument '%s'", argv[optind]);
	if (account_take(&ctx->src, &s, &ctx->err) < 0) {
		account_sources_free(&s);
		return cmd_fail(ctx);
	}
	account_input_from(&s, &in);
	if (account_build(&in, &a) < 0) {
		account_sources_free(&s);
		mw_err_set(&ctx->err, -EINVAL, MW_EXIT_TARGET,
		    "cannot read %s/meminfo (no MemTotal); check the file",
		    ctx->src.root);
		return cmd_fail(ctx);
	}
	if (ctx->json)
		rc = syscmd_output(ctx, mwjson_account(&a, s.sys.taken_at, ctx->bytes));
	else if (text_account(stdout, &a, ctx->bytes, ctx->use_color,
	    by_node) < 0)
		rc = MW_EXIT_TARGET;
	account_free(&a);
	account_sources_free(&s);
	return rc;
}

const struct mw_cmd mw_cmd_system_account = {
	.name = "account",
	.fn = cmd_account,
	.summary = "every byte of MemTotal accounted for",
	.usage = "memwatch system account [--by node]",
	.options =
	"  --by node           also each NUMA node's memory, from its own meminfo\n"
	"Lines: free (per zone), user memory (anonymous, page cache clean, dirty\n"
	"and under writeback, swap cache, shared memory per tmpfs mount, SysV,\n"
	"memfd and shared anonymous), kernel memory (slab, stacks, page tables,\n"
	"per-cpu, vmalloc, hugetlb pools, zswap) and what no counter holds; the\n"
	"counted lines add up to MemTotal. Lines in parentheses tell of a part\n"
	"of the line above and are not added again. As root, the processes'\n"
	"anonymous memory, the slab caches and vmalloc by caller are read too.\n",
};
