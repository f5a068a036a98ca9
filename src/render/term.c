/* render/term.c: terminal width, colour and wrapping for text output. */
#include "config.h"
#include "render/term.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "util/buf.h"
#include "util/escape.h"
#include "util/units.h"

size_t
term_width(FILE *f, size_t fallback)
{
	struct winsize ws;
	const char *cols = getenv("COLUMNS");
	uint64_t v;

	if (isatty(fileno(f)) && ioctl(fileno(f), TIOCGWINSZ, &ws) == 0 &&
	    ws.ws_col > 0)
		return ws.ws_col;
	if (cols != NULL && mw_parse_u64_str(cols, &v) == 0 && v >= 20 &&
	    v <= 1000)
		return (size_t)v;
	return fallback;
}

void
term_sgr(struct mw_buf *out, bool color, const char *sgr)
{
	if (color)
		mw_buf_adds(out, sgr);
}

int
term_flush(struct mw_buf *out, FILE *f)
{
	if (out->len > 0 && fwrite(out->data, 1, out->len, f) != out->len)
		return errno != 0 ? -errno : -EIO;
	mw_buf_reset(out);
	return 0;
}

void
term_wrap_lead(struct mw_buf *out, const char *lead, const char *text,
    size_t len, size_t width, size_t indent)
{
	const char *p = text, *end = text + len;
	size_t col = mw_text_width(lead, strlen(lead));
	bool fresh = true;	/* no word on this line yet */

	if (width < indent + 20)
		width = indent + 20;
	mw_buf_adds(out, lead);
	for (; col < indent; col++)
		mw_buf_addc(out, ' ');
	while (p < end) {
		const char *w = p;
		size_t ww;

		while (w < end && *w != ' ')
			w++;
		ww = mw_text_width(p, (size_t)(w - p));
		if (!fresh && col + 1 + ww > width) {
			mw_buf_addc(out, '\n');
			for (col = 0; col < indent; col++)
				mw_buf_addc(out, ' ');
			fresh = true;
		}
		if (!fresh) {
			mw_buf_addc(out, ' ');
			col++;
		}
		mw_buf_add(out, p, (size_t)(w - p));
		col += ww;
		fresh = false;
		p = w;
		while (p < end && *p == ' ')
			p++;
	}
	mw_buf_addc(out, '\n');
}

void
term_wrap(struct mw_buf *out, const char *text, size_t len, size_t width,
    size_t indent)
{
	term_wrap_lead(out, "", text, len, width, indent);
}

bool
term_fits(FILE *f)
{
	return isatty(fileno(f)) || getenv("COLUMNS") != NULL;
}
