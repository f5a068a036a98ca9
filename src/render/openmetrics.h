/* render/openmetrics.h: the Prometheus exposition formats, written into a
 * struct mw_buf; pure formatting, no I/O.
 *
 * Two variants of one text: OpenMetrics 1.0.0 (HELP, TYPE and UNIT lines,
 * counters' samples named FAMILY_total, "# EOF" at the end) and the classic
 * Prometheus text format 0.0.4 (HELP and TYPE only, no end marker). A
 * family is written whole before the next one starts: om_family(), then
 * its samples.
 *
 * Label values are untrusted bytes: they are made valid UTF-8 first with
 * util/escape.h's JSON rule ('\' doubled, invalid bytes as "\xNN"), and
 * control bytes (C0, newline included, and DEL) become "\xNN" as well, so
 * a value never holds a raw control character; then the text is escaped as
 * the format asks ('\' as "\\", '"' as "\""). The original bytes can be
 * recovered from the label value by undoing "\\" and "\xNN".
 */
#ifndef MW_RENDER_OPENMETRICS_H
#define MW_RENDER_OPENMETRICS_H

#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

enum om_format {
	OM_OPENMETRICS,		/* application/openmetrics-text 1.0.0 */
	OM_TEXT,		/* text/plain 0.0.4 */
};

enum om_type { OM_GAUGE, OM_COUNTER };

#define OM_CT_OPENMETRICS \
	"application/openmetrics-text; version=1.0.0; charset=utf-8"
#define OM_CT_TEXT "text/plain; version=0.0.4; charset=utf-8"

struct om_label {
	const char *name;	/* a valid label name (ours, never input) */
	const char *value;	/* untrusted bytes */
	size_t len;
};

struct om_writer {
	struct mw_buf *out;	/* appended to; not owned */
	enum om_format fmt;
	struct mw_buf tmp;	/* escaping scratch */
	char family[128];	/* the family being written */
	enum om_type type;
};

void om_writer_init(struct om_writer *w, struct mw_buf *out,
    enum om_format fmt);
void om_writer_free(struct om_writer *w);

/*
 * Start a family: name without "_total" for a counter; unit (OpenMetrics
 * only, may be NULL) must be the name's last part ("bytes", "seconds").
 * help is constant text without '\', '"' or newlines.
 */
void om_family(struct om_writer *w, const char *name, enum om_type type,
    const char *unit, const char *help);
/* One sample of the current family; value is the number's text. */
void om_sample(struct om_writer *w, const struct om_label *l, size_t nl,
    const char *value);
void om_sample_u64(struct om_writer *w, const struct om_label *l, size_t nl,
    uint64_t v);
/* A kernel value scaled by 1000 (-1000 .. 1000) as the ratio it stands for. */
void om_sample_x1000(struct om_writer *w, const struct om_label *l,
    size_t nl, int v);
void om_sample_double(struct om_writer *w, const struct om_label *l,
    size_t nl, double v);
/* The end: "# EOF\n" in OpenMetrics, nothing in the classic format. */
void om_finish(struct om_writer *w);

/* Append the escaped form of a label value s[0..n) to out. */
void om_escape_label(struct mw_buf *out, struct mw_buf *tmp, const char *s,
    size_t n);
/* "0.816", "-1", "0.05": v / 1000 in the fewest digits, exactly. */
const char *om_fmt_x1000(char out[24], int v);

/*
 * The format an HTTP Accept header asks for: OpenMetrics when it names
 * application/openmetrics-text with a quality above zero and not below
 * text/plain's (or the wildcards'), else the classic format. NULL: classic.
 */
enum om_format om_negotiate(const char *accept);
const char *om_content_type(enum om_format fmt);

#endif
