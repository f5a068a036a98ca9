/* model/watch_read.h: the reads behind a watch, through the source.
 *
 * A struct watch_reader keeps the buffers reused from one sample to the
 * next. Errors are the source's: -ENOENT the process is gone, -EACCES
 * denied (the message says to run as root or with CAP_SYS_PTRACE).
 */
#ifndef MW_MODEL_WATCH_READ_H
#define MW_MODEL_WATCH_READ_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "util/arena.h"
#include "util/buf.h"

struct mw_err;
struct mw_source;
struct watch;
struct watch_sample;

struct watch_reader {
	const struct mw_source *src;
	pid_t pid;
	uint64_t start;		/* stat's start time: identity */
	char comm[64];		/* raw bytes, NUL-terminated */
	struct mw_buf buf;
	struct mw_arena arena;
};

/* Identity (start time, command) of pid; 0 or -errno with err filled. */
int watch_reader_open(struct watch_reader *r, const struct mw_source *src,
    pid_t pid, struct mw_err *err);
void watch_reader_close(struct watch_reader *r);
/*
 * smaps_rollup into s (s->t is the caller's); -ENOENT also when the pid
 * now belongs to another process (another start time).
 */
int watch_read_sample(struct watch_reader *r, struct watch_sample *s,
    struct mw_err *err);
/* smaps, summed into the watch's places at time t. */
int watch_read_places(struct watch_reader *r, struct watch *w, double t,
    struct mw_err *err);
/* MemAvailable and the memory cgroup's limit (the lowest one set on the
 * way up), where readable, into w; nothing is an error here. */
void watch_read_room(struct watch_reader *r, struct watch *w);

#endif
