/* model/oom_tally.c: count the kernel log's OOM kills as they come. */
#include "config.h"
#include "model/oom_tally.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "parse/keyline.h"
#include "parse/oom.h"
#include "source.h"
#include "util/arena.h"
#include "util/xmalloc.h"

#define PENDING_MAX ((size_t)8 << 20)

int
oom_tally_open(struct oom_tally *t, const struct mw_source *src)
{
	struct mw_buf b;
	uint64_t v;
	bool is_file;
	int fd;

	memset(t, 0, sizeof(*t));
	t->src = src;
	t->fd = -1;
	mw_buf_init(&t->pending);
	fd = mw_source_kmsg_open(src, &is_file, NULL);
	if (fd < 0)
		return fd;
	t->fd = fd;
	mw_buf_init(&b);
	if (src->live && mw_source_read(src, "stat", &b, NULL) == 0 &&
	    keyline_u64(b.data, b.len, "btime", &v) == 0) {
		t->boot = (time_t)v;
		t->has_boot = true;
	}
	mw_buf_free(&b);
	return 0;
}

static void
count(struct oom_tally *t, const struct oom_text *cg,
    const struct oom_text *comm)
{
	const char *c = cg->s ? cg->s : "", *n = comm->s ? comm->s : "";
	size_t i;

	if (t->len == OOM_TALLY_MAX) {
		c = "(other)";
		n = "(other)";
	}
	for (i = 0; i < t->len; i++)
		if (strcmp(t->rows[i].cgroup, c) == 0 &&
		    strcmp(t->rows[i].comm, n) == 0)
			break;
	if (i == t->len) {
		if (t->len == t->cap) {
			t->cap = t->cap ? t->cap * 2 : 16;
			t->rows = mw_xreallocarray(t->rows, t->cap,
			    sizeof(*t->rows));
		}
		t->rows[i].cgroup = mw_xstrdup(c);
		t->rows[i].comm = mw_xstrdup(n);
		t->rows[i].kills = 0;
		t->len++;
	}
	t->rows[i].kills++;
	t->total++;
}

static void
count_report(struct oom_tally *t, const struct oom_report *r)
{
	const struct oom_text *cg = r->task_memcg.s ? &r->task_memcg :
	    &r->oom_memcg;

	for (size_t k = 0; k < r->nkills; k++) {
		const struct oom_kill *kl = &r->kills[k];

		if (k > 0 && kl->pid == r->kills[0].pid)
			continue;	/* oom.group lists the victim again */
		count(t, kl->group && r->group_path.s ? &r->group_path : cg,
		    &kl->comm);
		if (kl->when.has_mono && t->has_boot) {
			t->last_kill = (double)t->boot + kl->when.mono;
			t->has_last_kill = true;
		}
	}
}

void
oom_tally_update(struct oom_tally *t)
{
	struct mw_arena arena;
	struct oom_log log;
	ssize_t n;
	bool all = true;

	if (t->fd < 0)
		return;
	n = mw_source_kmsg_read(t->src, t->fd, &t->pending, NULL);
	mw_arena_init(&arena);
	oom_parse(t->pending.data, t->pending.len, &arena, &log);
	for (size_t i = 0; i < log.len; i++) {
		const struct oom_report *r = &log.v[i];

		if (r->nkills == 0 || !r->when.has_seq ||
		    (t->has_last && r->when.seq <= t->last_seq))
			continue;
		/* The last report may still be arriving (oom.group): it
		 * is counted once a read brings nothing new. */
		if (i == log.len - 1 && n > 0) {
			all = false;
			continue;
		}
		count_report(t, r);
		t->last_seq = r->when.seq;
		t->has_last = true;
	}
	/* Done with what was read unless a report is still open. */
	if (log.len > 0 && log.v[log.len - 1].nkills == 0)
		all = false;
	mw_arena_free(&arena);	/* log lived in it */
	if (all || t->pending.len > PENDING_MAX)
		mw_buf_reset(&t->pending);
}

void
oom_tally_close(struct oom_tally *t)
{
	if (t->fd >= 0)
		close(t->fd);
	for (size_t i = 0; i < t->len; i++) {
		free(t->rows[i].cgroup);
		free(t->rows[i].comm);
	}
	free(t->rows);
	mw_buf_free(&t->pending);
	memset(t, 0, sizeof(*t));
	t->fd = -1;
}
