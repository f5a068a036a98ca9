/* cmd/procstream.h: the process-snapshot document, streamed
 * (cmd/procstream.c). */
#ifndef MW_CMD_PROCSTREAM_H
#define MW_CMD_PROCSTREAM_H

struct mw_ctx;
struct numa_maps;

/*
 * The process-snapshot document of ctx->pid, written while it is read:
 * atomically to path, or to standard output when path is NULL; each
 * mapping with its "numa" when numa is not NULL. Returns the exit status.
 */
int procstream_write(struct mw_ctx *ctx, const char *path,
    const struct numa_maps *numa);

#endif
