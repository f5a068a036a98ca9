/* cmd/slabs.c: slab caches by total size. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
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
		rc = syscmd_output(ctx, mwjson_slabs(&s, order, n,
		    delta && !sort_given ? "change" : sort_names[sort],
		    delta ? &prev : NULL, interval));
	else
		text_slabs(stdout, &s, order, n, delta ? &prev : NULL, interval, &o);
	free(order);
	sys_snapshot_free(&s);
	if (delta)
		sys_snapshot_free(&prev);
	return rc;
}

static int
cmd_slabs(struct mw_ctx *ctx, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "sort", required_argument, NULL, 's' },
		{ "interval", required_argument, NULL, 'i' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c, sort = SLAB_SORT_SIZE;
	bool sort_given = false;
	uint64_t n = 0;
	double interval = 0;

	while ((c = cmd_getopt(ctx, argc, argv, "s:n:i:h", longopts)) != -1) {
		switch (c) {
		case 's':
			if ((sort = slab_sort_by_name(optarg)) < 0)
				return cmd_usage_error(ctx,
				    "--sort takes size, objs, active, util or name, not '%s'",
				    optarg);
			sort_given = true;
			break;
		case 'n':
			if (cmd_parse_count(ctx, "-n", "a positive number of caches",
			    1, 1000000, optarg, &n) != 0)
				return MW_EXIT_USAGE;
			break;
		case 'i':
			if (mw_parse_seconds(optarg, &interval) < 0 || interval <= 0)
				return cmd_usage_error(ctx,
				    "-i takes a positive number of seconds, not '%s'", optarg);
			break;
		case 'h':
			return cmd_help(&mw_cmd_slabs);
		default:
			return MW_EXIT_USAGE;
		}
	}
	if (optind < argc)
		return cmd_usage_error(ctx, "unexpected argument '%s'", argv[optind]);
	return show(ctx, sort, sort_given, (size_t)n, interval);
}

const struct mw_cmd mw_cmd_slabs = {
	.name = "slabs",
	.fn = cmd_slabs,
	.summary = "slab caches by total size",
	.usage = "memwatch slabs [--sort KEY] [-n N] [-i SECONDS]",
	.options =
	"  -s, --sort KEY      size (default: bytes held), objs (allocated objects),\n"
	"                      active (objects in use), util (least used first), name\n"
	"  -n N                only the first N caches (totals still count all)\n"
	"  -i, --interval S    read twice, S seconds apart, and show the change;\n"
	"                      largest change first unless --sort is given\n"
	"Reading /proc/slabinfo needs root.\n",
};
