/* model/watch_read.c: a watched process's rollup, mappings and room. */
#include "config.h"
#include "model/watch_read.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "model/cgroup.h"
#include "model/procid.h"
#include "model/watch.h"
#include "parse/meminfo.h"
#include "parse/smaps.h"
#include "parse/stat.h"
#include "source.h"
#include "util/err.h"

static int
read_start(struct watch_reader *r, uint64_t *start, struct mw_err *err)
{
	struct proc_stat ps;
	int rc = mw_source_read_pid(r->src, r->pid, "stat", &r->buf, err);

	if (rc < 0)
		return rc;
	if (stat_parse(r->buf.data, r->buf.len, &ps) < 0)
		return mw_err_set(err, -EINVAL, MW_EXIT_TARGET,
		    "cannot read %d/stat (malformed); check the proc root",
		    (int)r->pid);
	*start = ps.starttime;
	if (r->comm[0] == '\0') {
		size_t n = ps.comm_len < sizeof(r->comm) - 1 ? ps.comm_len :
		    sizeof(r->comm) - 1;

		memcpy(r->comm, ps.comm, n);
		r->comm[n] = '\0';
	}
	return 0;
}

int
watch_reader_open(struct watch_reader *r, const struct mw_source *src,
    pid_t pid, struct mw_err *err)
{
	memset(r, 0, sizeof(*r));
	r->src = src;
	r->pid = pid;
	mw_buf_init(&r->buf);
	mw_arena_init(&r->arena);
	return read_start(r, &r->start, err);
}

void
watch_reader_close(struct watch_reader *r)
{
	mw_buf_free(&r->buf);
	mw_arena_free(&r->arena);
}

static const struct {
	enum smaps_field f;
	enum watch_val w;
} rollup_vals[] = {
	{ SMAPS_RSS, WV_RSS }, { SMAPS_PSS, WV_PSS },
	{ SMAPS_ANONYMOUS, WV_ANON }, { SMAPS_PSS_FILE, WV_PSS_FILE },
	{ SMAPS_PSS_SHMEM, WV_PSS_SHMEM }, { SMAPS_SWAP, WV_SWAP },
};

int
watch_read_sample(struct watch_reader *r, struct watch_sample *s,
    struct mw_err *err)
{
	struct smaps_iter it;
	struct vma v;
	uint64_t start;
	int rc;

	s->present = 0;
	rc = mw_source_read_pid(r->src, r->pid, "smaps_rollup", &r->buf, err);
	if (rc == -ENOENT && read_start(r, &start, NULL) == 0 &&
	    start == r->start) {
		/* the process is there, its address space is not */
		if (err != NULL)
			mw_err_clear(err);
		return mw_err_set(err, -ENOENT, MW_EXIT_TARGET,
		    "process %d has no memory of its own to watch (a kernel thread, or a zombie); pick a user process",
		    (int)r->pid);
	}
	if (rc < 0)
		return rc;
	mw_arena_free(&r->arena);
	smaps_iter_init(&it, r->buf.data, r->buf.len);
	if (smaps_next(&it, &r->arena, &v) == 1) {
		for (size_t i = 0; i < sizeof(rollup_vals) /
		    sizeof(rollup_vals[0]); i++) {
			if (!smaps_has(&v, rollup_vals[i].f))
				continue;
			s->val[rollup_vals[i].w] = v.val[rollup_vals[i].f];
			s->present |= 1u << rollup_vals[i].w;
		}
	}
	/* the same process still? (the pid may have been reused) */
	rc = read_start(r, &start, err);
	if (rc < 0)
		return rc;
	if (!proc_id_same((struct proc_id){ r->pid, true, start },
	    (struct proc_id){ r->pid, true, r->start }))
		return mw_err_set(err, -ENOENT, MW_EXIT_TARGET,
		    "process %d exited (its pid now belongs to another process)",
		    (int)r->pid);
	return 0;
}

int
watch_read_places(struct watch_reader *r, struct watch *w, double t,
    struct mw_err *err)
{
	struct watch_places *p;
	struct smaps_iter it;
	struct vma v;
	char name[4096];
	int rc;

	rc = mw_source_read_pid(r->src, r->pid, "smaps", &r->buf, err);
	if (rc < 0)
		return rc;
	mw_arena_free(&r->arena);
	p = watch_places_begin(w, t);
	smaps_iter_init(&it, r->buf.data, r->buf.len);
	while (smaps_next(&it, &r->arena, &v) == 1) {
		enum watch_cause cause;
		size_t n;

		if (!smaps_has(&v, SMAPS_RSS) || v.val[SMAPS_RSS] == 0)
			continue;
		n = watch_place_of(&v, name, sizeof(name), &cause);
		watch_places_add(p, name, n, cause, v.val[SMAPS_RSS]);
	}
	return 0;
}

/* The tightest limit from the process's memory cgroup up, and the
 * cgroup's usage (model/cgroup.c, v1 or v2). */
static void
read_limit(struct watch_reader *r, struct watch *w)
{
	struct cg_hier h;
	struct cg_tree t;
	char path[4096];
	const struct cgroup *c;

	if (cg_hier_find(r->src, &h, NULL) < 0 ||
	    cg_of_pid(r->src, &h, r->pid, path, sizeof(path), NULL) < 0)
		return;
	c = cg_tree_take(r->src, &h, path, 0, &t, NULL) == 0 && t.len > 0 ?
	    &t.v[0] : NULL;
	if (c != NULL && c->has_limit && cg_has(c, CG_CURRENT)) {
		w->has_limit = true;
		w->limit = c->limit;
		w->usage = c->val[CG_CURRENT] < c->limit ?
		    c->val[CG_CURRENT] : c->limit;
	}
	cg_tree_free(&t);
}

void
watch_read_room(struct watch_reader *r, struct watch *w)
{
	struct meminfo mi;
	struct mw_arena a;

	mw_arena_init(&a);
	if (mw_source_read(r->src, "meminfo", &r->buf, NULL) == 0 &&
	    meminfo_parse(r->buf.data, r->buf.len, &a, &mi) == 0 &&
	    meminfo_get(&mi, MI_MEM_AVAILABLE, &w->avail))
		w->has_avail = true;
	mw_arena_free(&a);
	read_limit(r, w);
}
