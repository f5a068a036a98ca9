/* cmd/watchcmd.h: what watch and leaks share (cmd/watch.c). */
#ifndef MW_CMD_WATCHCMD_H
#define MW_CMD_WATCHCMD_H

#include <stdbool.h>
#include <stdint.h>

struct mw_cmd;
struct mw_ctx;
struct watch;
struct watch_info;

/* -i, -d, --record, --from, --top (top NULL: refused), --stacks[=MODE]
 * (stacks NULL: refused; else enum stk_mode), -h: 0, -1 after --help, or
 * MW_EXIT_USAGE. */
int watch_parse_opts(struct mw_ctx *ctx, const struct mw_cmd *cmd, int argc,
    char **argv, double *interval, double *duration, const char **record,
    const char **from, uint64_t *top, int *stacks);
/* SIGINT and SIGTERM end the sampling (on) or the program again (off). */
void watch_signals(bool on);
bool watch_stopped(void);
/* Sleep until t0_ns (monotonic) + k intervals. */
void watch_pace(uint64_t t0_ns, uint64_t k, double interval);
/* The verdict of w, as text or JSON, with the stacks traced beside it
 * (stk may be NULL); the exit status. */
struct stacks_session;
int watch_print_verdict(struct mw_ctx *ctx, const struct watch_info *i,
    const struct watch *w, const struct stacks_session *stk);

#endif
