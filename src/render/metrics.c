/* render/metrics.c: memwatch's families, one after the other (metrics.h). */
#include "config.h"
#include "render/metrics.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/account.h"
#include "model/sample.h"
#include "model/frag.h"
#include "model/system.h"
#include "model/system_fields.h"
#include "render/openmetrics.h"
#include "util/xmalloc.h"

#define LBL(n, v) { (n), (v), strlen(v) }


static const char *const fleet_names[FLEET_NR][2] = {
	[FLEET_RSS] = { "rss", "resident set size" },
	[FLEET_PSS] = { "pss", "proportional set size, shared pages divided among their users" },
	[FLEET_USS] = { "uss", "unique set size, pages private to the process" },
	[FLEET_SWAP] = { "swap", "swapped out anonymous memory" },
	[FLEET_PSS_ANON] = { "pss_anon", "anonymous part of the PSS (smaps_rollup Pss_Anon, 5.8 and later)" },
};

/* Labels of a zone, as text kept in the caller's storage. */
struct zone_labels {
	char node[16];
	struct om_label l[4];
};

static void
zone_labels(struct zone_labels *zl, int node, const char *zone)
{
	snprintf(zl->node, sizeof(zl->node), "%d", node);
	zl->l[0] = (struct om_label)LBL("node", zl->node);
	zl->l[1] = (struct om_label)LBL("zone", zone);
}

static void
render_meta(struct om_writer *w, const struct fleet_sample *s)
{
	static const struct om_label ver = LBL("version", PACKAGE_VERSION);
	const struct fleet *f = &s->fleet;
	struct om_label src;
	bool rollup_missing = !s->has_fleet || f->denied + f->failed > 0;

	om_family(w, "memwatch_build_info", OM_GAUGE, NULL,
	    "Always 1; the version of memwatch in a label.");
	om_sample(w, &ver, 1, "1");
	om_family(w, "memwatch_scrape_unreadable", OM_GAUGE, NULL,
	    "1 when a source could not be read (its families are left out; smaps_rollup: of at least one process), else 0.");
	for (int p = 0; p < SYS_PART_NR; p++) {
		src = (struct om_label)LBL("source", sys_part_file(p));
		om_sample(w, &src, 1, s->sys.part[p].have ? "0" : "1");
	}
	src = (struct om_label)LBL("source", "smaps_rollup");
	om_sample(w, &src, 1, rollup_missing ? "1" : "0");
	om_family(w, "memwatch_sample_duration_seconds", OM_GAUGE, "seconds",
	    "How long taking the sample took.");
	om_sample_double(w, NULL, 0, (double)s->cost_ns / 1e9);
	om_family(w, "memwatch_sample_timestamp_seconds", OM_GAUGE, "seconds",
	    "When the sample was taken, seconds since the epoch.");
	om_sample_u64(w, NULL, 0, (uint64_t)s->taken_at);
	om_family(w, "memwatch_page_size_bytes", OM_GAUGE, "bytes",
	    "The kernel's base page size.");
	om_sample_u64(w, NULL, 0, s->sys.page_size);
}

static void
render_meminfo(struct om_writer *w, const struct sys_snapshot *sys)
{
	size_t n;
	const struct field_row *rows = system_fields(SR_MEMINFO, &n);
	uint64_t v;

	if (!sys->part[SYS_MEMINFO].have)
		return;
	for (const struct field_row *r = rows; r < rows + n; r++) {
		if (!meminfo_get(&sys->mi, (enum meminfo_key)r->off, &v))
			continue;
		om_family(w, r->om_name, OM_GAUGE, "bytes", r->om_help);
		om_sample_u64(w, NULL, 0, v);
	}
}

/* Each exported row of a zone: a family of one sample per zone that has
 * the value. */
static void
render_zones(struct om_writer *w, const struct sys_snapshot *sys)
{
	const struct zoneinfo *zi = &sys->zi;
	struct zone_labels zl;
	size_t nrows;
	const struct field_row *rows = system_fields(SR_ZONE, &nrows);

	if (!sys->part[SYS_ZONEINFO].have)
		return;
	for (const struct field_row *r = rows; r < rows + nrows; r++) {
		bool any = false;

		if (r->om_name == NULL)
			continue;
		for (size_t k = 0; k < zi->len; k++) {
			const struct zone_info *z = &zi->zones[k];

			if (!field_known(z, r, sys))
				continue;
			if (!any)
				om_family(w, r->om_name, OM_GAUGE, "bytes",
				    r->om_help);
			any = true;
			zone_labels(&zl, z->node, z->name);
			om_sample_u64(w, zl.l, 2, sys_bytes(sys,
			    *FIELD_AT_C(z, r->off, uint64_t)));
		}
	}
}

enum buddy_fam { BF_BLOCKS, BF_UNUSABLE, BF_FRAG, BF_NR };

static void
render_buddy_family(struct om_writer *w, const struct sys_snapshot *sys,
    enum buddy_fam fam)
{
	const struct buddyinfo *bi = &sys->bi;
	static const char *const names[BF_NR][2] = {
		[BF_BLOCKS] = { "memwatch_buddy_free_blocks",
		    "Free blocks of 2^order pages (buddyinfo)." },
		[BF_UNUSABLE] = { "memwatch_buddy_unusable_index",
		    "Share of free memory in blocks smaller than the order, 0 to 1 (unusable free space index)." },
		[BF_FRAG] = { "memwatch_buddy_fragmentation_index",
		    "Kernel fragmentation index of the order, 0 (lack of memory) to 1 (fragmentation); -1 when a free block of the order exists." },
	};
	struct zone_labels zl;
	char order[12];

	om_family(w, names[fam][0], OM_GAUGE, NULL,
	    fam == BF_BLOCKS && sys->buddy_from_pti ?
	    "Free blocks of 2^order pages (pagetypeinfo summed over migrate types, no buddyinfo; a lower bound where the kernel printed >100000)." :
	    names[fam][1]);
	for (size_t k = 0; k < bi->len; k++) {
		const struct buddy_zone *z = &bi->zones[k];
		int unusable[BUDDY_MAX_ORDERS], frag[BUDDY_MAX_ORDERS];

		frag_compute(z->count, z->norders, unusable, frag);
		zone_labels(&zl, z->node, z->zone);
		zl.l[2] = (struct om_label){ "order", order, 0 };
		for (unsigned o = 0; o < z->norders; o++) {
			snprintf(order, sizeof(order), "%u", o);
			zl.l[2].len = strlen(order);
			if (fam == BF_BLOCKS)
				om_sample_u64(w, zl.l, 3, z->count[o]);
			else
				om_sample_x1000(w, zl.l, 3, fam == BF_FRAG ?
				    frag[o] : unusable[o]);
		}
	}
}

static void
render_buddy(struct om_writer *w, const struct sys_snapshot *sys)
{
	if (!sys->part[SYS_BUDDYINFO].have || sys->bi.len == 0)
		return;
	for (int f = 0; f < BF_NR; f++)
		render_buddy_family(w, sys, f);
}

static void
pti_labels(struct zone_labels *zl, int node, const char *zone,
    const char *type)
{
	zone_labels(zl, node, zone);
	zl->l[2] = (struct om_label)LBL("type", type);
}

static void
render_pagetypes(struct om_writer *w, const struct sys_snapshot *sys)
{
	const struct pagetypeinfo *pti = &sys->pti;
	struct zone_labels zl;
	char order[12];

	if (!sys->part[SYS_PAGETYPEINFO].have || pti->nfree == 0)
		return;
	om_family(w, "memwatch_pagetype_free_bytes", OM_GAUGE, "bytes",
	    "Free memory per migrate type (pagetypeinfo; a lower bound where the kernel printed >100000).");
	for (size_t i = 0; i < pti->nfree; i++) {
		const struct pti_free *r = &pti->free[i];

		pti_labels(&zl, r->node, r->zone, pti->types[r->type]);
		om_sample_u64(w, zl.l, 3, sys_bytes(sys, pti_free_pages(r)));
	}
	om_family(w, "memwatch_pagetype_free_blocks", OM_GAUGE, NULL,
	    "Free blocks of 2^order pages per migrate type (pagetypeinfo).");
	for (size_t i = 0; i < pti->nfree; i++) {
		const struct pti_free *r = &pti->free[i];

		pti_labels(&zl, r->node, r->zone, pti->types[r->type]);
		zl.l[3] = (struct om_label){ "order", order, 0 };
		for (unsigned o = 0; o < r->norders; o++) {
			snprintf(order, sizeof(order), "%u", o);
			zl.l[3].len = strlen(order);
			om_sample_u64(w, zl.l, 4, r->count[o]);
		}
	}
	if (pti->nblocks == 0)
		return;
	om_family(w, "memwatch_pagetype_pageblocks", OM_GAUGE, NULL,
	    "Pageblocks per migrate type (pagetypeinfo).");
	for (size_t i = 0; i < pti->nblocks; i++) {
		const struct pti_blocks *r = &pti->blocks[i];

		for (unsigned t = 0; t < r->ntypes && t < pti->nblock_types; t++) {
			pti_labels(&zl, r->node, r->zone,
			    pti->block_types[t]);
			om_sample_u64(w, zl.l, 3, r->count[t]);
		}
	}
}

/* One family of a slab cache row (its om_name), the largest n caches. */
static void
slab_family(struct om_writer *w, const struct sys_snapshot *sys,
    const struct field_row *r, const size_t *order, size_t n)
{
	struct om_label l;

	om_family(w, r->om_name, OM_GAUGE, r->unit == FU_BYTES ? "bytes" : NULL,
	    r->om_help);
	for (size_t i = 0; i < n; i++) {
		const struct slab_cache *c = &sys->si.caches[order[i]];

		l = (struct om_label)LBL("cache", c->name);
		om_sample_u64(w, &l, 1, r->type == FT_DERIVED ? r->get(c, sys) :
		    *FIELD_AT_C(c, r->off, uint64_t));
	}
}

static void
render_slabs(struct om_writer *w, const struct sys_snapshot *sys, size_t top)
{
	const struct slabinfo *si = &sys->si;
	const struct field_row *rows;
	size_t *order, n, nrows;

	if (!sys->part[SYS_SLABINFO].have)
		return;
	om_family(w, "memwatch_slab_caches", OM_GAUGE, NULL,
	    "Slab caches listed in slabinfo.");
	om_sample_u64(w, NULL, 0, si->len);
	order = mw_xreallocarray(NULL, si->len + 1, sizeof(*order));
	sys_slab_order(si, sys->page_size, SLAB_SORT_SIZE, order);
	n = top < si->len ? top : si->len;
	rows = system_fields(SR_SLAB, &nrows);
	/* the rows exported: amounts in bytes first, then the counts */
	for (int bytes = 1; bytes >= 0 && n > 0; bytes--)
		for (size_t f = 0; f < nrows; f++)
			if (rows[f].om_name != NULL &&
			    (rows[f].unit == FU_BYTES) == bytes)
				slab_family(w, sys, &rows[f], order, n);
	free(order);
}

static void
render_counts(struct om_writer *w, const struct fleet *f)
{
	const struct {
		const char *status;
		size_t n;
	} c[] = {
		{ "read", f->len }, { "no_mm", f->no_mm }, { "denied", f->denied },
		{ "gone", f->gone }, { "failed", f->failed },
	};
	struct om_label l;

	om_family(w, "memwatch_processes", OM_GAUGE, NULL,
	    "Processes seen by status: read, no_mm (kernel threads, zombies), denied, gone (exited while read), failed.");
	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		l = (struct om_label)LBL("status", c[i].status);
		om_sample_u64(w, &l, 1, c[i].n);
	}
}

static void
render_procs(struct om_writer *w, const struct fleet *f, size_t top)
{
	char name[64], help[160], pid[16];
	struct om_label l[3];
	size_t *order = mw_xreallocarray(NULL, f->len + 1, sizeof(*order));
	size_t n = fleet_top(f, top, order);

	for (int k = 0; k < FLEET_NR && n > 0; k++) {
		snprintf(name, sizeof(name), "memwatch_process_%s_bytes",
		    fleet_names[k][0]);
		snprintf(help, sizeof(help),
		    "Process %s (smaps_rollup), for the processes with the largest PSS.",
		    fleet_names[k][1]);
		om_family(w, name, OM_GAUGE, "bytes", help);
		for (size_t i = 0; i < n; i++) {
			const struct fleet_proc *p = &f->procs[order[i]];

			if (!fleet_has(p, k))
				continue;
			snprintf(pid, sizeof(pid), "%d", (int)p->pid);
			l[0] = (struct om_label)LBL("pid", pid);
			l[1] = (struct om_label){ "comm", p->comm ? p->comm : "",
			    p->comm ? p->comm_len : 0 };
			l[2] = (struct om_label)LBL("user", p->user ? p->user : "");
			om_sample_u64(w, l, p->user ? 3 : 2, p->val[k]);
		}
	}
	free(order);
}

static void
render_comms(struct om_writer *w, const struct fleet *f)
{
	char name[64], help[200];
	struct om_label l;

	if (f->ncomms == 0)
		return;
	om_family(w, "memwatch_command_processes", OM_GAUGE, NULL,
	    "Processes with this command name (at most 200 names, the rest summed under the name (other commands)).");
	for (size_t i = 0; i < f->ncomms; i++) {
		l = (struct om_label){ "comm", f->comms[i].comm,
		    f->comms[i].comm_len };
		om_sample_u64(w, &l, 1, f->comms[i].procs);
	}
	for (int k = 0; k < FLEET_NR; k++) {
		snprintf(name, sizeof(name), "memwatch_command_%s_bytes",
		    fleet_names[k][0]);
		snprintf(help, sizeof(help),
		    "Sum of the %s of every process with this command name.",
		    fleet_names[k][1]);
		om_family(w, name, OM_GAUGE, "bytes", help);
		for (size_t i = 0; i < f->ncomms; i++) {
			if (!((f->comms[i].present >> k) & 1u))
				continue;
			l = (struct om_label){ "comm", f->comms[i].comm,
			    f->comms[i].comm_len };
			om_sample_u64(w, &l, 1, f->comms[i].val[k]);
		}
	}
}

/* Every counted line of the account: the samples add up to MemTotal. */
static void
render_account(struct om_writer *w, const struct account *a)
{
	struct om_label l[2];

	if (a == NULL)
		return;
	om_family(w, "memwatch_memory_account_bytes", OM_GAUGE, "bytes",
	    "Where every byte of MemTotal is (memwatch system account): the samples add up to MemTotal; kind is the line's id, name its label.");
	for (size_t i = 0; i < a->len; i++) {
		const struct acct_line *ln = &a->v[i];

		if (!ln->leaf || !ln->known)
			continue;
		l[0] = (struct om_label)LBL("kind", ln->id);
		l[1] = (struct om_label)LBL("name", ln->label);
		if (ln->negative) {
			char v[32];

			snprintf(v, sizeof(v), "-%llu",
			    (unsigned long long)ln->bytes);
			om_sample(w, l, 2, v);
		} else {
			om_sample_u64(w, l, 2, ln->bytes);
		}
	}
}

void
metrics_render(struct om_writer *w, const struct fleet_sample *s, size_t top)
{
	render_meta(w, s);
	render_meminfo(w, &s->sys);
	render_zones(w, &s->sys);
	render_buddy(w, &s->sys);
	render_pagetypes(w, &s->sys);
	render_slabs(w, &s->sys, top);
	metrics_render_mm(w, &s->sys);
	metrics_render_cgroups(w, s, top);
	render_account(w, s->account);
	if (!s->has_fleet)
		return;
	render_counts(w, &s->fleet);
	render_procs(w, &s->fleet, top);
	render_comms(w, &s->fleet);
}

void
metrics_render_age(struct om_writer *w, double age)
{
	om_family(w, "memwatch_sample_age_seconds", OM_GAUGE, "seconds",
	    "How old the sample served was when this scrape was answered.");
	om_sample_double(w, NULL, 0, age < 0 ? 0 : age);
}
