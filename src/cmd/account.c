/* cmd/account.c: memwatch system account: every byte of MemTotal. */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "cmd/cmd.h"
#include "cmd/syscmd.h"
#include "model/account.h"
#include "render/text_account.h"

struct account_opts {
	bool by_node;		/* --by node */
};

static int
set_by(struct mw_ctx *ctx, void *opts, const char *arg)
{
	struct account_opts *o = opts;

	if (strcmp(arg, "node") != 0)
		return cmd_usage_error(ctx, "--by takes node, not '%s'", arg);
	o->by_node = true;
	return 0;
}

static const struct mw_opt account_opts[] = {
	CMD_CALL(0, "by", "node",
	    "also each NUMA node's memory, from its own meminfo", set_by),
	CMD_OPT_END,
};

static int
cmd_account(struct mw_ctx *ctx, int argc, char **argv)
{
	struct acct_sources s;
	struct acct_input in;
	struct account a;
	struct account_opts o = { false };
	int rc;

	rc = cmd_parse(ctx, &mw_cmd_system_account, argc, argv, &o);
	if (rc != CMD_RUN)
		return rc;
	rc = MW_EXIT_OK;
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
		rc = cmd_output_result(ctx, mwjson_emit(mwjson_account(&a,
		    s.sys.taken_at, ctx->bytes), stdout, false));
	else if (text_account(stdout, &a, ctx->bytes, ctx->use_color,
	    o.by_node) < 0)
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
	.opts = account_opts,
	.notes =
	"Lines: free (per zone), user memory (anonymous, page cache clean, dirty\n"
	"and under writeback, swap cache, shared memory per tmpfs mount, SysV,\n"
	"memfd and shared anonymous), kernel memory (slab, stacks, page tables,\n"
	"per-cpu, vmalloc, hugetlb pools, zswap) and what no counter holds; the\n"
	"counted lines add up to MemTotal. Lines in parentheses tell of a part\n"
	"of the line above and are not added again. As root, the processes'\n"
	"anonymous memory, the slab caches and vmalloc by caller are read too.\n",
};
