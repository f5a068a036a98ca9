/* cmd/sysdiff.h: a system diff printed (cmd/sysdiff.c). */
#ifndef MW_CMD_SYSDIFF_H
#define MW_CMD_SYSDIFF_H

struct mw_ctx;
struct sys_snapshot;

/* a then b, as text or JSON; fa, fb the files they came from (NULL: a
 * live reading). Returns the exit status. */
int sysdiff_print(struct mw_ctx *ctx, const struct sys_snapshot *a,
    const struct sys_snapshot *b, const char *fa, const char *fb);
/* Two saved system snapshots compared; the exit status. */
int sysdiff_files(struct mw_ctx *ctx, const char *fa, const char *fb);

#endif
