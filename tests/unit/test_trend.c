/* tests/unit/test_trend.c: model/trend.c against series of known shape. */
#include "config.h"

#include <math.h>

#include "model/trend.h"
#include "tap.h"

#define MIB (1024.0 * 1024)
#define NMAX 400

/* A repeatable noise in [-1, 1]. */
static double
noise(unsigned *state)
{
	*state = *state * 1103515245u + 12345u;
	return ((*state >> 8) & 0xffff) / 32767.5 - 1;
}

enum shape { LINE, FLAT, SPIKE, PLATEAU, SAW, SAW_RISING, SAW_PHASE, SHRINK,
    OUTLIERS };

/* n points 0.2 s apart of a shape around 100 MiB; rate in bytes/s. */
static void
make(enum shape sh, size_t n, double rate, double amp, double *t, double *v)
{
	unsigned st = 42;

	for (size_t i = 0; i < n; i++) {
		double x = 0.2 * (double)i, y = 100 * MIB;

		t[i] = x;
		switch (sh) {
		case LINE:
			y += rate * x;
			break;
		case FLAT:
			break;
		case SPIKE:
			y += i == n * 3 / 4 ? 50 * MIB : 0;
			break;
		case PLATEAU:
			y += rate * fmin(x, 3.0);
			break;
		case SAW:
			y += rate * fmod(x, 2.0);
			break;
		case SAW_RISING:
			y += rate * fmod(x, 2.0) + rate * 0.5 * floor(x / 2.0);
			break;
		case SAW_PHASE:	/* sampled later in each cycle */
			y += rate * fmod(x + 0.05 * floor(x / 2.0), 2.0);
			break;

		case SHRINK:
			y -= rate * x;
			break;
		case OUTLIERS:
			y += rate * x + (i % 5 == 0 ? 30 * MIB : 0);
			break;
		}
		v[i] = y + amp * noise(&st);
	}
}

static const struct {
	const char *name;
	enum shape sh;
	size_t n;
	double rate, amp;
	enum trend_verdict want;
} cases[] = {
	/* the sample after each fall lands a little later in its cycle */
	{ "sawtooth_phase_drift", SAW_PHASE, 60, 8 * MIB, 0, TREND_SAWTOOTH },
	{ "leak_with_noise", LINE, 50, 2 * MIB, 1 * MIB, TREND_GROWING },
	{ "slow_leak_long_watch", LINE, 300, 4096, 16384, TREND_GROWING },
	{ "exact_line", LINE, 20, 1 * MIB, 0, TREND_GROWING },
	{ "flat_noise", FLAT, 100, 0, 2 * MIB, TREND_FLAT },
	{ "flat_exact", FLAT, 30, 0, 0, TREND_FLAT },
	{ "spike_is_not_a_leak", SPIKE, 50, 0, 0, TREND_FLAT },
	{ "spike_in_noise", SPIKE, 50, 0, 32768, TREND_FLAT },
	{ "cache_plateau", PLATEAU, 50, 4 * MIB, 64 * 1024, TREND_LEVELLED },
	{ "sawtooth", SAW, 60, 8 * MIB, 64 * 1024, TREND_SAWTOOTH },
	{ "sawtooth_rising_floor", SAW_RISING, 60, 8 * MIB, 0, TREND_GROWING },
	{ "shrinking", SHRINK, 50, 1 * MIB, 64 * 1024, TREND_SHRINKING },
	{ "one_in_five_wild", OUTLIERS, 60, 1 * MIB, 0, TREND_GROWING },
	/* twelve noisy points of a leak: its last four prove no plateau */
	{ "short_noisy_leak", LINE, 12, 2 * MIB, 1 * MIB, TREND_GROWING },
	{ "too_few_points", LINE, 5, 1 * MIB, 0, TREND_NOT_ENOUGH },
	{ "weak_trend_in_noise", LINE, 12, 20 * 1024, 2 * MIB,
	    TREND_NOT_ENOUGH },
};

static void
test_cases(void)
{
	static double t[NMAX], v[NMAX];
	struct trend_judgement j;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		make(cases[i].sh, cases[i].n, cases[i].rate, cases[i].amp, t, v);
		trend_judge(t, v, cases[i].n, &j);
		if (!ok(j.verdict == cases[i].want, "%s: %s", cases[i].name,
		    trend_verdict_key(cases[i].want)))
			tap_diag("got %s: slope %.0f [%.0f, %.0f] conf %.4f "
			    "tail %.0f falls %zu", trend_verdict_key(j.verdict),
			    j.all.slope, j.all.lo, j.all.hi, j.all.confidence,
			    j.tail.slope, j.falls);
	}
}

/* The leak's slope within 10% of its rate, and inside its interval. */
static void
test_slope(void)
{
	static double t[NMAX], v[NMAX];
	struct trend_judgement j;
	double rate = 2 * MIB;

	make(LINE, 50, rate, 1 * MIB, t, v);
	trend_judge(t, v, 50, &j);
	ok(fabs(j.all.slope - rate) < 0.1 * rate, "noisy leak: slope %.0f "
	    "within 10%% of %.0f", j.all.slope, rate);
	ok(j.all.lo <= rate && rate <= j.all.hi && j.all.lo < j.all.hi,
	    "noisy leak: interval [%.0f, %.0f] holds the rate", j.all.lo,
	    j.all.hi);
	ok(j.all.confidence > 0.9999, "noisy leak: confidence %.6f",
	    j.all.confidence);
	make(LINE, 20, rate, 0, t, v);
	trend_judge(t, v, 20, &j);
	ok(fabs(j.all.slope - rate) < 1e-6 * rate, "exact line: exact slope");
	is_u64(j.ups, 19, "exact line: every step up");
	make(OUTLIERS, 60, rate / 2, 0, t, v);
	trend_judge(t, v, 60, &j);
	ok(fabs(j.all.slope - rate / 2) < 0.1 * rate / 2,
	    "a fifth of the points 30 MiB high: slope %.0f still the rate",
	    j.all.slope);
	make(SPIKE, 50, 0, 0, t, v);
	trend_judge(t, v, 50, &j);
	ok(j.all.slope == 0, "one spike: slope 0");
	make(LINE, 5, rate, 0, t, v);
	trend_judge(t, v, 5, &j);
	ok(j.more_seconds > 0.9 && j.more_seconds < 1.1,
	    "five points 0.2 s apart: watch 1 s more (%.2f)", j.more_seconds);
}

static void
test_fit_errors(void)
{
	double t[3] = { 1, 1, 1 }, v[3] = { 1, 2, 3 };
	struct trend_fit f;
	struct trend_judgement j;

	ok(trend_fit(t, v, 1, &f) < 0, "one point: no fit");
	ok(trend_fit(t, v, 3, &f) < 0, "no time passed: no fit");
	trend_judge(t, v, 0, &j);
	ok(j.verdict == TREND_NOT_ENOUGH && j.more_seconds > 0,
	    "no points: not enough, watch more");
}

/* Hours of samples: bounded, and the slope kept. */
static void
test_series(void)
{
	struct trend_series s;
	struct trend_judgement j;
	unsigned st = 7;

	trend_series_init(&s, 64);
	for (int i = 0; i < 3600; i++)
		trend_series_add(&s, i, 50 * MIB + 1000.0 * i +
		    200000 * noise(&st));
	ok(s.n <= 64 && s.added == 3600, "3600 points kept in %zu", s.n);
	trend_series_judge(&s, &j);
	ok(j.verdict == TREND_GROWING && fabs(j.all.slope - 1000) < 100,
	    "series: growing at %.0f B/s", j.all.slope);
	ok(fabs(j.all.span - 3599) < 64, "series: span %.0f s kept",
	    j.all.span);
	trend_series_free(&s);
	trend_series_init(&s, 1);
	ok(s.cap == 4, "a tiny cap is raised to 4");
	trend_series_free(&s);
}

static void
test_names(void)
{
	for (int v = 0; v < TREND_VERDICT_NR; v++)
		ok(trend_verdict_by_key(trend_verdict_key(v)) == v,
		    "key %s round trip", trend_verdict_key(v));
	ok(trend_verdict_by_key("leak") == -1, "unknown key");
	ok(trend_verdict_mark(TREND_GROWING) == '+', "growing mark");
}

int
main(void)
{
	test_cases();
	test_slope();
	test_fit_errors();
	test_series();
	test_names();
	return tap_done();
}
