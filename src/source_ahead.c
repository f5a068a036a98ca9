/* source_ahead.c: a file read by a second thread, a chunk ahead. */
#include "config.h"
#include "source.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/buf.h"
#include "util/err.h"
#include "util/xmalloc.h"

/*
 * Two buffers, filled in turn by the reader and taken in turn by the
 * caller. Each holds AHEAD_ROOM bytes of room before its data, where the
 * caller's unparsed tail of the chunk before is copied: the text the caller
 * sees is contiguous without moving the chunk itself.
 */
#define AHEAD_ROOM ((size_t)64 * 1024)

enum slot_state { SLOT_FREE, SLOT_FULL, SLOT_HELD };

struct ahead_slot {
	struct mw_buf buf;	/* AHEAD_ROOM bytes of room, then the data */
	enum slot_state state;
	ssize_t result;		/* bytes read, 0 at the end, or -errno */
	struct mw_err err;	/* when result < 0 */
};

struct mw_ahead {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	const struct mw_source *src;
	char *rel;
	int fd;
	size_t chunk, total;
	bool stop;		/* the caller is done: the reader ends */
	struct ahead_slot slot[2];
	unsigned fill, take;	/* the next slot of each side */
	struct mw_buf spill;	/* a tail too long for the room */
};

/*
 * Fill one slot with up to a chunk. Returns the last read's result (> 0:
 * more to come, 0: the end, < 0: an error); the slot's result is the bytes
 * read, or that result when there were none.
 */
static ssize_t
fill_slot(struct mw_ahead *a, struct ahead_slot *s)
{
	size_t want = AHEAD_ROOM + a->chunk;
	ssize_t n;

	mw_buf_reset(&s->buf);
	mw_buf_grow(&s->buf, want);
	mw_buf_setlen(&s->buf, AHEAD_ROOM);
	mw_err_clear(&s->err);
	do {
		n = mw_source_read_chunk(a->src, a->rel, a->fd, &s->buf,
		    want - s->buf.len, &a->total, &s->err);
	} while (n > 0 && s->buf.len < want);
	s->result = s->buf.len > AHEAD_ROOM ?
	    (ssize_t)(s->buf.len - AHEAD_ROOM) : n;
	return n;
}

static void *
reader(void *arg)
{
	struct mw_ahead *a = arg;
	struct mw_err end_err;
	ssize_t more = 1;	/* > 0: read on; else what to hand over next */
	bool stop, last;

	mw_err_clear(&end_err);
	for (;;) {
		struct ahead_slot *s = &a->slot[a->fill];

		pthread_mutex_lock(&a->lock);
		while (s->state != SLOT_FREE && !a->stop)
			pthread_cond_wait(&a->cond, &a->lock);
		stop = a->stop;
		pthread_mutex_unlock(&a->lock);
		if (stop)
			break;
		if (more > 0) {
			more = fill_slot(a, s);
			/* Bytes first; the end or the error with the next slot. */
			if (s->result > 0 && more < 0)
				end_err = s->err;
		} else {
			s->result = more;
			s->err = end_err;
		}
		last = s->result <= 0;
		pthread_mutex_lock(&a->lock);
		s->state = SLOT_FULL;
		a->fill ^= 1;
		pthread_cond_broadcast(&a->cond);
		pthread_mutex_unlock(&a->lock);
		if (last)
			break;
	}
	return NULL;
}

int
mw_ahead_start(struct mw_ahead **out, const struct mw_source *src,
    const char *rel, int fd, size_t chunk, size_t total, struct mw_err *err)
{
	struct mw_ahead *a = mw_xcalloc(1, sizeof(*a));
	sigset_t all, old;
	int rc;

	a->src = src;
	a->rel = mw_xstrdup(rel);
	a->fd = fd;
	a->chunk = chunk > 0 ? chunk : 1;
	a->total = total;
	mw_buf_init(&a->spill);
	for (int i = 0; i < 2; i++)
		mw_buf_init(&a->slot[i].buf);
	pthread_mutex_init(&a->lock, NULL);
	pthread_cond_init(&a->cond, NULL);
	/* Signals stay with the caller's thread (atomic writes wait on them). */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	rc = pthread_create(&a->thread, NULL, reader, a);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0) {
		pthread_cond_destroy(&a->cond);
		pthread_mutex_destroy(&a->lock);
		free(a->rel);
		free(a);
		*out = NULL;
		return mw_err_set(err, -rc, MW_EXIT_TARGET,
		    "cannot start a reader thread for %s/%s (%s); try again",
		    src->root, rel, strerror(rc));
	}
	*out = a;
	return 0;
}

ssize_t
mw_ahead_next(struct mw_ahead *a, const char *keep, size_t keep_len,
    const char **data, size_t *len, struct mw_err *err)
{
	struct ahead_slot *s = &a->slot[a->take], *held = &a->slot[a->take ^ 1];
	char *p;

	pthread_mutex_lock(&a->lock);
	while (s->state != SLOT_FULL)
		pthread_cond_wait(&a->cond, &a->lock);
	s->state = SLOT_HELD;
	pthread_mutex_unlock(&a->lock);
	a->take ^= 1;
	*data = keep;
	*len = keep_len;
	if (s->result <= 0) {
		if (s->result < 0)
			mw_err_set(err, s->err.code, s->err.exit, "%s", s->err.msg);
		return s->result;	/* keep is still valid: nothing freed */
	}
	/* The tail first, then the slot before can be filled again. */
	if (keep_len <= AHEAD_ROOM) {
		p = s->buf.data + AHEAD_ROOM - keep_len;
		if (keep_len > 0)
			memcpy(p, keep, keep_len);
	} else {
		/*
		 * keep may lie in the spill itself (a long tail twice), and
		 * then ends where the spill ends: the chunk is appended in
		 * place. The consumed head is dropped only once it outweighs
		 * the tail, so that a long line costs linear time in all.
		 */
		size_t off = (uintptr_t)keep - (uintptr_t)a->spill.data;

		if (off < a->spill.len && off + keep_len == a->spill.len) {
			if (off > keep_len) {
				memmove(a->spill.data, keep, keep_len);
				mw_buf_setlen(&a->spill, keep_len);
				off = 0;
			}
		} else {
			mw_buf_reset(&a->spill);
			mw_buf_add(&a->spill, keep, keep_len);
			off = 0;
		}
		mw_buf_add(&a->spill, s->buf.data + AHEAD_ROOM,
		    (size_t)s->result);
		p = a->spill.data + off;
	}
	*data = p;
	*len = keep_len + (size_t)s->result;
	pthread_mutex_lock(&a->lock);
	if (held->state == SLOT_HELD) {
		held->state = SLOT_FREE;
		pthread_cond_broadcast(&a->cond);
	}
	pthread_mutex_unlock(&a->lock);
	return s->result;
}

void
mw_ahead_stop(struct mw_ahead *a)
{
	if (a == NULL)
		return;
	pthread_mutex_lock(&a->lock);
	a->stop = true;
	pthread_cond_broadcast(&a->cond);
	pthread_mutex_unlock(&a->lock);
	pthread_join(a->thread, NULL);
	pthread_cond_destroy(&a->cond);
	pthread_mutex_destroy(&a->lock);
	close(a->fd);
	for (int i = 0; i < 2; i++)
		mw_buf_free(&a->slot[i].buf);
	mw_buf_free(&a->spill);
	free(a->rel);
	free(a);
}
