/* render/text_cgroup.c: memory cgroups as text. */
#include "config.h"
#include "render/text_cgroup.h"

#include <inttypes.h>
#include <string.h>

#include "model/cgroup.h"
#include "model/finding.h"
#include "model/fleet.h"
#include "render/amount.h"
#include "render/term.h"
#include "util/buf.h"
#include "util/escape.h"
#include "util/units.h"

#define SZ MW_FMT_BYTES_LEN

/* A field as a table cell: its size, "max" for no limit, "-" unknown. */
static const char *
cell(char out[SZ], const struct cgroup *c, enum cg_field f, bool exact)
{
	if (!cg_has(c, f))
		return "-";
	if (cg_unlimited(c, f))
		return "max";
	if (cg_fields[f].count) {
		snprintf(out, SZ, "%" PRIu64, c->val[f]);
		return out;
	}
	return mw_fmt_bytes(out, c->val[f], exact);
}

/* Write b to f and release it; 0 or -EIO. */
static int
done(struct mw_buf *b, FILE *f)
{
	int rc = term_flush(b, f);

	mw_buf_free(b);
	return rc;
}

static void
pad(struct mw_buf *b, const char *s, int w)
{
	size_t n = strlen(s);

	mw_buf_add_right(b, s, n, (size_t)w);
	mw_buf_addc(b, ' ');
}

static void
count(struct mw_buf *b, bool known, uint64_t v)
{
	if (known)
		mw_buf_printf(b, "%" PRIu64, v);
	else
		mw_buf_addc(b, '?');
}

/* The events worth a column: v2 high/max/oom_kill, v1 failcnt/oom_kill. */
static void
events_cell(struct mw_buf *b, const struct cgroup *c, int version)
{
	uint64_t v = 0;

	if (version == 2 && c->has_events) {
		count(b, cg_kv_get(&c->events, "high", &v), v);
		mw_buf_addc(b, '/');
		count(b, cg_kv_get(&c->events, "max", &v), v);
		mw_buf_addc(b, '/');
		count(b, cg_kv_get(&c->events, "oom_kill", &v), v);
	} else if (version == 1) {
		count(b, cg_has(c, CG_FAILCNT), c->val[CG_FAILCNT]);
		mw_buf_addc(b, '/');
		count(b, c->has_events && cg_kv_get(&c->events, "oom_kill", &v), v);
	} else {
		mw_buf_addc(b, '-');
	}
}

int
text_cgroups(FILE *f, const struct cg_tree *t, const struct cg_hier *h,
    const size_t *order, size_t n, const struct cg_text_opts *o)
{
	struct mw_buf b, ev;
	char s[4][SZ];

	mw_buf_init(&b);
	mw_buf_init(&ev);
	mw_buf_printf(&b, "memory cgroups, v%d hierarchy at ", h->version);
	mw_escape_term(&b, h->mount, strlen(h->mount));
	if (h->hybrid)
		mw_buf_adds(&b, " (hybrid: cgroup2 is mounted without the memory controller)");
	mw_buf_printf(&b, "; %zu cgroup%s", t->len, t->len == 1 ? "" : "s");
	if (t->truncated)
		mw_buf_adds(&b, " shown (--depth hides deeper ones)");
	mw_buf_addc(&b, '\n');
	term_sgr(&b, o->color, TERM_BOLD);
	mw_buf_printf(&b, "%7s %7s %8s %7s %5s %6s %-12s %s", "USAGE", "LIMIT",
	    "HEADROOM", "PEAK", "PROCS", "PSI10",
	    h->version == 2 ? "HIGH/MAX/OOMK" : "FAILCNT/OOMK", "CGROUP");
	term_sgr(&b, o->color, TERM_RESET);
	mw_buf_addc(&b, '\n');
	for (size_t k = 0; k < n; k++) {
		const struct cgroup *c = &t->v[order[k]];
		const char *name;
		uint64_t psi;

		pad(&b, cell(s[0], c, CG_CURRENT, o->bytes), 7);
		pad(&b, c->has_limit ? mw_fmt_bytes(s[1], c->limit, o->bytes) :
		    "max", 7);
		if (c->has_limit && cg_has(c, CG_CURRENT))
			pad(&b, c->val[CG_CURRENT] >= c->limit ? "0" :
			    mw_fmt_bytes(s[2], c->limit - c->val[CG_CURRENT],
			    o->bytes), 8);
		else
			pad(&b, "-", 8);
		pad(&b, cell(s[3], c, CG_PEAK, o->bytes), 7);
		if (c->has_nprocs)
			mw_buf_printf(&b, "%5zu ", c->nprocs);
		else
			mw_buf_adds(&b, "    - ");
		if (c->has_pressure && cg_kv_get(&c->pressure, "some_avg10", &psi))
			mw_buf_printf(&b, "%3" PRIu64 ".%02" PRIu64 " ", psi / 100,
			    psi % 100);
		else
			mw_buf_adds(&b, "     - ");
		mw_buf_reset(&ev);
		events_cell(&ev, c, h->version);
		mw_buf_add(&b, ev.data, ev.len);
		for (size_t w = ev.len; w < 13; w++)
			mw_buf_addc(&b, ' ');
		for (int d = 0; d < c->depth; d++)
			mw_buf_adds(&b, "  ");
		name = c->depth == 0 ? c->path : strrchr(c->path, '/') + 1;
		mw_escape_term(&b, name, strlen(name));
		mw_buf_addc(&b, '\n');
	}
	mw_buf_free(&ev);
	return done(&b, f);
}

/* "  label   value  (file)" lines of the figures that were read. */
static void
figure(struct mw_buf *b, const struct cgroup *c, const struct cg_hier *h,
    enum cg_field f, bool exact)
{
	const char *file = h->version == 2 ? cg_fields[f].v2 : cg_fields[f].v1;
	char s[SZ];

	if (file == NULL)
		return;
	mw_buf_printf(b, "  %-36s %s\n", file, cell(s, c, f, exact));
}

int
text_cgroup_show(FILE *f, const struct cgroup *c, const struct cg_hier *h,
    const struct fleet *fl, size_t listed, const struct cg_text_opts *o)
{
	static const char *const split[] = { "anon", "file", "shmem",
	    "file_mapped", "file_dirty", "file_writeback", "active_anon",
	    "inactive_anon", "active_file", "inactive_file", "unevictable" };
	static const char *const kern[] = { "kernel", "slab",
	    "slab_reclaimable", "slab_unreclaimable", "kernel_stack",
	    "pagetables", "sec_pagetables", "percpu", "sock", "vmalloc",
	    "zswap", "zswapped" };
	struct mw_buf b;
	char s[3][SZ];
	uint64_t v;

	mw_buf_init(&b);
	mw_buf_adds(&b, "cgroup ");
	mw_escape_term(&b, c->path, strlen(c->path));
	mw_buf_printf(&b, "  (v%d, ", h->version);
	mw_escape_term(&b, h->mount, strlen(h->mount));
	mw_escape_term(&b, c->path, strcmp(c->path, "/") == 0 ? 0 : strlen(c->path));
	mw_buf_adds(&b, ")\n");
	if (cg_has(c, CG_CURRENT)) {
		mw_buf_printf(&b, "Usage %s", mw_fmt_bytes(s[0], c->val[CG_CURRENT],
		    o->bytes));
		if (c->has_limit) {
			mw_buf_printf(&b, "  Limit %s (memory.%s on ",
			    mw_fmt_bytes(s[1], c->limit, o->bytes), c->limit_key);
			mw_escape_term(&b, c->limit_path, strlen(c->limit_path));
			mw_buf_printf(&b, ")  Headroom %s", c->val[CG_CURRENT] >=
			    c->limit ? "0" : mw_fmt_bytes(s[2], c->limit -
			    c->val[CG_CURRENT], o->bytes));
		} else {
			mw_buf_adds(&b, "  Limit none (max up to the root)");
		}
		mw_buf_addc(&b, '\n');
	} else {
		mw_buf_adds(&b, "Usage unknown\n");
	}
	mw_buf_adds(&b, "\nFiles\n");
	for (int k = 0; k < CG_NR; k++)
		figure(&b, c, h, (enum cg_field)k, o->bytes);
	if (c->has_stat) {
		mw_buf_adds(&b, "\nCharged (memory.stat");
		mw_buf_adds(&b, h->version == 1 ? ", total_ rows: descendants included)\n" : ")\n");
		for (size_t k = 0; k < sizeof(split) / sizeof(split[0]); k++)
			if (cg_stat(c, h->version, split[k], &v))
				mw_buf_printf(&b, "  %-20s %8s\n", split[k],
				    mw_fmt_bytes(s[0], v, o->bytes));
		for (size_t k = 0; h->version == 2 &&
		    k < sizeof(kern) / sizeof(kern[0]); k++)
			if (cg_kv_get(&c->stat, kern[k], &v))
				mw_buf_printf(&b, "  %-20s %8s\n", kern[k],
				    mw_fmt_bytes(s[0], v, o->bytes));
	} else {
		mw_buf_adds(&b, "\nCharged: unknown (memory.stat not readable)\n");
	}
	if (c->has_events) {
		mw_buf_printf(&b, "\nEvents (%s)\n", h->version == 2 ?
		    "memory.events" : "memory.oom_control");
		for (size_t k = 0; k < c->events.len; k++)
			mw_buf_printf(&b, "  %-20s %8" PRIu64 "\n",
			    c->events.rows[k].name, c->events.rows[k].value);
	}
	if (c->has_pressure) {
		mw_buf_adds(&b, "\nPressure (memory.pressure)\n ");
		for (size_t k = 0; k < c->pressure.len; k++) {
			const struct proc_kv *r = &c->pressure.rows[k];

			if (strstr(r->name, "total") != NULL)
				mw_buf_printf(&b, " %s %" PRIu64 "us", r->name, r->value);
			else
				mw_buf_printf(&b, " %s %" PRIu64 ".%02" PRIu64 "%%",
				    r->name, r->value / 100, r->value % 100);
		}
		mw_buf_addc(&b, '\n');
	}
	mw_buf_printf(&b, "\nProcesses: %zu in this cgroup itself", listed);
	if (fl != NULL && listed > 0) {
		size_t unread = listed - fl->len;

		if (unread > 0)
			mw_buf_printf(&b, " (%zu not readable: kernel threads, exited or denied)", unread);
		mw_buf_printf(&b, "\n%8s %8s %8s  %s\n", "PID", "RSS", "PSS",
		    "COMMAND");
		for (size_t k = 0; k < fl->len; k++) {
			const struct fleet_proc *p = &fl->procs[k];

			mw_buf_printf(&b, "%8d %8s %8s  ", (int)p->pid,
			    fleet_has(p, FLEET_RSS) ? mw_fmt_bytes(s[0],
			    p->val[FLEET_RSS], o->bytes) : "-",
			    fleet_has(p, FLEET_PSS) ? mw_fmt_bytes(s[1],
			    p->val[FLEET_PSS], o->bytes) : "-");
			if (p->comm != NULL)
				mw_escape_term(&b, p->comm, p->comm_len);
			else
				mw_buf_adds(&b, "?");
			mw_buf_addc(&b, '\n');
		}
	} else {
		mw_buf_addc(&b, '\n');
	}
	return done(&b, f);
}

int
text_cgroup_explain(FILE *f, const struct cgroup *c,
    const struct finding_list *fs, bool bytes)
{
	struct mw_buf b, t;

	mw_buf_init(&b);
	mw_buf_init(&t);
	mw_buf_adds(&b, "cgroup ");
	mw_escape_term(&b, c->path, strlen(c->path));
	mw_buf_adds(&b, ": memory explained\n\n");
	for (size_t i = 0; i < fs->len; i++) {
		size_t at = b.len;

		mw_buf_reset(&t);
		amount_term(&t, fs->v[i].text, strlen(fs->v[i].text), bytes);
		/* every line indented by 4; the first one carries the dash */
		term_wrap(&b, t.data, t.len, 78, 4);
		memcpy(b.data + at, "  - ", 4);
		mw_buf_addc(&b, '\n');
	}
	mw_buf_free(&t);
	return done(&b, f);
}

int
text_cgroup_diff(FILE *f, const struct cgroup *a, const struct cgroup *c,
    const struct cg_hier *h, const char *a_from, const char *b_from,
    double seconds, const struct cg_text_opts *o)
{
	struct mw_buf b;
	char s[3][SZ];
	size_t shown = 0;

	mw_buf_init(&b);
	mw_buf_adds(&b, "cgroup ");
	mw_escape_term(&b, c->path, strlen(c->path));
	mw_buf_adds(&b, "\nbefore  ");
	mw_escape_term(&b, a_from, strlen(a_from));
	mw_buf_adds(&b, "\nafter   ");
	mw_escape_term(&b, b_from, strlen(b_from));
	if (seconds > 0)
		mw_buf_printf(&b, "  (%.1f s later)", seconds);
	mw_buf_printf(&b, "\n\n%-36s %10s    %10s %10s\n", "", "before", "after",
	    "delta");
	for (int k = 0; k < CG_NR; k++) {
		const char *file = h->version == 2 ? cg_fields[k].v2 :
		    cg_fields[k].v1;

		if (file == NULL || (!cg_has(a, k) && !cg_has(c, k)))
			continue;
		mw_buf_printf(&b, "%-36s %10s => %10s ", file,
		    cell(s[0], a, k, o->bytes), cell(s[1], c, k, o->bytes));
		if (cg_has(a, k) && cg_has(c, k) && !cg_unlimited(a, k) &&
		    !cg_unlimited(c, k))
			mw_buf_printf(&b, "%10s", cg_fields[k].count ?
			    (snprintf(s[2], SZ, "%+" PRId64,
			    mw_delta(c->val[k], a->val[k])), s[2]) :
			    mw_fmt_delta(s[2], mw_delta(c->val[k], a->val[k]),
			    o->bytes));
		mw_buf_addc(&b, '\n');
	}
	if (a->has_stat && c->has_stat) {
		mw_buf_adds(&b, "\nmemory.stat rows that changed:\n");
		for (size_t k = 0; k < c->stat.len; k++) {
			uint64_t before;
			const struct proc_kv *r = &c->stat.rows[k];

			if (!cg_kv_get(&a->stat, r->name, &before) ||
			    before == r->value)
				continue;
			mw_buf_printf(&b, "  %-34s %10" PRIu64 " => %10" PRIu64
			    " %+11" PRId64 "\n", r->name, before, r->value,
			    mw_delta(r->value, before));
			shown++;
		}
		if (shown == 0)
			mw_buf_adds(&b, "  none\n");
	}
	return done(&b, f);
}
