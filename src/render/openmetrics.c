/* render/openmetrics.c: the exposition writer (see openmetrics.h). */
#include "config.h"
#include "render/openmetrics.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "util/escape.h"

void
om_writer_init(struct om_writer *w, struct mw_buf *out, enum om_format fmt)
{
	memset(w, 0, sizeof(*w));
	w->out = out;
	w->fmt = fmt;
	mw_buf_init(&w->tmp);
}

void
om_writer_free(struct om_writer *w)
{
	mw_buf_free(&w->tmp);
}

void
om_family(struct om_writer *w, const char *name, enum om_type type,
    const char *unit, const char *help)
{
	/* Classic names a counter's family with its samples' "_total". */
	const char *suffix = type == OM_COUNTER && w->fmt == OM_TEXT ?
	    "_total" : "";

	snprintf(w->family, sizeof(w->family), "%s", name);
	w->type = type;
	mw_buf_printf(w->out, "# HELP %s%s %s\n", name, suffix, help);
	mw_buf_printf(w->out, "# TYPE %s%s %s\n", name, suffix,
	    type == OM_COUNTER ? "counter" : "gauge");
	if (unit != NULL && w->fmt == OM_OPENMETRICS)
		mw_buf_printf(w->out, "# UNIT %s %s\n", name, unit);
}

void
om_escape_label(struct mw_buf *out, struct mw_buf *tmp, const char *s,
    size_t n)
{
	mw_buf_reset(tmp);
	mw_escape_json(tmp, s, n);	/* valid UTF-8 from here on */
	/*
	 * Control bytes (newline included) as the text \xNN too: never raw
	 * on a terminal; so only '\' and '"' are left to escape.
	 */
	for (size_t i = 0; i < tmp->len; i++) {
		char c = tmp->data[i];

		if ((unsigned char)c < 0x20 || c == 0x7f)
			mw_buf_printf(out, "\\\\x%02x", (unsigned char)c);
		else if (c == '\\')
			mw_buf_add(out, "\\\\", 2);
		else if (c == '"')
			mw_buf_add(out, "\\\"", 2);
		else
			mw_buf_addc(out, c);
	}
}

void
om_sample(struct om_writer *w, const struct om_label *l, size_t nl,
    const char *value)
{
	mw_buf_adds(w->out, w->family);
	if (w->type == OM_COUNTER)
		mw_buf_adds(w->out, "_total");
	for (size_t i = 0; i < nl; i++) {
		mw_buf_addc(w->out, i == 0 ? '{' : ',');
		mw_buf_adds(w->out, l[i].name);
		mw_buf_add(w->out, "=\"", 2);
		om_escape_label(w->out, &w->tmp, l[i].value, l[i].len);
		mw_buf_addc(w->out, '"');
	}
	if (nl > 0)
		mw_buf_addc(w->out, '}');
	mw_buf_addc(w->out, ' ');
	mw_buf_adds(w->out, value);
	mw_buf_addc(w->out, '\n');
}

void
om_sample_u64(struct om_writer *w, const struct om_label *l, size_t nl,
    uint64_t v)
{
	char text[24];

	snprintf(text, sizeof(text), "%" PRIu64, v);
	om_sample(w, l, nl, text);
}

const char *
om_fmt_x1000(char out[24], int v)
{
	unsigned a = v < 0 ? 0u - (unsigned)v : (unsigned)v;
	unsigned frac = a % 1000;
	int digits = 3;

	while (digits > 0 && frac % 10 == 0) {
		frac /= 10;
		digits--;
	}
	if (digits == 0)
		snprintf(out, 24, "%s%u", v < 0 ? "-" : "", a / 1000);
	else
		snprintf(out, 24, "%s%u.%0*u", v < 0 ? "-" : "", a / 1000,
		    digits, frac);
	return out;
}

void
om_sample_x1000(struct om_writer *w, const struct om_label *l, size_t nl,
    int v)
{
	char text[24];

	om_sample(w, l, nl, om_fmt_x1000(text, v));
}

void
om_sample_double(struct om_writer *w, const struct om_label *l, size_t nl,
    double v)
{
	char text[40];

	snprintf(text, sizeof(text), "%.9g", v);
	om_sample(w, l, nl, text);
}

void
om_finish(struct om_writer *w)
{
	if (w->fmt == OM_OPENMETRICS)
		mw_buf_adds(w->out, "# EOF\n");
}

/* "1", "0.5", "0.125" as thousandths; -1 when malformed (RFC 9110 qvalue). */
static int
qvalue(const char *p, const char *end)
{
	int q, scale = 100;

	if (p == end || (*p != '0' && *p != '1'))
		return -1;
	q = (*p++ - '0') * 1000;
	if (p < end && *p == '.')
		for (p++; p < end && *p >= '0' && *p <= '9' && scale > 0; p++) {
			q += (*p - '0') * scale;
			scale /= 10;
		}
	return p == end && q <= 1000 ? q : -1;
}

static const char *
trim(const char *p, const char *end, const char **tail)
{
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	while (end > p && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	*tail = end;
	return p;
}

/* One media range "type/sub; a=b; q=0.5": its quality into *q. */
static void
media_range(const char *p, const char *end, int *om, int *text)
{
	const char *semi = memchr(p, ';', (size_t)(end - p));
	const char *te, *t = trim(p, semi ? semi : end, &te);
	size_t n = (size_t)(te - t);
	int q = 1000;

	while (semi != NULL) {
		const char *pe, *next = memchr(semi + 1, ';',
		    (size_t)(end - semi - 1));
		const char *pp = trim(semi + 1, next ? next : end, &pe);

		if (pe - pp >= 2 && (pp[0] == 'q' || pp[0] == 'Q') && pp[1] == '=')
			q = qvalue(pp + 2, pe);
		semi = next;
	}
	if (q < 0)
		return;
	if (n == 28 && strncasecmp(t, "application/openmetrics-text", n) == 0) {
		if (q > *om)
			*om = q;
	} else if ((n == 10 && strncasecmp(t, "text/plain", n) == 0) ||
	    (n == 6 && strncasecmp(t, "text/*", n) == 0) ||
	    (n == 3 && strncmp(t, "*/*", n) == 0)) {
		if (q > *text)
			*text = q;
	}
}

enum om_format
om_negotiate(const char *accept)
{
	int om = 0, text = 0;
	const char *p = accept, *end;

	if (accept == NULL)
		return OM_TEXT;
	end = accept + strlen(accept);
	while (p < end) {
		const char *comma = memchr(p, ',', (size_t)(end - p));

		media_range(p, comma ? comma : end, &om, &text);
		p = comma ? comma + 1 : end;
	}
	return om > 0 && om >= text ? OM_OPENMETRICS : OM_TEXT;
}

const char *
om_content_type(enum om_format fmt)
{
	switch (fmt) {
	case OM_OPENMETRICS:
		return OM_CT_OPENMETRICS;
	case OM_TEXT:
		return OM_CT_TEXT;
	}
	return OM_CT_TEXT;
}
