/* cmd/sampling.c: the options, signals and pacing of watch and leaks. */
#include "config.h"

#include "cmd/sampling.h"

#include <signal.h>
#include <string.h>

#include "cmd/cmd.h"
#include "trace/stacks.h"
#include "util/time.h"
#include "util/units.h"

int
sample_opt_interval(struct mw_ctx *ctx, void *opts, const char *arg)
{
	struct sample_opts *o = opts;

	if (mw_parse_duration(arg, &o->interval) < 0 || o->interval < 0.05 ||
	    o->interval > 86400)
		return cmd_usage_error(ctx,
		    "-i takes seconds from 0.05 to 86400 (s, m, h suffixes allowed), not '%s'",
		    arg);
	return 0;
}

int
sample_opt_duration(struct mw_ctx *ctx, void *opts, const char *arg)
{
	struct sample_opts *o = opts;

	if (mw_parse_duration(arg, &o->duration) < 0 || o->duration <= 0)
		return cmd_usage_error(ctx,
		    "-d takes a duration above 0 (90, 90s, 5m, 2h), not '%s'",
		    arg);
	return 0;
}

int
sample_opt_top(struct mw_ctx *ctx, void *opts, const char *arg)
{
	struct sample_opts *o = opts;

	return cmd_parse_count(ctx, "--top", "a number of rows (0: all)", 0,
	    UINT64_MAX, arg, &o->top);
}

int
sample_opt_stacks(struct mw_ctx *ctx, void *opts, const char *arg)
{
	struct sample_opts *o = opts;

	if (arg == NULL || strcmp(arg, "faults") == 0)
		o->stacks = STK_FAULTS;
	else if (strcmp(arg, "malloc") == 0)
		o->stacks = STK_MALLOC;
	else
		return cmd_usage_error(ctx,
		    "--stacks takes faults or malloc, not '%s'", arg);
	return 0;
}

int
sample_opts_check(struct mw_ctx *ctx, const struct sample_opts *o)
{
	if (o->from != NULL && o->record != NULL)
		return cmd_usage_error(ctx,
		    "--from reads a recording and --record writes one; give one of them");
	return 0;
}

static volatile sig_atomic_t sample_stop;

static void
on_stop(int sig)
{
	sample_stop = sig;
}

void
sample_signals(bool on)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on ? on_stop : SIG_DFL;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	if (on)
		sample_stop = 0;
}

bool
sample_stopped(void)
{
	return sample_stop != 0;
}

void
sample_pace(uint64_t t0_ns, uint64_t k, double interval)
{
	double due = (double)t0_ns / 1e9 + (double)k * interval;
	double now = (double)mw_now_ns() / 1e9;

	if (due > now)
		mw_sleep(due - now);
}
