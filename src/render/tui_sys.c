/* render/tui_sys.c: the z, b and l views: zones, buddy free lists, slabs.
 *
 * Each refresh takes a system snapshot of the one part the view shows
 * (model/system.h, read through source.c; pagetypeinfo never, it is too
 * costly for a loop) and turns it into text lines, rebuilt on a resize;
 * drawing only copies the lines that fit.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "model/frag.h"
#include "model/system.h"
#include "render/text_system.h"
#include "render/tui_int.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/escape.h"
#include "util/units.h"
#include "util/xmalloc.h"

struct sys_line {
	const char *text;	/* in the arena */
	int pair;
	int attr;
};

struct tui_sys {
	struct sys_snapshot snap;
	bool taken;
	enum tui_mode mode;	/* the view the snapshot was taken for */
	struct mw_arena arena;	/* the lines' text */
	struct sys_line *lines;
	size_t len, cap;
	char head[3][1024];	/* title, note, column titles */
	int head_pair[2];
};

static void
add_line(struct tui_sys *s, const struct mw_buf *b, int pair, int attr)
{
	if (s->len == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 64;
		s->lines = mw_xreallocarray(s->lines, s->cap,
		    sizeof(*s->lines));
	}
	s->lines[s->len].text = mw_arena_strndup(&s->arena, b->data, b->len);
	s->lines[s->len].pair = pair;
	s->lines[s->len].attr = attr;
	s->len++;
}

static const char *
sz(char out[MW_FMT_BYTES_LEN], const struct tui *t, uint64_t pages)
{
	return mw_fmt_bytes(out, sys_bytes(&t->sys->snap, pages), t->o->exact);
}

/* A bar of width cells, part/whole filled. */
static void
add_bar(struct mw_buf *b, uint64_t part, uint64_t whole, int width)
{
	int fill = whole ? (int)((double)part * width / (double)whole + 0.5) : 0;

	mw_buf_addc(b, '[');
	for (int i = 0; i < width; i++)
		mw_buf_addc(b, i < fill ? '#' : ' ');
	mw_buf_addc(b, ']');
}

static int
level_pair(enum zone_level l)
{
	switch (l) {
	case ZL_BELOW_MIN:
		return TP_UP;
	case ZL_BELOW_LOW:
	case ZL_ABOVE_LOW:
		return TP_CACHE;
	case ZL_ABOVE_HIGH:
		return TP_DOWN;
	case ZL_UNKNOWN:
	case ZL_EMPTY:
		break;
	}
	return TP_NONE;
}

static void
zone_line(const struct tui *t, const struct zone_info *z, struct mw_buf *b)
{
	static const enum zone_field f[] = { ZF_FREE, ZF_MIN, ZF_LOW, ZF_HIGH,
	    ZF_MANAGED, ZF_PRESENT, ZF_SPANNED };
	int w = t->o->exact ? 12 : 6, bar;
	char s[MW_FMT_BYTES_LEN];

	mw_buf_printf(b, "%4d ", z->node);
	mw_escape_fit(b, z->name, strlen(z->name), 8, true);
	for (size_t i = 0; i < sizeof(f) / sizeof(f[0]); i++)
		mw_buf_printf(b, " %*s", w, zone_has(z, f[i]) ?
		    sz(s, t, z->val[f[i]]) : "?");
	mw_buf_printf(b, " %-10s", sys_zone_level_name(sys_zone_level(z)));
	bar = t->cols - (int)b->len - 3;
	bar = bar > TEXT_ZONE_GAUGE_W ? TEXT_ZONE_GAUGE_W : bar;
	/* As zones: no gauge for an empty zone, none too short to read. */
	if (bar >= 10 && zone_has(z, ZF_FREE) && zone_has(z, ZF_MIN) &&
	    zone_has(z, ZF_LOW) && sys_zone_level(z) != ZL_EMPTY &&
	    sys_zone_level(z) != ZL_UNKNOWN) {
		char g[TEXT_ZONE_GAUGE_W + 1];

		/* The same gauge as 'memwatch zones' draws. */
		text_zone_gauge(g, (size_t)bar, z);
		mw_buf_printf(b, " [%s]", g);
	}
}

static void
build_zones(struct tui *t)
{
	struct tui_sys *s = t->sys;
	const struct zoneinfo *zi = &s->snap.zi;
	int w = t->o->exact ? 12 : 6;
	struct mw_buf b;

	snprintf(s->head[1], sizeof(s->head[1]),
	    "free against the watermarks: below min, direct reclaim; below low, kswapd wakes");
	snprintf(s->head[2], sizeof(s->head[2]),
	    "NODE ZONE    %*s %*s %*s %*s %*s %*s %*s LEVEL     ",
	    w, "FREE", w, "MIN", w, "LOW", w, "HIGH", w, "MANAGED", w,
	    "PRESENT", w, "SPANNED");
	/* The gauge's title where zone_line() has room for a gauge. */
	if (t->cols - (int)strlen(s->head[2]) - 3 >= 10)
		snprintf(s->head[2] + strlen(s->head[2]),
		    sizeof(s->head[2]) - strlen(s->head[2]),
		    "  FREE (m l h: the watermarks, as in zones)");
	mw_buf_init(&b);
	for (size_t i = 0; i < zi->len; i++) {
		const struct zone_info *z = &zi->zones[i];

		mw_buf_reset(&b);
		zone_line(t, z, &b);
		add_line(s, &b, level_pair(sys_zone_level(z)),
		    zone_empty(z) ? A_DIM : A_NORMAL);
	}
	mw_buf_free(&b);
}

static void
order_line(const struct tui *t, const struct buddy_zone *z, unsigned o,
    const int *unusable, const int *frag, uint64_t most, struct mw_buf *b)
{
	char s1[MW_FMT_BYTES_LEN], s2[MW_FMT_BYTES_LEN];
	char u[FRAG_FMT_LEN], f[FRAG_FMT_LEN];
	uint64_t pages = z->count[o] << o;
	int bar;

	mw_buf_printf(b, "  %5u %7s %9" PRIu64 " %7s %8s %6s ", o,
	    sz(s1, t, (uint64_t)1 << o), z->count[o], sz(s2, t, pages),
	    frag_fmt(u, unusable[o], false), frag_fmt(f, frag[o], true));
	bar = t->cols - (int)b->len - 3;
	if (bar >= 4)
		add_bar(b, pages, most, bar);
}

static void
buddy_zone_lines(struct tui *t, const struct buddy_zone *z, struct mw_buf *b)
{
	int unusable[BUDDY_MAX_ORDERS], frag[BUDDY_MAX_ORDERS];
	char s1[MW_FMT_BYTES_LEN], s2[MW_FMT_BYTES_LEN];
	int largest = buddy_largest_order(z);
	unsigned n = z->norders < BUDDY_MAX_ORDERS ? z->norders :
	    BUDDY_MAX_ORDERS;
	uint64_t most = 0;

	frag_compute(z->count, n, unusable, frag);
	for (unsigned o = 0; o < n; o++)
		if ((z->count[o] << o) > most)
			most = z->count[o] << o;
	mw_buf_reset(b);
	mw_buf_printf(b, "Node %d, zone ", z->node);
	mw_escape_term(b, z->zone, strlen(z->zone));
	mw_buf_printf(b, ": free %s", sz(s1, t, buddy_free_pages(z)));
	if (largest >= 0)
		mw_buf_printf(b, ", largest free block %s (order %d)",
		    sz(s2, t, (uint64_t)1 << largest), largest);
	else
		mw_buf_adds(b, ", no free block");
	add_line(t->sys, b, TP_TITLE, A_BOLD);
	for (unsigned o = 0; o < n; o++) {
		mw_buf_reset(b);
		order_line(t, z, o, unusable, frag, most, b);
		add_line(t->sys, b, z->count[o] ? TP_NONE : TP_DIM,
		    z->count[o] ? A_NORMAL : A_DIM);
	}
}

static void
build_buddy(struct tui *t)
{
	const struct buddyinfo *bi = &t->sys->snap.bi;
	struct mw_buf b;

	snprintf(t->sys->head[1], sizeof(t->sys->head[1]),
	    "UNUSABLE: share of free memory in smaller blocks; FRAG: -1.000 when a block is free");
	snprintf(t->sys->head[2], sizeof(t->sys->head[2]),
	    "  ORDER   BLOCK     COUNT    FREE UNUSABLE   FRAG FREE PAGES BY ORDER");
	mw_buf_init(&b);
	for (size_t i = 0; i < bi->len; i++) {
		buddy_zone_lines(t, &bi->zones[i], &b);
		mw_buf_reset(&b);
		add_line(t->sys, &b, TP_NONE, A_NORMAL);
	}
	mw_buf_free(&b);
}

static void
build_slabs(struct tui *t)
{
	struct tui_sys *s = t->sys;
	const struct slabinfo *si = &s->snap.si;
	uint64_t ps = s->snap.page_size;
	char a[MW_FMT_BYTES_LEN], c[MW_FMT_BYTES_LEN], d[MW_FMT_BYTES_LEN];
	int w = t->o->exact ? 14 : 7;
	struct slab_totals tot;
	size_t *order;
	struct mw_buf b;

	sys_slab_totals(si, ps, &tot);
	snprintf(s->head[1], sizeof(s->head[1]),
	    "%zu caches hold %s, %s of it in active objects; biggest first",
	    tot.caches, mw_fmt_bytes(a, tot.size, t->o->exact),
	    mw_fmt_bytes(c, tot.active_size, t->o->exact));
	snprintf(s->head[2], sizeof(s->head[2]),
	    "%-24s %10s %10s %*s %*s %6s", "NAME", "ACTIVE", "OBJS", w,
	    "OBJSIZE", w, "SIZE", "USE");
	if (si->len == 0)
		return;
	order = mw_xcalloc(si->len, sizeof(*order));
	sys_slab_order(si, ps, SLAB_SORT_SIZE, order);
	mw_buf_init(&b);
	for (size_t i = 0; i < si->len; i++) {
		const struct slab_cache *sc = &si->caches[order[i]];
		int util = sys_slab_util(sc);

		mw_buf_reset(&b);
		mw_escape_fit(&b, sc->name, strlen(sc->name), 24, true);
		mw_buf_printf(&b, " %10" PRIu64 " %10" PRIu64 " %*s %*s", sc->active_objs,
		    sc->num_objs, w, mw_fmt_bytes(d, sc->objsize, t->o->exact),
		    w, mw_fmt_bytes(a, sys_slab_size(sc, ps), t->o->exact));
		if (util >= 0)
			mw_buf_printf(&b, " %5.1f%%", util / 10.0);
		else
			mw_buf_adds(&b, "      -");
		add_line(s, &b, TP_NONE, A_NORMAL);
	}
	mw_buf_free(&b);
	free(order);
}

static enum sys_part
mode_part(enum tui_mode m)
{
	switch (m) {
	case TM_ZONES:
		return SYS_ZONEINFO;
	case TM_BUDDY:
		return SYS_BUDDYINFO;
	case TM_SLABS:
	case TM_PROCS:
	case TM_MAPS:
	case TM_GROUPS:
		break;
	}
	return SYS_SLABINFO;
}

/* The lines again from the snapshot (after a refresh or a resize). */
void
tui_sys_build(struct tui *t)
{
	struct tui_sys *s = t->sys;
	enum sys_part p;
	struct mw_err err;

	if (s == NULL || !s->taken)
		return;
	mw_arena_free(&s->arena);
	s->len = 0;
	p = mode_part(s->mode);
	snprintf(s->head[0], sizeof(s->head[0]), "memwatch top - %s - every %.3gs%s",
	    s->mode == TM_ZONES ? "zones (/proc/zoneinfo)" :
	    s->mode == TM_BUDDY ? "buddy free lists (/proc/buddyinfo)" :
	    "slab caches (/proc/slabinfo)", t->o->interval,
	    t->paused ? " - PAUSED" : "");
	s->head[1][0] = s->head[2][0] = '\0';
	mw_err_clear(&err);
	if (sys_require(&s->snap, p, &err) < 0) {
		snprintf(s->head[1], sizeof(s->head[1]), "%s", err.msg);
		s->head_pair[1] = TP_UP;
		return;
	}
	s->head_pair[1] = TP_NONE;
	if (s->mode == TM_ZONES)
		build_zones(t);
	else if (s->mode == TM_BUDDY)
		build_buddy(t);
	else
		build_slabs(t);
}

struct sys_snapshot *
tui_sys_slot(struct tui *t)
{
	struct tui_sys *s = t->sys;

	if (s == NULL) {
		s = t->sys = mw_xcalloc(1, sizeof(*s));
		mw_arena_init(&s->arena);
	} else if (s->taken) {
		sys_snapshot_free(&s->snap);
	}
	sys_snapshot_init(&s->snap);
	s->mode = t->mode;
	s->taken = true;
	return &s->snap;
}

unsigned
tui_sys_parts(enum tui_mode m)
{
	return SYS_PART(mode_part(m));
}

void
tui_sys_free(struct tui *t)
{
	struct tui_sys *s = t->sys;

	if (s == NULL)
		return;
	if (s->taken)
		sys_snapshot_free(&s->snap);
	mw_arena_free(&s->arena);
	free(s->lines);
	free(s);
	t->sys = NULL;
}

size_t
tui_sys_lines(const struct tui *t)
{
	return t->sys != NULL ? t->sys->len : 0;
}

void
tui_draw_sys(const struct tui *t)
{
	const struct tui_sys *s = t->sys;
	int body = t->lines - 4;
	struct mw_buf b;

	if (s == NULL || !s->taken)
		return;
	tui_put(0, 0, TP_TITLE, A_BOLD, s->head[0]);
	tui_put(1, 0, s->head_pair[1], A_NORMAL, s->head[1]);
	mw_buf_init(&b);
	mw_buf_printf(&b, "%-*s", t->cols, s->head[2]);
	if (s->head[2][0] != '\0')
		tui_put(2, 0, TP_NONE, A_REVERSE, b.data);
	mw_buf_free(&b);
	for (int i = 0; i < body && t->sys_top + (size_t)i < s->len; i++) {
		const struct sys_line *l = &s->lines[t->sys_top + (size_t)i];

		tui_put(3 + i, 0, l->pair, l->attr, l->text);
	}
	tui_status(t, "Esc back  z zones  b buddy  l slabs  Up Down PgUp PgDn scroll  p pause  q quit");
}
