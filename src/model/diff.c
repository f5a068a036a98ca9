/* model/diff.c: matching the mappings of two snapshots (rules in diff.h). */
#include "config.h"
#include "model/diff.h"

#include <stdlib.h>
#include <string.h>

#include "model/snapshot.h"
#include "model/vma.h"
#include "util/units.h"
#include "util/xmalloc.h"

static const char *const change_names[DIFF_CHANGE_NR] = {
	[DIFF_SAME] = "unchanged", [DIFF_CHANGED] = "changed",
	[DIFF_GROWN] = "grown", [DIFF_SHRUNK] = "shrunk",
	[DIFF_ADDED] = "added", [DIFF_REMOVED] = "removed",
	[DIFF_SPLIT] = "split", [DIFF_MERGED] = "merged",
};

/* Scratch marks for one cluster: which rows found a partner. */
struct marks {
	unsigned char *used;
	size_t cap;
};

const char *
diff_change_name(enum diff_change c)
{
	return change_names[c];
}

bool
diff_field_is_amount(enum smaps_field f)
{
	return smaps_field_is_bytes(f) && f != SMAPS_KERNEL_PAGE_SIZE &&
	    f != SMAPS_MMU_PAGE_SIZE;
}

void
vma_diff_init(struct vma_diff *d)
{
	memset(d, 0, sizeof(*d));
}

void
vma_diff_free(struct vma_diff *d)
{
	free(d->before);
	free(d->after);
	free(d->v);
	vma_diff_init(d);
}

static int
by_start(const void *x, const void *y)
{
	const struct vma *a = *(const struct vma *const *)x;
	const struct vma *b = *(const struct vma *const *)y;

	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	if (a->end != b->end)
		return a->end < b->end ? -1 : 1;
	return 0;
}

/* Pointers to rows in address order; smaps is sorted already: O(n). */
static const struct vma **
sorted(const struct vma *rows, size_t n)
{
	const struct vma **p = mw_xcalloc(n ? n : 1, sizeof(*p));
	bool in_order = true;

	for (size_t i = 0; i < n; i++) {
		p[i] = &rows[i];
		if (i > 0 && in_order && by_start(&p[i - 1], &p[i]) > 0)
			in_order = false;
	}
	if (!in_order)
		qsort(p, n, sizeof(*p), by_start);
	return p;
}

static struct diff_entry *
push(struct vma_diff *d, enum diff_change c, size_t b, size_t nb, size_t a,
    size_t na)
{
	struct diff_entry *e;

	if (d->len == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 64;
		d->v = mw_xreallocarray(d->v, d->cap, sizeof(*d->v));
	}
	e = &d->v[d->len++];
	memset(e, 0, sizeof(*e));
	e->change = c;
	e->b = b;
	e->nb = nb;
	e->a = a;
	e->na = na;
	return e;
}

static bool
path_eq(const struct vma *b, const struct vma *a)
{
	if (b->path == NULL || a->path == NULL)
		return b->path == a->path;
	return b->path_len == a->path_len &&
	    memcmp(b->path, a->path, b->path_len) == 0;
}

static bool
same_object(const struct vma *b, const struct vma *a)
{
	return b->dev_major == a->dev_major && b->dev_minor == a->dev_minor &&
	    b->inode == a->inode;
}

/* May b have become a by growing, shrinking or splitting? */
static bool
same_identity(const struct vma *b, const struct vma *a)
{
	bool fb = vma_is_file(b);

	if (fb != vma_is_file(a) || !same_object(b, a))
		return false;
	/* File pages keep their place: start - offset is the file's base. */
	if (fb)
		return b->start - b->offset == a->start - a->offset;
	return path_eq(b, a);
}

static bool
str_eq(const char *x, const char *y)
{
	if (x == NULL || y == NULL)
		return x == y;
	return strcmp(x, y) == 0;
}

bool
diff_vma_moved(const struct vma *b, const struct vma *a)
{
	if (b->present != a->present || b->offset != a->offset ||
	    !same_object(b, a) || strcmp(b->perms, a->perms) != 0 ||
	    !path_eq(b, a) || b->has_vmflags != a->has_vmflags ||
	    b->vmflags != a->vmflags ||
	    !str_eq(b->vmflags_other, a->vmflags_other))
		return true;
	for (int f = 0; f < SMAPS_NR; f++)
		if (smaps_has(b, f) && b->val[f] != a->val[f])
			return true;
	return false;
}

/*
 * What a before row and an after row that share a start or an end are to
 * each other; DIFF_CHANGE_NR when they are different mappings.
 */
static enum diff_change
pair_change(const struct vma *b, const struct vma *a)
{
	uint64_t bs = b->end - b->start, as = a->end - a->start;

	if (b->start == a->start && b->end == a->end) {
		/* Same range: the same mapping, unless another object. */
		if ((b->inode != 0 || a->inode != 0) && !same_object(b, a))
			return DIFF_CHANGE_NR;
		return diff_vma_moved(b, a) ? DIFF_CHANGED : DIFF_SAME;
	}
	if ((b->start != a->start && b->end != a->end) ||
	    !same_identity(b, a))
		return DIFF_CHANGE_NR;
	return as > bs ? DIFF_GROWN : DIFF_SHRUNK;
}

/* Do the n pieces cover one's outer range as parts of the same mapping? */
static bool
pieces_fit(const struct vma *one, const struct vma *const *pieces, size_t n)
{
	if (pieces[0]->start != one->start || pieces[n - 1]->end != one->end)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!same_identity(one, pieces[i]))
			return false;
	return true;
}

/* Pair rows with the same start (pass 0) or the same end (pass 1). */
static void
pair_pass(struct vma_diff *d, size_t b, size_t nb, size_t a, size_t na,
    unsigned char *used, int pass)
{
	unsigned char *bu = used, *au = used + nb;
	size_t i = 0, j = 0;

	while (i < nb && j < na) {
		const struct vma *bv = d->before[b + i], *av = d->after[a + j];
		uint64_t bk = pass ? bv->end : bv->start;
		uint64_t ak = pass ? av->end : av->start;
		enum diff_change c;

		if (bu[i] || bk < ak) {
			i++;
			continue;
		}
		if (au[j] || ak < bk) {
			j++;
			continue;
		}
		c = pair_change(bv, av);
		if (c != DIFF_CHANGE_NR) {
			push(d, c, b + i, 1, a + j, 1);
			bu[i] = au[j] = 1;
		}
		i++;
		j++;
	}
}

static uint64_t
entry_key(const struct vma_diff *d, const struct diff_entry *e)
{
	return e->nb ? d->before[e->b]->start : d->after[e->a]->start;
}

static int
by_key_cmp(uint64_t x, uint64_t y)
{
	return x < y ? -1 : x > y;
}

/* Insertion sort: clusters are small and almost in order already. */
static void
sort_entries(struct vma_diff *d, size_t first)
{
	for (size_t i = first + 1; i < d->len; i++) {
		struct diff_entry e = d->v[i];
		uint64_t k = entry_key(d, &e);
		size_t j = i;

		while (j > first && by_key_cmp(entry_key(d, &d->v[j - 1]), k) > 0) {
			d->v[j] = d->v[j - 1];
			j--;
		}
		d->v[j] = e;
	}
}

static void
cluster(struct vma_diff *d, size_t b, size_t nb, size_t a, size_t na,
    struct marks *m)
{
	size_t first = d->len;

	if (nb == 1 && na > 1 && pieces_fit(d->before[b], d->after + a, na)) {
		push(d, DIFF_SPLIT, b, 1, a, na);
		return;
	}
	if (nb > 1 && na == 1 && pieces_fit(d->after[a], d->before + b, nb)) {
		push(d, DIFF_MERGED, b, nb, a, 1);
		return;
	}
	if (nb + na > m->cap) {
		m->cap = nb + na;
		m->used = mw_xreallocarray(m->used, m->cap, 1);
	}
	memset(m->used, 0, nb + na);
	pair_pass(d, b, nb, a, na, m->used, 0);
	pair_pass(d, b, nb, a, na, m->used, 1);
	for (size_t i = 0; i < nb; i++)
		if (!m->used[i])
			push(d, DIFF_REMOVED, b + i, 1, 0, 0);
	for (size_t j = 0; j < na; j++)
		if (!m->used[nb + j])
			push(d, DIFF_ADDED, 0, 0, a + j, 1);
	if (d->len - first > 1)
		sort_entries(d, first);
}

/* Group rows that overlap, in one sweep over both sorted sides. */
static void
sweep(struct vma_diff *d)
{
	const struct vma **B = d->before, **A = d->after;
	size_t i = 0, j = 0, nb = d->nbefore, na = d->nafter;
	struct marks m = { NULL, 0 };

	while (i < nb || j < na) {
		size_t bi = i, aj = j;
		uint64_t end;

		if (j >= na || (i < nb && B[i]->start <= A[j]->start))
			end = B[i++]->end;
		else
			end = A[j++]->end;
		for (;;) {
			const struct vma *v;

			if (i < nb && B[i]->start < end)
				v = B[i++];
			else if (j < na && A[j]->start < end)
				v = A[j++];
			else
				break;
			if (v->end > end)
				end = v->end;
		}
		cluster(d, bi, i - bi, aj, j - aj, &m);
	}
	free(m.used);
}

/* A file mapping row and the entry it stands in, for pairing moves. */
struct file_row {
	const struct vma *v;
	size_t entry;
};

static int
by_file_key(const void *x, const void *y)
{
	const struct vma *a = ((const struct file_row *)x)->v;
	const struct vma *b = ((const struct file_row *)y)->v;

	if (a->dev_major != b->dev_major)
		return a->dev_major < b->dev_major ? -1 : 1;
	if (a->dev_minor != b->dev_minor)
		return a->dev_minor < b->dev_minor ? -1 : 1;
	if (a->inode != b->inode)
		return a->inode < b->inode ? -1 : 1;
	if (a->offset != b->offset)
		return a->offset < b->offset ? -1 : 1;
	return by_key_cmp(a->start, b->start);
}

static struct file_row *
file_rows(const struct vma_diff *d, enum diff_change c, size_t *n)
{
	struct file_row *r = mw_xcalloc(d->len ? d->len : 1, sizeof(*r));

	*n = 0;
	for (size_t k = 0; k < d->len; k++) {
		const struct diff_entry *e = &d->v[k];
		const struct vma *v = c == DIFF_REMOVED ? d->before[e->b] :
		    d->after[e->a];

		if (e->change == c && v->inode != 0 && vma_is_file(v)) {
			r[*n].v = v;
			r[(*n)++].entry = k;
		}
	}
	qsort(r, *n, sizeof(*r), by_file_key);
	return r;
}

static bool
same_file_key(const struct vma *x, const struct vma *y)
{
	return same_object(x, y) && x->offset == y->offset;
}

/* A removed file mapping and an added one of the same file and offset. */
static void
pair_moved_files(struct vma_diff *d)
{
	struct file_row *rem, *add;
	size_t nr, na, i = 0, j = 0, out = 0;

	if (d->count[DIFF_REMOVED] == 0 || d->count[DIFF_ADDED] == 0)
		return;
	rem = file_rows(d, DIFF_REMOVED, &nr);
	add = file_rows(d, DIFF_ADDED, &na);
	while (i < nr && j < na) {
		struct diff_entry *r = &d->v[rem[i].entry];
		struct diff_entry *a = &d->v[add[j].entry];
		int c = by_file_key(&rem[i], &add[j]);
		uint64_t rs = rem[i].v->end - rem[i].v->start;
		uint64_t as = add[j].v->end - add[j].v->start;

		if (!same_file_key(rem[i].v, add[j].v)) {
			if (c < 0)
				i++;
			else
				j++;
			continue;
		}
		r->a = a->a;
		r->na = 1;
		r->change = as == rs ? DIFF_CHANGED :
		    as > rs ? DIFF_GROWN : DIFF_SHRUNK;
		a->change = DIFF_CHANGE_NR;	/* folded into r */
		i++;
		j++;
	}
	free(rem);
	free(add);
	for (size_t k = 0; k < d->len; k++)
		if (d->v[k].change != DIFF_CHANGE_NR)
			d->v[out++] = d->v[k];
	d->len = out;
}

/* Field sums of n rows (a piece list), present where any row has them. */
static void
sum_rows(const struct vma *const *rows, size_t n, struct vma *sum)
{
	memset(sum, 0, sizeof(*sum));
	for (size_t i = 0; i < n; i++)
		for (int f = 0; f < SMAPS_NR; f++) {
			if (!diff_field_is_amount(f) && f != SMAPS_SIZE)
				continue;
			if (!smaps_has(rows[i], f))
				continue;
			if (__builtin_add_overflow(sum->val[f], rows[i]->val[f],
			    &sum->val[f]))
				sum->val[f] = UINT64_MAX;
			sum->present |= 1u << f;
		}
}

void
diff_delta_of(const struct vma *b, const struct vma *a,
    struct diff_delta *out)
{
	uint64_t ub, ua;

	memset(out, 0, sizeof(*out));
	for (int f = 0; f < SMAPS_NR; f++) {
		if (!diff_field_is_amount(f) || !smaps_has(b, f) ||
		    !smaps_has(a, f))
			continue;
		out->val[f] = mw_delta(a->val[f], b->val[f]);
		out->present |= 1u << f;
	}
	if (vma_uss(b, &ub) && vma_uss(a, &ua)) {
		out->uss = mw_delta(ua, ub);
		out->has_uss = true;
	}
}

static void
entry_delta(const struct vma_diff *d, struct diff_entry *e)
{
	struct vma sb, sa;

	if (e->nb == 1 && e->na == 1) {
		diff_delta_of(d->before[e->b], d->after[e->a], &e->delta);
		return;
	}
	sum_rows(d->before + e->b, e->nb, &sb);
	sum_rows(d->after + e->a, e->na, &sa);
	/* An added row is measured against nothing, a removed one to nothing. */
	if (e->nb == 0)
		sb.present = sa.present;
	if (e->na == 0)
		sa.present = sb.present;
	diff_delta_of(&sb, &sa, &e->delta);
}

void
vma_diff_compute(struct vma_diff *d, const struct vma *before, size_t nb,
    const struct vma *after, size_t na)
{
	vma_diff_init(d);
	d->before = sorted(before, nb);
	d->after = sorted(after, na);
	d->nbefore = nb;
	d->nafter = na;
	/*
	 * Each entry takes a row of either side at least: room for all at
	 * once (untouched room is address space only), on huge pages.
	 */
	d->cap = nb + na > 64 ? nb + na : 64;
	d->v = mw_xreallocarray(NULL, d->cap, sizeof(*d->v));
	mw_advise_huge(d->v, d->cap * sizeof(*d->v));
	sweep(d);
	for (size_t k = 0; k < d->len; k++)
		d->count[d->v[k].change]++;
	pair_moved_files(d);
	memset(d->count, 0, sizeof(d->count));
	for (size_t k = 0; k < d->len; k++) {
		d->count[d->v[k].change]++;
		entry_delta(d, &d->v[k]);
	}
}

void
proc_diff_compute(struct proc_diff *pd, const struct proc_snapshot *b,
    const struct proc_snapshot *a)
{
	memset(pd, 0, sizeof(*pd));
	pd->before = b;
	pd->after = a;
	vma_diff_init(&pd->vmas);
	finding_list_init(&pd->notes);
	pd->has_vmas = b->has_vmas && a->has_vmas;
	if (pd->has_vmas) {
		vma_diff_compute(&pd->vmas, b->vmas.v, b->vmas.len, a->vmas.v,
		    a->vmas.len);
		pd->mappings = (int64_t)a->mappings - (int64_t)b->mappings;
	}
	diff_delta_of(&b->totals, &a->totals, &pd->totals);
	diff_notes_build(pd);
}

void
proc_diff_free(struct proc_diff *pd)
{
	vma_diff_free(&pd->vmas);
	finding_list_free(&pd->notes);
}
