/* serve/sampler.c: serve's sampler thread and its shared samples. */
#include "config.h"

#include "serve/sampler.h"

#include <errno.h>
#include <stdlib.h>
#include <time.h>

#include "render/metrics.h"
#include "render/metrics_oom.h"
#include "render/openmetrics.h"
#include "util/time.h"
#include "util/xmalloc.h"

static struct serve_sample *
sample_take(struct sampler *sp)
{
	struct serve_sample *s = mw_xcalloc(1, sizeof(*s));
	struct fleet_sample fs;
	struct om_writer w;

	fleet_sample_take(sp->src, &sp->memo, &fs);
	oom_tally_update(&sp->oom);
	for (int f = OM_OPENMETRICS; f <= OM_TEXT; f++) {
		mw_buf_init(&s->body[f]);
		om_writer_init(&w, &s->body[f], f);
		metrics_render(&w, &fs, sp->top);
		metrics_render_oom(&w, &sp->oom);
		om_writer_free(&w);
	}
	fleet_sample_free(&fs);
	s->taken_ns = mw_now_ns();
	return s;
}

void
sampler_put(struct sampler *sp, struct serve_sample *s)
{
	unsigned left;

	pthread_mutex_lock(&sp->lock);
	left = --s->refs;
	pthread_mutex_unlock(&sp->lock);
	if (left > 0)
		return;
	mw_buf_free(&s->body[0]);
	mw_buf_free(&s->body[1]);
	free(s);
}

struct serve_sample *
sampler_get(struct sampler *sp)
{
	struct serve_sample *s;

	pthread_mutex_lock(&sp->lock);
	s = sp->cur;
	s->refs++;
	pthread_mutex_unlock(&sp->lock);
	return s;
}

static void
sample_publish(struct sampler *sp, struct serve_sample *s)
{
	struct serve_sample *old;

	s->refs = 1;			/* the sampler's own reference */
	pthread_mutex_lock(&sp->lock);
	old = sp->cur;
	sp->cur = s;
	pthread_mutex_unlock(&sp->lock);
	if (old != NULL)
		sampler_put(sp, old);
}

static void
add_ns(struct timespec *t, uint64_t ns)
{
	ns += (uint64_t)t->tv_nsec;
	t->tv_sec += (time_t)(ns / 1000000000u);
	t->tv_nsec = (long)(ns % 1000000000u);
}

/* Sample at a steady pace (start to start) until told to stop. */
static void *
run(void *arg)
{
	struct sampler *sp = arg;
	uint64_t step = (uint64_t)(sp->interval * 1e9);
	struct timespec due, now;
	bool stop;

	clock_gettime(CLOCK_MONOTONIC, &due);
	for (;;) {
		add_ns(&due, step);
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (now.tv_sec > due.tv_sec ||
		    (now.tv_sec == due.tv_sec && now.tv_nsec > due.tv_nsec))
			due = now;	/* late (a slow sample): no catching up */
		pthread_mutex_lock(&sp->lock);
		while (!sp->stop && pthread_cond_timedwait(&sp->wake, &sp->lock,
		    &due) != ETIMEDOUT)
			;
		stop = sp->stop;
		pthread_mutex_unlock(&sp->lock);
		if (stop)
			return NULL;
		sample_publish(sp, sample_take(sp));
	}
}

void
sampler_init(struct sampler *sp, const struct mw_source *src,
    double interval, size_t top, double rollup_age)
{
	pthread_condattr_t ca;

	sp->src = src;
	sp->interval = interval;
	sp->top = top;
	sp->stop = false;
	sp->running = false;
	sp->cur = NULL;
	pthread_mutex_init(&sp->lock, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&sp->wake, &ca);
	pthread_condattr_destroy(&ca);
	fleet_memo_init(&sp->memo, (unsigned)(rollup_age / interval));
	oom_tally_open(&sp->oom, src);	/* without the log: no family */
}

int
sampler_start(struct sampler *sp)
{
	sample_publish(sp, sample_take(sp));
	if (pthread_create(&sp->thread, NULL, run, sp) != 0)
		return -EAGAIN;
	sp->running = true;
	return 0;
}

void
sampler_free(struct sampler *sp)
{
	if (sp->running) {
		pthread_mutex_lock(&sp->lock);
		sp->stop = true;
		pthread_cond_signal(&sp->wake);
		pthread_mutex_unlock(&sp->lock);
		pthread_join(sp->thread, NULL);
		sp->running = false;
	}
	oom_tally_close(&sp->oom);
	fleet_memo_free(&sp->memo);
	if (sp->cur != NULL)
		sampler_put(sp, sp->cur);
	sp->cur = NULL;
	pthread_cond_destroy(&sp->wake);
	pthread_mutex_destroy(&sp->lock);
}
