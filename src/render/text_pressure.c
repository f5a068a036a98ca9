/* render/text_pressure.c: the pressure story as text. */
#include "config.h"
#include "render/text_pressure.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "model/pressure.h"
#include "render/amount.h"
#include "render/term.h"
#include "util/buf.h"
#include "util/escape.h"

static void
paragraph(struct mw_buf *out, const char *text, bool bytes)
{
	struct mw_buf t;
	size_t start = out->len;

	mw_buf_init(&t);
	amount_term(&t, text, strlen(text), bytes);
	term_wrap(out, t.data, t.len, 78, 2);
	if (out->len > start)
		out->data[start] = '-';	/* the first line's indent is its bullet */
	mw_buf_free(&t);
}

static void
counter_table(struct mw_buf *out, const struct pressure_report *r,
    const struct text_opts *o)
{
	bool any = false;

	for (int k = 0; k < VM_NR; k++) {
		if (!r->have[k] || r->d[k] == 0)
			continue;
		if (!any) {
			term_sgr(out, o->color, TERM_BOLD);
			char head[48];

			snprintf(head, sizeof(head), "\nCounters over %.1f s",
			    r->secs);
			mw_buf_printf(out, "%-33s %14s %12s", head, "total",
			    "per second");
			term_sgr(out, o->color, TERM_RESET);
			mw_buf_addc(out, '\n');
		}
		any = true;
		mw_buf_printf(out, "  %-30s %14" PRIu64 " %12.1f\n",
		    vmstat_key_name((enum vmstat_key)k), r->d[k],
		    (double)r->d[k] / r->secs);
	}
}

void
text_pressure(FILE *f, const struct pressure_report *r,
    const struct text_opts *o)
{
	struct mw_buf out;

	mw_buf_init(&out);
	for (size_t i = 0; i < r->notes.len; i++) {
		if (strcmp(r->notes.v[i].id, "quiet") == 0) {
			amount_term(&out, r->notes.v[i].text,
			    strlen(r->notes.v[i].text), o->bytes);
			mw_buf_addc(&out, '\n');
		} else {
			paragraph(&out, r->notes.v[i].text, o->bytes);
		}
	}
	if (!r->quiet)
		counter_table(&out, r, o);
	term_flush(&out, f);
	mw_buf_free(&out);
}
