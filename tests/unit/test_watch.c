/* tests/unit/test_watch.c: model/watch.c, model/leaks.c and the duration
 * parser. */
#include "config.h"

#include <errno.h>
#include <math.h>

#include "model/leaks.h"
#include "model/watch.h"
#include "parse/smaps.h"
#include "tap.h"
#include "util/units.h"

#define MIB ((uint64_t)1 << 20)

static void
test_duration(void)
{
	double d;

	ok(mw_parse_duration("90", &d) == 0 && d == 90, "duration 90");
	ok(mw_parse_duration("90s", &d) == 0 && d == 90, "duration 90s");
	ok(mw_parse_duration("1.5m", &d) == 0 && d == 90, "duration 1.5m");
	ok(mw_parse_duration("2h", &d) == 0 && d == 7200, "duration 2h");
	ok(mw_parse_duration("0.2", &d) == 0 && fabs(d - 0.2) < 1e-9,
	    "duration 0.2");
	ok(mw_parse_duration("5x", &d) < 0 && mw_parse_duration("", &d) < 0 &&
	    mw_parse_duration("m", &d) < 0 && mw_parse_duration("-1s", &d) < 0,
	    "durations refused: 5x, empty, m, -1s");
	ok(mw_parse_duration("9000h", &d) < 0, "more than a year refused");
}

static struct vma
mapping(uint64_t start, uint64_t len, const char *perms, const char *path)
{
	struct vma v;

	memset(&v, 0, sizeof(v));
	v.start = start;
	v.end = start + len;
	snprintf(v.perms, sizeof(v.perms), "%s", perms);
	v.path = path;
	v.path_len = path != NULL ? strlen(path) : 0;
	return v;
}

static void
test_places(void)
{
	static const struct {
		uint64_t start, len;
		const char *perms, *path, *want;
		enum watch_cause cause;
	} cases[] = {
		{ 0x55550000, 0x21000, "rw-p", "[heap]", "[heap]", WATCH_ANON },
		{ 0x7f0004000000, 0x2000000, "rw-p", NULL, "malloc arena",
		    WATCH_ANON },
		{ 0x7f0004001000, 0x2000000, "rw-p", NULL, "anonymous mmap",
		    WATCH_ANON },
		{ 0x7f0008000000, 0x8000000, "rw-p", NULL, "anonymous mmap",
		    WATCH_ANON },
		{ 0x7f0010000000, 0x1000, "rw-p", "[anon:jemalloc]",
		    "[anon:jemalloc]", WATCH_ANON },
		{ 0x7f0020000000, 0x1000, "r--s", "/var/lib/db/data",
		    "/var/lib/db/data", WATCH_FILE },
		{ 0x7f0030000000, 0x1000, "rw-s", "/dev/shm/seg", "/dev/shm/seg",
		    WATCH_SHMEM },
		{ 0x7ffd0000000, 0x21000, "rw-p", "[stack]", "[stack]",
		    WATCH_ANON },
	};
	char name[64];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct vma v = mapping(cases[i].start, cases[i].len,
		    cases[i].perms, cases[i].path);
		enum watch_cause c;
		size_t n = watch_place_of(&v, name, sizeof(name), &c);

		ok(n == strlen(cases[i].want) && strcmp(name, cases[i].want) == 0 &&
		    c == cases[i].cause, "place of %s: %s (%s)",
		    cases[i].path ? cases[i].path : "anon", cases[i].want,
		    watch_cause_key(cases[i].cause));
	}
}

/* A watch of n samples growing at rate in place (cause c). */
static void
fill(struct watch *w, size_t n, double rate, const char *place,
    enum watch_cause c)
{
	for (size_t i = 0; i < n; i++) {
		struct watch_sample s = { .t = 0.2 * (double)i };
		uint64_t grown = (uint64_t)(rate * s.t);

		s.val[WV_RSS] = 50 * MIB + grown;
		s.val[WV_SWAP] = 0;
		s.present = (1u << WV_RSS) | (1u << WV_SWAP);
		watch_add(w, &s);
		if (i == 0 || i == n - 1) {
			struct watch_places *p = watch_places_begin(w, s.t);

			watch_places_add(p, "/usr/lib/libc.so.6", 18, WATCH_FILE,
			    2 * MIB);
			watch_places_add(p, place, strlen(place), c,
			    1 * MIB + grown);
		}
	}
}

static void
test_verdicts(void)
{
	struct watch w;
	struct watch_verdict v;

	watch_init(&w);
	w.has_avail = true;
	w.avail = 3600 * MIB;
	fill(&w, 50, 1.0 * MIB, "[heap]", WATCH_ANON);
	watch_judge(&w, &v);
	ok(v.j.verdict == TREND_GROWING && v.leak && v.cause == WATCH_ANON,
	    "heap growth: a likely leak");
	ok(v.nwhere == 1 && strcmp(v.where[0].name, "[heap]") == 0 &&
	    v.where[0].growth > 9 * (int64_t)MIB, "heap growth: where");
	ok(v.has_eta && !v.eta_cgroup && fabs(v.eta - 3600) < 40,
	    "heap growth: MemAvailable in about an hour (%.0f s)", v.eta);
	w.has_limit = true;
	w.limit = 200 * MIB;
	w.usage = 140 * MIB;
	watch_judge(&w, &v);
	ok(v.has_eta && v.eta_cgroup && fabs(v.eta - 60) < 2,
	    "the cgroup's limit comes first (%.0f s)", v.eta);
	watch_free(&w);

	watch_init(&w);
	fill(&w, 50, 1.0 * MIB, "/tmp/big.dat", WATCH_FILE);
	watch_judge(&w, &v);
	ok(v.j.verdict == TREND_GROWING && !v.leak && v.cause == WATCH_FILE,
	    "file mapping growth: growing, page cache, not a leak");
	watch_free(&w);

	watch_init(&w);
	fill(&w, 5, 1.0 * MIB, "[heap]", WATCH_ANON);
	watch_judge(&w, &v);
	ok(v.j.verdict == TREND_NOT_ENOUGH && !v.leak && !v.has_eta,
	    "five samples: not enough");
	watch_free(&w);
}

static void
test_leaks(void)
{
	struct leaks l;
	struct leak_rank *r;
	uint32_t gone[8];
	bool is_new;
	struct leak_entry *a, *b, *c, *s;
	size_t n;

	leaks_init(&l);
	for (int k = 0; k < 30; k++) {
		leaks_round_begin(&l, k);
		a = leaks_proc(&l, 100, 5, "leaky", &is_new);
		leaks_value(&l, a, 10 * MIB + (uint64_t)k * MIB);
		b = leaks_proc(&l, 200, 7, "flat", &is_new);
		leaks_value(&l, b, 10 * MIB);
		if (k < 10) {
			c = leaks_proc(&l, 300, 9, "short", &is_new);
			leaks_value(&l, c, 1 * MIB);
		} else {
			/* pid 300 again, another process */
			c = leaks_proc(&l, 300, 50, "reused", &is_new);
			if (k == 10)
				ok(is_new && c->id == 5,
				    "a reused pid is a new entry (id %u)", c->id);
			leaks_value(&l, c, 2 * MIB);
		}
		s = leaks_slab(&l, "kmalloc-64", &is_new);
		leaks_value(&l, s, 4 * MIB + (uint64_t)k * 65536);
		if (k == 0)
			ok(is_new && s->id == 4, "ids in order of appearance");
		n = leaks_round_end(&l, gone);
		if (k == 0)
			ok(n == 0, "nothing gone in the first round");
	}
	ok(leaks_by_id(&l, 3)->gone && !leaks_by_id(&l, 5)->gone,
	    "the reused pid's first process is gone, the second live");
	ok(leaks_count(&l, LEAK_PROC) == 4 && leaks_count(&l, LEAK_SLAB) == 1,
	    "4 processes and 1 cache");
	n = leaks_rank(&l, &r);
	ok(n == 5 && r[0].e->pid == 100 && r[1].e->what == LEAK_SLAB,
	    "ranked: the fastest steady growth first, then the cache");
	ok(fabs(r[0].score - (double)MIB) < 0.01 * (double)MIB,
	    "score: confidence x slope (%.0f)", r[0].score);
	ok(r[2].j.verdict != TREND_GROWING && r[2].score == 0,
	    "the rest score 0");
	free(r);
	/* a round without the leaky process: it exited */
	leaks_round_begin(&l, 30);
	b = leaks_proc(&l, 200, 7, "flat", &is_new);
	leaks_value(&l, b, 10 * MIB);
	n = leaks_round_end(&l, gone);
	ok(n == 3 && leaks_by_id(&l, 1)->gone, "an exit: gone (%zu gone)", n);
	ok(leaks_add_id(&l, 9, LEAK_PROC, 1, 1, "x") == NULL,
	    "a recording's id out of order is refused");
	leaks_free(&l);
}

int
main(void)
{
	test_duration();
	test_places();
	test_verdicts();
	test_leaks();
	return tap_done();
}
