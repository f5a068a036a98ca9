/* cmd/slabs.c: slab caches by total size. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "cmd/syscmd.h"
#include "model/system.h"
#include "render/json_system.h"
#include "util/time.h"
#include "util/units.h"
#include "util/xmalloc.h"

static const char *const sort_names[] = { "size", "objs", "active", "util",
	"name" };

static int
take(struct mw_ctx *ctx, struct sys_snapshot *s)
{
	sys_snapshot_init(s);
	sys_snapshot_take(&ctx->src, SYS_PART(SYS_SLABINFO) |
	    SYS_PART(SYS_MEMINFO), s);
	return sys_require(s, SYS_SLABINFO, &ctx->err);
}

/* Sort by the size of the change (for -i without --sort). */
static void
order_by_change(const struct sys_snapshot *s, const struct sys_snapshot *p,
    size_t *order)
{
	int64_t *d = mw_xreallocarray(NULL, s->si.len + 1, sizeof(*d));

	for (size_t i = 0; i < s->si.len; i++) {
		const struct slab_cache *c = &s->si.caches[i];
		uint64_t before = 0;

		for (size_t k = 0; k < p->si.len; k++)
			if (strcmp(p->si.caches[k].name, c->name) == 0)
				before = sys_slab_size(&p->si.caches[k], p->page_size);
		d[i] = mw_delta(sys_slab_size(c, s->page_size), before);
		d[i] = d[i] < 0 ? -d[i] : d[i];
	}
	/* Insertion sort: stable, and a few hundred caches. */
	for (size_t i = 1; i < s->si.len; i++)
		for (size_t k = i; k > 0 && d[order[k]] > d[order[k - 1]]; k--) {
			size_t t = order[k];

			order[k] = order[k - 1];
			order[k - 1] = t;
		}
	free(d);
}

static int
show(struct mw_ctx *ctx, int sort, bool sort_given, size_t n, double interval)
{
	struct sys_snapshot s, prev;
	struct text_opts o = syscmd_opts(ctx, false);
	bool delta = interval > 0;
	size_t *order;
	int rc = MW_EXIT_OK;

	if (delta) {
		if (take(ctx, &prev) < 0) {
			sys_snapshot_free(&prev);
			return cmd_fail(ctx);
		}
		mw_sleep(interval);
	}
	if (take(ctx, &s) < 0) {
		sys_snapshot_free(&s);
		if (delta)
			sys_snapshot_free(&prev);
		return cmd_fail(ctx);
	}
	order = mw_xreallocarray(NULL, s.si.len + 1, sizeof(*order));
	sys_slab_order(&s.si, s.page_size, (enum slab_sort)sort, order);
	if (delta && !sort_given)
		order_by_change(&s, &prev, order);
	if (n == 0 || n > s.si.len)
		n = s.si.len;
	if (ctx->json)
		rc = cmd_output_result(ctx, mwjson_emit(mwjson_slabs(&s, order, n,
		    delta && !sort_given ? "change" : sort_names[sort],
		    delta ? &prev : NULL, interval), stdout, false));
	else
		text_slabs(stdout, &s, order, n, delta ? &prev : NULL, interval, &o);
	free(order);
	sys_snapshot_free(&s);
	if (delta)
		sys_snapshot_free(&prev);
	return rc;
}

struct slabs_opts {
	int sort;		/* enum slab_sort */
	bool sort_given;
	uint64_t n;		/* -n: 0 all */
	double interval;	/* -i: 0 one reading */
};

static int
set_sort(struct mw_ctx *ctx, void *opts, const char *arg)
{
	struct slabs_opts *o = opts;

	if ((o->sort = slab_sort_by_name(arg)) < 0)
		return cmd_usage_error(ctx,
		    "--sort takes size, objs, active, util or name, not '%s'",
		    arg);
	o->sort_given = true;
	return 0;
}

static int
set_count(struct mw_ctx *ctx, void *opts, const char *arg)
{
	struct slabs_opts *o = opts;

	return cmd_parse_count(ctx, "-n", "a positive number of caches", 1,
	    1000000, arg, &o->n);
}

static int
set_interval(struct mw_ctx *ctx, void *opts, const char *arg)
{
	struct slabs_opts *o = opts;

	if (mw_parse_seconds(arg, &o->interval) < 0 || o->interval <= 0)
		return cmd_usage_error(ctx,
		    "-i takes a positive number of seconds, not '%s'", arg);
	return 0;
}

static const struct mw_opt slabs_opts[] = {
	CMD_CALL('s', "sort", "KEY",
	    "size (default: bytes held), objs (allocated objects),\n"
	    "active (objects in use), util (least used first), name", set_sort),
	CMD_CALL('n', NULL, "N",
	    "only the first N caches (totals still count all)", set_count),
	CMD_CALL('i', "interval", "S",
	    "read twice, S seconds apart, and show the change;\n"
	    "largest change first unless --sort is given", set_interval),
	CMD_OPT_END,
};

static int
cmd_slabs(struct mw_ctx *ctx, int argc, char **argv)
{
	struct slabs_opts o = { SLAB_SORT_SIZE, false, 0, 0 };
	int rc;

	if ((rc = cmd_parse(ctx, &mw_cmd_slabs, argc, argv, &o)) != CMD_RUN)
		return rc;
	return show(ctx, o.sort, o.sort_given, (size_t)o.n, o.interval);
}

const struct mw_cmd mw_cmd_slabs = {
	.name = "slabs",
	.fn = cmd_slabs,
	.summary = "slab caches by total size",
	.usage = "memwatch slabs [--sort KEY] [-n N] [-i SECONDS]",
	.opts = slabs_opts,
	.notes = "Reading /proc/slabinfo needs root.\n",
};
