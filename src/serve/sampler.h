/* serve/sampler.h: serve's sampler: the state taken every interval and
 * rendered once in both exposition formats into an immutable,
 * reference-counted sample that scrapes share (serve/sampler.c). */
#ifndef MW_SERVE_SAMPLER_H
#define MW_SERVE_SAMPLER_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/sample.h"
#include "model/oom_tally.h"
#include "util/buf.h"

struct mw_source;

/* One rendering of the state; never changed once published. */
struct serve_sample {
	unsigned refs;			/* under the sampler's lock */
	struct mw_buf body[2];		/* by enum om_format; no age, no end */
	uint64_t taken_ns;		/* monotonic, when it was ready */
};

struct sampler {
	const struct mw_source *src;
	size_t top;			/* processes shown one by one */
	double interval;		/* seconds between samples */
	pthread_mutex_t lock;
	pthread_cond_t wake;		/* the thread's sleep; stop wakes it */
	bool stop;
	bool running;			/* the thread was started */
	pthread_t thread;
	struct serve_sample *cur;
	struct fleet_memo memo;		/* the thread's: rollups kept */
	struct oom_tally oom;		/* kills seen (the thread's own) */
};

/* Ready to sample src every interval seconds, rollups read again at
 * least every rollup_age seconds. */
void sampler_init(struct sampler *sp, const struct mw_source *src,
    double interval, size_t top, double rollup_age);
/* The first sample taken and published, then the thread started that
 * takes the next ones at a steady pace; 0 or -errno (no thread). */
int sampler_start(struct sampler *sp);
/* The current sample with a reference the caller gives back with
 * sampler_put(). */
struct serve_sample *sampler_get(struct sampler *sp);
void sampler_put(struct sampler *sp, struct serve_sample *s);
/* Stop and join the thread (when started) and free everything. */
void sampler_free(struct sampler *sp);

#endif
