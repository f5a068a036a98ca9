/* render/text_stacks.c: the report of 'memwatch PID stacks' as text. */
#include "config.h"
#include "render/stacks_view.h"

#include <inttypes.h>
#include <string.h>

#include "model/stacks.h"
#include "render/amount.h"
#include "render/term.h"
#include "util/buf.h"
#include "util/escape.h"
#include "util/units.h"

static void
frame(struct mw_buf *b, const struct sym_frame *f)
{
	mw_buf_adds(b, "      ");
	if (f->func != NULL) {
		mw_escape_term(b, f->func, strlen(f->func));
		mw_buf_printf(b, "+0x%" PRIx64, f->off);
	} else {
		mw_buf_printf(b, "0x%" PRIx64, f->ip);
	}
	if (f->module != NULL || f->file != NULL) {
		mw_buf_adds(b, "  (");
		if (f->module != NULL)
			mw_escape_term(b, f->module, strlen(f->module));
		if (f->file != NULL) {
			mw_buf_adds(b, f->module != NULL ? ": " : "");
			mw_escape_term(b, f->file, strlen(f->file));
			mw_buf_printf(b, ":%d", f->line);
		}
		mw_buf_addc(b, ')');
	}
	mw_buf_addc(b, '\n');
}

/* Kernel frames: one line each (--kernel), or all on one. */
static void
kernel(struct mw_buf *b, const struct stk_entry *e, bool each)
{
	const size_t fold = 4;

	for (size_t k = 0; each && k < e->nkframes; k++) {
		const struct sym_frame *f = &e->kframes[k];

		mw_buf_adds(b, "      ");
		if (f->func != NULL) {
			mw_escape_term(b, f->func, strlen(f->func));
			mw_buf_printf(b, "+0x%" PRIx64, f->off);
		} else {
			mw_buf_adds(b, "?");
		}
		mw_buf_adds(b, "  (kernel");
		if (f->module != NULL) {
			mw_buf_adds(b, ": ");
			mw_escape_term(b, f->module, strlen(f->module));
		}
		mw_buf_adds(b, ")\n");
	}
	if (each || e->nkframes == 0)
		return;
	mw_buf_adds(b, "      [kernel]");
	for (size_t k = 0; k < e->nkframes && k < fold; k++) {
		const char *fn = e->kframes[k].func;

		mw_buf_adds(b, k > 0 ? " < " : " ");
		if (fn != NULL)
			mw_escape_term(b, fn, strlen(fn));
		else
			mw_buf_adds(b, "?");
	}
	if (e->nkframes > fold)
		mw_buf_printf(b, " < %zu more", e->nkframes - fold);
	if (e->kpaths > 1)
		mw_buf_printf(b, " (the commonest of %zu%s kernel paths)",
		    e->kpaths, e->kpaths >= 4 ? " or more" : "");
	mw_buf_addc(b, '\n');
}

int
text_stacks(FILE *f, const struct stacks_report *r,
    const struct stacks_context *c, bool bytes)
{
	char s[4][AMOUNT_LEN];
	bool faults = r->mode == STK_FAULTS;
	size_t n = c->top < r->len ? c->top : r->len;
	struct mw_buf b;
	int rc;

	mw_buf_init(&b);
	mw_buf_printf(&b, "process %d ", (int)c->pid);
	mw_escape_term(&b, c->comm, c->comm_len);
	mw_buf_printf(&b, ": call stacks of memory growth over %.1f s (%s)%s\n",
	    c->seconds, faults ? "pages first touched, from page faults" :
	    "blocks allocated and not freed, from the allocator",
	    c->exited ? "; the process exited during the window" : "");
	if (faults)
		mw_buf_printf(&b, "Faulted in: %s in %" PRIu64 " page faults",
		    amount_bytes(s[0], r->total_bytes, bytes), r->total_count);
	else
		mw_buf_printf(&b, "Outstanding: %s in %" PRIu64 " blocks "
		    "allocated during the window and not freed (%s)",
		    amount_bytes(s[0], r->total_bytes, bytes), r->total_count,
		    c->libs != NULL ? c->libs : "");
	if (c->has_growth)
		mw_buf_printf(&b, "; over the same window RSS changed by %s and "
		    "anonymous memory by %s",
		    mw_fmt_delta(s[1], c->rss_growth, bytes),
		    mw_fmt_delta(s[2], c->anon_growth, bytes));
	mw_buf_adds(&b, ".\n");
	if (r->len == 0)
		mw_buf_adds(&b, faults ? "\nNo page was faulted in: the process "
		    "touched no new memory in the window.\n" : "\nNothing "
		    "allocated in the window is still held.\n");
	for (size_t i = 0; i < n; i++) {
		const struct stk_entry *e = &r->v[i];

		mw_buf_printf(&b, "\n#%zu %s", i + 1,
		    amount_bytes(s[0], e->bytes, bytes));
		if (r->total_bytes > 0)
			mw_buf_printf(&b, " (%.0f%%)", 100.0 * (double)e->bytes /
			    (double)r->total_bytes);
		mw_buf_printf(&b, " in %" PRIu64 " %s%s", e->count,
		    faults ? "fault" : "block", e->count == 1 ? "" : "s");
		if (c->has_growth && c->rss_growth > 0)
			mw_buf_printf(&b, ", %.0f%% of the RSS growth",
			    100.0 * (double)e->bytes / (double)c->rss_growth);
		for (size_t p = 0; p < e->nplace; p++) {
			mw_buf_adds(&b, p == 0 ? ", in " : ", ");
			mw_escape_term(&b, e->place[p].label,
			    strlen(e->place[p].label));
			if (e->nplace > 1)
				mw_buf_printf(&b, " %s",
				    amount_bytes(s[3], e->place[p].bytes, bytes));
		}
		if (e->cut)
			mw_buf_adds(&b, " [cut]");
		mw_buf_addc(&b, '\n');
		kernel(&b, e, c->kernel);
		for (size_t k = 0; k < e->nframes; k++)
			frame(&b, &e->frames[k]);
	}
	if (n < r->len)
		mw_buf_printf(&b, "\n%zu more stacks (--top N shows more).\n",
		    r->len - n);
	if (r->cut > 0)
		mw_buf_printf(&b, "\n%zu stack%s cut short [cut]: unwinding uses "
		    "frame pointers, and code built without them (most "
		    "libraries; -fomit-frame-pointer) ends the walk; build with "
		    "-fno-omit-frame-pointer to see whole stacks.\n", r->cut,
		    r->cut == 1 ? " was" : "s were");
	if (r->kernel && r->kernel_why != NULL) {
		mw_buf_adds(&b, "\nKernel frames are left out: ");
		mw_escape_term(&b, r->kernel_why, strlen(r->kernel_why));
		mw_buf_adds(&b, ".\n");
	} else if (r->kernel && !c->kernel && n > 0) {
		mw_buf_adds(&b, "\n[kernel]: the kernel's path of the fault, "
		    "innermost first, on one line; --kernel lists its frames.\n");
	}
	if (r->no_stack_bytes > 0 || r->lost_stacks > 0)
		mw_buf_printf(&b, "%s had no stack (%" PRIu64 " events: the "
		    "stack table was full or the walk failed).\n",
		    amount_bytes(s[0], r->no_stack_bytes, bytes),
		    r->lost_stacks);
	if (r->lost_allocs > 0)
		mw_buf_printf(&b, "%" PRIu64 " blocks were not recorded: the "
		    "table of blocks was full.\n", r->lost_allocs);
	rc = term_flush(&b, f);
	mw_buf_free(&b);
	return rc;
}
