/* render/text_show.c: identity, totals and the mapping table. */
#include "config.h"
#include "render/text_show.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "model/select.h"
#include "model/snapshot.h"
#include "model/vma.h"
#include "render/term.h"
#include "util/buf.h"
#include "util/escape.h"
#include "util/time.h"
#include "util/units.h"
#include "util/xmalloc.h"

#define FLUSH_AT 65536
#define MIN_PATH 16


static const char *const kind_color[VMA_KIND_NR] = {
	[VMA_HEAP] = TERM_YELLOW, [VMA_STACK] = TERM_YELLOW,
	[VMA_ANON] = TERM_YELLOW, [VMA_SHMEM] = TERM_MAGENTA,
	[VMA_FILE] = TERM_BLUE, [VMA_CODE] = TERM_GREEN,
	[VMA_VDSO] = TERM_CYAN, [VMA_VVAR] = TERM_CYAN,
	[VMA_VSYSCALL] = TERM_CYAN, [VMA_GUARD] = TERM_DIM,
	[VMA_HUGETLB] = TERM_MAGENTA, [VMA_SPECIAL] = TERM_CYAN,
};

static void
pad(struct mw_buf *b, size_t n)
{
	mw_buf_grow(b, n);
	memset(b->data + b->len, ' ', n);
	mw_buf_setlen(b, b->len + n);
}

static void
put_right(struct mw_buf *b, const char *s, size_t w)
{
	mw_buf_add_right(b, s, strlen(s), w);
}

static void
put_left(struct mw_buf *b, const char *s, size_t w)
{
	size_t n = strlen(s);

	mw_buf_add(b, s, n);
	if (n < w)
		pad(b, w - n);
}

static size_t
hex_digits(uint64_t x)
{
	size_t n = 1;

	while (x >>= 4)
		n++;
	return n;
}

static size_t
dec_digits(uint64_t x)
{
	size_t n = 1;

	while (x /= 10)
		n++;
	return n;
}

/*
 * A row's fixed text through a cursor, in room made once: hex digits,
 * perms, kind, five amounts and the share, each written in place (no
 * string is measured or copied twice). The room holds 16 bytes more than
 * a cell needs: cells are written by whole words and the cursor moved by
 * what counts. The path takes the general path (escaped, fitted).
 */
static char *
cur_str(char *w, const char *s)
{
	size_t n = strlen(s);

	memcpy(w, s, n);
	return w + n;
}

static char *
cur_pad(char *w, size_t n)
{
	if (n <= 8)
		memcpy(w, "        ", 8);
	else
		memset(w, ' ', n);
	return w + n;
}

/* n bytes at s (n <= 16 reads 16: s has room) right-aligned in width
 * columns after a space: " 9.5M". */
static char *
cur_right(char *w, const char *s, size_t n, size_t width)
{
	*w++ = ' ';
	if (n < width)
		w = cur_pad(w, width - n);
	memcpy(w, s, n <= 16 ? 16 : n);
	return w + n;
}

/* Eight hex digits of x, the first in the lowest byte of memory. */
static inline uint64_t
hex8(uint32_t x)
{
	const uint64_t ones = 0x0101010101010101u;
	uint64_t n = x;

	/* A nibble a byte, the most significant in the highest byte. */
	n = (n | n << 16) & 0x0000ffff0000ffffu;
	n = (n | n << 8) & 0x00ff00ff00ff00ffu;
	n = (n | n << 4) & 0x0f0f0f0f0f0f0f0fu;
	n += ones * '0' + (((n + ones * 6) >> 4) & ones) * ('a' - '0' - 10);
#ifndef WORDS_BIGENDIAN
	n = __builtin_bswap64(n);
#endif
	return n;
}

/* The low digits hex digits of x (8 to 16). */
static char *
cur_hex(char *w, uint64_t x, size_t digits)
{
	uint64_t t[2] = { hex8((uint32_t)(x >> 32)), hex8((uint32_t)x) };

	if (digits == 16) {
		memcpy(w, t, 16);
		return w + 16;
	}
	if (digits > 16)
		digits = 16;
	memcpy(w, (char *)t + 16 - digits, digits);
	return w + digits;
}

static char *
cur_amount(char *w, bool known, uint64_t v, const struct show_layout *l)
{
	char tmp[MW_FMT_BYTES_LEN + 16], *end = tmp + MW_FMT_BYTES_LEN, *s;

	if (!known)
		return cur_right(w, "-               ", 1, l->numw);
	if (v == 0)
		return cur_right(w, "0               ", 1, l->numw);
	s = mw_fmt_bytes_end(end, v, l->bytes);
	if (s == NULL)
		s = (char *)mw_fmt_bytes(tmp, v, l->bytes), end = s + strlen(s);
	return cur_right(w, s, (size_t)(end - s), l->numw);
}

/* " 12%": the resident share of size. */
static char *
cur_share(char *w, bool known, uint64_t rss, uint64_t size)
{
	char tmp[24], *end = tmp + 8, *s;
	uint64_t p;

	if (!known || size == 0) {
		memcpy(w, "    -", 5);
		return w + 5;
	}
	p = (rss * 100 + size / 2) / size;
	if (rss * 100 / size > 100 || p > 100)
		p = 100;
	if (p == 0 && rss > 0)
		return cur_right(w, "<1%             ", 3, 4);
	*--end = '%';
	s = mw_utoa_end(end, p);
	return cur_right(w, s, (size_t)(tmp + 8 - s), 4);
}

/* The same for the general writers: " 9.5M" and " 12%" in a column. */
static void
put_amount(struct mw_buf *b, bool known, uint64_t v, const struct show_layout *l)
{
	mw_buf_grow(b, l->numw + MW_FMT_BYTES_LEN + 1);
	mw_buf_setlen(b, (size_t)(cur_amount(b->data + b->len, known, v, l) -
	    b->data));
}

static void
put_field(struct mw_buf *b, const struct map_row *r, enum map_field f,
    const struct show_layout *l)
{
	put_amount(b, map_has(r, f), r->val[f], l);
}

static void
put_share(struct mw_buf *b, bool known, uint64_t rss, uint64_t size)
{
	mw_buf_grow(b, 16);
	mw_buf_setlen(b, (size_t)(cur_share(b->data + b->len, known, rss,
	    size) - b->data));
}

static bool
plain_ascii(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];

		if (c < 0x20 || c >= 0x7f || c == '\\')
			return false;
	}
	return true;
}

size_t
render_path(struct mw_buf *out, struct mw_buf *scratch, const char *p,
    size_t n, size_t width)
{
	const char *s, *e;
	size_t w = 0, cw;

	if (width == 0)
		return 0;
	if (plain_ascii(p, n)) {
		if (n <= width) {
			mw_buf_add(out, p, n);
			return n;
		}
		mw_buf_addc(out, '~');
		mw_buf_add(out, p + n - (width - 1), width - 1);
		return width;
	}
	mw_buf_reset(scratch);
	mw_escape_term(scratch, p, n);
	w = mw_text_width(scratch->data, scratch->len);
	if (w <= width) {
		mw_buf_add(out, scratch->data, scratch->len);
		return w;
	}
	/* Keep the end: walk back one character at a time. */
	e = scratch->data + scratch->len;
	s = e;
	w = 0;
	while (s > scratch->data) {
		const char *c = s - 1;

		while (c > scratch->data && ((unsigned char)*c & 0xc0) == 0x80)
			c--;
		cw = mw_text_width(c, (size_t)(s - c));
		if (w + cw > width - 1)
			break;
		w += cw;
		s = c;
	}
	mw_buf_addc(out, '~');
	mw_buf_add(out, s, (size_t)(e - s));
	return w + 1;
}

/* The columns that follow from the widths of addresses, kinds and amounts. */
static void
plan_columns(struct show_layout *l, const struct show_view *view,
    size_t digits, size_t kindw, size_t numw)
{
	size_t fixed;

	l->bytes = view->bytes;
	l->color = view->color;
	l->digits = digits < 8 ? 8 : digits;
	l->kindw = kindw;
	l->numw = numw;
	_Static_assert(VMA_KIND_NR <= sizeof(l->kind_len), "a length a kind");
	for (int k = 0; k < VMA_KIND_NR; k++)
		l->kind_len[k] = strlen(vma_kind_name((enum vma_kind)k));
	/* perms, kind, five amounts, the share, each after one space */
	fixed = 1 + 4 + 1 + l->kindw + 5 * (l->numw + 1) + 5 + 1;
	l->range = view->width >= fixed + 2 * l->digits + 1 + MIN_PATH;
	l->addrw = l->range ? 2 * l->digits + 1 : l->digits;
	l->pathw = view->width >= fixed + l->addrw + 8 ?
	    view->width - fixed - l->addrw : 8;
	if (view->whole_paths)
		l->pathw = SIZE_MAX;
}

static void
plan(struct show_layout *l, const struct proc_snapshot *snap,
    const struct map_table *rows, const struct show_view *view)
{
	uint64_t maxaddr = 0, maxnum = snap->totals.val[SMAPS_SIZE];
	size_t kindw = 4, numw = 5;

	for (size_t i = 0; i < view->n; i++) {
		const struct map_row *r = &rows->v[view->idx[i]];
		size_t kw = strlen(vma_kind_name(r->kind));

		if (r->end > maxaddr)
			maxaddr = r->end;
		if (kw > kindw)
			kindw = kw;
	}
	if (view->bytes && dec_digits(maxnum) > numw)
		numw = dec_digits(maxnum);
	plan_columns(l, view, hex_digits(maxaddr), kindw, numw);
}

static void
put_header(struct mw_buf *b, const struct show_layout *l)
{
	static const char *const amounts[] = { "Size", "Rss", "Pss", "Dirty",
	    "Swap" };

	term_sgr(b, l->color, TERM_BOLD);
	put_left(b, l->range ? "Range" : "Address", l->addrw);
	mw_buf_adds(b, " Perm ");
	put_left(b, "Kind", l->kindw);
	for (size_t i = 0; i < 5; i++) {
		mw_buf_addc(b, ' ');
		put_right(b, amounts[i], l->numw);
	}
	mw_buf_adds(b, " Res% Path");
	term_sgr(b, l->color, TERM_RESET);
	mw_buf_addc(b, '\n');
}

static void
put_row(struct mw_buf *b, struct mw_buf *scratch, const struct map_row *r,
    const struct show_layout *l)
{
	static const enum map_field cols[] = { MAP_RSS, MAP_PSS,
	    MAP_PRIVATE_DIRTY, MAP_SWAP };
	enum vma_kind k = r->kind;
	const char *kn = vma_kind_name(k);
	size_t kn_len = l->kind_len[k];
	char *w;

	/* Addresses, perms, colours and kind, six numbers of at most
	 * max(numw, 24) columns each. */
	mw_buf_grow(b, 2 * l->digits + l->kindw + 6 * (l->numw + 41) + 128);
	w = b->data + b->len;
	w = cur_hex(w, r->start, l->digits);
	if (l->range) {
		*w++ = '-';
		w = cur_hex(w, r->end, l->digits);
	}
	*w++ = ' ';
	memcpy(w, r->perms, 4);
	w += 4;
	*w++ = ' ';
	if (l->color)
		w = cur_str(w, kind_color[k]);
	memcpy(w, kn, 16);	/* kind names are shorter, in static room */
	w += kn_len;
	if (l->color)
		w = cur_str(w, TERM_RESET);
	if (l->kindw > kn_len)
		w = cur_pad(w, l->kindw - kn_len);
	w = cur_amount(w, true, r->end - r->start, l);
	for (size_t i = 0; i < sizeof(cols) / sizeof(cols[0]); i++)
		w = cur_amount(w, map_has(r, cols[i]), r->val[cols[i]], l);
	w = cur_share(w, map_has(r, MAP_RSS), r->val[MAP_RSS],
	    r->end - r->start);
	mw_buf_setlen(b, (size_t)(w - b->data));
	if (r->path != NULL && r->path_len > 0) {
		mw_buf_addc(b, ' ');
		render_path(b, scratch, r->path, r->path_len, l->pathw);
	}
	mw_buf_addc(b, '\n');
}

/* The totals line: label, then VSZ, RSS, PSS, Private_Dirty, Swap. */
static void
put_total(struct mw_buf *b, const char *label, const struct map_row *t,
    uint64_t vsz, const struct show_layout *l)
{
	term_sgr(b, l->color, TERM_BOLD);
	put_left(b, label, l->addrw + 6 + l->kindw);
	put_amount(b, true, vsz, l);
	put_field(b, t, MAP_RSS, l);
	put_field(b, t, MAP_PSS, l);
	put_field(b, t, MAP_PRIVATE_DIRTY, l);
	put_field(b, t, MAP_SWAP, l);
	put_share(b, map_has(t, MAP_RSS), t->val[MAP_RSS], vsz);
	term_sgr(b, l->color, TERM_RESET);
	mw_buf_addc(b, '\n');
}

/* VSZ: the sum of Size without [vsyscall] (snapshot_sum leaves it out). */
static uint64_t
snapshot_vsz(const struct proc_snapshot *snap)
{
	return snap->totals.val[SMAPS_SIZE];
}

static void
put_kv(struct mw_buf *b, const char *key, bool known, uint64_t v, bool bytes)
{
	char tmp[MW_FMT_BYTES_LEN];

	mw_buf_printf(b, "%s %s  ", key, known ? mw_fmt_bytes(tmp, v, bytes) :
	    "-");
}

/* Escaped text s[0..n) cut to w columns at the right, with '~'. */
static void
fit_right(struct mw_buf *out, const char *s, size_t n, size_t w)
{
	const char *p = s, *end = s + n;
	size_t used = 0;

	if (mw_text_width(s, n) <= w) {
		mw_buf_add(out, s, n);
		return;
	}
	while (p < end) {
		const char *c = p + 1;
		size_t cw;

		while (c < end && ((unsigned char)*c & 0xc0) == 0x80)
			c++;
		cw = mw_text_width(p, (size_t)(c - p));
		if (used + cw + 1 > w)
			break;
		mw_buf_add(out, p, (size_t)(c - p));
		used += cw;
		p = c;
	}
	mw_buf_addc(out, '~');
}

static void
put_cmdline(struct mw_buf *b, const struct proc_snapshot *s, size_t w)
{
	const char *p = s->cmdline, *end = s->cmdline + s->cmdline_len;
	struct mw_buf line;

	if (s->cmdline_len == 0) {
		mw_buf_adds(b, "-");
		return;
	}
	mw_buf_init(&line);
	while (p < end) {
		const char *z = memchr(p, '\0', (size_t)(end - p));

		if (z == NULL)
			z = end;
		if (line.len > 0)
			mw_buf_addc(&line, ' ');
		mw_escape_term(&line, p, (size_t)(z - p));
		p = z + 1;
	}
	fit_right(b, line.data, line.len, w);
	mw_buf_free(&line);
}

/* PSS by type: the rollup's Pss_Anon/File/Shmem, else summed by kind. */
static void
put_split(struct mw_buf *b, const struct proc_snapshot *s, bool bytes)
{
	const struct vma *t = &s->totals;
	uint64_t sum[3] = { 0, 0, 0 };
	const char *how = "smaps_rollup";
	bool known = true;

	if (smaps_has(t, SMAPS_PSS_ANON) && smaps_has(t, SMAPS_PSS_FILE) &&
	    smaps_has(t, SMAPS_PSS_SHMEM)) {
		sum[0] = t->val[SMAPS_PSS_ANON];
		sum[1] = t->val[SMAPS_PSS_FILE];
		sum[2] = t->val[SMAPS_PSS_SHMEM];
	} else {
		how = s->pss_kind_estimated ? "estimated from smaps" :
		    "by kind";
		known = smaps_has(t, SMAPS_PSS);	/* else nothing printed Pss */
		sum[0] = s->pss_kind[SNAP_PSS_ANON];
		sum[1] = s->pss_kind[SNAP_PSS_FILE];
		sum[2] = s->pss_kind[SNAP_PSS_SHMEM];
	}
	mw_buf_adds(b, "PSS by type: ");
	put_kv(b, "anon", known, sum[0], bytes);
	put_kv(b, "file", known, sum[1], bytes);
	put_kv(b, "shmem", known, sum[2], bytes);
	mw_buf_printf(b, "(%s)  mappings %zu\n", how, s->mappings);
}

static void
put_identity(struct mw_buf *b, const struct proc_snapshot *s,
    const struct show_view *view, uint64_t vsz)
{
	const struct vma *t = &s->totals;
	char ts[MW_RFC3339_LEN];
	uint64_t uss = 0;
	bool has_uss = snapshot_uss(s, &uss);

	term_sgr(b, view->color, TERM_BOLD);
	mw_buf_printf(b, "process %d ", (int)s->pid);
	mw_escape_term(b, s->comm ? s->comm : "", s->comm_len);
	term_sgr(b, view->color, TERM_RESET);
	if (s->user != NULL) {
		mw_buf_adds(b, "  user ");
		mw_escape_term(b, s->user, strlen(s->user));
	} else if (s->has_uid) {
		mw_buf_printf(b, "  uid %" PRIu32, s->uid);
	}
	if (s->start_time != 0)
		mw_buf_printf(b, "  started %s", mw_rfc3339(ts, s->start_time));
	if (s->no_stat)
		mw_buf_adds(b, "  (no stat in the tree: start time unknown; name, state and parent from status)");
	mw_buf_adds(b, "\ncommand ");
	put_cmdline(b, s, view->width > 28 ? view->width - 8 : 20);
	mw_buf_addc(b, '\n');
	put_kv(b, "VSZ", true, vsz, view->bytes);
	put_kv(b, "RSS", smaps_has(t, SMAPS_RSS), t->val[SMAPS_RSS], view->bytes);
	put_kv(b, "PSS", smaps_has(t, SMAPS_PSS), t->val[SMAPS_PSS], view->bytes);
	put_kv(b, "USS", has_uss, uss, view->bytes);
	put_kv(b, "Swap", smaps_has(t, SMAPS_SWAP), t->val[SMAPS_SWAP],
	    view->bytes);
	put_kv(b, "SwapPss", smaps_has(t, SMAPS_SWAP_PSS),
	    t->val[SMAPS_SWAP_PSS], view->bytes);
	put_kv(b, "Locked", smaps_has(t, SMAPS_LOCKED), t->val[SMAPS_LOCKED],
	    view->bytes);
	b->len -= 2;	/* the last separator */
	b->data[b->len] = '\0';
	mw_buf_addc(b, '\n');
	put_split(b, s, view->bytes);
}

/* Sums of the shown rows, for the "shown" line of a filtered view. */
static void
sum_shown(const struct map_table *rows, const struct show_view *view,
    struct map_row *sum, uint64_t *size)
{
	memset(sum, 0, sizeof(*sum));
	*size = 0;
	for (size_t i = 0; i < view->n; i++) {
		const struct map_row *r = &rows->v[view->idx[i]];

		*size += r->end - r->start;
		for (int f = 0; f < MAP_NR; f++) {
			if (!map_has(r, f))
				continue;
			sum->val[f] += r->val[f];
			sum->present |= (uint8_t)(1u << f);
		}
	}
}

/* The process's totals as a row, for the totals line. */
static void
totals_row(const struct vma *t, struct map_row *r)
{
	static const enum smaps_field from[MAP_NR] = {
		[MAP_RSS] = SMAPS_RSS, [MAP_PSS] = SMAPS_PSS,
		[MAP_PRIVATE_DIRTY] = SMAPS_PRIVATE_DIRTY,
		[MAP_SWAP] = SMAPS_SWAP,
	};

	memset(r, 0, sizeof(*r));
	for (int f = 0; f < MAP_NR; f++) {
		r->val[f] = t->val[from[f]];
		if (smaps_has(t, from[f]))
			r->present |= (uint8_t)(1u << f);
	}
}

int
render_show(FILE *f, const struct proc_snapshot *snap,
    const struct map_table *rows, const struct show_view *view)
{
	struct mw_buf b, scratch;
	struct show_layout l;
	uint64_t vsz = snapshot_vsz(snap), size;
	char label[64];
	struct map_row sum;
	int rc = 0;

	memset(&l, 0, sizeof(l));
	plan(&l, snap, rows, view);
	mw_buf_init(&b);
	mw_buf_init(&scratch);
	mw_buf_grow(&b, FLUSH_AT + 4096);
	put_identity(&b, snap, view, vsz);
	mw_buf_addc(&b, '\n');
	put_header(&b, &l);
	for (size_t i = 0; i < view->n && rc == 0; i++) {
		put_row(&b, &scratch, &rows->v[view->idx[i]], &l);
		if (b.len >= FLUSH_AT)
			rc = term_flush(&b, f);
	}
	if (view->filtered) {
		sum_shown(rows, view, &sum, &size);
		snprintf(label, sizeof(label), "shown (%zu of %zu)", view->n,
		    snap->mappings);
		put_total(&b, label, &sum, size, &l);
	}
	snprintf(label, sizeof(label), "total (%zu mapping%s)", snap->mappings,
	    snap->mappings == 1 ? "" : "s");
	totals_row(&snap->totals, &sum);
	put_total(&b, label, &sum, vsz, &l);
	if (rc == 0)
		rc = term_flush(&b, f);
	mw_buf_free(&scratch);
	mw_buf_free(&b);
	return rc;
}
