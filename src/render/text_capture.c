/* render/text_capture.c: what a capture wrote, in words. */
#include "config.h"

#include "render/capture.h"

#include <errno.h>
#include <string.h>

#include "model/capture.h"
#include "util/buf.h"
#include "util/escape.h"
#include "util/units.h"

int
text_capture(FILE *f, const char *dir, const struct capture_result *r,
    bool bytes)
{
	char sz[MW_FMT_BYTES_LEN];
	struct mw_buf t, d;

	mw_buf_init(&t);
	mw_buf_init(&d);
	mw_escape_term(&d, dir, strlen(dir));
	fprintf(f, "Captured %zu files (%s) into %s\n", r->nfiles,
	    mw_fmt_bytes(sz, r->bytes, bytes), d.data);
	for (size_t i = 0; i < r->nskipped; i++) {
		const char *why = r->skipped[i].reason;

		mw_buf_reset(&t);
		mw_escape_term(&t, why, strlen(why));
		fprintf(f, "  skipped: %s\n", t.data);
	}
	fprintf(f, "Read it back with: memwatch --proc-root %s system\n",
	    d.data);
	mw_buf_free(&t);
	mw_buf_free(&d);
	return ferror(f) ? -EIO : 0;
}
