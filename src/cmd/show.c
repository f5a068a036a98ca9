/* cmd/show.c: identity, totals and one row per mapping. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "model/numa.h"
#include "model/proctable.h"
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
show_options(struct mw_ctx *ctx, int argc, char **argv,
    struct select_opts *o)
{
	static const struct option longopts[] = {
		{ "sort", required_argument, NULL, 's' },
		{ "kind", required_argument, NULL, 'k' },
		{ "top", required_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	uint64_t v;
	int c, s;

	while ((c = cmd_getopt(ctx, argc, argv, "s:k:n:h", longopts)) != -1) {
		switch (c) {
		case 's':
			if ((s = select_sort_by_name(optarg)) < 0)
				return cmd_usage_error(ctx,
				    "--sort takes addr, size, rss, pss or swap, not '%s'",
				    optarg);
			o->sort = (enum select_sort)s;
			break;
		case 'k':
			if (parse_kinds(ctx, optarg, &o->kinds) != 0)
				return MW_EXIT_USAGE;
			break;
		case 'n':
			if (cmd_parse_count(ctx, "--top", "a positive number", 1,
			    SIZE_MAX, optarg, &v) != 0)
				return MW_EXIT_USAGE;
			o->top = (size_t)v;
			break;
		case 'h':
			return -1;
		default:
			return MW_EXIT_USAGE;
		}
	}
	if (optind < argc)
		return cmd_usage_error(ctx, "unexpected argument '%s'",
		    argv[optind]);
	return 0;
}

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

	rc = show_options(ctx, argc, argv, &o);
	if (rc < 0)
		return cmd_help(&mw_cmd_show);
	if (rc != 0)
		return rc;
	filtered = o.kinds != 0 || o.top != 0 || o.sort != SELECT_ADDR;
	/* JSON only: the table does not say where pages are, and pays
	 * nothing for it. */
	if (ctx->json)
		has_numa = numa_take(&ctx->src, ctx->pid, &numa) == 0;
	/* Every mapping in address order: the snapshot document, streamed. */
	if (ctx->json && !filtered) {
		rc = cmd_show_stream(ctx, has_numa ? &numa : NULL);
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

int
cmd_show_totals(struct mw_ctx *ctx, const pid_t *pids, size_t n)
{
	char a[MW_FMT_BYTES_LEN], b[MW_FMT_BYTES_LEN], c[MW_FMT_BYTES_LEN];
	char d[MW_FMT_BYTES_LEN];
	uint64_t rss = 0, pss = 0, uss = 0, swap = 0;
	struct proctable pt;
	struct mw_err err;
	size_t known = 0;

	mw_err_clear(&err);
	if (n > PT_ONLY_MAX)
		n = PT_ONLY_MAX;
	if (proctable_open(&pt, &ctx->src, PT_OPEN_LISTED, &err) < 0)
		return 0;
	if (proctable_only(&pt, pids, n) == 0 &&
	    proctable_refresh(&pt, NULL, 0, &err) == 0) {
		for (size_t i = 0; i < pt.len; i++) {
			const struct pt_row *r = &pt.rows[i];

			if (!r->rollup)
				continue;
			known++;
			rss += r->rss, pss += r->pss, uss += r->uss;
			swap += r->swap;
		}
	}
	proctable_close(&pt);
	if (known > 0)
		printf("\ntotal of %zu processes: PSS %s  USS %s  Swap %s  (RSS %s counts a shared page once per process)\n",
		    known, mw_fmt_bytes(a, pss, ctx->bytes),
		    mw_fmt_bytes(b, uss, ctx->bytes),
		    mw_fmt_bytes(c, swap, ctx->bytes),
		    mw_fmt_bytes(d, rss, ctx->bytes));
	return 0;
}

const struct mw_cmd mw_cmd_show = {
	.name = "show",
	.fn = cmd_show,
	.summary = "identity, totals and one row per mapping",
	.usage = "memwatch PID [show] [--sort KEY] [--kind K[,K...]] [--top N]",
	.options =
	"  -s, --sort KEY      order rows by addr (default), size, rss, pss or swap\n"
	"                      (largest first)\n"
	"  -k, --kind K[,K]    only mappings of these kinds (repeatable): heap, stack,\n"
	"                      anon, shmem, file, code, vdso, vvar, vsyscall, guard,\n"
	"                      hugetlb, special\n"
	"  -n, --top N         only the first N rows (after sorting and filtering)\n",
};
