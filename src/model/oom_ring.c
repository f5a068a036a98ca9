/* model/oom_ring.c: recent samples of the machine, for OOM records. */
#include "config.h"
#include "model/oom_ring.h"

#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#include "model/finding.h"
#include "parse/keyline.h"
#include "parse/zoneinfo.h"
#include "source.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/escape.h"
#include "util/amount.h"
#include "util/units.h"
#include "util/xmalloc.h"

void
oom_ring_init(struct oom_ring *r, size_t cap)
{
	memset(r, 0, sizeof(*r));
	r->cap = cap ? cap : 1;
	r->v = mw_xcalloc(r->cap, sizeof(*r->v));
}

void
oom_ring_free(struct oom_ring *r)
{
	free(r->v);
	memset(r, 0, sizeof(*r));
}

const struct oom_sample *
oom_ring_at(const struct oom_ring *r, size_t i)
{
	return &r->v[(r->head + r->cap - r->len + i) % r->cap];
}

static void
sample_meminfo(struct oom_sample *s, const struct mw_source *src,
    struct mw_buf *b, struct mw_arena *a)
{
	struct meminfo mi;

	if (mw_source_read(src, "meminfo", b, NULL) < 0 ||
	    meminfo_parse(b->data, b->len, a, &mi) < 0)
		return;
	for (int k = 0; k < MI_NR && k < 64; k++)
		if (meminfo_get(&mi, k, &s->mi[k]))
			s->mi_present |= UINT64_C(1) << k;
}

static void
sample_zones(struct oom_sample *s, const struct mw_source *src,
    struct mw_buf *b, struct mw_arena *a, uint64_t page)
{
	struct zoneinfo zi;

	if (mw_source_read(src, "zoneinfo", b, NULL) < 0 ||
	    zoneinfo_parse(b->data, b->len, a, &zi) < 0)
		return;
	for (size_t i = 0; i < zi.len && s->nzones < OOM_RING_ZONES; i++) {
		const struct zone_info *z = &zi.zones[i];
		struct oom_sample_zone *o = &s->zones[s->nzones];

		if (!zone_has(z, ZF_PRESENT) || z->val[ZF_PRESENT] == 0 ||
		    !zone_has(z, ZF_FREE) || !zone_has(z, ZF_HIGH))
			continue;
		o->node = z->node;
		memcpy(o->name, z->name, sizeof(o->name));
		o->free = z->val[ZF_FREE] * page;
		o->min = z->val[ZF_MIN] * page;
		o->low = z->val[ZF_LOW] * page;
		o->high = z->val[ZF_HIGH] * page;
		s->nzones++;
	}
}

/* Keep the OOM_RING_TOP largest by PSS, largest first. */
static void
top_insert(struct oom_sample *s, const struct oom_sample_proc *p)
{
	size_t i = s->ntop < OOM_RING_TOP ? s->ntop++ : OOM_RING_TOP - 1;

	if (i == OOM_RING_TOP - 1 && s->ntop == OOM_RING_TOP &&
	    s->top[i].pss >= p->pss)
		return;
	while (i > 0 && s->top[i - 1].pss < p->pss) {
		s->top[i] = s->top[i - 1];
		i--;
	}
	s->top[i] = *p;
}

static void
sample_procs(struct oom_sample *s, const struct mw_source *src,
    struct mw_buf *b)
{
	pid_t *pids = NULL;
	size_t n = 0;

	if (mw_source_pids(src, &pids, &n, NULL) < 0)
		return;
	for (size_t i = 0; i < n; i++) {
		struct oom_sample_proc p;
		uint64_t kib;

		memset(&p, 0, sizeof(p));
		p.pid = (int)pids[i];
		if (mw_source_read_pid(src, pids[i], "smaps_rollup", b, NULL) < 0 ||
		    keyline_u64(b->data, b->len, "Pss:", &kib) < 0)
			continue;
		p.pss = kib * 1024;
		if (keyline_u64(b->data, b->len, "Rss:", &kib) == 0)
			p.rss = kib * 1024;
		if (mw_source_read_pid(src, pids[i], "comm", b, NULL) == 0) {
			size_t l = b->len;

			if (l > 0 && b->data[l - 1] == '\n')
				l--;
			if (l >= sizeof(p.comm))
				l = sizeof(p.comm) - 1;
			memcpy(p.comm, b->data, l);
		}
		top_insert(s, &p);
	}
	free(pids);
}

void
oom_ring_sample(struct oom_ring *r, const struct mw_source *src)
{
	struct oom_sample *s = &r->v[r->head];
	struct mw_arena a;
	struct mw_buf b;

	memset(s, 0, sizeof(*s));
	s->taken_at = time(NULL);
	mw_buf_init(&b);
	mw_arena_init(&a);
	sample_meminfo(s, src, &b, &a);
	sample_zones(s, src, &b, &a, (uint64_t)sysconf(_SC_PAGESIZE));
	if (mw_source_read(src, "pressure/memory", &b, NULL) == 0) {
		size_t l = b.len < sizeof(s->psi) - 1 ? b.len :
		    sizeof(s->psi) - 1;

		memcpy(s->psi, b.data, l);
	}
	sample_procs(s, src, &b);
	mw_arena_free(&a);
	mw_buf_free(&b);
	r->head = (r->head + 1) % r->cap;
	if (r->len < r->cap)
		r->len++;
}

static void
amount(struct mw_buf *b, uint64_t v)
{
	mw_buf_add_amt(b, v);	/* a typed amount: render/ formats it */
}

/* The process of the newest sample whose PSS grew the most since the
 * oldest (a pid not in the oldest's top counts from 0). */
static const struct oom_sample_proc *
grower(const struct oom_sample *a, const struct oom_sample *z,
    uint64_t *grew)
{
	const struct oom_sample_proc *best = NULL;

	*grew = 0;
	for (size_t i = 0; i < z->ntop; i++) {
		uint64_t before = 0;

		for (size_t j = 0; j < a->ntop; j++)
			if (a->top[j].pid == z->top[i].pid &&
			    strcmp(a->top[j].comm, z->top[i].comm) == 0)
				before = a->top[j].pss;
		if (z->top[i].pss > before && z->top[i].pss - before > *grew) {
			*grew = z->top[i].pss - before;
			best = &z->top[i];
		}
	}
	return best;
}

void
oom_ring_explain(const struct oom_ring *r, struct finding_list *fl)
{
	const struct oom_sample *a, *z;
	const struct oom_sample_proc *p;
	uint64_t grew;
	struct mw_buf b;

	if (r->len < 2)
		return;
	a = oom_ring_at(r, 0);
	z = oom_ring_at(r, r->len - 1);
	mw_buf_init(&b);
	mw_buf_printf(&b, "In the %lld s before the kill (%zu samples):",
	    (long long)(z->taken_at - a->taken_at), r->len);
	if ((a->mi_present & z->mi_present) >> MI_MEM_AVAILABLE & 1) {
		mw_buf_adds(&b, " MemAvailable went from ");
		amount(&b, a->mi[MI_MEM_AVAILABLE]);
		mw_buf_adds(&b, " to ");
		amount(&b, z->mi[MI_MEM_AVAILABLE]);
		mw_buf_adds(&b, ";");
	}
	if ((a->mi_present & z->mi_present) >> MI_SWAP_FREE & 1 &&
	    a->mi[MI_SWAP_FREE] != z->mi[MI_SWAP_FREE]) {
		mw_buf_adds(&b, " free swap from ");
		amount(&b, a->mi[MI_SWAP_FREE]);
		mw_buf_adds(&b, " to ");
		amount(&b, z->mi[MI_SWAP_FREE]);
		mw_buf_adds(&b, ";");
	}
	p = grower(a, z, &grew);
	if (p != NULL) {
		mw_buf_printf(&b, " the largest growth was pid %d ", p->pid);
		mw_buf_add_plain(&b, p->comm, strlen(p->comm));
		mw_buf_adds(&b, ", PSS +");
		amount(&b, grew);
		mw_buf_adds(&b, " (to ");
		amount(&b, p->pss);
		mw_buf_adds(&b, ").");
	} else {
		mw_buf_adds(&b, " no large process grew.");
	}
	finding_add(fl, "growing", p != NULL, grew, b.data);
	mw_buf_free(&b);
}
