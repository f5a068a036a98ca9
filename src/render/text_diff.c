/* render/text_diff.c: a process diff for people.
 *
 * A header naming both sides, a totals block (before, after, delta), one
 * block per mapping that changed (a line with its change, range, perms,
 * kind and escaped path, then before => after for every field that moved),
 * and the notes. Amounts are in the one unit style (render/amount.h), or
 * bytes with --bytes.
 */
#include "config.h"
#include "render/text_diff.h"

#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "model/diff.h"
#include "model/snapshot.h"
#include "model/vma.h"
#include "render/amount.h"
#include "render/diff_view.h"
#include "render/term.h"
#include "util/buf.h"
#include "util/escape.h"
#include "util/time.h"
#include "util/units.h"

#define AMOUNT_W 12		/* "  1073741824" */
#define NAME_W 16		/* "Private_Dirty" and padding */
#define INDENT "         "	/* under the change word */

/* An amount in the one unit style ("1.5M"), or bytes with --bytes. */
static const char *
amount(char *out, size_t n, uint64_t v, bool bytes)
{
	(void)n;
	return mw_fmt_bytes(out, v, bytes);
}

static const char *
signed_amount(char *out, size_t n, int64_t v, bool bytes)
{
	(void)n;
	return mw_fmt_delta(out, v, bytes);
}

/* "  Name               1.5M =>       9.5M       +8.0M"; two sides that
 * would round alike in the unit of their change ("1420K =>  1428K"). */
static void
field_line(struct mw_buf *b, const char *indent, const char *name,
    uint64_t before, uint64_t after, bool bytes)
{
	char x[MW_FMT_BYTES_LEN], y[MW_FMT_BYTES_LEN], d[40];

	amount_pair(x, y, before, after, bytes);
	mw_buf_printf(b, "%s%-*s %*s => %*s  %*s\n", indent, NAME_W, name,
	    AMOUNT_W, x, AMOUNT_W, y, AMOUNT_W,
	    signed_amount(d, sizeof(d), mw_delta(after, before), bytes));
}

static void
text_line(struct mw_buf *b, const char *name, const char *before,
    const char *after)
{
	mw_buf_printf(b, INDENT "%-*s %*s => %s\n", NAME_W, name, AMOUNT_W,
	    before, after);
}

static void
path_of(struct mw_buf *b, const struct vma *v)
{
	if (v->path != NULL)
		mw_escape_term(b, v->path, v->path_len);
	else
		mw_buf_adds(b, "-");
}

/* "7f3c5b7ff000-7f3c5c183000 rw-p anon   /usr/lib/libc.so.6" */
static void
vma_brief(struct mw_buf *b, const struct vma *v)
{
	mw_buf_printf(b, "%012" PRIx64 "-%012" PRIx64 " %s %-*s", v->start,
	    v->end, v->perms, v->path != NULL ? 6 : 0,
	    vma_kind_name(vma_kind(v)));
	if (v->path != NULL) {
		mw_buf_addc(b, ' ');
		mw_escape_term(b, v->path, v->path_len);
	}
}

static void
flags_text(struct mw_buf *b, const struct vma *v)
{
	bool first = true;

	for (int f = 0; f < VMF_NR_FLAGS; f++)
		if (v->vmflags >> f & 1) {
			mw_buf_printf(b, "%s%s", first ? "" : " ", vmflag_code(f));
			first = false;
		}
	if (v->vmflags_other != NULL) {
		mw_buf_adds(b, first ? "" : " ");
		mw_escape_term(b, v->vmflags_other, strlen(v->vmflags_other));
	}
}

/* Lines for what moved besides the amounts: range, perms, file, flags. */
static void
identity_lines(struct mw_buf *b, const struct vma *x, const struct vma *y)
{
	char s0[40], s1[40];
	struct mw_buf p0, p1;

	if (x->start != y->start) {
		snprintf(s0, sizeof(s0), "%" PRIx64, x->start);
		snprintf(s1, sizeof(s1), "%" PRIx64, y->start);
		text_line(b, "start", s0, s1);
	}
	if (x->end != y->end) {
		snprintf(s0, sizeof(s0), "%" PRIx64, x->end);
		snprintf(s1, sizeof(s1), "%" PRIx64, y->end);
		text_line(b, "end", s0, s1);
	}
	if (strcmp(x->perms, y->perms) != 0)
		text_line(b, "perms", x->perms, y->perms);
	if (x->offset != y->offset) {
		snprintf(s0, sizeof(s0), "%" PRIx64, x->offset);
		snprintf(s1, sizeof(s1), "%" PRIx64, y->offset);
		text_line(b, "offset", s0, s1);
	}
	if (x->inode != y->inode || x->dev_major != y->dev_major ||
	    x->dev_minor != y->dev_minor) {
		snprintf(s0, sizeof(s0), "%02x:%02x %" PRIu64, x->dev_major,
		    x->dev_minor, x->inode);
		snprintf(s1, sizeof(s1), "%02x:%02x %" PRIu64, y->dev_major,
		    y->dev_minor, y->inode);
		text_line(b, "dev inode", s0, s1);
	}
	mw_buf_init(&p0);
	mw_buf_init(&p1);
	path_of(&p0, x);
	path_of(&p1, y);
	if (strcmp(p0.data, p1.data) != 0)
		text_line(b, "path", p0.data, p1.data);
	mw_buf_reset(&p0);
	mw_buf_reset(&p1);
	flags_text(&p0, x);
	flags_text(&p1, y);
	if (strcmp(p0.data, p1.data) != 0)
		text_line(b, "VmFlags", p0.data, p1.data);
	mw_buf_free(&p0);
	mw_buf_free(&p1);
}

/* Every smaps field that moved between two rows, before => after. */
static void
field_lines(struct mw_buf *b, const struct vma *x, const struct vma *y,
    bool bytes)
{
	char s0[24], s1[24];

	for (int f = 0; f < SMAPS_NR; f++) {
		bool hx = smaps_has(x, f), hy = smaps_has(y, f);

		if (hx == hy && (!hx || x->val[f] == y->val[f]))
			continue;
		if (!hx || !hy || !smaps_field_is_bytes(f)) {
			snprintf(s0, sizeof(s0), hx ? "%" PRIu64 : "-", x->val[f]);
			snprintf(s1, sizeof(s1), hy ? "%" PRIu64 : "-", y->val[f]);
			text_line(b, smaps_field_kernel_name(f), s0, s1);
			continue;
		}
		field_line(b, INDENT, smaps_field_kernel_name(f), x->val[f],
		    y->val[f], bytes);
	}
}

/* Sums of the pieces, to show a split or merge as before => after. */
static void
sum_pieces(const struct vma_diff *d, const struct diff_entry *e, bool after,
    struct vma *s)
{
	size_t n = after ? e->na : e->nb;

	memset(s, 0, sizeof(*s));
	for (size_t i = 0; i < n; i++) {
		const struct vma *v = after ? diff_entry_after(d, e, i) :
		    diff_entry_before(d, e, i);

		for (int f = 0; f < SMAPS_NR; f++)
			if (diff_field_is_amount(f) && smaps_has(v, f))
				smaps_set(s, f, s->val[f] + v->val[f]);
	}
}

static void
pieces_block(struct mw_buf *b, const struct vma_diff *d,
    const struct diff_entry *e, bool bytes)
{
	bool split = e->change == DIFF_SPLIT;
	size_t n = split ? e->na : e->nb;
	struct vma sb, sa;
	char sz[32];

	mw_buf_printf(b, INDENT "%s %zu pieces:\n", split ? "into" : "from", n);
	for (size_t i = 0; i < n; i++) {
		const struct vma *v = split ? diff_entry_after(d, e, i) :
		    diff_entry_before(d, e, i);

		mw_buf_adds(b, INDENT "  ");
		vma_brief(b, v);
		if (smaps_has(v, SMAPS_SIZE))
			mw_buf_printf(b, "  %s", amount(sz, sizeof(sz),
			    v->val[SMAPS_SIZE], bytes));
		mw_buf_addc(b, '\n');
	}
	sum_pieces(d, e, false, &sb);
	sum_pieces(d, e, true, &sa);
	field_lines(b, &sb, &sa, bytes);
}

/* Added or removed: the mapping's main amounts on one line. */
static void
amounts_line(struct mw_buf *b, const struct vma *v, bool bytes)
{
	static const enum smaps_field shown[] = { SMAPS_SIZE, SMAPS_RSS,
	    SMAPS_PSS, SMAPS_SWAP };
	char x[32];

	mw_buf_adds(b, INDENT);
	for (size_t i = 0; i < sizeof(shown) / sizeof(shown[0]); i++)
		if (smaps_has(v, shown[i]))
			mw_buf_printf(b, "%s%s %s", i ? "  " : "",
			    smaps_field_kernel_name(shown[i]),
			    amount(x, sizeof(x), v->val[shown[i]], bytes));
	mw_buf_addc(b, '\n');
}

/* SGR colour of a change word: more memory green, less red, else yellow. */
static const char *
change_color(enum diff_change c)
{
	switch (c) {
	case DIFF_ADDED:
	case DIFF_GROWN:
		return TERM_GREEN;
	case DIFF_REMOVED:
	case DIFF_SHRUNK:
		return TERM_RED;
	case DIFF_SAME:
	case DIFF_CHANGED:
	case DIFF_SPLIT:
	case DIFF_MERGED:
	case DIFF_CHANGE_NR:
		break;
	}
	return TERM_YELLOW;
}

static void
entry_block(struct mw_buf *b, const struct vma_diff *d,
    const struct diff_entry *e, const struct diff_view *view)
{
	const struct vma *head = e->na == 1 ? diff_entry_after(d, e, 0) :
	    diff_entry_before(d, e, 0);
	bool bytes = view->bytes;

	if (view->color)
		mw_buf_printf(b, "%s%-8s" TERM_RESET " ", change_color(e->change),
		    diff_change_name(e->change));
	else
		mw_buf_printf(b, "%-8s ", diff_change_name(e->change));
	vma_brief(b, e->change == DIFF_SPLIT ? diff_entry_before(d, e, 0) :
	    head);
	mw_buf_addc(b, '\n');
	switch (e->change) {
	case DIFF_ADDED:
	case DIFF_REMOVED:
		amounts_line(b, head, bytes);
		break;
	case DIFF_SPLIT:
	case DIFF_MERGED:
		pieces_block(b, d, e, bytes);
		break;
	case DIFF_SAME:
	case DIFF_CHANGED:
	case DIFF_GROWN:
	case DIFF_SHRUNK:
		identity_lines(b, diff_entry_before(d, e, 0), head);
		field_lines(b, diff_entry_before(d, e, 0), head, bytes);
		break;
	case DIFF_CHANGE_NR:
		break;
	}
}

static void
side_line(struct mw_buf *b, const char *label, const struct proc_snapshot *s,
    const char *file)
{
	char ts[MW_RFC3339_LEN];

	mw_buf_printf(b, "%-7s pid %d (", label, (int)s->pid);
	mw_escape_term(b, s->comm ? s->comm : "", s->comm_len);
	mw_buf_printf(b, ")  %s  ", mw_rfc3339(ts, s->taken_at));
	if (file != NULL)
		mw_escape_term(b, file, strlen(file));
	else
		mw_buf_adds(b, "live");
	mw_buf_addc(b, '\n');
}

/* Page faults (stat minflt, majflt), counts; same process only. */
static void
faults_lines(struct mw_buf *b, const struct proc_diff *pd)
{
	const struct proc_snapshot *x = pd->before, *y = pd->after;
	const uint64_t v[2][2] = { { x->minflt, y->minflt },
	    { x->majflt, y->majflt } };
	char d[24];

	if (!x->has_faults || !y->has_faults || y->minflt < x->minflt ||
	    y->majflt < x->majflt)
		return;
	for (int i = 0; i < 2; i++) {
		snprintf(d, sizeof(d), "+%" PRIu64, v[i][1] - v[i][0]);
		mw_buf_printf(b, "  %-*s %*" PRIu64 " => %*" PRIu64 "  %*s\n",
		    NAME_W, i == 0 ? "minflt" : "majflt", AMOUNT_W, v[i][0],
		    AMOUNT_W, v[i][1], AMOUNT_W, d);
	}
}

static void
totals_block(struct mw_buf *b, const struct proc_diff *pd, bool bytes)
{
	static const enum smaps_field always[] = { SMAPS_SIZE, SMAPS_RSS,
	    SMAPS_PSS, SMAPS_SWAP };
	const struct vma *x = &pd->before->totals, *y = &pd->after->totals;
	uint64_t ux, uy;
	char d[24];

	/* Column ends: 2 + NAME_W + 1 + AMOUNT_W, then " => ", then "  ". */
	mw_buf_printf(b, "\n%-6s%*s%*s%*s\n", "Totals", NAME_W + AMOUNT_W - 3,
	    "before", AMOUNT_W + 4, "after", AMOUNT_W + 2, "delta");
	for (int f = 0; f < SMAPS_NR; f++) {
		bool shown = false;

		for (size_t i = 0; i < sizeof(always) / sizeof(always[0]); i++)
			shown |= always[i] == (enum smaps_field)f;
		if (!diff_field_is_amount(f) || !(pd->totals.present >> f & 1) ||
		    (!shown && x->val[f] == y->val[f]))
			continue;
		field_line(b, "  ", smaps_field_kernel_name(f), x->val[f],
		    y->val[f], bytes);
		if (f == SMAPS_PSS && vma_uss(x, &ux) && vma_uss(y, &uy))
			field_line(b, "  ", "USS", ux, uy, bytes);
	}
	faults_lines(b, pd);
	if (!pd->has_vmas)
		return;
	snprintf(d, sizeof(d), "%s%" PRId64, pd->mappings > 0 ? "+" : "",
	    pd->mappings);
	mw_buf_printf(b, "  %-*s %*zu => %*zu  %*s\n", NAME_W, "Mappings",
	    AMOUNT_W, pd->before->mappings, AMOUNT_W, pd->after->mappings,
	    AMOUNT_W, d);
}

static void
counts_line(struct mw_buf *b, const struct vma_diff *d, bool all)
{
	size_t shown = 0;

	mw_buf_adds(b, "\nMappings:");
	for (int c = DIFF_CHANGED; c < DIFF_CHANGE_NR; c++)
		if (d->count[c] > 0)
			mw_buf_printf(b, "%s %zu %s", shown++ ? "," : "",
			    d->count[c], diff_change_name(c));
	if (shown == 0)
		mw_buf_adds(b, " none changed");
	mw_buf_printf(b, "%s %zu unchanged%s\n", shown ? ";" : ",",
	    d->count[DIFF_SAME], all || d->count[DIFF_SAME] == 0 ? "" :
	    " (hidden; --all shows them)");
}

int
text_diff_print(FILE *f, const struct proc_diff *pd,
    const struct diff_view *view)
{
	struct mw_buf b, t;
	int rc = 0;

	mw_buf_init(&b);
	mw_buf_init(&t);
	side_line(&b, "before", pd->before, view->before_file);
	side_line(&b, "after", pd->after, view->after_file);
	if (view->interval >= 0)
		mw_buf_printf(&b, "interval %g s\n", view->interval);
	if (!view->same_process)
		mw_buf_adds(&b, "(not the same process: compared because of --force)\n");
	totals_block(&b, pd, view->bytes);
	if (pd->has_vmas) {
		counts_line(&b, &pd->vmas, view->all);
		for (size_t i = 0; i < pd->vmas.len; i++) {
			const struct diff_entry *e = &pd->vmas.v[i];

			if (e->change != DIFF_SAME || view->all)
				entry_block(&b, &pd->vmas, e, view);
		}
	} else {
		mw_buf_adds(&b, "\nMappings: not compared (a side has no mappings: a kernel thread, or a snapshot without \"vmas\")\n");
	}
	if (pd->notes.len > 0)
		mw_buf_adds(&b, "\nNotes:\n");
	for (size_t i = 0; i < pd->notes.len; i++) {
		mw_buf_reset(&t);
		amount_term(&t, pd->notes.v[i].text,
		    strlen(pd->notes.v[i].text), view->bytes);
		/* a paragraph wrapped at 78 columns under a "- " bullet */
		term_wrap_lead(&b, "  - ", t.data, t.len, 78, 4);
	}
	if (fwrite(b.data, 1, b.len, f) != b.len)
		rc = errno != 0 ? -errno : -EIO;
	mw_buf_free(&t);
	mw_buf_free(&b);
	return rc;
}
