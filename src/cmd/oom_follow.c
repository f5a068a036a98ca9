/* cmd/oom_follow.c: oom --follow: new kills as they happen.
 *
 * The kernel log is polled from its end; oom_kill in /proc/vmstat going
 * up also wakes the reader (a report may still be arriving). A kill is
 * printed once the log has been quiet for a moment, so that the whole
 * report (and oom.group's kills) is in. With --record, samples of the
 * machine are taken every interval into a ring, and each kill is written
 * to DIR with its report and the samples before it.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "cmd/oom.h"
#include "model/oom.h"
#include "model/oom_ring.h"
#include "parse/keyline.h"
#include "render/oom.h"
#include "render/term.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/time.h"

#define PENDING_MAX ((size_t)8 << 20)
#define RING_SAMPLES 30

static volatile sig_atomic_t follow_signal;

static void
on_signal(int sig)
{
	follow_signal = sig;
}

struct follow {
	struct mw_ctx *ctx;
	const struct cmd_oom_opts *o;
	int fd;
	struct mw_buf pending;	/* records since the last complete report */
	uint64_t last_seq;	/* of the last report printed */
	bool has_last;
	size_t printed;
	struct oom_ring ring;
	struct oom_clock clk;
};

static int
vmstat_oom_kill(const struct mw_source *src, uint64_t *v)
{
	struct mw_buf b;
	int rc;

	mw_buf_init(&b);
	rc = mw_source_read(src, "vmstat", &b, NULL);
	if (rc == 0)
		rc = keyline_u64(b.data, b.len, "oom_kill", v);
	mw_buf_free(&b);
	return rc;
}

/* The lines first..last (1-based) of text. */
static void
lines(const struct mw_buf *text, size_t first, size_t last,
    const char **p, size_t *n)
{
	const char *s = text->data, *end = s + text->len, *a = NULL;
	size_t line = 1;

	*p = s;
	*n = 0;
	for (const char *q = s; q < end && line <= last; line++) {
		const char *nl = memchr(q, '\n', (size_t)(end - q));
		const char *le = nl ? nl + 1 : end;

		if (line == first)
			a = q;
		if (line == last && a != NULL) {
			*p = a;
			*n = (size_t)(le - a);
		}
		q = le;
	}
}

static int
record(struct follow *f, const struct oom_event *e)
{
	char path[4096], t[MW_RFC3339_LEN];
	const char *rep;
	size_t n;

	mw_rfc3339(t, e->has_when ? e->when : time(NULL));
	snprintf(path, sizeof(path), "%s/oom-%s-%" PRId64 ".json",
	    f->o->record, t, e->victim ? e->victim->pid : (int64_t)0);
	lines(&f->pending, e->r->first_line, e->r->last_line, &rep, &n);
	return render_oom_record(path, e, rep, n, &f->ring, &f->ctx->err);
}

static int
print_event(struct follow *f, const struct oom_event *e)
{
	struct mw_ctx *ctx = f->ctx;
	struct oom_events one = { (struct oom_event *)e, 1 };
	int rc;

	if (ctx->json) {
		rc = render_oom_json_line(stdout, &one, "the kernel log",
		    ctx->bytes);
	} else {
		rc = render_oom_text(stdout, &one, "the kernel log",
		    ctx->bytes, ctx->use_color, term_width(stdout, 80));
		if (rc == 0)
			rc = fputc('\n', stdout) == EOF ? -EIO : 0;
	}
	fflush(stdout);
	if (rc < 0)
		return mw_err_set(&ctx->err, -EIO, MW_EXIT_TARGET,
		    "cannot write the report (output error); check the output");
	if (f->o->record != NULL && record(f, e) < 0)
		return -EIO;
	return 0;
}

/* Print the complete reports not printed yet; drop what is done. */
static int
handle(struct follow *f)
{
	struct mw_arena arena;
	struct oom_log log;
	struct oom_events ev;
	bool open_tail;
	int rc = 0;

	mw_arena_init(&arena);
	oom_parse(f->pending.data, f->pending.len, &arena, &log);
	oom_events_build(&log, &f->clk, 0, false, &ev);
	for (size_t i = ev.len; i-- > 0 && rc == 0;) {	/* oldest first */
		struct oom_event *e = &ev.v[i];
		uint64_t seq = e->r->when.seq;

		if (f->has_last && seq <= f->last_seq)
			continue;
		if (f->o->record != NULL)
			oom_ring_explain(&f->ring, &e->findings);
		rc = print_event(f, e);
		f->last_seq = seq;
		f->has_last = true;
		f->printed++;
		if (f->o->count > 0 && f->printed >= f->o->count)
			break;
	}
	open_tail = log.len > 0 && log.v[log.len - 1].nkills == 0 &&
	    !log.v[log.len - 1].no_killable;
	oom_events_free(&ev);
	mw_arena_free(&arena);
	if ((!open_tail && rc == 0) || f->pending.len > PENDING_MAX)
		mw_buf_reset(&f->pending);
	return rc;
}

/* Read what the log has, then until it stays quiet for 300 ms (at most
 * 3 s): a report is many records. */
static int
drain(struct follow *f)
{
	for (int rounds = 0; rounds < 10; rounds++) {
		struct pollfd p = { f->fd, POLLIN, 0 };
		ssize_t n = mw_source_kmsg_read(&f->ctx->src, f->fd,
		    &f->pending, &f->ctx->err);

		if (n < 0)
			return (int)n;
		if (poll(&p, 1, 300) <= 0)
			break;
	}
	return 0;
}

static int
loop(struct follow *f)
{
	uint64_t seen = 0, now_kills;
	bool has_seen = vmstat_oom_kill(&f->ctx->src, &seen) == 0;
	uint64_t next = mw_now_ms();
	int rc = 0;

	while (!follow_signal && rc == 0 &&
	    (f->o->count == 0 || f->printed < f->o->count)) {
		struct pollfd p = { f->fd, POLLIN, 0 };
		uint64_t now = mw_now_ms();
		int wait = 1000;
		bool kill = false;

		if (f->o->record != NULL && now >= next) {
			oom_ring_sample(&f->ring, &f->ctx->src);
			next = now + (uint64_t)(f->o->interval * 1000);
		}
		if (f->o->record != NULL && next > now && next - now < 1000)
			wait = (int)(next - now);
		if (poll(&p, 1, wait) > 0)
			kill = true;
		if (has_seen &&
		    vmstat_oom_kill(&f->ctx->src, &now_kills) == 0 &&
		    now_kills != seen) {
			seen = now_kills;
			kill = true;
		}
		if (!kill)
			continue;
		if ((rc = drain(f)) == 0)
			rc = handle(f);
	}
	return rc;
}

int
cmd_oom_follow(struct mw_ctx *ctx, const struct cmd_oom_opts *o)
{
	struct follow f;
	struct sigaction sa;
	struct stat st;
	bool is_file;
	int rc;

	if (o->record != NULL && (stat(o->record, &st) < 0 ||
	    !S_ISDIR(st.st_mode)))
		return mw_err_set(&ctx->err, -ENOTDIR, MW_EXIT_USAGE,
		    "--record needs an existing directory, not '%s'; create it first",
		    o->record), MW_EXIT_USAGE;
	memset(&f, 0, sizeof(f));
	f.ctx = ctx;
	f.o = o;
	f.fd = mw_source_kmsg_open(&ctx->src, &is_file, &ctx->err);
	if (f.fd < 0)
		return cmd_fail(ctx);
	if (is_file) {
		close(f.fd);
		return cmd_usage_error(ctx,
		    "--follow reads the running kernel's log, not a captured tree");
	}
	mw_source_kmsg_seek_end(f.fd);
	f.clk.now = time(NULL);
	f.clk.has_boot = oom_boot_time(&ctx->src, &f.clk.boot) == 0;
	mw_buf_init(&f.pending);
	oom_ring_init(&f.ring, RING_SAMPLES);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	rc = loop(&f);
	oom_ring_free(&f.ring);
	mw_buf_free(&f.pending);
	close(f.fd);
	if (rc < 0)
		return cmd_fail(ctx);
	return MW_EXIT_OK;
}
