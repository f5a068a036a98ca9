/* cmd/watch.c: a process sampled over time, and whether it grows. */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "cmd/stacksession.h"
#include "cmd/sampling.h"
#include "model/watch.h"
#include "model/watch_read.h"
#include "render/json_watch.h"
#include "render/text_watch.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/record.h"
#include "util/time.h"
#include "util/units.h"

#define MAP_EVERY 5		/* mappings read every this many samples */

struct run {
	struct mw_ctx *ctx;
	const struct sample_opts *o;
	struct watch_reader rd;
	struct watch w;
	struct watch_info info;
	struct mw_buf out;
	int fd;			/* the recording, -1 without */
	bool tty;
	uint64_t mapped_total;	/* Rss+Swap at the last mapping read */
	struct stacks_session *stk;	/* tracing beside, or NULL */
};

static bool
places_due(const struct run *r, uint64_t k, const struct watch_sample *s)
{
	uint64_t total, d;

	if (k % MAP_EVERY == 0)
		return true;
	if (!watch_sample_total(s, &total))
		return false;
	d = total > r->mapped_total ? total - r->mapped_total :
	    r->mapped_total - total;
	return d >= 64 * 1024 && d >= total / 100;
}

/* One sample; 1 when the process is gone, 0, or -errno. */
static int
take(struct run *r, uint64_t k, uint64_t t0, struct watch_sample *prev)
{
	struct watch_sample s;
	struct watch_places *p = NULL;
	int rc;

	memset(&s, 0, sizeof(s));
	s.t = (double)(mw_now_ns() - t0) / 1e9;
	rc = watch_read_sample(&r->rd, &s, &r->ctx->err);
	if (rc == -ENOENT && k > 0) {
		mw_err_clear(&r->ctx->err);
		return 1;
	}
	if (rc < 0)
		return rc;
	if (k == 0 && !watch_sample_total(&s, &r->mapped_total))
		return mw_err_set(&r->ctx->err, -EINVAL, MW_EXIT_TARGET,
		    "process %d has no memory of its own to watch (a kernel thread, or a zombie); pick a user process",
		    (int)r->info.pid);
	watch_add(&r->w, &s);
	r->info.watched = s.t;
	if (places_due(r, k, &s)) {
		rc = watch_read_places(&r->rd, &r->w, s.t, NULL);
		if (rc == 0) {
			p = r->w.map_reads == 1 ? &r->w.maps0 : &r->w.maps1;
			watch_sample_total(&s, &r->mapped_total);
		}
	}
	mw_buf_reset(&r->out);
	if (r->fd >= 0) {
		mwjson_watch_sample_line(&r->out, &s, p);
		rc = mw_record_write(r->fd, r->o->record, r->out.data,
		    r->out.len, &r->ctx->err);
		mw_buf_reset(&r->out);
		if (rc < 0)
			return rc;
	}
	if (r->tty) {
		text_watch_line(&r->out, time(NULL), k ? prev : NULL, &s,
		    r->ctx->bytes);
		fwrite(r->out.data, 1, r->out.len, stdout);
		fflush(stdout);
	}
	*prev = s;
	return 0;
}

static int
sample_loop(struct run *r)
{
	struct watch_sample prev;
	uint64_t t0 = mw_now_ns();
	int rc = 0;

	memset(&prev, 0, sizeof(prev));
	r->info.end = WATCH_END_INTERRUPTED;
	for (uint64_t k = 0; ; k++) {
		if (k > 0)
			sample_pace(t0, k, r->o->interval);
		if (sample_stopped())
			break;
		rc = take(r, k, t0, &prev);
		if (rc == 0 && r->stk != NULL)
			stacks_tick(r->ctx, r->stk);
		if (rc != 0) {
			if (rc == 1)
				r->info.end = WATCH_END_EXITED;
			break;
		}
		if (r->o->duration > 0 &&
		    (double)(mw_now_ns() - t0) / 1e9 +
		    r->o->interval / 2 >= r->o->duration) {
			r->info.end = WATCH_END_DURATION;
			break;
		}
	}
	return rc < 0 ? rc : 0;
}

static int
watch_print_verdict(struct mw_ctx *ctx, const struct watch_info *i,
    const struct watch *w, const struct stacks_session *stk)
{
	bool with = stk != NULL && stk->has_report;
	struct watch_verdict v;
	struct mw_buf b;
	int rc = 0;

	watch_judge(w, &v);
	if (ctx->json)
		return mwjson_watch_doc(stdout, i, w, &v, with ?
		    mwjson_stacks(&stk->report, &stk->c) : NULL) < 0 ?
		    MW_EXIT_TARGET : MW_EXIT_OK;
	mw_buf_init(&b);
	text_watch_verdict(&b, i, w, &v, ctx->bytes);
	if (with)
		mw_buf_addc(&b, '\n');
	if (fwrite(b.data, 1, b.len, stdout) != b.len)
		rc = MW_EXIT_TARGET;
	mw_buf_free(&b);
	if (with && text_stacks(stdout, &stk->report, &stk->c, ctx->bytes) < 0)
		rc = MW_EXIT_TARGET;
	return rc;
}

static int
run_live(struct mw_ctx *ctx, const struct sample_opts *o)
{
	struct run r = { .ctx = ctx, .o = o, .fd = -1 };
	struct stacks_session stk;
	uint64_t t_start = mw_now_ns();
	int rc;

	memset(&stk, 0, sizeof(stk));
	if (watch_reader_open(&r.rd, &ctx->src, ctx->pid, &ctx->err) < 0)
		return cmd_fail(ctx);
	watch_init(&r.w);
	mw_buf_init(&r.out);
	r.info.pid = ctx->pid;
	r.info.start = r.rd.start;
	memcpy(r.info.comm, r.rd.comm, sizeof(r.info.comm));
	r.info.interval = o->interval;
	r.info.started = time(NULL);
	r.tty = !ctx->json && isatty(STDOUT_FILENO);
	watch_read_room(&r.rd, &r.w);
	rc = 0;
	if (o->record != NULL) {
		r.fd = mw_record_open(o->record, &ctx->err);
		if (r.fd < 0)
			rc = -1;
		else
			mwjson_watch_header_line(&r.out, &r.info, &r.w);
		if (rc == 0 && mw_record_write(r.fd, o->record, r.out.data,
		    r.out.len, &ctx->err) < 0)
			rc = -1;
	}
	if (rc == 0 && o->stacks >= 0) {
		r.stk = &stk;
		if (stacks_begin(ctx, (enum stk_mode)o->stacks, &stk) < 0)
			rc = -1;
	}
	sample_signals(true);
	if (rc == 0)
		rc = sample_loop(&r);
	sample_signals(false);
	if (r.stk != NULL && rc == 0 &&
	    stacks_end(ctx, &stk, r.info.end == WATCH_END_EXITED,
	    (double)(mw_now_ns() - t_start) / 1e9, 5) < 0)
		rc = -1;
	if (r.fd >= 0) {
		mw_buf_reset(&r.out);
		mwjson_watch_end_line(&r.out, &r.info);
		if (rc == 0)
			rc = mw_record_write(r.fd, o->record, r.out.data,
			    r.out.len, &ctx->err);
		close(r.fd);
		if (r.w.samples == 0 && rc < 0)
			unlink(o->record);	/* nothing was recorded */
	}
	if (rc == 0 || r.w.samples > 0) {
		int prc = watch_print_verdict(ctx, &r.info, &r.w, r.stk);

		rc = rc < 0 ? cmd_fail(ctx) : prc;
	} else {
		rc = cmd_fail(ctx);
	}
	if (r.stk != NULL)
		stacks_session_free(&stk);
	mw_buf_free(&r.out);
	watch_free(&r.w);
	watch_reader_close(&r.rd);
	return rc;
}

static const struct mw_opt watch_opts[] = {
	CMD_CALL('i', "interval", "SECONDS",
	    "time between samples (default 1; fractions and\n"
	    "s, m, h suffixes allowed)", sample_opt_interval),
	CMD_CALL('d', "duration", "TIME",
	    "stop after TIME (90, 90s, 5m, 2h; default: until\n"
	    "Ctrl-C or the process exits)", sample_opt_duration),
	CMD_STRING(0, "record", "FILE",
	    "write every sample to FILE as it is taken (NDJSON\n"
	    "\"watch-sample\" lines; FILE must not exist)",
	    struct sample_opts, record),
	CMD_CALL_OPT(0, "stacks", "MODE",
	    "trace the call stacks that grow memory over the\n"
	    "same window and show them under the verdict\n"
	    "(MODE faults, the default, or malloc; see\n"
	    "'memwatch PID stacks --help'; needs root)", sample_opt_stacks),
	CMD_STRING(0, "from", "FILE",
	    "not here: a recording is judged by 'memwatch watch --from FILE'",
	    struct sample_opts, from),
	CMD_OPT_END,
};

static const struct mw_opt watch_from_opts[] = {
	CMD_STRING(0, "from", "FILE",
	    "read the samples from FILE instead of a process",
	    struct sample_opts, from),
	CMD_OPT_END,
};

static int
cmd_watch(struct mw_ctx *ctx, int argc, char **argv)
{
	struct sample_opts o = { .interval = 1, .stacks = -1 };
	int rc = cmd_parse(ctx, &mw_cmd_watch, argc, argv, &o);

	if (rc != CMD_RUN)
		return rc;
	if (sample_opts_check(ctx, &o) != 0)
		return MW_EXIT_USAGE;
	if (o.from != NULL)
		return cmd_usage_error(ctx,
		    "--from judges a recording: 'memwatch watch --from %s', without a pid",
		    o.from);
	return run_live(ctx, &o);
}

static int
cmd_watch_from(struct mw_ctx *ctx, int argc, char **argv)
{
	struct sample_opts o = { .interval = 1, .stacks = -1 };
	struct watch_info i;
	struct watch w;
	int rc = cmd_parse(ctx, &mw_cmd_watch_from, argc, argv, &o);

	if (rc != CMD_RUN)
		return rc;
	if (o.from == NULL)
		return cmd_usage_error(ctx,
		    "watch needs a process ('memwatch PID watch') or a recording (--from FILE)");
	memset(&i, 0, sizeof(i));
	watch_init(&w);
	rc = mwjson_watch_load(o.from, &i, &w, &ctx->err);
	rc = rc < 0 ? cmd_fail(ctx) : watch_print_verdict(ctx, &i, &w, NULL);
	watch_free(&w);
	return rc;
}

const struct mw_cmd mw_cmd_watch = {
	.name = "watch",
	.fn = cmd_watch,
	.summary = "sample the process over time and judge its growth: a leak or not",
	.usage = "memwatch PID watch [-i SECONDS] [-d DURATION] [--record FILE] [--stacks[=MODE]]",
	.opts = watch_opts,
	.notes =
	"The verdict comes at the end (-d reached, Ctrl-C, or the process exits);\n"
	"on a terminal one line per sample comes first. See memwatch(1).\n",
};

const struct mw_cmd mw_cmd_watch_from = {
	.name = "watch",
	.fn = cmd_watch_from,
	.summary = "the verdict of a recording made by 'PID watch --record'",
	.usage = "memwatch watch --from FILE",
	.opts = watch_from_opts,
};
