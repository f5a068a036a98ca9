/* render/text_explain.c: explain's findings and pages' maps as text. */
#include "config.h"
#include "render/text_explain.h"

#include <inttypes.h>
#include <string.h>

#include "model/explain.h"
#include "model/pages.h"
#include "model/snapshot.h"
#include "model/vma.h"
#include "render/amount.h"
#include "render/term.h"
#include "render/text_show.h"
#include "util/buf.h"
#include "util/escape.h"
#include "util/units.h"

#define FLUSH_AT 65536
#define MAX_WIDTH 100		/* paragraphs read best below this */

static void
put_title(struct mw_buf *b, const struct proc_snapshot *s, const char *what,
    bool color)
{
	term_sgr(b, color, TERM_BOLD);
	mw_buf_printf(b, "process %d ", (int)s->pid);
	mw_escape_term(b, s->comm ? s->comm : "", s->comm_len);
	mw_buf_printf(b, ": %s", what);
	term_sgr(b, color, TERM_RESET);
	mw_buf_addc(b, '\n');
}

int
render_explain(FILE *f, const struct proc_snapshot *snap,
    const struct explain *ex, bool bytes, bool color, size_t width)
{
	struct mw_buf b, text;
	int last = -1, rc;

	if (width > MAX_WIDTH)
		width = MAX_WIDTH;
	mw_buf_init(&b);
	mw_buf_init(&text);
	put_title(&b, snap, "memory explained", color);
	for (size_t i = 0; i < ex->findings.len; i++) {
		const struct finding *fd = &ex->findings.v[i];
		size_t at;

		if ((int)ex->section[i] != last) {
			last = (int)ex->section[i];
			mw_buf_addc(&b, '\n');
			term_sgr(&b, color, TERM_BOLD);
			mw_buf_adds(&b, explain_section_title(ex->section[i]));
			term_sgr(&b, color, TERM_RESET);
			mw_buf_addc(&b, '\n');
		}
		mw_buf_reset(&text);
		amount_term(&text, fd->text, strlen(fd->text), bytes);
		at = b.len;
		term_wrap(&b, text.data, text.len, width, 4);
		b.data[at + 2] = '-';	/* a bullet in the indent */
	}
	rc = term_flush(&b, f);
	mw_buf_free(&text);
	mw_buf_free(&b);
	return rc;
}

char
render_page_cell(const struct pagemap_block *k)
{
	uint32_t in = k->state[PAGEMAP_IN_RAM];

	if (k->pages == 0)
		return ' ';
	if (in == k->pages)
		return '#';
	if (in > 0)
		return in * 2 >= k->pages ? 'o' : ':';
	if (k->state[PAGEMAP_IN_SWAP] > 0)
		return 's';
	if (k->state[PAGEMAP_GUARD_PAGE] > 0)
		return 'g';
	return '.';
}

static const char *
cell_color(char c)
{
	switch (c) {
	case '#':
	case 'o':
		return TERM_GREEN;
	case ':':
		return TERM_YELLOW;
	case 's':
		return TERM_RED;
	case 'g':
		return TERM_BLUE;
	default:
		return TERM_DIM;
	}
}

struct pages_layout {
	size_t digits, numw, pathw, cells_per_line;
	bool range;		/* START-END, else START only */
	bool color, bytes;
	uint64_t page_size;
};

static void
put_count(struct mw_buf *b, bool known, uint64_t v, size_t w)
{
	char tmp[24];
	size_t n;

	if (known)
		snprintf(tmp, sizeof(tmp), "%" PRIu64, v);
	else
		snprintf(tmp, sizeof(tmp), "-");
	n = strlen(tmp);
	mw_buf_addc(b, ' ');
	for (; n < w; n++)
		mw_buf_addc(b, ' ');
	mw_buf_adds(b, tmp);
}

static void
put_map(struct mw_buf *b, const struct pages_report *r,
    const struct pages_vma *pv, const struct pages_layout *l)
{
	const struct pagemap_block *blk = r->blocks + pv->first_block;
	char prev = 0;

	for (size_t i = 0; i < pv->nblocks; i++) {
		char c = render_page_cell(&blk[i]);

		if (i % l->cells_per_line == 0) {
			if (i > 0) {
				term_sgr(b, l->color && prev, TERM_RESET);
				mw_buf_addc(b, '\n');
			}
			mw_buf_printf(b, "    %0*" PRIx64 " ", (int)l->digits,
			    pv->vma->start + (uint64_t)i * pv->per_block *
			    l->page_size);
			prev = 0;
		}
		if (l->color && c != prev)
			term_sgr(b, true, cell_color(c));
		prev = c;
		mw_buf_addc(b, c);
	}
	term_sgr(b, l->color && prev, TERM_RESET);
	mw_buf_addc(b, '\n');
}

static void
put_pages_row(struct mw_buf *b, struct mw_buf *scratch,
    const struct pages_report *r, const struct pages_vma *pv,
    const struct pages_layout *l)
{
	const struct vma *v = pv->vma;
	const struct pagemap_counts *c = &pv->counts;

	mw_buf_printf(b, "%0*" PRIx64, (int)l->digits, v->start);
	if (l->range)
		mw_buf_printf(b, "-%0*" PRIx64, (int)l->digits, v->end);
	mw_buf_printf(b, " %.4s %-8s", v->perms, vma_kind_name(vma_kind(v)));
	put_count(b, true, (v->end - v->start) / l->page_size, l->numw);
	put_count(b, pv->read, c->state[PAGEMAP_IN_RAM], l->numw);
	put_count(b, pv->read, c->state[PAGEMAP_IN_SWAP], l->numw);
	put_count(b, pv->read, c->state[PAGEMAP_GUARD_PAGE], l->numw);
	put_count(b, pv->read, c->state[PAGEMAP_UNTOUCHED], l->numw);
	if (v->path != NULL && v->path_len > 0) {
		mw_buf_addc(b, ' ');
		render_path(b, scratch, v->path, v->path_len, l->pathw);
	}
	mw_buf_addc(b, '\n');
	if (pv->too_large) {
		mw_buf_adds(b, "    (not read: too large to read page by page; the kernel's PAGEMAP_SCAN, 6.7 and later, counts it on a live process)\n");
		return;
	}
	if (!pv->read) {
		mw_buf_adds(b, "    (not in the page tables pagemap reports)\n");
		return;
	}
	if (pv->nblocks == 0)
		return;
	if (pv->per_block > 1) {
		char span[MW_FMT_BYTES_LEN];

		mw_buf_printf(b, "    1 character = %" PRIu64 " pages (%s%s)\n",
		    pv->per_block, mw_fmt_bytes(span, pv->per_block *
		    l->page_size, l->bytes), l->bytes ? " bytes" : "");
	}
	put_map(b, r, pv, l);
}

static void
plan_pages(struct pages_layout *l, const struct pages_report *r,
    size_t width)
{
	uint64_t maxaddr = 0, maxpages = 0;
	size_t fixed, w = 7;

	for (size_t i = 0; i < r->len; i++) {
		const struct vma *v = r->v[i].vma;

		if (v->end > maxaddr)
			maxaddr = v->end;
		if ((v->end - v->start) / r->page_size > maxpages)
			maxpages = (v->end - v->start) / r->page_size;
	}
	for (l->digits = 8; l->digits < 16 && (maxaddr >> (4 * l->digits));)
		l->digits++;
	for (uint64_t x = maxpages; x >= 10000000; x /= 10)
		w++;
	l->numw = w;
	l->page_size = r->page_size;
	fixed = 1 + 4 + 1 + 8 + 5 * (w + 1) + 1;
	l->range = width >= fixed + 2 * l->digits + 1 + 16;
	fixed += l->range ? 2 * l->digits + 1 : l->digits;
	l->pathw = width >= fixed + 8 ? width - fixed : 8;
	l->cells_per_line = width > l->digits + 6 + 16 ?
	    width - l->digits - 6 : 16;
}

int
render_pages(FILE *f, const struct pages_report *r, bool bytes, bool color,
    size_t width)
{
	struct mw_buf b, scratch;
	struct pages_layout l;
	const struct pagemap_counts *t = &r->total;
	char ps[MW_FMT_BYTES_LEN];
	int rc = 0;

	memset(&l, 0, sizeof(l));
	plan_pages(&l, r, width);
	if (!term_fits(f))	/* a pipe or a file: paths whole, as show */
		l.pathw = SIZE_MAX;
	l.color = color;
	l.bytes = bytes;
	mw_buf_init(&b);
	mw_buf_init(&scratch);
	put_title(&b, &r->snap, "page residency from pagemap", color);
	mw_buf_printf(&scratch, "page size %s%s; map: '#' every page present, "
	    "'o' half or more, ':' some, '.' none (never touched, or "
	    "given back), "
	    "'s' swapped, 'g' guard", mw_fmt_bytes(ps, r->page_size, bytes),
	    bytes ? " bytes" : "");
	term_wrap(&b, scratch.data, scratch.len, width, 0);
	mw_buf_addc(&b, '\n');
	term_sgr(&b, color, TERM_BOLD);
	mw_buf_printf(&b, "%-*s Perm Kind    ", (int)(l.range ?
	    2 * l.digits + 1 : l.digits), l.range ? "Range" : "Address");
	mw_buf_printf(&b, " %*s %*s %*s %*s %*s Path", (int)l.numw,
	    "Pages", (int)l.numw, "Present", (int)l.numw, "Swapped",
	    (int)l.numw, "Guard", (int)l.numw, "Never");
	term_sgr(&b, color, TERM_RESET);
	mw_buf_addc(&b, '\n');
	for (size_t i = 0; i < r->len && rc == 0; i++) {
		put_pages_row(&b, &scratch, r, &r->v[i], &l);
		if (b.len >= FLUSH_AT)
			rc = term_flush(&b, f);
	}
	term_sgr(&b, color, TERM_BOLD);
	mw_buf_printf(&b, "%-*s", (int)((l.range ? 2 * l.digits + 1 :
	    l.digits) + 14),
	    r->len == 1 ? "total (1 mapping)" : "total");
	put_count(&b, true, t->pages, l.numw);
	put_count(&b, true, t->state[PAGEMAP_IN_RAM], l.numw);
	put_count(&b, true, t->state[PAGEMAP_IN_SWAP], l.numw);
	put_count(&b, true, t->state[PAGEMAP_GUARD_PAGE], l.numw);
	put_count(&b, true, t->state[PAGEMAP_UNTOUCHED], l.numw);
	term_sgr(&b, color, TERM_RESET);
	mw_buf_addc(&b, '\n');
	if (rc == 0)
		rc = term_flush(&b, f);
	mw_buf_free(&scratch);
	mw_buf_free(&b);
	return rc;
}
