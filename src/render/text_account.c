/* render/text_account.c: the memory account as a text tree. */
#include "config.h"
#include "render/text_account.h"

#include <string.h>

#include "model/account.h"
#include "render/amount.h"
#include "render/term.h"
#include "util/buf.h"
#include "util/escape.h"
#include "util/units.h"

static void
share(struct mw_buf *b, uint64_t v, uint64_t total)
{
	if (total == 0) {
		mw_buf_adds(b, "      ");
		return;
	}
	mw_buf_printf(b, "%5.1f%%", 100.0 * (double)v / (double)total);
}

static void
node_table(struct mw_buf *b, const struct account *a, bool bytes)
{
	static const char *const cols[] = { "TOTAL", "FREE", "ANON", "CACHE",
	    "SHMEM", "SLAB", "KERNEL", "HUGETLB", "OTHER" };
	char s[MW_FMT_BYTES_LEN];

	if (!a->nodes_read) {
		mw_buf_adds(b, "\nPer node: unknown (no /sys/devices/system/node/"
		    "nodeN/meminfo).\n");
		return;
	}
	if (a->nnodes == 1) {
		mw_buf_printf(b, "\nOne NUMA node (node %d): all of it is on that "
		    "node.\n", a->nodes[0].node);
		return;
	}
	mw_buf_adds(b, "\nPer node (each node's meminfo; OTHER is per-CPU, "
	    "vmalloc and what no node counter holds):\n  NODE");
	for (size_t k = 0; k < sizeof(cols) / sizeof(cols[0]); k++)
		mw_buf_printf(b, " %8s", cols[k]);
	mw_buf_addc(b, '\n');
	for (size_t i = 0; i < a->nnodes; i++) {
		const struct acct_node *n = &a->nodes[i];
		uint64_t v[] = { n->total, n->free, n->anon, n->file, n->shmem,
		    n->slab, n->kernel, n->hugetlb, n->other };

		mw_buf_printf(b, "  %4d", n->node);
		for (size_t k = 0; k < sizeof(v) / sizeof(v[0]); k++)
			mw_buf_printf(b, " %8s", mw_fmt_bytes(s, v[k], bytes));
		mw_buf_addc(b, '\n');
	}
}

int
text_account(FILE *f, const struct account *a, bool bytes, bool color,
    bool by_node)
{
	struct mw_buf b;
	char s[MW_FMT_BYTES_LEN], s2[MW_FMT_BYTES_LEN];
	int rc;

	mw_buf_init(&b);
	mw_buf_printf(&b, "MemTotal %s (meminfo): where every byte is\n\n",
	    mw_fmt_bytes(s, a->total, bytes));
	term_sgr(&b, color, TERM_BOLD);
	mw_buf_printf(&b, "%8s %6s  %-58s %s", "SIZE", "SHARE", "WHAT",
	    "CAN IT BE TAKEN BACK? (FROM)");
	term_sgr(&b, color, TERM_RESET);
	mw_buf_addc(&b, '\n');
	for (size_t i = 0; i < a->len; i++) {
		const struct acct_line *l = &a->v[i];
		bool info = !l->leaf && l->fate != ACCT_GROUP;
		size_t w = 0, start;

		if (l->known && l->negative) {
			char neg[MW_FMT_BYTES_LEN + 1] = "-";

			mw_fmt_bytes(neg + 1, l->bytes, bytes);
			mw_buf_printf(&b, "%8s ", neg);
		} else if (l->known)
			mw_buf_printf(&b, "%8s ", mw_fmt_bytes(s, l->bytes, bytes));
		else if (l->fate == ACCT_GROUP && l->bytes > 0)
			/* a group with a part unknown: at least its known parts */
			mw_buf_printf(&b, ">=%6s ", mw_fmt_bytes(s, l->bytes, bytes));
		else
			mw_buf_printf(&b, "%8s ", "?");
		if (l->known && !info)
			share(&b, l->bytes, a->total);
		else
			mw_buf_adds(&b, "      ");
		mw_buf_adds(&b, "  ");
		start = b.len;
		for (int d = 0; d < l->depth; d++)
			mw_buf_adds(&b, "  ");
		if (info)
			mw_buf_adds(&b, "(");
		amount_term(&b, l->label, strlen(l->label), bytes);
		if (l->state != NULL)
			mw_buf_printf(&b, ", %s", l->state);
		if (info)
			mw_buf_adds(&b, ")");
		w = mw_text_width(b.data + start, b.len - start);
		for (; w < 58; w++)
			mw_buf_addc(&b, ' ');
		if (l->fate != ACCT_GROUP)
			mw_buf_printf(&b, " %s", acct_fate_text(l->fate));
		if (l->source[0] != '\0')
			mw_buf_printf(&b, " (%s)", l->source);
		mw_buf_addc(&b, '\n');
	}
	if (a->has_reserved)
		mw_buf_printf(&b, "\nOutside MemTotal: %s present but never given "
		    "to the page allocator (the kernel image, crash kernel, "
		    "firmware reservations: zoneinfo present - managed); "
		    "installed RAM about %s.\n",
		    mw_fmt_bytes(s, a->reserved, bytes),
		    mw_fmt_bytes(s2, a->present, bytes));
	if (by_node)
		node_table(&b, a, bytes);
	if (a->nnotes > 0) {
		mw_buf_adds(&b, "\nNotes:\n");
		for (size_t i = 0; i < a->nnotes; i++) {
			mw_buf_adds(&b, "  - ");
			amount_term(&b, a->notes[i], strlen(a->notes[i]), bytes);
			mw_buf_addc(&b, '\n');
		}
	}
	rc = term_flush(&b, f);
	mw_buf_free(&b);
	return rc;
}
