/* cmd/stacksession.h: a tracing session, for the commands that trace
 * (PID stacks, PID watch --stacks; cmd/stacksession.c). */
#ifndef MW_CMD_STACKSESSION_H
#define MW_CMD_STACKSESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "model/snapshot.h"
#include "model/stacks.h"
#include "render/stacks_view.h"
#include "trace/stacks.h"
#include "util/buf.h"

struct mw_ctx;

struct stacks_session {
	enum stk_mode mode;
	struct proc_snapshot before;
	bool has_before;
	struct stk_trace *t;
	struct symbolizer *sym;
	struct stk_lib libs[8];
	size_t nlibs;
	struct mw_buf names;
	pid_t *tids;
	size_t ntids;
	/* after stacks_end(): */
	struct stacks_report report;
	struct stacks_context c;
	bool has_report;
};

/* Attach to ctx->pid. 0, or -1 with ctx->err filled. */
int stacks_begin(struct mw_ctx *ctx, enum stk_mode mode,
    struct stacks_session *s);
/* Now and then during the window: trace the threads started since. */
void stacks_tick(struct mw_ctx *ctx, struct stacks_session *s);
/* Read what was traced into s->report and s->c. 0, or -1 with ctx->err. */
int stacks_end(struct mw_ctx *ctx, struct stacks_session *s, bool exited,
    double seconds, size_t top);
void stacks_session_free(struct stacks_session *s);

#endif
