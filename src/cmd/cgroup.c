/* cmd/cgroup.c: one memory cgroup: show, explain, snapshot, diff. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "cmd/syscmd.h"
#include "model/cgroup.h"
#include "model/cgroup_explain.h"
#include "model/fleet.h"
#include "render/json_cgroup.h"
#include "render/text_cgroup.h"
#include "util/time.h"
#include "util/units.h"

enum sub { SUB_SHOW, SUB_EXPLAIN, SUB_SNAPSHOT, SUB_DIFF };

/* One cgroup as read now, with its processes. */
struct reading {
	struct cg_tree t;
	struct fleet fl;
	size_t listed;
	bool has_fl;
};

static void
reading_free(struct reading *r)
{
	cg_tree_free(&r->t);
	if (r->has_fl)
		fleet_free(&r->fl);
}

/* TARGET: a pid (digits) is the cgroup of that process; else a path. */
static int
resolve(struct mw_ctx *ctx, const struct cg_hier *h, const char *target,
    char *path, size_t n)
{
	uint64_t pid;

	if (mw_parse_u64_str(target, &pid) == 0) {
		if (pid == 0 || pid > INT32_MAX)
			return cmd_usage_error(ctx, "'%s' is not a process id", target);
		if (cg_of_pid(&ctx->src, h, (pid_t)pid, path, n, &ctx->err) < 0)
			return cmd_fail(ctx);
		return 0;
	}
	if (cg_path_norm(h, target, path, n) < 0)
		return cmd_usage_error(ctx,
		    "'%s' is not a cgroup path (give /a/b below the hierarchy, or a pid)",
		    target);
	return 0;
}

static int
take(struct mw_ctx *ctx, const struct cg_hier *h, const char *path,
    bool procs, struct reading *r)
{
	pid_t *pids;
	size_t n;

	memset(r, 0, sizeof(*r));
	if (cg_tree_take(&ctx->src, h, path, 0, &r->t, &ctx->err) < 0)
		return -1;
	if (procs && cg_pids(&ctx->src, h, path, &pids, &n, NULL) >= 0) {
		fleet_init(&r->fl);
		fleet_take_pids(&ctx->src, &r->fl, pids, n);
		r->listed = n;
		r->has_fl = true;
		free(pids);
	}
	return 0;
}

static void
sum_procs(const struct reading *r, struct cg_procs_sum *ps)
{
	memset(ps, 0, sizeof(*ps));
	ps->listed = r->listed;
	for (size_t i = 0; r->has_fl && i < r->fl.len; i++) {
		const struct fleet_proc *p = &r->fl.procs[i];

		if (fleet_has(p, FLEET_RSS)) {
			ps->rss += p->val[FLEET_RSS];
			ps->has_rss = true;
			ps->read++;
		}
		if (fleet_has(p, FLEET_PSS)) {
			ps->pss += p->val[FLEET_PSS];
			ps->has_pss = true;
		}
	}
}

static int
one(struct mw_ctx *ctx, const struct cg_hier *h, const char *path,
    enum sub sub, const char *out)
{
	struct cg_text_opts o = { ctx->bytes, ctx->use_color };
	struct finding_list fs;
	struct cg_procs_sum ps;
	struct reading r;
	const struct cgroup *c;
	int rc = MW_EXIT_OK;

	if (take(ctx, h, path, true, &r) < 0) {
		reading_free(&r);
		return cmd_fail(ctx);
	}
	c = &r.t.v[0];
	finding_list_init(&fs);
	if (sub != SUB_SHOW) {
		sum_procs(&r, &ps);
		cgroup_explain(c, h, &ps, &fs);
	}
	if (sub == SUB_SNAPSHOT || ctx->json)
		rc = cmd_output_result(ctx, mwjson_emit_to(
		    mwjson_cgroup_snapshot(c, h, r.t.taken_at,
		    r.has_fl ? &r.fl : NULL, r.listed,
		    sub == SUB_SHOW ? NULL : &fs, ctx->bytes),
		    sub == SUB_SNAPSHOT ? out : NULL, &ctx->err));
	else if (sub == SUB_EXPLAIN)
		rc = text_cgroup_explain(stdout, c, &fs, ctx->bytes) < 0 ? MW_EXIT_TARGET : 0;
	else
		rc = text_cgroup_show(stdout, c, h, r.has_fl ? &r.fl : NULL,
		    r.listed, &o) < 0 ? MW_EXIT_TARGET : 0;
	finding_list_free(&fs);
	reading_free(&r);
	return rc;
}

static int
diff(struct mw_ctx *ctx, const struct cg_hier *h, const char *path,
    const char *file, double interval)
{
	struct cg_text_opts o = { ctx->bytes, ctx->use_color };
	struct reading a, b;
	struct cgroup loaded;
	struct cg_hier lh;
	struct mw_arena arena;
	const struct cgroup *before;
	time_t a_at;
	char from[64];
	int rc = MW_EXIT_OK;

	mw_arena_init(&arena);
	memset(&a, 0, sizeof(a));
	cg_tree_init(&a.t);
	if (file != NULL) {
		if (mwjson_cgroup_load(file, &arena, &loaded, &lh, &a_at,
		    &ctx->err) < 0) {
			rc = cmd_fail(ctx);
			goto out;
		}
		if (lh.version != h->version) {
			mw_err_set(&ctx->err, -EINVAL, MW_EXIT_TARGET,
			    "%s is a v%d cgroup snapshot and this machine's hierarchy is v%d; they cannot be compared",
			    file, lh.version, h->version);
			rc = cmd_fail(ctx);
			goto out;
		}
		before = &loaded;
	} else {
		cg_tree_free(&a.t);
		if (take(ctx, h, path, false, &a) < 0) {
			rc = cmd_fail(ctx);
			goto out;
		}
		before = &a.t.v[0];
		a_at = a.t.taken_at;
		mw_sleep(interval);
	}
	if (take(ctx, h, path, false, &b) < 0) {
		reading_free(&b);
		rc = cmd_fail(ctx);
		goto out;
	}
	if (file == NULL)
		snprintf(from, sizeof(from), "live, %g s before", interval);
	if (ctx->json)
		rc = cmd_output_result(ctx, mwjson_emit(mwjson_cgroup_diff(before,
		    &b.t.v[0], h, file != NULL ? file : from, "live", a_at,
		    b.t.taken_at), stdout, false));
	else if (text_cgroup_diff(stdout, before, &b.t.v[0], h,
	    file != NULL ? file : from, "live", file != NULL ? 0 : interval,
	    &o) < 0)
		rc = MW_EXIT_TARGET;
	reading_free(&b);
out:
	reading_free(&a);
	mw_arena_free(&arena);
	return rc;
}

struct cgroup_opts {
	const char *out;	/* -o FILE */
	double interval;	/* -i S */
	bool have_i;
};

static int
set_interval(struct mw_ctx *ctx, void *opts, const char *arg)
{
	struct cgroup_opts *o = opts;

	if (mw_parse_seconds(arg, &o->interval) < 0 || o->interval <= 0)
		return cmd_usage_error(ctx,
		    "-i takes a positive number of seconds, not '%s'", arg);
	o->have_i = true;
	return 0;
}

static const struct mw_opt cgroup_opts[] = {
	CMD_OPERAND("PATH",
	    "a cgroup below the hierarchy's root (/a/b), or its\n"
	    "directory (/sys/fs/cgroup/memory/a/b)"),
	CMD_OPERAND("PID",
	    "the cgroup of that process (a cgroup whose name is\n"
	    "all digits: write it as /123)"),
	CMD_OPERAND("show",
	    "usage, limits, the charge split (memory.stat),\n"
	    "events, pressure and the processes inside (default)"),
	CMD_OPERAND("explain",
	    "the same in words: what counts against the limit,\n"
	    "what the kernel could reclaim, throttling, events,\n"
	    "usage against the processes' RSS"),
	CMD_OPERAND("snapshot", "a JSON document (cgroup-snapshot)"),
	CMD_STRING('o', "output", "FILE",
	    "with snapshot: write it to FILE atomically",
	    struct cgroup_opts, out),
	CMD_OPERAND("diff [FILE]", "what changed since a saved snapshot, or"),
	CMD_CALL('i', "interval", "S", "over S seconds (default 1)",
	    set_interval),
	CMD_OPT_END,
};

static int
cmd_cgroup(struct mw_ctx *ctx, int argc, char **argv)
{
	static const char *const subs[] = { "show", "explain", "snapshot",
	    "diff" };
	struct cgroup_opts co = { NULL, 1, false };
	const char *out, *file = NULL;
	double interval;
	bool have_i;
	enum sub sub = SUB_SHOW;
	struct cg_hier h;
	char path[4096];
	char **args;
	int rc, nops;

	if ((rc = cmd_parse(ctx, &mw_cmd_cgroup, argc, argv, &co)) != CMD_RUN)
		return rc;
	out = co.out;
	interval = co.interval;
	have_i = co.have_i;
	args = ctx->args;
	nops = ctx->nargs;
	if (nops < 1)
		return cmd_usage_error(ctx, "give a cgroup PATH or a PID");
	if (nops >= 2) {
		size_t k;

		for (k = 0; k < 4 && strcmp(args[1], subs[k]) != 0; k++)
			;
		if (k == 4)
			return cmd_usage_error(ctx,
			    "unknown cgroup command '%s' (show, explain, snapshot, diff)",
			    args[1]);
		sub = (enum sub)k;
	}
	if (nops > (sub == SUB_DIFF ? 3 : 2))
		return cmd_usage_error(ctx, "unexpected argument '%s'",
		    args[sub == SUB_DIFF ? 3 : 2]);
	if (sub == SUB_DIFF && nops == 3)
		file = args[2];
	if (out != NULL && sub != SUB_SNAPSHOT)
		return cmd_usage_error(ctx, "-o goes with snapshot");
	if (have_i && (sub != SUB_DIFF || file != NULL))
		return cmd_usage_error(ctx,
		    sub == SUB_DIFF ? "give either -i SECONDS or one snapshot FILE" :
		    "-i goes with diff");
	if (cg_hier_find(&ctx->src, &h, &ctx->err) < 0)
		return cmd_fail(ctx);
	rc = resolve(ctx, &h, args[0], path, sizeof(path));
	if (rc != 0)
		return rc;
	if (sub == SUB_DIFF)
		return diff(ctx, &h, path, file, interval);
	return one(ctx, &h, path, sub, out);
}

const struct mw_cmd mw_cmd_cgroup = {
	.name = "cgroup",
	.fn = cmd_cgroup,
	.summary = "one memory cgroup: show, explain, snapshot, diff",
	.usage = "memwatch cgroup PATH|PID [show|explain|snapshot [-o FILE]|diff [-i S | FILE]]",
	.opts = cgroup_opts,
	.operands = CMD_ANY_OPERANDS,
};
