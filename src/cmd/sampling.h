/* cmd/sampling.h: what watch and leaks share (cmd/sampling.c): their
 * options, Ctrl-C and the pace of the samples. */
#ifndef MW_CMD_SAMPLING_H
#define MW_CMD_SAMPLING_H

#include <stdbool.h>
#include <stdint.h>

struct mw_ctx;

struct sample_opts {
	double interval;	/* -i: seconds between samples */
	double duration;	/* -d: 0 until Ctrl-C (or the process exits) */
	const char *record;	/* --record FILE */
	const char *from;	/* --from FILE */
	uint64_t top;		/* leaks --top: 0 all */
	int stacks;		/* watch --stacks: enum stk_mode, -1 none */
};

/* Option table callbacks (struct mw_opt fn) over a struct sample_opts. */
int sample_opt_interval(struct mw_ctx *ctx, void *opts, const char *arg);
int sample_opt_duration(struct mw_ctx *ctx, void *opts, const char *arg);
int sample_opt_top(struct mw_ctx *ctx, void *opts, const char *arg);
int sample_opt_stacks(struct mw_ctx *ctx, void *opts, const char *arg);
/* --from and --record together: a usage error; else 0. */
int sample_opts_check(struct mw_ctx *ctx, const struct sample_opts *o);

/* SIGINT and SIGTERM end the sampling (on) or the program (off). */
void sample_signals(bool on);
bool sample_stopped(void);
/* Sleep until t0 + k intervals (a late sample does not shift the rest). */
void sample_pace(uint64_t t0_ns, uint64_t k, double interval);

#endif
