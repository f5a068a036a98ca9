/* cmd/oom.h: what cmd/oom.c and cmd/oom_follow.c share. */
#ifndef MW_CMD_OOM_H
#define MW_CMD_OOM_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

struct mw_ctx;
struct mw_source;

struct cmd_oom_opts {
	const char *file;	/* FILE, or NULL for the kernel log */
	time_t since;
	bool has_since;
	bool follow;
	const char *record;	/* --record DIR */
	double interval;	/* seconds between samples and checks */
	size_t count;		/* --count: exit after this many; 0 never */
};

/* The running kernel's boot time (btime of /proc/stat); 0 or -errno. */
/* --follow: returns the exit status. */
int cmd_oom_follow(struct mw_ctx *ctx, const struct cmd_oom_opts *o);

#endif
