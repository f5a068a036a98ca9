/* model/trend.c: Theil–Sen slope, Mann–Kendall test and the verdicts. */
#include "config.h"
#include "model/trend.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util/xmalloc.h"

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Mann–Kendall's variance of S, with the correction for tied values. */
static double
mk_variance(const double *v, size_t n)
{
	double *s = mw_xmalloc(n * sizeof(*s));
	double var = (double)n * (n - 1) * (2.0 * n + 5);
	size_t i = 0;

	memcpy(s, v, n * sizeof(*s));
	qsort(s, n, sizeof(*s), cmp_double);
	while (i < n) {
		size_t k = i + 1;

		while (k < n && s[k] == s[i])
			k++;
		if (k - i > 1) {
			double tt = (double)(k - i);

			var -= tt * (tt - 1) * (2 * tt + 5);
		}
		i = k;
	}
	free(s);
	return var / 18.0;
}

static void
fit_levels(const double *v, size_t n, struct trend_fit *f)
{
	double *s;

	f->n = n;
	if (n == 0)
		return;
	f->first = v[0];
	f->last = v[n - 1];
	f->min = f->max = v[0];
	for (size_t i = 1; i < n; i++) {
		if (v[i] < f->min)
			f->min = v[i];
		if (v[i] > f->max)
			f->max = v[i];
	}
	s = mw_xmalloc(n * sizeof(*s));
	memcpy(s, v, n * sizeof(*s));
	qsort(s, n, sizeof(*s), cmp_double);
	f->median = n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
	free(s);
}

/* The k-th (0-based) of the sorted slopes, clamped to the range. */
static double
rank_at(const double *s, size_t m, double k)
{
	if (k < 0)
		k = 0;
	if (k > (double)(m - 1))
		k = (double)(m - 1);
	return s[(size_t)llround(k)];
}

int
trend_fit(const double *t, const double *v, size_t n, struct trend_fit *out)
{
	double *sl, s = 0, var, c;
	size_t m = 0;

	memset(out, 0, sizeof(*out));
	fit_levels(v, n, out);
	if (n < 2 || !(t[n - 1] > t[0]))
		return -EINVAL;
	out->span = t[n - 1] - t[0];
	sl = mw_xmalloc(n * (n - 1) / 2 * sizeof(*sl));
	for (size_t i = 0; i + 1 < n; i++) {
		for (size_t k = i + 1; k < n; k++) {
			s += (v[k] > v[i]) - (v[k] < v[i]);
			if (t[k] > t[i])
				sl[m++] = (v[k] - v[i]) / (t[k] - t[i]);
		}
	}
	if (m == 0) {
		free(sl);
		return -EINVAL;
	}
	qsort(sl, m, sizeof(*sl), cmp_double);
	out->slope = m % 2 ? sl[m / 2] : (sl[m / 2 - 1] + sl[m / 2]) / 2;
	out->s = s;
	var = mk_variance(v, n);
	if (var > 0) {
		out->z = s > 0 ? (s - 1) / sqrt(var) :
		    s < 0 ? (s + 1) / sqrt(var) : 0;
		/* Sen's interval: ranks (m -+ 1.96 sqrt(var)) / 2. */
		c = 1.959964 * sqrt(var);
		out->lo = rank_at(sl, m, (m - c) / 2 - 1);
		out->hi = rank_at(sl, m, (m + c) / 2);
	} else {
		out->lo = out->hi = out->slope;
	}
	out->confidence = 1 - 0.5 * erfc(out->z / sqrt(2.0));
	free(sl);
	return 0;
}

/*
 * A rise over several points (none of them half the range: a spike rises
 * in one step), then a fall of half the range or more.
 */
static size_t
count_falls(const double *v, size_t n, double range, double *troughs,
    size_t *ntroughs)
{
	size_t falls = 0, rises = 0;
	double big = 0;

	*ntroughs = 0;
	for (size_t i = 1; i < n; i++) {
		double d = v[i] - v[i - 1];

		if (d <= -0.5 * range) {
			if (rises >= 2 && big < 0.5 * range) {
				falls++;
				troughs[(*ntroughs)++] = v[i];
			}
			rises = 0;
			big = 0;
		} else if (d > 0) {
			rises++;
			big = d > big ? d : big;
		}
	}
	return falls;
}

/* Sawtooth, or growing when each trough is above the one before. */
static bool
judge_sawtooth(const double *v, size_t n, struct trend_judgement *j)
{
	double *tr = mw_xmalloc(n * sizeof(*tr));
	double range = j->all.max - j->all.min;
	size_t nt;
	bool rising = true;

	j->falls = range >= j->floor ? count_falls(v, n, range, tr, &nt) : 0;
	if (j->falls < 2) {
		free(tr);
		return false;
	}
	for (size_t i = 1; i < nt; i++)
		if (!(tr[i] > tr[i - 1]))
			rising = false;
	/* a floor that rises over three cycles or more by 40% of the range:
	 * not the jitter of where in a cycle the sample after a fall lands,
	 * which a loaded machine makes large */
	j->verdict = rising && nt >= 3 && tr[nt - 1] - tr[0] >= j->floor &&
	    tr[nt - 1] - tr[0] >= 0.4 * range ? TREND_GROWING : TREND_SAWTOOTH;
	free(tr);
	return true;
}

static double
median_of(const double *v, size_t n)
{
	struct trend_fit f;

	memset(&f, 0, sizeof(f));
	fit_levels(v, n, &f);
	return f.median;
}

/*
 * Up, sure, and the last third moved less than 15% of the rise before it
 * (a steady trend moves about half as much in its last third as in the
 * two before), and less than half of it at the top of its interval:
 * levelled off.
 */
static bool
judge_levelled(const double *t, const double *v, size_t n, double rise,
    struct trend_judgement *j)
{
	size_t k = n - n / 3;

	if (n - k < 5 || trend_fit(t + k, v + k, n - k, &j->tail) < 0)
		return false;
	/* and surely so: a few noisy points are no plateau */
	if (j->tail.slope * j->tail.span >= 0.15 * rise ||
	    j->tail.hi * j->tail.span >= 0.5 * rise)
		return false;
	j->verdict = TREND_LEVELLED;
	return true;
}

static void
judge_trend(const double *t, const double *v, size_t n,
    struct trend_judgement *j)
{
	const struct trend_fit *a = &j->all;
	double moved = a->slope * a->span;
	/* the middle of the last third against that of the first */
	double rise = median_of(v + n - n / 3, n / 3) - median_of(v, n / 3);

	if (a->confidence >= TREND_SURE && rise >= j->floor &&
	    judge_levelled(t, v, n, rise, j))
		return;
	if (fabs(moved) < j->floor) {
		j->verdict = TREND_FLAT;
		return;
	}
	if (moved < 0) {
		j->verdict = 1 - a->confidence >= TREND_SURE && a->hi < 0 ?
		    TREND_SHRINKING : TREND_NOT_ENOUGH;
	} else if (a->confidence >= TREND_SURE && a->lo > 0) {
		j->verdict = TREND_GROWING;
	} else {
		j->verdict = TREND_NOT_ENOUGH;
	}
	if (j->verdict == TREND_NOT_ENOUGH)
		j->more_seconds = a->span;
}

void
trend_judge(const double *t, const double *v, size_t n,
    struct trend_judgement *j)
{
	memset(j, 0, sizeof(*j));
	j->verdict = TREND_NOT_ENOUGH;
	for (size_t i = 1; i < n; i++) {
		j->steps++;
		j->ups += v[i] > v[i - 1];
	}
	if (trend_fit(t, v, n, &j->all) < 0 || n < TREND_MIN_POINTS) {
		double step = n >= 2 && t[n - 1] > t[0] ?
		    (t[n - 1] - t[0]) / (double)(n - 1) : 1;

		j->more_seconds = step * (double)(TREND_MIN_POINTS -
		    (n < TREND_MIN_POINTS ? n : TREND_MIN_POINTS - 1));
		return;
	}
	j->floor = fmax(TREND_FLOOR_BYTES,
	    TREND_FLOOR_SHARE * fabs(j->all.median));
	if (judge_sawtooth(v, n, j))
		return;
	judge_trend(t, v, n, j);
}

double
trend_confidence(const struct trend_judgement *j)
{
	switch (j->verdict) {
	case TREND_SHRINKING:
		return 1 - j->all.confidence;
	case TREND_GROWING:
	case TREND_LEVELLED:
	case TREND_NOT_ENOUGH:
	case TREND_FLAT:
	case TREND_SAWTOOTH:
	case TREND_VERDICT_NR:
		break;
	}
	return j->all.confidence;
}

static const struct {
	const char *key, *text;
	char mark;
} verdicts[TREND_VERDICT_NR] = {
	[TREND_NOT_ENOUGH] = { "not-enough", "not enough data", '?' },
	[TREND_FLAT] = { "flat", "flat", '=' },
	[TREND_GROWING] = { "growing", "growing steadily", '+' },
	[TREND_LEVELLED] = { "levelled", "grew, then levelled off", '^' },
	[TREND_SAWTOOTH] = { "sawtooth", "sawtooth", '~' },
	[TREND_SHRINKING] = { "shrinking", "shrinking", '-' },
};

const char *
trend_verdict_key(enum trend_verdict v)
{
	return v < TREND_VERDICT_NR ? verdicts[v].key : "?";
}

const char *
trend_verdict_text(enum trend_verdict v)
{
	return v < TREND_VERDICT_NR ? verdicts[v].text : "?";
}

int
trend_verdict_by_key(const char *key)
{
	for (int i = 0; i < TREND_VERDICT_NR; i++)
		if (strcmp(verdicts[i].key, key) == 0)
			return i;
	return -1;
}

char
trend_verdict_mark(enum trend_verdict v)
{
	return v < TREND_VERDICT_NR ? verdicts[v].mark : '?';
}

void
trend_series_init(struct trend_series *s, size_t cap)
{
	memset(s, 0, sizeof(*s));
	s->cap = cap < 4 ? 4 : cap + cap % 2;
	s->t = mw_xmalloc(s->cap * sizeof(*s->t));
	s->v = mw_xmalloc(s->cap * sizeof(*s->v));
	s->group = 1;
}

void
trend_series_free(struct trend_series *s)
{
	free(s->t);
	free(s->v);
	s->t = s->v = NULL;
	s->n = 0;
}

/* Full: merge neighbours in pairs, and average twice as many from now. */
static void
series_halve(struct trend_series *s)
{
	for (size_t i = 0; i < s->n / 2; i++) {
		s->t[i] = (s->t[2 * i] + s->t[2 * i + 1]) / 2;
		s->v[i] = (s->v[2 * i] + s->v[2 * i + 1]) / 2;
	}
	s->n /= 2;
	s->group *= 2;
}

void
trend_series_add(struct trend_series *s, double t, double v)
{
	s->added++;
	s->acc_t += t;
	s->acc_v += v;
	if (++s->acc_n < s->group)
		return;
	if (s->n == s->cap)
		series_halve(s);
	s->t[s->n] = s->acc_t / (double)s->acc_n;
	s->v[s->n] = s->acc_v / (double)s->acc_n;
	s->n++;
	s->acc_t = s->acc_v = 0;
	s->acc_n = 0;
}

void
trend_series_judge(const struct trend_series *s, struct trend_judgement *j)
{
	double *t, *v;
	size_t n = s->n;

	if (s->acc_n == 0) {
		trend_judge(s->t, s->v, s->n, j);
		return;
	}
	t = mw_xmalloc((n + 1) * sizeof(*t));
	v = mw_xmalloc((n + 1) * sizeof(*v));
	if (n > 0) {
		memcpy(t, s->t, n * sizeof(*t));
		memcpy(v, s->v, n * sizeof(*v));
	}
	t[n] = s->acc_t / (double)s->acc_n;
	v[n] = s->acc_v / (double)s->acc_n;
	trend_judge(t, v, n + 1, j);
	free(t);
	free(v);
}
