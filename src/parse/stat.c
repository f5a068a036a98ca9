/* parse/stat.c: /proc/PID/stat fields by position (proc(5)); no I/O. */
#include "config.h"
#include "parse/stat.h"

#include <errno.h>
#include <string.h>

#include "parse/keyline.h"
#include "util/units.h"

/* The last ')' in [p, end), or NULL. */
static const char *
last_paren(const char *p, const char *end)
{
	return p < end ? memrchr(p, ')', (size_t)(end - p)) : NULL;
}

/* The last field store() keeps: those after it are not looked at. */
#define LAST_KEPT 24

/* The fields store() keeps (1-based, as in proc(5)). */
static inline bool
kept(size_t field)
{
	return (field < 32 && ((1u << field) & (1u << 3 | 1u << 4 |
	    1u << 9 | 1u << 10 | 1u << 12 | 1u << 14 | 1u << 15 | 1u << 20 |
	    1u << 22 | 1u << 23 | 1u << 24)));
}

/*
 * A field memwatch does not keep, checked as store() checks it: a number
 * at its start that fits in 64 bits, unsigned or, after a '-', signed.
 * The end of that number, or NULL. Runs too short to overflow are judged
 * by their length.
 */
static const char *
number_end(const char *p, const char *e)
{
	const char *d = p + (p < e && *p == '-');
	const char *q = d;
	uint64_t u;
	int64_t i;

	while (q < e && (unsigned char)(*q - '0') < 10)
		q++;
	if (q == d)
		return NULL;
	if (q - d < (d == p ? 20 : 19))
		return q;
	if (d == p ? mw_parse_u64(p, e, &u, NULL) == 0 :
	    mw_parse_i64(p, e, &i, NULL) == 0)
		return q;
	return NULL;
}

static int
store(struct proc_stat *out, size_t field, const char *p, const char *e)
{
	uint64_t u;

	switch (field) {	/* 1-based as in proc(5) */
	case 3:
		out->state = *p;
		return e - p == 1 ? 0 : -EINVAL;
	case 4:
		return mw_parse_i64(p, e, &out->ppid, NULL);
	case 20:
		return mw_parse_i64(p, e, &out->num_threads, NULL);
	default:	/* kept(): the others below */
		break;
	}
	if (mw_parse_u64(p, e, &u, NULL) < 0)
		return -EINVAL;
	switch (field) {
	case 9: out->flags = u; break;
	case 10: out->minflt = u; break;
	case 12: out->majflt = u; break;
	case 14: out->utime = u; break;
	case 15: out->stime = u; break;
	case 22: out->starttime = u; break;
	case 23: out->vsize = u; break;
	case 24: out->rss = u; break;
	}
	return 0;
}

int
stat_parse(const char *buf, size_t len, struct proc_stat *out)
{
	const char *end = buf + len, *open, *close, *p, *w;
	size_t field;

	memset(out, 0, sizeof(*out));
	open = memchr(buf, '(', len);
	close = open != NULL ? last_paren(open, end) : NULL;
	if (open == NULL || close == NULL || open == buf || open[-1] != ' ')
		return -EINVAL;
	if (mw_parse_i64(buf, open - 1, &out->pid, &p) < 0 || p != open - 1)
		return -EINVAL;
	out->comm = open + 1;
	out->comm_len = (size_t)(close - open - 1);
	field = 2;
	for (p = close + 1; p < end && *p != '\n';) {
		while (p < end && *p == ' ')
			p++;
		if (p == end || *p == '\n')
			break;
		w = p;
		if (kept(++field)) {
			while (p < end && *p != ' ' && *p != '\n')
				p++;
			if (store(out, field, w, p) < 0)
				return -EINVAL;
			if (field == LAST_KEPT)
				break;
			continue;
		}
		/* The others in one pass: their number, then the rest. */
		p = number_end(w, end);
		if (p == NULL)
			return -EINVAL;
		while (p < end && *p != ' ' && *p != '\n')
			p++;
	}
	out->nfields = field;
	return field >= 22 ? 0 : -EINVAL;
}

int
statm_parse(const char *buf, size_t len, uint64_t v[STATM_NR])
{
	const char *p = buf, *end = buf + len;
	int n = 0;

	memset(v, 0, STATM_NR * sizeof(v[0]));
	while (n < STATM_NR) {
		while (p < end && *p == ' ')
			p++;
		if (p == end || *p == '\n')
			break;
		if (mw_parse_u64(p, end, &v[n], &p) < 0 ||
		    (p < end && *p != ' ' && *p != '\n'))
			return -EINVAL;
		n++;
	}
	return n >= 3 ? 0 : -EINVAL;
}

int
syscall_sp(const char *buf, size_t len, uint64_t *sp)
{
	const char *w[9], *we[9], *p = buf, *end = buf + len, *next;
	size_t n = 0;

	if (len > 0 && memchr(buf, '\n', len) != NULL)
		end = memchr(buf, '\n', len);
	while (p < end) {
		while (p < end && *p == ' ')
			p++;
		if (p == end)
			break;
		if (n == 9)
			return -EINVAL;
		w[n] = p;
		while (p < end && *p != ' ')
			p++;
		we[n++] = p;
	}
	if (n != 3 && n != 9)
		return -EINVAL;
	p = w[n - 2];
	if (we[n - 2] - p < 3 || p[0] != '0' || p[1] != 'x' ||
	    mw_parse_x64(p + 2, we[n - 2], sp, &next) < 0 || next != we[n - 2])
		return -EINVAL;
	return 0;
}

int
procstat_btime(const char *buf, size_t len, uint64_t *btime)
{
	return keyline_u64(buf, len, "btime ", btime);
}
