/* cmd/procstream.c: the process-snapshot document written while smaps
 * is read; snapshot and show --json share it. */
#include "config.h"

#include "cmd/procstream.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "cmd/cmd.h"
#include "model/snapshot.h"
#include "render/json_numa.h"
#include "render/json_proc.h"
#include "util/atomic.h"
#include "util/buf.h"

/* Where the document goes: a file (-o), begun at the first flush. */
struct dest {
	struct mw_ctx *ctx;
	const char *path;	/* NULL: standard output */
	struct mw_atomic file;
	bool begun;
};

static int
flush_dest(struct mw_buf *out, void *arg)
{
	struct dest *d = arg;
	int rc;

	if (d->path == NULL)
		return cmd_flush_stdout(out, NULL);
	rc = 0;
	if (!d->begun) {
		rc = mw_atomic_begin(&d->file, d->path, &d->ctx->err);
		d->begun = rc == 0;
	}
	if (rc == 0)
		rc = mw_atomic_write(&d->file, out->data, out->len,
		    &d->ctx->err);
	mw_buf_reset(out);
	return rc;
}

static int
each_vma(const struct proc_snapshot *snap, const struct vma *v, void *arg)
{
	return mwjson_stream_vma(arg, snap, v);
}

/*
 * The document is written while smaps is read, a mapping at a time, so
 * memory stays flat however many mappings there are. A file is renamed
 * into place only when the snapshot is complete; on standard output a
 * large document is on its way when a failure (the process exited
 * midway) is found, and the exit status says it is incomplete.
 */
int
procstream_write(struct mw_ctx *ctx, const char *path,
    const struct numa_maps *numa)
{
	struct proc_snapshot snap;
	struct mwjson_stream js;
	struct mw_buf text;
	struct dest d;
	int rc;

	memset(&d, 0, sizeof(d));
	d.ctx = ctx;
	d.path = path;
	mw_buf_init(&text);
	mwjson_stream_init(&js, &text, flush_dest, &d);
	if (numa != NULL)
		mwjson_stream_set_tail(&js, mwjson_numa_tail, (void *)numa);
	rc = snapshot_stream(&ctx->src, ctx->pid, 0, &snap, each_vma, &js,
	    &ctx->err);
	if (rc == 0) {
		rc = mwjson_stream_end(&js, &snap);
		snapshot_free(&snap);
	}
	if (rc == 0 && d.begun)
		rc = mw_atomic_commit(&d.file, &ctx->err);
	if (d.begun)
		mw_atomic_abort(&d.file);	/* after commit: nothing */
	mwjson_stream_free(&js);
	mw_buf_free(&text);
	if (rc < 0 && ctx->err.msg[0] == '\0')
		return MW_EXIT_TARGET;	/* standard output failed */
	return rc < 0 ? cmd_fail(ctx) : MW_EXIT_OK;
}
