/* render/tui_maps.c: the drill-down: one process's mappings, live. */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "render/tui_int.h"
#include "util/buf.h"
#include "util/escape.h"
#include "util/time.h"
#include "util/units.h"
#include "util/xmalloc.h"

/* Below this width the start address gives way to the path. */
#define MAPS_ADDR_COLS 110

static const char *const col_names[MV_NR] = { "SIZE", "RSS", "PSS", "SWAP" };
static const enum smaps_field col_field[MV_NR] = {
	[MV_SIZE] = SMAPS_SIZE, [MV_RSS] = SMAPS_RSS, [MV_PSS] = SMAPS_PSS,
	[MV_SWAP] = SMAPS_SWAP,
};

/* The sort value of a row for key k; rows without it go last. */
static bool
mv_value(const struct mv_row *r, enum tui_mv_key k, int64_t *v)
{
	switch (k) {
	case TMV_ADDR:
		*v = 0;
		return true;
	case TMV_SIZE:
	case TMV_RSS:
	case TMV_PSS:
	case TMV_SWAP: {
		static const enum mv_col c[] = { MV_SIZE, MV_SIZE, MV_RSS,
		    MV_PSS, MV_SWAP };

		*v = (int64_t)(r->vma->val[col_field[c[k]]] >> 1);
		return r->known[c[k]];
	}
	case TMV_CHANGE:
		*v = r->delta[MV_RSS];
		return r->known[MV_RSS];
	case TMV_NR:
		break;
	}
	*v = 0;
	return false;
}

static int
mv_cmp(const void *a, const void *b, void *arg)
{
	const struct tui *t = arg;
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	int64_t vx, vy;
	bool kx = mv_value(&t->mv.rows[x], t->mv_key, &vx);
	bool ky = mv_value(&t->mv.rows[y], t->mv_key, &vy);

	if (kx != ky)
		return kx ? -1 : 1;
	if (kx && vx != vy)
		return vx > vy ? -1 : 1;
	return (x > y) - (x < y);	/* address order */
}

void
tui_maps_order(struct tui *t)
{
	size_t n = t->mv_open ? t->mv.len : 0;

	if (t->mv_idx_cap < n + 1) {
		t->mv_idx_cap = n + n / 4 + 16;
		t->mv_idx = mw_xreallocarray(t->mv_idx, t->mv_idx_cap,
		    sizeof(*t->mv_idx));
	}
	for (size_t i = 0; i < n; i++)
		t->mv_idx[i] = i;
	if (t->mv_key != TMV_ADDR)
		qsort_r(t->mv_idx, n, sizeof(*t->mv_idx), mv_cmp, t);
	if (t->mv_sel >= n)
		t->mv_sel = n ? n - 1 : 0;
}

static int
num_width(const struct tui *t)
{
	return t->o->exact ? 14 : 6;
}

static void
draw_head(const struct tui *t)
{
	char s[512], a[MW_FMT_BYTES_LEN], d[MW_FMT_BYTES_LEN];
	struct mw_buf b;
	uint64_t secs = (mw_now_ms() - t->mv_opened_ms) / 1000;

	mw_buf_init(&b);
	mw_buf_printf(&b, "PID %d ", (int)t->mv_pid);
	mw_escape_term(&b, t->mv_comm, strlen(t->mv_comm));
	mw_buf_printf(&b, " - mappings, change since opened %" PRIu64
	    ":%02" PRIu64 " ago", secs / 60, secs % 60);
	if (t->mv_gone)
		mw_buf_adds(&b, " - exited");
	else if (t->mv_open)
		mw_buf_printf(&b, " - %zu mappings, %zu gone - smaps read %.1f ms",
		    t->mv.len, t->mv.removed, (double)t->mv.cost_ns / 1e6);
	tui_put(0, 0, TP_TITLE, A_BOLD, b.data);
	mw_buf_reset(&b);
	for (int c = 0; c < MV_NR && t->mv_open; c++)
		mw_buf_printf(&b, "%s %s (%s)   ", col_names[c],
		    mw_fmt_bytes(a, t->mv.total[c], t->o->exact),
		    mw_fmt_delta(d, t->mv.total_delta[c], t->o->exact));
	tui_put(1, 0, TP_NONE, A_NORMAL, b.data);
	mw_buf_free(&b);
	if (t->mv_gone) {
		snprintf(s, sizeof(s),
		    "process %d has exited: the last mappings read are shown; Esc goes back",
		    (int)t->mv_pid);
		tui_put(2, 0, TP_UP, A_BOLD, s);
	}
}

static void
draw_titles(const struct tui *t)
{
	int w = num_width(t);
	struct mw_buf b;

	mw_buf_init(&b);
	mw_buf_printf(&b, "%*s", t->cols, "");
	tui_put(3, 0, TP_NONE, A_REVERSE, b.data);
	mw_buf_reset(&b);
	if (t->cols >= MAPS_ADDR_COLS)
		mw_buf_printf(&b, "%12s ", "START");
	mw_buf_printf(&b, "%-4s", "PERM");
	for (int c = 0; c < MV_NR; c++)
		mw_buf_printf(&b, " %*s %*s", w, col_names[c], w, "+/-");
	mw_buf_adds(&b, " PATH");
	tui_put(3, 0, TP_NONE, A_REVERSE, b.data);
	mw_buf_free(&b);
}

static void
draw_row(const struct tui *t, int y, const struct mv_row *r, bool selected)
{
	int w = num_width(t), x, attr = selected ? A_REVERSE : A_NORMAL;
	char a[MW_FMT_BYTES_LEN];
	const struct vma *v = r->vma;
	struct mw_buf b;
	int path_w;

	mw_buf_init(&b);
	if (selected) {
		mw_buf_printf(&b, "%*s", t->cols, "");
		tui_put(y, 0, TP_NONE, attr, b.data);
		mw_buf_reset(&b);
	}
	if (t->cols >= MAPS_ADDR_COLS)
		mw_buf_printf(&b, "%12" PRIx64 " ", v->start);
	mw_buf_printf(&b, "%-4s", v->perms);
	tui_put(y, 0, TP_NONE, attr, b.data);
	x = t->cols >= MAPS_ADDR_COLS ? 17 : 4;
	for (int c = 0; c < MV_NR; c++) {
		int pair = TP_NONE;

		mw_buf_reset(&b);
		mw_buf_printf(&b, " %*s", w, r->known[c] ?
		    mw_fmt_bytes(a, v->val[col_field[c]], t->o->exact) : "?");
		tui_put(y, x, TP_NONE, attr, b.data);
		x += w + 1;
		mw_buf_reset(&b);
		if (r->delta[c] != 0)
			pair = r->delta[c] > 0 ? TP_UP : TP_DOWN;
		mw_buf_printf(&b, " %*s", w, r->delta[c] == 0 ? "." :
		    mw_fmt_delta(a, r->delta[c], t->o->exact));
		tui_put(y, x, pair, attr | (pair != TP_NONE ? A_BOLD : 0),
		    b.data);
		x += w + 1;
	}
	path_w = t->cols - x - 1;
	if (path_w > 0) {
		mw_buf_reset(&b);
		mw_buf_addc(&b, r->added ? '+' : r->change == DIFF_SPLIT ||
		    r->change == DIFF_MERGED ? '~' : ' ');
		if (v->path != NULL)
			mw_escape_fit(&b, v->path, v->path_len,
			    (size_t)path_w - 1, true);
		tui_put(y, x, TP_NONE, attr | (r->added ? A_BOLD : 0), b.data);
	}
	mw_buf_free(&b);
}

void
tui_draw_maps(const struct tui *t)
{
	int body = t->lines - 5;

	draw_head(t);
	draw_titles(t);
	if (!t->mv_open) {
		tui_put_wrapped(4, 0, TP_UP, A_BOLD, t->mv_err[0] ? t->mv_err :
		    "cannot read the mappings", t->lines - 2);
	} else {
		for (int i = 0; i < body && t->mv_top + (size_t)i < t->mv.len;
		    i++) {
			size_t at = t->mv_top + (size_t)i;

			draw_row(t, 4 + i, &t->mv.rows[t->mv_idx[at]],
			    at == t->mv_sel);
		}
	}
	tui_status(t, t->msg[0] ? t->msg :
	    "Esc back  s sort  Up Down PgUp PgDn scroll  + new mapping  ? help  q quit");
}

static const char *const maps_help[] = {
	"memwatch top: one process's mappings, live",
	"",
	"  Up Down j k     move                      PgUp PgDn    a page",
	"  Home End g G    first, last mapping",
	"  s  >  F6        sort by the next column: address, size, rss, pss,",
	"                  swap, growth (the change of Rss since opened)",
	"  <               the previous one",
	"  Esc  Left  h    back to the process table",
	"  z  b  l         zones, buddy free lists, slab caches",
	"  p               pause (keys still work)",
	"  ?  F1           this help (any key closes it)",
	"  q  F10          quit",
	"",
	"Each size has its change since the mappings were opened beside it",
	"(+/-; '.' none). '+' before a path marks a mapping that is new since",
	"then, '~' one split from or merged with others (its group's change on",
	"its first row). When the process exits, the last mappings read stay,",
	"and the title says 'exited'.",
};

void
tui_draw_maps_help(const struct tui *t)
{
	size_t n = sizeof(maps_help) / sizeof(maps_help[0]);

	for (size_t i = 0; i < n && (int)i < t->lines - 1; i++)
		tui_put((int)i, 0, i == 0 ? TP_TITLE : TP_NONE,
		    i == 0 ? A_BOLD : A_NORMAL, maps_help[i]);
	tui_status(t, "press any key to go back, q to quit");
}
