/* tests/unit/test_openmetrics.c: render/openmetrics.c, render/metrics.c and
 * model/fleet.c (the command-name bound, a captured tree's processes). */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "model/sample.h"
#include "parse/keyline.h"
#include "render/metrics.h"
#include "render/openmetrics.h"
#include "source.h"
#include "tap.h"
#include "util/buf.h"
#include "util/err.h"

static void
test_escape(void)
{
	static const struct {
		const char *name, *in;
		size_t len;
		const char *want;
	} cases[] = {
		{ "plain", "bash", 4, "bash" },
		{ "quote", "a\"b", 3, "a\\\"b" },
		{ "backslash_doubled_twice", "a\\b", 3, "a\\\\\\\\b" },
		{ "newline_as_hex", "x\ny", 3, "x\\\\x0ay" },
		{ "escape_as_hex", "\x1b[2J", 4, "\\\\x1b[2J" },
		{ "invalid_utf8_as_hex", "\xff\xfe", 2, "\\\\xff\\\\xfe" },
		{ "utf8_kept", "caf\xc3\xa9", 5, "caf\xc3\xa9" },
	};
	struct mw_buf out, tmp;

	mw_buf_init(&out);
	mw_buf_init(&tmp);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		mw_buf_reset(&out);
		om_escape_label(&out, &tmp, cases[i].in, cases[i].len);
		is_str(out.data, cases[i].want, "escape: %s", cases[i].name);
	}
	mw_buf_free(&out);
	mw_buf_free(&tmp);
}

static void
test_keyline(void)
{
	static const char status[] = "Name:\ta\\\\b\\nc\x1b\nUmask:\t0022\n"
	    "State:\tS (sleeping)\nUid:\t1000\t1001\t1001\t1001\nUidless";
	const char *v;
	size_t n;
	uint64_t u;
	char out[64];

	ok(keyline_u64(status, sizeof(status) - 1, "Uid:", &u) == 0 &&
	    u == 1000, "keyline: the real uid, first of four");
	ok(keyline_u64(status, sizeof(status) - 1, "Gid:", &u) == -ENOENT,
	    "keyline: a missing key");
	ok(keyline_u64(status, sizeof(status) - 1, "State:", &u) == -EINVAL,
	    "keyline: a value that is not a number");
	ok(keyline_text(status, sizeof(status) - 1, "Name:", &v, &n) == 0 &&
	    n == 8, "keyline: the name's text, to the end of its line");
	n = keyline_unescape_name(out, v, n);
	ok(n == 6 && memcmp(out, "a\\b\nc\x1b", 6) == 0,
	    "keyline: \\\\ and \\n back to bytes, other bytes as they are");
	ok(keyline_u64("Uid:", 4, "Uid:", &u) == -EINVAL,
	    "keyline: a key with no value at the end of the text");
}

static void
test_x1000(void)
{
	static const struct {
		int v;
		const char *want;
	} cases[] = {
		{ 0, "0" }, { 1000, "1" }, { -1000, "-1" }, { 816, "0.816" },
		{ 50, "0.05" }, { 5, "0.005" }, { -500, "-0.5" }, { 999, "0.999" },
	};
	char text[24];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		is_str(om_fmt_x1000(text, cases[i].v), cases[i].want,
		    "x1000: %d", cases[i].v);
}

static void
test_negotiate(void)
{
	static const struct {
		const char *accept;
		enum om_format want;
	} cases[] = {
		{ NULL, OM_TEXT },
		{ "*/*", OM_TEXT },
		{ "text/plain", OM_TEXT },
		{ "application/openmetrics-text", OM_OPENMETRICS },
		/* What Prometheus 2.x sends. */
		{ "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1", OM_OPENMETRICS },
		{ "text/plain;version=0.0.4;q=1, application/openmetrics-text; q=0.5", OM_TEXT },
		{ "application/openmetrics-text;q=0", OM_TEXT },
		{ "Application/OpenMetrics-Text ; Q=0.9, text/plain;q=0.3", OM_OPENMETRICS },
		{ "application/openmetrics-text;q=bogus", OM_TEXT },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		ok(om_negotiate(cases[i].accept) == cases[i].want,
		    "negotiate: %s", cases[i].accept ? cases[i].accept : "(none)");
}

static void
test_writer(void)
{
	struct mw_buf b;
	struct om_writer w;
	struct om_label l = { "x", "1", 1 };

	mw_buf_init(&b);
	om_writer_init(&w, &b, OM_OPENMETRICS);
	om_family(&w, "t_events", OM_COUNTER, NULL, "Events.");
	om_sample_u64(&w, &l, 1, 7);
	om_family(&w, "t_size_bytes", OM_GAUGE, "bytes", "Size.");
	om_sample_u64(&w, NULL, 0, 4096);
	om_finish(&w);
	is_str(b.data, "# HELP t_events Events.\n# TYPE t_events counter\n"
	    "t_events_total{x=\"1\"} 7\n# HELP t_size_bytes Size.\n"
	    "# TYPE t_size_bytes gauge\n# UNIT t_size_bytes bytes\n"
	    "t_size_bytes 4096\n# EOF\n", "openmetrics: counter, unit, end");
	om_writer_free(&w);
	mw_buf_reset(&b);
	om_writer_init(&w, &b, OM_TEXT);
	om_family(&w, "t_events", OM_COUNTER, NULL, "Events.");
	om_sample_u64(&w, &l, 1, 7);
	om_family(&w, "t_size_bytes", OM_GAUGE, "bytes", "Size.");
	om_sample_u64(&w, NULL, 0, 4096);
	om_finish(&w);
	is_str(b.data, "# HELP t_events_total Events.\n"
	    "# TYPE t_events_total counter\nt_events_total{x=\"1\"} 7\n"
	    "# HELP t_size_bytes Size.\n# TYPE t_size_bytes gauge\n"
	    "t_size_bytes 4096\n", "classic: no unit, no end");
	om_writer_free(&w);
	mw_buf_free(&b);
}

/* 250 command names: 200 kept, the other 50 in one bucket, sums kept. */
static void
test_comm_bound(void)
{
	struct fleet f;
	uint64_t sum = 0, got = 0;
	size_t procs = 0;
	char comm[16];

	fleet_init(&f);
	for (int i = 0; i < 500; i++) {
		struct fleet_proc *p;

		snprintf(comm, sizeof(comm), "c%03d", i % 250);
		p = fleet_add(&f, i + 1, comm, strlen(comm), "root");
		p->val[FLEET_PSS] = (uint64_t)(i % 250 + 1) * 4096;
		p->present = 1u << FLEET_PSS;
		sum += p->val[FLEET_PSS];
	}
	fleet_add(&f, 999, NULL, 0, NULL);	/* no name, no figures */
	fleet_by_comm(&f, FLEET_COMMS_MAX);
	is_u64(f.ncomms, FLEET_COMMS_MAX + 1, "200 names and one bucket");
	ok(f.comms[FLEET_COMMS_MAX].other &&
	    strcmp(f.comms[FLEET_COMMS_MAX].comm, FLEET_OTHER) == 0,
	    "the bucket comes last");
	ok(strcmp(f.comms[0].comm, "c249") == 0 && f.comms[0].procs == 2,
	    "largest PSS first, two processes each");
	for (size_t i = 0; i < f.ncomms; i++) {
		got += f.comms[i].val[FLEET_PSS];
		procs += f.comms[i].procs;
	}
	is_u64(got, sum, "no PSS lost in the bucket");
	is_u64(procs, 501, "every process counted once");
	is_u64(f.comms[FLEET_COMMS_MAX].procs, 101, "bucket: 50 names x 2 + 1");
	fleet_free(&f);
	fleet_init(&f);
	fleet_add(&f, 1, "a", 1, NULL)->present = 0;
	fleet_by_comm(&f, FLEET_COMMS_MAX);
	ok(f.ncomms == 1 && !f.comms[0].other && f.comms[0].present == 0,
	    "a name without figures: counted, no sums");
	fleet_free(&f);
}

static const char *
line_of(const char *text, const char *prefix)
{
	const char *p = strstr(text, prefix);

	return p != NULL && (p == text || p[-1] == '\n') ? p : NULL;
}

/* The largest PSS first, ties by pid, rows without PSS never. */
static void
test_top(void)
{
	static const struct {
		pid_t pid;
		uint64_t pss;
		bool has;
	} rows[] = {
		{ 10, 4096, true }, { 11, 0, false }, { 12, 8192, true },
		{ 13, 4096, true }, { 14, 0, true },
	};
	size_t order[5], n;
	struct fleet f;

	fleet_init(&f);
	for (size_t i = 0; i < 5; i++) {
		struct fleet_proc *p = fleet_add(&f, rows[i].pid, "x", 1, NULL);

		p->val[FLEET_PSS] = rows[i].pss;
		p->present = rows[i].has ? 1u << FLEET_PSS : 0;
	}
	n = fleet_top(&f, 10, order);
	ok(n == 4 && f.procs[order[0]].pid == 12 &&
	    f.procs[order[1]].pid == 10 && f.procs[order[2]].pid == 13 &&
	    f.procs[order[3]].pid == 14, "top: by PSS, ties by pid, unknown left out");
	is_u64(fleet_top(&f, 2, order), 2, "top: bounded by n");
	fleet_free(&f);
}

/* A captured tree: process 1185's rollup, zone DMA's free pages. */
static void
test_tree(void)
{
	struct mw_source src;
	struct fleet_sample s;
	struct om_writer w;
	struct mw_err err;
	struct mw_buf b;

	mw_err_clear(&err);
	if (mw_source_open(&src, tap_src("samples/proc/debian12-6.18-a"),
	    &err) < 0) {
		ok(0, "tree opens: %s", err.msg);
		return;
	}
	fleet_sample_take(&src, NULL, &s);
	ok(s.has_fleet && s.fleet.listed == 3, "three pids listed");
	ok(s.fleet.no_mm == 1, "pid 2 (no rollup) is a kernel thread");
	mw_buf_init(&b);
	om_writer_init(&w, &b, OM_OPENMETRICS);
	metrics_render(&w, &s, 50);
	om_finish(&w);
	ok(line_of(b.data, "memwatch_process_pss_bytes{pid=\"1185\",comm=\"bash\",user=\"0\"} 1726464\n") != NULL,
	    "PSS of 1185: 1686 kB, user as a number from a capture");
	ok(line_of(b.data, "memwatch_zone_free_bytes{node=\"0\",zone=\"DMA\"} 15728640\n") != NULL,
	    "zone DMA free: 3840 pages");
	ok(strstr(b.data, "\nmemwatch_pagetype_free_blocks{node=\"0\",zone=\"Normal\",type=\"Movable\",order=\"0\"} ") != NULL &&
	    strstr(b.data, "\nmemwatch_buddy_free_blocks{node=\"0\",zone=\"DMA\",order=\"10\"} ") != NULL,
	    "order labels on free blocks");
	ok(line_of(b.data, "memwatch_command_processes{comm=\"bash\"} ") != NULL,
	    "bash summed by command");
	ok(line_of(b.data, "memwatch_scrape_unreadable{source=\"slabinfo\"} 0\n") != NULL,
	    "slabinfo read");
	ok(b.len > 6 && strcmp(b.data + b.len - 6, "# EOF\n") == 0,
	    "ends with # EOF");
	ok(strstr(b.data, "memwatch_sample_age_seconds") == NULL,
	    "no age in an export");
	om_writer_free(&w);
	mw_buf_free(&b);
	fleet_sample_free(&s);
	mw_source_close(&src);
}

int
main(void)
{
	test_escape();
	test_keyline();
	test_x1000();
	test_negotiate();
	test_writer();
	test_comm_bound();
	test_top();
	test_tree();
	return tap_done();
}
