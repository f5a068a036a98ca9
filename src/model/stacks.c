/* model/stacks.c: what the traced stacks say, summed. */
#include "config.h"
#include "model/stacks.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/vma.h"
#include "source.h"
#include "util/buf.h"
#include "util/units.h"
#include "util/xmalloc.h"

/* The mapping holding addr (maps sorted by start), or NULL. */
static const struct vma *
holding(const struct vma *maps, size_t n, uint64_t addr)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (addr < maps[mid].start)
			hi = mid;
		else if (addr >= maps[mid].end)
			lo = mid + 1;
		else
			return &maps[mid];
	}
	return NULL;
}

static const char *
place_label(struct mw_arena *a, const struct vma *v)
{
	char buf[64];

	if (v == NULL)
		return "(unmapped since)";
	if (v->path != NULL)
		return mw_arena_strndup(a, v->path, v->path_len);
	snprintf(buf, sizeof(buf), "%s %llx-%llx", vma_kind_name(vma_kind(v)),
	    (unsigned long long)v->start, (unsigned long long)v->end);
	return mw_arena_strndup(a, buf, strlen(buf));
}

/* Per-stack sums, indexed by position in raw->stacks. */
struct acc {
	uint64_t bytes, count;
	const struct vma *where[8];
	uint64_t where_bytes[8];
	size_t nwhere;
	int32_t kid[4];		/* kernel stacks, and their faults */
	uint64_t kcount[4];
	size_t nk;
};

static void
credit_kernel(struct acc *a, int32_t kid, uint64_t count)
{
	size_t i;

	if (kid < 0)
		return;
	for (i = 0; i < a->nk; i++)
		if (a->kid[i] == kid) {
			a->kcount[i] += count;
			return;
		}
	if (a->nk < 4) {
		a->kid[a->nk] = kid;
		a->kcount[a->nk++] = count;
	}
}

/* Kernel code is at most this far past its symbol; further is a gap. */
#define KSYM_REACH ((uint64_t)1 << 20)

static void
name_kernel(const struct ksyms *ks, uint64_t ip, bool ret, struct mw_arena *a,
    struct sym_frame *f)
{
	uint64_t at = ret && ip > 0 ? ip - 1 : ip;
	const struct ksym *k = kallsyms_find(ks, at);

	memset(f, 0, sizeof(*f));
	f->ip = ip;
	if (k == NULL || at - k->addr > KSYM_REACH)
		return;
	/* copied: ks need not outlive the report */
	f->func = mw_arena_strndup(a, k->name, strlen(k->name));
	f->off = ip - k->addr;
	if (k->module != NULL)
		f->module = mw_arena_strndup(a, k->module, strlen(k->module));
}

static void
credit(struct acc *a, const struct vma *v, uint64_t bytes)
{
	size_t i;

	a->bytes += bytes;
	for (i = 0; i < a->nwhere; i++)
		if (a->where[i] == v) {
			a->where_bytes[i] += bytes;
			return;
		}
	if (a->nwhere < 8) {
		a->where[a->nwhere] = v;
		a->where_bytes[a->nwhere++] = bytes;
	}
}

/* A stack id and its position in raw->stacks, sorted by id. */
struct slot {
	int32_t id;
	size_t pos;
};

static int
by_id(const void *x, const void *y)
{
	const struct slot *a = x, *b = y;

	return (a->id > b->id) - (a->id < b->id);
}

/* The position of stack id in raw->stacks, or -1. */
static long
find(const struct slot *v, size_t n, int32_t id)
{
	struct slot key = { id, 0 }, *hit;

	hit = bsearch(&key, v, n, sizeof(*v), by_id);
	return hit != NULL ? (long)hit->pos : -1;
}

/* The kernel frames of e: the stack most of its faults took. */
static void
kernel_frames(struct stacks_report *r, struct stk_entry *e,
    const struct acc *acc, const struct stk_raw *raw, const struct slot *slots,
    const struct ksyms *ks)
{
	const struct stk_stack *s;
	size_t best = 0;
	long k;

	if (acc->nk == 0)
		return;
	for (size_t i = 1; i < acc->nk; i++)
		if (acc->kcount[i] > acc->kcount[best])
			best = i;
	k = find(slots, raw->nstacks, acc->kid[best]);
	if (k < 0 || (s = &raw->stacks[k])->n == 0)
		return;
	r->kernel = true;
	e->kpaths = acc->nk;
	if (ks == NULL)		/* unnamed kernel frames are left out */
		return;
	e->kframes = mw_arena_alloc(&r->arena, s->n * sizeof(*e->kframes));
	for (size_t i = 0; i < s->n; i++)
		name_kernel(ks, s->ips[i], i > 0, &r->arena, &e->kframes[i]);
	e->nkframes = s->n;
}

static int
by_bytes(const void *x, const void *y)
{
	const struct stk_entry *a = x, *b = y;

	return a->bytes != b->bytes ? (a->bytes < b->bytes ? 1 : -1) :
	    (a->count < b->count) - (a->count > b->count);
}

static bool
outermost(const char *f)
{
	static const char *const names[] = { "_start", "__libc_start_main",
	    "__libc_start_call_main", "start_thread", "clone", "clone3",
	    "__clone", "__clone3", "__GI___clone3", "thread_start" };

	for (size_t i = 0; f != NULL && i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(f, names[i]) == 0)
			return true;
	return false;
}

void
stacks_build(const struct stk_raw *raw, enum stk_mode mode,
    const struct vma *maps, size_t nmaps, uint64_t page_size,
    stk_symbolize_fn sym, void *sym_arg, const struct ksyms *ks,
    const char *ks_why, struct stacks_report *r)
{
	size_t n = raw->nstacks;
	struct slot *slots;
	struct acc *acc;

	memset(r, 0, sizeof(*r));
	mw_arena_init(&r->arena);
	r->mode = mode;
	if (ks == NULL || ks->hidden || ks->len == 0) {
		const char *why = ks_why != NULL ? ks_why : "no kernel symbols";

		ks = NULL;
		r->kernel_why = mw_arena_strndup(&r->arena, why, strlen(why));
	}
	r->events = raw->events;
	r->lost_stacks = raw->lost_stacks;
	r->lost_allocs = raw->lost_allocs;
	slots = mw_xreallocarray(NULL, n + 1, sizeof(*slots));
	acc = mw_xreallocarray(NULL, n + 1, sizeof(*acc));
	memset(acc, 0, (n + 1) * sizeof(*acc));
	for (size_t i = 0; i < n; i++) {
		slots[i].id = raw->stacks[i].id;
		slots[i].pos = i;
	}
	qsort(slots, n, sizeof(*slots), by_id);
	if (mode == STK_FAULTS) {
		for (size_t i = 0; i < raw->nfaults; i++) {
			const struct stk_fault *f = &raw->faults[i];
			long k = find(slots, n, f->stackid);
			uint64_t b = f->count * page_size;

			r->total_bytes += b;
			r->total_count += f->count;
			if (k < 0) {
				r->no_stack_bytes += b;
				continue;
			}
			acc[k].count += f->count;
			credit(&acc[k], holding(maps, nmaps, f->addr), b);
			credit_kernel(&acc[k], f->kstackid, f->count);
		}
	} else {
		for (size_t i = 0; i < raw->nallocs; i++) {
			const struct stk_alloc *al = &raw->allocs[i];
			long k = find(slots, n, al->stackid);

			r->total_bytes += al->size;
			r->total_count++;
			if (k < 0) {
				r->no_stack_bytes += al->size;
				continue;
			}
			acc[k].count++;
			credit(&acc[k], holding(maps, nmaps, al->addr), al->size);
		}
	}
	r->v = mw_xreallocarray(NULL, n + 1, sizeof(*r->v));
	for (size_t i = 0; i < n; i++) {
		const struct stk_stack *s = &raw->stacks[i];
		struct stk_entry *e;

		if (acc[i].bytes == 0)
			continue;
		e = &r->v[r->len++];
		memset(e, 0, sizeof(*e));
		e->bytes = acc[i].bytes;
		e->count = acc[i].count;
		e->frames = mw_arena_alloc(&r->arena,
		    (s->n + 1) * sizeof(*e->frames));
		for (size_t k = 0; k < s->n; k++)
			sym(sym_arg, s->ips[k], k > 0, &r->arena, &e->frames[k]);
		e->nframes = s->n;
		e->cut = s->n == 0 ||
		    !outermost(e->frames[s->n - 1].func);
		kernel_frames(r, e, &acc[i], raw, slots, ks);
		if (e->cut)
			r->cut++;
		for (size_t w = 0; w < 2; w++) {
			size_t best = 0;

			for (size_t k = 1; k < acc[i].nwhere; k++)
				if (acc[i].where_bytes[k] > acc[i].where_bytes[best])
					best = k;
			if (acc[i].nwhere == 0 || acc[i].where_bytes[best] == 0)
				break;
			e->place[w].label = place_label(&r->arena,
			    acc[i].where[best]);
			e->place[w].bytes = acc[i].where_bytes[best];
			acc[i].where_bytes[best] = 0;
			e->nplace++;
		}
	}
	qsort(r->v, r->len, sizeof(*r->v), by_bytes);
	free(acc);
	free(slots);
}

bool
stacks_kernel_symbols(const struct mw_source *src, struct mw_arena *a,
    struct ksyms *ks, char *why, size_t wn)
{
	struct mw_buf b;
	int rc;

	mw_buf_init(&b);
	rc = mw_source_read(src, "kallsyms", &b, NULL);
	if (rc < 0)
		snprintf(why, wn, "cannot read /proc/kallsyms (%s)", strerror(-rc));
	else if (kallsyms_parse(b.data, b.len, a, ks) < 0)
		snprintf(why, wn, "/proc/kallsyms lists no symbol");
	else if (ks->hidden) {
		uint64_t level = 0;
		bool known;

		/* a fresh buffer: a sysctl file refuses a read the size of
		 * kallsyms' (ENOMEM) */
		mw_buf_free(&b);
		mw_buf_init(&b);
		known = mw_source_read(src, "sys/kernel/kptr_restrict", &b,
		    NULL) == 0;
		if (known) {
			b.data[strcspn(b.data, "\n")] = '\0';
			known = mw_parse_u64_str(b.data, &level) == 0;
		}
		if (known)
			snprintf(why, wn, "/proc/kallsyms shows every address as 0: "
			    "kernel.kptr_restrict is %llu (%s)",
			    (unsigned long long)level, level >= 2 ?
			    "2 hides them from everyone; 1 lets root and "
			    "CAP_SYSLOG see them" : "this process lacks CAP_SYSLOG");
		else
			snprintf(why, wn, "/proc/kallsyms shows every address as 0 "
			    "(kernel.kptr_restrict, or no CAP_SYSLOG)");
	} else if (ks->len == 0)
		snprintf(why, wn, "/proc/kallsyms lists no kernel code");
	mw_buf_free(&b);
	return rc == 0 && ks->len > 0;
}

void
stacks_report_free(struct stacks_report *r)
{
	free(r->v);
	mw_arena_free(&r->arena);
	memset(r, 0, sizeof(*r));
}
