/* model/trend.h: is a series of memory amounts growing? Pure: no I/O.
 *
 * The slope is Theil–Sen's: the median of the slopes between every pair of
 * points, so one spike, or a few, moves it little (up to 29% of the points
 * can be wild before it follows them). Its 95% interval is Sen's, from the
 * ranks of those slopes around the median given by the Mann–Kendall
 * statistic's variance (ties corrected). The Mann–Kendall test says how
 * sure an upward trend is: S counts pairs that went up minus pairs that
 * went down; its normal approximation gives the one-sided p-value, and
 * "confidence" is 1 - p.
 *
 * trend_judge() turns that into a verdict with these rules, in order:
 *   not enough   fewer than TREND_MIN_POINTS points
 *   sawtooth     at least two falls of half the range or more, each after a
 *                rise over several points (a collector, an arena reused);
 *                if, over three falls or more, the low point after each
 *                is higher than the one before, by 40% of the range in
 *                all, the floor rises: growing
 *   levelled     confidence >= TREND_SURE, a rise (the median of the last
 *                third of the points less that of the first third) above
 *                the noise floor, and the last third moved less than 15%
 *                of that rise (a steady trend moves about half as much in
 *                its last third), and less than half of it at the top of
 *                its slope's interval
 *   flat         the slope over the span moves less than the noise floor,
 *                max(TREND_FLOOR_BYTES, TREND_FLOOR_SHARE of the median)
 *   growing      confidence >= TREND_SURE and the slope's interval above 0
 *   shrinking    the same downwards
 *   not enough   otherwise (a trend not yet certain): watch as long again
 *
 * A series is kept bounded: trend_series holds at most cap points; when
 * full, neighbours are merged in pairs (means of time and value) and later
 * points are averaged in groups of the same size, so hours of samples cost
 * a fixed amount of memory and a fit costs at most cap^2 / 2 slopes.
 */
#ifndef MW_MODEL_TREND_H
#define MW_MODEL_TREND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TREND_MIN_POINTS 10
#define TREND_SURE 0.99		/* Mann–Kendall confidence for a trend */
#define TREND_FLOOR_BYTES (64.0 * 1024)
#define TREND_FLOOR_SHARE 0.001
#define TREND_CAP_DEFAULT 240

enum trend_verdict {
	TREND_NOT_ENOUGH,
	TREND_FLAT,
	TREND_GROWING,		/* growing steadily */
	TREND_LEVELLED,		/* grew, then levelled off */
	TREND_SAWTOOTH,
	TREND_SHRINKING,
	TREND_VERDICT_NR
};

struct trend_fit {
	size_t n;
	double span;		/* seconds from the first point to the last */
	double slope;		/* units per second (Theil–Sen) */
	double lo, hi;		/* its 95% interval */
	double s;		/* Mann–Kendall S */
	double z;		/* its normal score, continuity corrected */
	double confidence;	/* of an upward trend: 1 - p (one-sided) */
	double first, last, min, max, median;
};

struct trend_judgement {
	enum trend_verdict verdict;
	struct trend_fit all;	/* every point */
	struct trend_fit tail;	/* the last third (n 0 when too short) */
	size_t ups;		/* steps that went up */
	size_t steps;		/* steps in all */
	size_t falls;		/* sawtooth falls */
	double floor;		/* the noise floor used, in units */
	double more_seconds;	/* not enough: watch at least this much more */
};

/*
 * Fit t[0..n) (seconds, ascending) and v[0..n). Returns 0, or -EINVAL when
 * n < 2 or the span is 0 (out zeroed but n and the levels).
 */
int trend_fit(const double *t, const double *v, size_t n,
    struct trend_fit *out);
/* The verdict over the series, with the rules above. */
void trend_judge(const double *t, const double *v, size_t n,
    struct trend_judgement *j);
/* Mann–Kendall's confidence of a trend, downwards for shrinking and
 * upwards for every other verdict (0..1). */
double trend_confidence(const struct trend_judgement *j);

/* "growing", "levelled", "sawtooth", "flat", "shrinking", "not-enough". */
const char *trend_verdict_key(enum trend_verdict v);
/* "growing steadily", "grew, then levelled off", ... */
const char *trend_verdict_text(enum trend_verdict v);
/* The verdict for a key, or -1. */
int trend_verdict_by_key(const char *key);
/* One character for tables: '+' growing, '^' levelled, '~' sawtooth,
 * '=' flat, '-' shrinking, '?' not enough. */
char trend_verdict_mark(enum trend_verdict v);

/* A bounded series (the struct owns t and v). */
struct trend_series {
	double *t, *v;
	size_t n, cap;		/* cap even, at least 4 */
	size_t group;		/* points averaged into one (1, 2, 4, ...) */
	double acc_t, acc_v;	/* the group being averaged */
	size_t acc_n;
	size_t added;		/* points ever added */
};

void trend_series_init(struct trend_series *s, size_t cap);
void trend_series_free(struct trend_series *s);
void trend_series_add(struct trend_series *s, double t, double v);
/* The series as kept (a group being averaged is not in it yet). */
void trend_series_judge(const struct trend_series *s,
    struct trend_judgement *j);

#endif
