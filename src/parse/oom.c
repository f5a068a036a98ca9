/* parse/oom.c: kernel log lines to OOM reports: prefixes and stamps; no I/O.
 *
 * Each line loses its prefix here (kmsg record header, syslog or ISO
 * stamp and host, dmesg's bracketed stamps) and its time is kept; the
 * text goes to oom_parse_text() (parse/oom_body.c).
 */
#include "config.h"
#include "parse/oom.h"

#include <errno.h>
#include <string.h>

#include "parse/oom_int.h"
#include "util/arena.h"
#include "util/units.h"

static const char months[12][4] = {
	"Jan", "Feb", "Mar", "Apr", "May", "Jun",
	"Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
};

const char *
oom_constraint_name(enum oom_constraint c)
{
	switch (c) {
	case OOM_CONSTRAINT_NONE:
		return "CONSTRAINT_NONE";
	case OOM_CONSTRAINT_CPUSET:
		return "CONSTRAINT_CPUSET";
	case OOM_CONSTRAINT_MEMORY_POLICY:
		return "CONSTRAINT_MEMORY_POLICY";
	case OOM_CONSTRAINT_MEMCG:
		return "CONSTRAINT_MEMCG";
	case OOM_CONSTRAINT_UNKNOWN:
		break;
	}
	return NULL;
}

struct oom_text
oom_text(struct oom_state *st, const char *p, const char *e)
{
	struct oom_text t;

	t.n = (size_t)(e - p);
	t.s = mw_arena_strndup(st->arena, p, t.n);
	return t;
}

void *
oom_push(struct oom_state *st, void **v, size_t len, size_t *cap, size_t sz)
{
	if (len == *cap) {
		size_t ncap = *cap ? *cap * 2 : 8;
		void *nv = mw_arena_alloc(st->arena, ncap * sz);

		if (len > 0)
			memcpy(nv, *v, len * sz);
		*v = nv;
		*cap = ncap;
	}
	memset((char *)*v + len * sz, 0, sz);
	return (char *)*v + len * sz;
}

struct oom_report *
oom_new_report(struct oom_state *st, bool header)
{
	struct oom_log *log = st->log;
	struct oom_report *r;

	r = oom_push(st, (void **)&log->v, log->len, &log->cap, sizeof(*r));
	log->len++;
	r->when = st->when;
	r->first_line = r->last_line = st->line;
	r->has_header = header;
	r->all_unreclaimable = -1;
	st->cur = r;
	st->mode = OOM_MODE_NONE;
	st->ncol = 0;
	return r;
}

/* Exactly n digits at p into *v. */
static bool
digits(const char *p, const char *e, int n, int *v)
{
	int x = 0;

	if (e - p < n)
		return false;
	for (int i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return false;
		x = x * 10 + (p[i] - '0');
	}
	*v = x;
	return true;
}

/* "HH:MM:SS" then an optional fraction; returns the end or NULL. */
static const char *
clock_time(const char *p, const char *e, struct oom_when *w)
{
	if (!digits(p, e, 2, &w->hour) || e - p < 8 || p[2] != ':' ||
	    !digits(p + 3, e, 2, &w->min) || p[5] != ':' ||
	    !digits(p + 6, e, 2, &w->sec))
		return NULL;
	p += 8;
	if (p < e && (*p == '.' || *p == ','))
		for (p++; p < e && *p >= '0' && *p <= '9'; p++)
			;
	return p;
}

static int
month(const char *p, const char *e)
{
	if (e - p < 4 || p[3] != ' ')
		return 0;
	for (int i = 0; i < 12; i++)
		if (memcmp(p, months[i], 3) == 0)
			return i + 1;
	return 0;
}

/* "May 19 18:14:43" (syslog); returns the end or NULL. */
static const char *
syslog_stamp(const char *p, const char *e, struct oom_when *w)
{
	int m = month(p, e), d;

	if (m == 0 || e - p < 15)
		return NULL;
	p += 4;
	if (*p == ' ' && digits(p + 1, e, 1, &d))
		p += 2;
	else if (digits(p, e, 2, &d))
		p += 2;
	else
		return NULL;
	if (p >= e || *p != ' ' || (p = clock_time(p + 1, e, w)) == NULL)
		return NULL;
	w->mon = m;
	w->mday = d;
	w->has_wall = true;
	return p;
}

/* "2025-05-19T18:14:43.123+00:00" or with "Z"; the end or NULL. */
static const char *
iso_stamp(const char *p, const char *e, struct oom_when *w)
{
	int oh, om;

	if (e - p < 19 || !digits(p, e, 4, &w->year) || p[4] != '-' ||
	    !digits(p + 5, e, 2, &w->mon) || p[7] != '-' ||
	    !digits(p + 8, e, 2, &w->mday) || (p[10] != 'T' && p[10] != ' '))
		return NULL;
	if ((p = clock_time(p + 11, e, w)) == NULL)
		return NULL;
	w->has_wall = w->has_year = true;
	if (p < e && *p == 'Z') {
		w->has_tz = true;
		return p + 1;
	}
	if (p < e && (*p == '+' || *p == '-') && digits(p + 1, e, 2, &oh)) {
		const char *q = p + 3;

		if (q < e && *q == ':')
			q++;
		if (digits(q, e, 2, &om)) {
			w->utc_off = (oh * 3600 + om * 60) *
			    (*p == '-' ? -1 : 1);
			w->has_tz = true;
			return q + 2;
		}
	}
	return p;
}

/* "HOST kernel: " after a stamp: the text after it, or NULL (not the
 * kernel's line). */
static const char *
after_kernel_tag(const char *p, const char *e)
{
	const char *q;

	if (p >= e || *p != ' ')
		return NULL;
	p++;
	q = memchr(p, ' ', (size_t)(e - p));
	if (q == NULL)
		return NULL;
	q++;
	if (e - q >= 7 && memcmp(q, "kernel:", 7) == 0)
		return q + 7 < e && q[7] == ' ' ? q + 8 : q + 7;
	return NULL;
}

/* "[ 12.345678]" or "[Tue Dec  8 17:51:31 2025]" and caller ids. */
static const char *
brackets(const char *p, const char *e, struct oom_when *w)
{
	while (p < e && *p == '[') {
		const char *c = memchr(p, ']', (size_t)(e - p));
		const char *q = lex_skip_blank(p + 1, c ? c : e);
		uint64_t s, frac = 0, scale = 1;

		if (c == NULL)
			break;
		if (q < c && *q >= '0' && *q <= '9' &&
		    mw_parse_u64(q, c, &s, &q) == 0 && q < c && *q == '.') {
			/* a fraction: table rows ("[  476]") have none */
			for (q++; q < c && *q >= '0' && *q <= '9' &&
			    scale < 1000000000; q++) {
				frac = frac * 10 + (uint64_t)(*q - '0');
				scale *= 10;
			}
			if (q != c)
				break;
			w->mono = (double)s + (double)frac / (double)scale;
			w->has_mono = true;
		} else if (c - q == 24 && month(q + 4, c) != 0) {
			if (syslog_stamp(q + 4, c, w) == NULL ||
			    !digits(q + 20, c, 4, &w->year))
				break;
			w->has_year = true;
		} else if (!(q < c && (*q == 'T' || *q == 'C'))) {
			break;	/* not a stamp: "[  pid  ]" and the like */
		}
		p = c + 1;
	}
	if (p < e && *p == ' ')
		p++;
	return p;
}

/*
 * A /dev/kmsg record "prio,seq,usec,flags;text": the text, or NULL when
 * the line is not one.
 */
static const char *
kmsg_record(const char *p, const char *e, struct oom_when *w)
{
	uint64_t prio, seq, usec;
	const char *q = p;

	if (mw_parse_u64(q, e, &prio, &q) < 0 || q >= e || *q != ',' ||
	    mw_parse_u64(q + 1, e, &seq, &q) < 0 || q >= e || *q != ',' ||
	    mw_parse_u64(q + 1, e, &usec, &q) < 0 || q >= e || *q != ',')
		return NULL;
	q = memchr(q, ';', (size_t)(e - q));
	if (q == NULL || q - p > 64)
		return NULL;
	w->mono = (double)usec / 1e6;
	w->has_mono = true;
	w->seq = seq;
	w->has_seq = true;
	return q + 1;
}

/* kmsg's text with "\xNN" undone, fed line by line (it may hold "\n"). */
static void
kmsg_text(struct oom_state *st, const char *p, const char *e)
{
	char *buf, *o;
	const char *ls;

	if (memchr(p, '\\', (size_t)(e - p)) == NULL) {
		oom_parse_text(st, p, lex_rtrim(p, e));
		return;
	}
	buf = o = mw_arena_alloc(st->arena, (size_t)(e - p) + 1);
	while (p < e) {
		if (e - p >= 4 && p[0] == '\\' && p[1] == 'x' &&
		    mw_hex_digit1[(unsigned char)p[2]] &&
		    mw_hex_digit1[(unsigned char)p[3]]) {
			*o++ = (char)((mw_hex_digit1[(unsigned char)p[2]] - 1) *
			    16 + mw_hex_digit1[(unsigned char)p[3]] - 1);
			p += 4;
		} else {
			*o++ = *p++;
		}
	}
	for (const char *q = buf; q < o;) {
		const char *le;

		q = lex_line(q, o, &ls, &le);
		oom_parse_text(st, ls, le);
	}
}

/* One input line: its prefix off, its stamp kept, its text read. */
static void
one_line(struct oom_state *st, const char *p, const char *e, bool *kmsg)
{
	struct oom_when w;
	const char *t;

	memset(&w, 0, sizeof(w));
	if ((t = kmsg_record(p, e, &w)) != NULL) {
		*kmsg = true;
		st->when = w;
		kmsg_text(st, t, e);
		return;
	}
	if (*kmsg && p < e && *p == ' ')
		return;		/* a record's dictionary line */
	if ((t = syslog_stamp(p, e, &w)) != NULL ||
	    (t = iso_stamp(p, e, &w)) != NULL) {
		const char *k = after_kernel_tag(t, e);

		if (k == NULL && w.has_year && t < e && *t == ' ')
			k = t + 1;	/* dmesg --time-format=iso */
		if (k == NULL)
			return;		/* another program's line */
		t = k;
	} else {
		t = p;
		if (t < e && *t == '<') {	/* dmesg -r: "<6>" */
			const char *c = memchr(t, '>', (size_t)(e - t));

			if (c != NULL && c - t <= 4)
				t = c + 1;
		}
	}
	t = brackets(t, e, &w);
	st->when = w;
	oom_parse_text(st, t, lex_rtrim(t, e));
}

int
oom_parse(const char *buf, size_t len, struct mw_arena *arena,
    struct oom_log *out)
{
	struct oom_state st;
	const char *p = buf, *end = buf + len, *lp, *le;
	bool kmsg = false;

	memset(out, 0, sizeof(*out));
	memset(&st, 0, sizeof(st));
	st.arena = arena;
	st.log = out;
	while (p < end) {
		p = lex_line(p, end, &lp, &le);
		st.line++;
		one_line(&st, lp, le, &kmsg);
	}
	out->lines = st.line;
	return 0;
}
