/* cmd/show.c: identity, totals and one row per mapping. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "cmd/procstream.h"
#include "model/numa.h"
#include "model/select.h"
#include "model/snapshot.h"
#include "model/vma.h"
#include "render/json.h"
#include "render/json_numa.h"
#include "render/json_proc.h"
#include "render/term.h"
#include "render/text_show.h"
#include "util/buf.h"
#include "util/units.h"
#include "util/xmalloc.h"

#define NOTTY_WIDTH 120

/* "anon,heap" (one --kind value) into the kinds mask. */
static int
parse_kinds(struct mw_ctx *ctx, const char *arg, uint32_t *kinds)
{
	const char *p = arg;

	while (*p != '\0') {
		const char *c = strchr(p, ',');
		size_t n = c ? (size_t)(c - p) : strlen(p);
		char name[16];
		int k;

		if (n == 0 || n >= sizeof(name))
			k = -1;
		else {
			memcpy(name, p, n);
			name[n] = '\0';
			k = vma_kind_by_name(name);
		}
		if (k < 0)
			return cmd_usage_error(ctx,
			    "--kind takes heap, stack, anon, shmem, file, code, vdso, vvar, vsyscall, guard, hugetlb or special, not '%.*s'",
			    (int)n, p);
		*kinds |= 1u << k;
		p += n + (c != NULL);
	}
	return 0;
}

static int
set_sort(struct mw_ctx *ctx, void *opts, const char *arg)
{
	struct select_opts *o = opts;
	int s;

	if ((s = select_sort_by_name(arg)) < 0)
		return cmd_usage_error(ctx,
		    "--sort takes addr, size, rss, pss or swap, not '%s'", arg);
	o->sort = (enum select_sort)s;
	return 0;
}

static int
set_kind(struct mw_ctx *ctx, void *opts, const char *arg)
{
	struct select_opts *o = opts;

	return parse_kinds(ctx, arg, &o->kinds);
}

static int
set_top(struct mw_ctx *ctx, void *opts, const char *arg)
{
	struct select_opts *o = opts;
	uint64_t v;

	if (cmd_parse_count(ctx, "--top", "a positive number", 1, SIZE_MAX,
	    arg, &v) != 0)
		return MW_EXIT_USAGE;
	o->top = (size_t)v;
	return 0;
}

static const struct mw_opt show_opts[] = {
	CMD_CALL('s', "sort", "KEY",
	    "order rows by addr (default), size, rss, pss or swap\n"
	    "(largest first)", set_sort),
	CMD_CALL('k', "kind", "K[,K]",
	    "only mappings of these kinds (repeatable): heap, stack,\n"
	    "anon, shmem, file, code, vdso, vvar, vsyscall, guard,\n"
	    "hugetlb, special", set_kind),
	CMD_CALL('n', "top", "N",
	    "only the first N rows (after sorting and filtering)", set_top),
	CMD_OPT_END,
};

/* Where streamed mappings go: the table's compact rows. */
static int
add_row(const struct proc_snapshot *snap, const struct vma *v, void *arg)
{
	(void)snap;
	map_table_add(arg, v);
	return 0;
}

/*
 * The rows of the table and the snapshot behind them. The table needs a
 * compact row per mapping, filled while smaps streams past; filtered JSON
 * needs the full rows, so it keeps the whole snapshot.
 */
static int
show_take(struct mw_ctx *ctx, bool full, struct proc_snapshot *snap,
    struct map_table *rows)
{
	int rc;

	if (!full)
		return snapshot_stream(&ctx->src, ctx->pid,
		    SNAP_ROLLUP_IF_NEEDED, snap, add_row, rows, &ctx->err);
	rc = snapshot_take(&ctx->src, ctx->pid, SNAP_VMAS, snap, &ctx->err);
	for (size_t i = 0; rc == 0 && i < snap->vmas.len; i++)
		map_table_add(rows, &snap->vmas.v[i]);
	return rc;
}

/*
 * The snapshot document, its "vmas" limited to the selected rows, each
 * with its "numa" when numa_maps could be read.
 */
static int
show_json(const struct proc_snapshot *snap, const uint32_t *idx, size_t n,
    const struct numa_maps *numa)
{
	struct mwjson_stream js;
	struct mw_buf text;
	int rc = 0;

	mw_buf_init(&text);
	mwjson_stream_init(&js, &text, cmd_flush_stdout, NULL);
	if (numa != NULL)
		mwjson_stream_set_tail(&js, mwjson_numa_tail, (void *)numa);
	for (size_t i = 0; snap->has_vmas && i < n && rc == 0; i++)
		rc = mwjson_stream_vma(&js, snap, &snap->vmas.v[idx[i]]);
	if (rc == 0)
		rc = mwjson_stream_end(&js, snap);
	mwjson_stream_free(&js);
	mw_buf_free(&text);
	return rc;
}

static int
cmd_show(struct mw_ctx *ctx, int argc, char **argv)
{
	struct select_opts o = { SELECT_ADDR, 0, 0 };
	struct proc_snapshot snap;
	struct map_table rows;
	struct show_view view;
	struct numa_maps numa;
	bool has_numa = false;
	uint32_t *idx;
	bool filtered;
	int rc;

	if ((rc = cmd_parse(ctx, &mw_cmd_show, argc, argv, &o)) != CMD_RUN)
		return rc;
	filtered = o.kinds != 0 || o.top != 0 || o.sort != SELECT_ADDR;
	/* JSON only: the table does not say where pages are, and pays
	 * nothing for it. */
	if (ctx->json)
		has_numa = numa_take(&ctx->src, ctx->pid, &numa) == 0;
	/* Every mapping in address order: the snapshot document, streamed. */
	if (ctx->json && !filtered) {
		rc = procstream_write(ctx, NULL, has_numa ? &numa : NULL);
		if (has_numa)
			numa_maps_free(&numa);
		return rc;
	}
	memset(&view, 0, sizeof(view));
	view.filtered = filtered;
	view.bytes = ctx->bytes;
	view.color = ctx->use_color;
	view.width = term_width(stdout, NOTTY_WIDTH);
	view.whole_paths = !term_fits(stdout);
	map_table_init(&rows);
	if (show_take(ctx, ctx->json, &snap, &rows) < 0) {
		map_table_free(&rows);
		if (has_numa)
			numa_maps_free(&numa);
		return cmd_fail(ctx);
	}
	idx = mw_xmalloc((rows.len ? rows.len : 1) * sizeof(*idx));
	view.idx = idx;
	view.n = select_rows(&rows, &o, idx);
	if (ctx->json)
		rc = show_json(&snap, idx, view.n, has_numa ? &numa : NULL);
	else
		rc = render_show(stdout, &snap, &rows, &view);
	free(idx);
	map_table_free(&rows);
	snapshot_free(&snap);
	if (has_numa)
		numa_maps_free(&numa);
	return cmd_output_result(ctx, rc);
}

const struct mw_cmd mw_cmd_show = {
	.name = "show",
	.fn = cmd_show,
	.summary = "identity, totals and one row per mapping",
	.usage = "memwatch PID [show] [--sort KEY] [--kind K[,K...]] [--top N]",
	.opts = show_opts,
};
