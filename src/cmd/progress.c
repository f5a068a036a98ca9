/* cmd/progress.c: what long work is doing, on a terminal's stderr only. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "util/buf.h"
#include "util/escape.h"
#include "util/time.h"
#include "util/units.h"

/* A file read or written at this size takes long enough to say so. */
#define PROGRESS_FILE_MIN ((off_t)8 << 20)

static bool shown;		/* a progress line is on the terminal */

/* The line, escaped, over the last one (\r, then erase to its end). */
static void
put_line(const char *text)
{
	struct mw_buf b;

	mw_buf_init(&b);
	mw_buf_adds(&b, "\rmemwatch: ");
	mw_escape_term(&b, text, strlen(text));
	mw_buf_adds(&b, "\033[K");
	(void)!write(STDERR_FILENO, b.data, b.len);
	mw_buf_free(&b);
	shown = true;
}

void
cmd_progress(const char *fmt, ...)
{
	char text[512];
	va_list ap;

	if (!isatty(STDERR_FILENO))
		return;
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	put_line(text);
}

void
cmd_progress_done(void)
{
	if (shown)
		(void)!write(STDERR_FILENO, "\r\033[K", 4);
	shown = false;
}

void
cmd_sleep_progress(double seconds, const char *what)
{
	uint64_t end = mw_now_ms() + (uint64_t)(seconds * 1000.0);

	if (seconds < 2 || !isatty(STDERR_FILENO)) {
		mw_sleep(seconds);
		return;
	}
	for (uint64_t now = mw_now_ms(); now < end; now = mw_now_ms()) {
		uint64_t left = end - now;

		cmd_progress("%s: %llu s left of %g s", what,
		    (unsigned long long)((left + 999) / 1000), seconds);
		mw_sleep((double)(left < 1000 ? left : 1000) / 1000.0);
	}
	cmd_progress_done();
}

void
cmd_progress_file(const char *verb, const char *path)
{
	char size[MW_FMT_BYTES_LEN];
	struct stat st;

	if (!isatty(STDERR_FILENO) || stat(path, &st) != 0 ||
	    st.st_size < PROGRESS_FILE_MIN)
		return;
	cmd_progress("%s %s (%s)...", verb, path,
	    mw_fmt_bytes(size, (uint64_t)st.st_size, false));
}
