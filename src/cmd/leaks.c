/* cmd/leaks.c: every process and slab cache over time, ranked by growth. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "cmd/sampling.h"
#include "model/leaks.h"
#include "model/leaks_read.h"
#include "model/proctable.h"
#include "model/snapshot.h"
#include "model/watch.h"
#include "render/json_leaks.h"
#include "render/text_leaks.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/record.h"
#include "util/time.h"
#include "util/xmalloc.h"

struct hunt {
	struct mw_ctx *ctx;
	const struct sample_opts *o;
	struct leaks l;
	struct watch_info info;
	struct proctable pt;
	struct mw_buf out, buf;
	uint32_t *gone;
	size_t gone_cap, known;
	uint64_t page_size;
	int fd;
	bool tty;
};

static int
record(struct hunt *h)
{
	int rc;

	if (h->fd < 0) {
		mw_buf_reset(&h->out);
		return 0;
	}
	rc = mw_record_write(h->fd, h->o->record, h->out.data, h->out.len,
	    &h->ctx->err);
	mw_buf_reset(&h->out);
	return rc;
}

/* One round: the process table, the slab caches, the recording. */
static int
round_once(struct hunt *h, double t)
{
	size_t np, ngone;
	int ns;

	if (proctable_refresh(&h->pt, NULL, 0, &h->ctx->err) < 0)
		return -1;
	leaks_round_begin(&h->l, t);
	np = leaks_read_procs(&h->l, &h->pt);
	ns = leaks_read_slabs(&h->l, &h->ctx->src, &h->buf, h->page_size);
	if (h->gone_cap < h->l.nlive + 1) {
		h->gone_cap = h->l.nlive + 64;
		h->gone = mw_xreallocarray(h->gone, h->gone_cap,
		    sizeof(*h->gone));
	}
	ngone = leaks_round_end(&h->l, h->gone);
	h->info.watched = t;
	if (h->fd >= 0) {
		mwjson_leaks_round_line(&h->out, &h->l, &h->known, h->gone,
		    ngone);
		if (record(h) < 0)
			return -1;
	}
	if (h->tty) {
		printf("%8.1fs  %zu processes read, %zu exited, %d slab caches%s\n",
		    t, np, ngone, ns < 0 ? 0 : ns,
		    ns == -EACCES ? " (slabinfo needs root)" : "");
		fflush(stdout);
	}
	return 0;
}

static int
hunt_loop(struct hunt *h)
{
	uint64_t t0 = mw_now_ns();

	h->info.end = WATCH_END_INTERRUPTED;
	for (uint64_t k = 0; ; k++) {
		double t;

		if (k > 0)
			sample_pace(t0, k, h->o->interval);
		if (sample_stopped())
			return 0;
		t = (double)(mw_now_ns() - t0) / 1e9;
		if (round_once(h, t) < 0)
			return -1;
		if (h->o->duration > 0 && (double)(mw_now_ns() - t0) / 1e9 +
		    h->o->interval / 2 >= h->o->duration) {
			h->info.end = WATCH_END_DURATION;
			return 0;
		}
	}
}

static int
print_ranked(struct mw_ctx *ctx, const struct watch_info *i,
    const struct leaks *l, uint64_t top)
{
	struct leak_rank *r;
	size_t n = leaks_rank(l, &r);
	struct mw_buf b;
	int rc = MW_EXIT_OK;

	if (ctx->json) {
		if (mwjson_leaks_doc(stdout, i, l, r, n) < 0)
			rc = MW_EXIT_TARGET;
	} else {
		mw_buf_init(&b);
		text_leaks(&b, i, l, r, n, (size_t)top, ctx->bytes);
		if (fwrite(b.data, 1, b.len, stdout) != b.len)
			rc = MW_EXIT_TARGET;
		mw_buf_free(&b);
	}
	free(r);
	return rc;
}

static int
start_record(struct hunt *h)
{
	h->fd = mw_record_open(h->o->record, &h->ctx->err);
	if (h->fd < 0)
		return -1;
	mwjson_leaks_header_line(&h->out, &h->info);
	return record(h);
}

static int
run_live(struct mw_ctx *ctx, const struct sample_opts *o)
{
	struct hunt h = { .ctx = ctx, .o = o, .fd = -1 };
	int rc = 0;

	if (proctable_open(&h.pt, &ctx->src, 0, &ctx->err) < 0)
		return cmd_fail(ctx);
	leaks_init(&h.l);
	mw_buf_init(&h.out);
	mw_buf_init(&h.buf);
	h.page_size = mw_host_page_size(&ctx->src);
	h.info.interval = o->interval;
	h.info.started = time(NULL);
	h.tty = !ctx->json && isatty(STDOUT_FILENO);
	if (o->record != NULL)
		rc = start_record(&h);
	sample_signals(true);
	if (rc == 0)
		rc = hunt_loop(&h);
	sample_signals(false);
	if (h.fd >= 0) {
		mwjson_leaks_end_line(&h.out, &h.info);
		if (record(&h) < 0)
			rc = -1;
		close(h.fd);
	}
	if (rc == 0 || h.l.rounds > 1) {
		int prc = print_ranked(ctx, &h.info, &h.l, o->top);

		rc = rc < 0 ? cmd_fail(ctx) : prc;
	} else {
		rc = cmd_fail(ctx);
	}
	free(h.gone);
	mw_buf_free(&h.out);
	mw_buf_free(&h.buf);
	leaks_free(&h.l);
	proctable_close(&h.pt);
	return rc;
}

static int
run_from(struct mw_ctx *ctx, const struct sample_opts *o)
{
	struct watch_info i;
	struct leaks l;
	int rc;

	memset(&i, 0, sizeof(i));
	leaks_init(&l);
	rc = mwjson_leaks_load(o->from, &i, &l, &ctx->err);
	rc = rc < 0 ? cmd_fail(ctx) : print_ranked(ctx, &i, &l, o->top);
	leaks_free(&l);
	return rc;
}

static int
cmd_leaks(struct mw_ctx *ctx, int argc, char **argv)
{
	struct sample_opts o = { .interval = 1, .top = 20, .stacks = -1 };
	int rc = cmd_parse(ctx, &mw_cmd_leaks, argc, argv, &o);

	if (rc != CMD_RUN)
		return rc;
	if (sample_opts_check(ctx, &o) != 0)
		return MW_EXIT_USAGE;
	if (o.from != NULL)
		return run_from(ctx, &o);
	if (ctx->proc_root != NULL) {
		mw_err_set(&ctx->err, -EINVAL, MW_EXIT_USAGE,
		    "leaks reads the live /proc only (libproc2 cannot read --proc-root %s); drop --proc-root, or judge a recording with --from",
		    ctx->proc_root);
		return MW_EXIT_USAGE;
	}
	return run_live(ctx, &o);
}

static const struct mw_opt leaks_opts[] = {
	CMD_CALL('i', "interval", "SECONDS",
	    "time between rounds (default 1; fractions and\n"
	    "s, m, h suffixes allowed)", sample_opt_interval),
	CMD_CALL('d', "duration", "TIME",
	    "stop after TIME (90, 90s, 5m, 2h; default: until\n"
	    "Ctrl-C)", sample_opt_duration),
	CMD_STRING(0, "record", "FILE",
	    "write every round to FILE as it is taken (NDJSON\n"
	    "\"watch-sample\" lines; FILE must not exist)",
	    struct sample_opts, record),
	CMD_STRING(0, "from", "FILE",
	    "rank a recording instead of this machine",
	    struct sample_opts, from),
	CMD_CALL(0, "top", "N",
	    "text: at most N ranked rows (default 20, 0: all)", sample_opt_top),
	CMD_OPT_END,
};

const struct mw_cmd mw_cmd_leaks = {
	.name = "leaks",
	.fn = cmd_leaks,
	.summary = "every process and slab cache over time, ranked by steady growth",
	.usage = "memwatch leaks [-i SECONDS] [-d DURATION] [--record FILE | --from FILE] [--top N]",
	.opts = leaks_opts,
	.notes =
	"Slab caches need /proc/slabinfo, which only root can read.\n",
};
