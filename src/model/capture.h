/* model/capture.h: a copy of the files memwatch reads, as a tree for
 * --proc-root (the same set as samples/capture-proc). */
#ifndef MW_MODEL_CAPTURE_H
#define MW_MODEL_CAPTURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct mw_err;
struct mw_source;

struct capture_skip {
	char *file;		/* relative to the tree: "slabinfo" */
	char *reason;		/* why it could not be read */
};

struct capture_result {
	char **files;		/* written, relative to the tree, in order */
	size_t nfiles;
	uint64_t bytes;		/* their sizes summed */
	struct capture_skip *skipped;	/* unreadable, listed not fatal */
	size_t nskipped;
};

/*
 * The system files, the memory settings, cgroups, the kernel log (live)
 * and each pid's files read from src into a new tree dir: written below a
 * temporary directory beside it and renamed into place when complete
 * (dir missing, empty, or with force an earlier capture). 0, or a
 * negative errno with err filled and nothing of the capture kept; out is
 * the caller's to free with capture_result_free() either way.
 */
int capture_run(struct mw_source *src, const char *dir, const pid_t *pids,
    size_t npids, bool force, struct capture_result *out, struct mw_err *err);
void capture_result_free(struct capture_result *r);

#endif
