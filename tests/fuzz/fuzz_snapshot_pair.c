/* tests/fuzz/fuzz_snapshot_pair.c: diff A B's side-by-side reading
 * (render/json_proc_pair.c), which leaves out the mappings the same in
 * both, gives the diff that reading every mapping of both gives.
 *
 * The input is A, a NUL byte, then B (no NUL: B is A). Both are written to
 * memory files and read both ways; the return codes, the messages, the
 * kinds read and the diff documents (unchanged mappings counted, not
 * listed) must agree. A disagreement aborts.
 */
#define _GNU_SOURCE
#include "config.h"

#include <stdint.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <jansson.h>

#include "model/diff.h"
#include "model/snapshot.h"
#include "render/diff_view.h"
#include "render/json.h"
#include "render/json_diff.h"
#include "render/json_proc_pair.h"
#include "util/buf.h"
#include "util/err.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const kinds[] = { "process-snapshot", "system-snapshot",
    NULL };

struct way {
	int rc;
	bool bsys, asys;
	size_t same;
	struct mw_err err;
	struct mw_buf doc;	/* the diff, as JSON text */
};

/* A memory file holding p[0..n), and its path; -1 on failure. */
static int
memfile(const char *p, size_t n, char *path, size_t len)
{
	int fd = memfd_create("fuzz-pair", MFD_CLOEXEC);

	if (fd < 0)
		return -1;
	if (n > 0 && write(fd, p, n) != (ssize_t)n) {
		close(fd);
		return -1;
	}
	snprintf(path, len, "/proc/self/fd/%d", fd);
	return fd;
}

static void
read_way(const char *pa, const char *pb, bool keep_all, struct way *w)
{
	struct proc_snapshot b, a;
	struct proc_diff pd;
	struct diff_view view = { .before_file = pa, .after_file = pb,
	    .interval = -1 };
	json_t *doc;

	memset(w, 0, sizeof(*w));
	mw_err_clear(&w->err);
	mw_buf_init(&w->doc);
	w->rc = mwjson_proc_pair_read(pa, pb, kinds, keep_all, &b, &w->bsys,
	    &a, &w->asys, &w->same, &w->err);
	if (w->rc == 0 && !w->bsys && !w->asys) {
		proc_diff_compute(&pd, &b, &a);
		pd.vmas.count[DIFF_SAME] += w->same;
		doc = mwjson_diff(&pd, &view);
		mwjson_dump_line(doc, &w->doc);
		json_decref(doc);
		proc_diff_free(&pd);
	}
	snapshot_free(&a);
	snapshot_free(&b);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *nul = memchr(p, '\0', size);
	size_t na = nul != NULL ? (size_t)(nul - p) : size;
	char pa[64], pb[64];
	int fa, fb;
	struct way one, all;

	fa = memfile(p, na, pa, sizeof(pa));
	fb = nul != NULL ? memfile(nul + 1, size - na - 1, pb, sizeof(pb)) :
	    memfile(p, na, pb, sizeof(pb));
	if (fa >= 0 && fb >= 0) {
		read_way(pa, pb, false, &one);
		read_way(pa, pb, true, &all);
		if (one.rc != all.rc || (one.rc == 0 &&
		    (one.bsys != all.bsys || one.asys != all.asys)) ||
		    strcmp(one.err.msg, all.err.msg) != 0 ||
		    one.doc.len != all.doc.len ||
		    memcmp(one.doc.data, all.doc.data, one.doc.len) != 0) {
			fprintf(stderr, "disagreement: rc %d/%d, kinds %d%d/%d%d, \"%s\" / \"%s\"\n%.*s\n%.*s\n",
			    one.rc, all.rc, one.bsys, one.asys, all.bsys,
			    all.asys, one.err.msg, all.err.msg,
			    (int)one.doc.len, one.doc.data, (int)all.doc.len,
			    all.doc.data);
			abort();
		}
		mw_buf_free(&one.doc);
		mw_buf_free(&all.doc);
	}
	if (fa >= 0)
		close(fa);
	if (fb >= 0)
		close(fb);
	return 0;
}
