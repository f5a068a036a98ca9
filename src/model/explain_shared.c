/* model/explain_shared.c: the shared-pages findings of explain. */
#include "config.h"
#include "model/explain_say.h"

#include <stdlib.h>
#include <string.h>

#include "model/snapshot.h"
#include "model/vma.h"
#include "util/xmalloc.h"

/* File mappings in the order of their file: device and inode, else path. */
static int
by_file(const void *a, const void *b, void *arg)
{
	const struct vma *v = arg, *x = &v[*(const size_t *)a],
	    *y = &v[*(const size_t *)b];
	size_t n;
	int c;

	if (x->inode != y->inode)
		return x->inode < y->inode ? -1 : 1;
	if (x->dev_major != y->dev_major)
		return x->dev_major < y->dev_major ? -1 : 1;
	if (x->dev_minor != y->dev_minor)
		return x->dev_minor < y->dev_minor ? -1 : 1;
	if (x->inode != 0)
		return 0;
	n = x->path_len < y->path_len ? x->path_len : y->path_len;
	c = memcmp(x->path, y->path, n);
	if (c != 0)
		return c;
	return x->path_len < y->path_len ? -1 : x->path_len > y->path_len;
}

/*
 * The file with the largest RSS - PSS gap, summed over every mapping of
 * it, adjacent or not: one file is one (device, inode); without an inode
 * (a loaded snapshot), one path.
 */
static void
say_top_file(struct explain *ex, const struct proc_snapshot *snap,
    struct sizes *s)
{
	const struct vma *v = snap->vmas.v, *best = NULL;
	struct mw_buf pb;
	uint64_t best_rss = 0, best_pss = 0;
	size_t *idx, n = 0;

	idx = mw_xcalloc(snap->vmas.len + 1, sizeof(*idx));
	for (size_t i = 0; i < snap->vmas.len; i++)
		if (vma_is_file(&v[i]))
			idx[n++] = i;
	qsort_r(idx, n, sizeof(*idx), by_file, (void *)v);
	for (size_t i = 0, j; i < n; i = j) {
		uint64_t rss = 0, pss = 0;
		size_t first = idx[i];

		for (j = i; j < n && by_file(&idx[i], &idx[j], (void *)v) == 0;
		    j++) {
			rss += val(&v[idx[j]], SMAPS_RSS);
			pss += val(&v[idx[j]], SMAPS_PSS);
			first = idx[j] < first ? idx[j] : first;
		}
		if (pss > rss)
			pss = rss;
		/* On a tie, the file mapped first (lowest address) wins. */
		if (rss - pss > best_rss - best_pss ||
		    (best != NULL && rss - pss == best_rss - best_pss &&
		    &v[first] < best)) {
			best = &v[first];
			best_rss = rss;
			best_pss = pss;
		}
	}
	free(idx);
	if (best == NULL)
		return;
	mw_buf_init(&pb);
	explain_emit(ex, EXPLAIN_SHARED, "shared-file", true, best_rss - best_pss,
	    "The most shared file is %s: %s resident, %s of it charged to "
	    "this process (PSS).", said_path(&pb, best), sz(s, best_rss),
	    sz(s, best_pss));
	mw_buf_free(&pb);
}

void
explain_say_shared(struct explain *ex, const struct proc_snapshot *snap,
    struct sizes *s)
{
	uint64_t shared = F(EF_SHARED_CLEAN) + F(EF_SHARED_DIRTY);

	if (has(ex, EF_PSS) && has(ex, EF_USS) && has(ex, EF_RSS) &&
	    has(ex, EF_SHARED_CLEAN) && has(ex, EF_SHARED_DIRTY))
		explain_emit(ex, EXPLAIN_SHARED, "rss-pss", true, F(EF_PSS),
		    "Of the %s resident, %s is private to this process (USS, "
		    "Private_Clean + Private_Dirty) and %s is shared (mapped "
		    "more than once: by other processes, or twice in this "
		    "one); PSS divides each shared page among the mappings of "
		    "it, so this process is charged %s (PSS).",
		    sz(s, F(EF_RSS)), sz(s, F(EF_USS)), sz(s, shared),
		    sz(s, F(EF_PSS)));
	if (F(EF_FILE_MAPPINGS) > 0 && F(EF_FILE_RSS) > 0)
		explain_emit(ex, EXPLAIN_SHARED, "files-pss", true, F(EF_FILE_RSS),
		    "File mappings (the program, libraries and mapped files; "
		    "%s) have %s resident and a PSS of %s: the difference, "
		    "%s, is charged to the other processes (or mappings) that "
		    "map the same pages.", nmaps(s, F(EF_FILE_MAPPINGS)),
		    sz(s, F(EF_FILE_RSS)), sz(s, F(EF_FILE_PSS)),
		    sz(s, F(EF_FILE_RSS) > F(EF_FILE_PSS) ?
		    F(EF_FILE_RSS) - F(EF_FILE_PSS) : 0));
	say_top_file(ex, snap, s);
}

