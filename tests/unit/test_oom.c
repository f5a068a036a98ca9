/* tests/unit/test_oom.c: parse/oom*.c and model/oom*.c on real reports.
 *
 * Every report in tests/data/oom (see PROVENANCE there) is parsed and
 * its figures checked against the numbers the kernel printed; then the
 * line prefixes, truncation at every byte, and hand-made edge cases.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <sys/stat.h>
#include <unistd.h>

#include "tap.h"
#include "model/oom.h"
#include "parse/oom.h"
#include "source.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/err.h"

#define KIB(x) ((uint64_t)(x) * 1024)

struct want {
	const char *file;
	size_t reports;		/* reports in the log */
	size_t events;		/* of them, kills or no-victim reports */
	size_t r;		/* the report checked below */
	const char *invoker, *kernel;
	int order;
	enum oom_constraint constraint;
	int64_t pid;		/* the victim; 0: none */
	const char *comm;
	uint64_t anon, filerss, shmem, pgtables;	/* bytes */
	uint64_t memcg_usage, memcg_limit, failcnt;
	size_t ntasks, nzones, nkills;
	const char *zone;	/* a zone checked, with its free and min */
	uint64_t zone_free, zone_min;
	bool top;		/* the victim has the highest badness */
	bool high_order;
	bool frag;		/* fragmentation */
	bool score;		/* our badness gives the kernel's score */
};

static const struct want wants[] = {
	{ "linux-6.18-memcg-v1-local.dmesg", 1, 1, 0, "python3",
	    "6.18.44-fc-v1300", 0, OOM_CONSTRAINT_MEMCG, 9667, "python3",
	    KIB(65280), KIB(6596), 0, KIB(176), KIB(65536), KIB(65536), 68,
	    1, 0, 1, NULL, 0, 0, true, false, false, false },
	{ "linux-6.18-memcg-v1-local.kmsg", 1, 1, 0, "python3",
	    "6.18.44-fc-v1300", 0, OOM_CONSTRAINT_MEMCG, 9667, "python3",
	    KIB(65280), KIB(6596), 0, KIB(176), KIB(65536), KIB(65536), 68,
	    1, 0, 1, NULL, 0, 0, true, false, false, false },
	{ "linux-5.15-memcg-v2-oomgroup.syslog", 1, 1, 0, "bash",
	    "5.15.0-1087-azure", 0, OOM_CONSTRAINT_MEMCG, 7788, "bash",
	    KIB(7165824), KIB(956), 0, KIB(14076), KIB(7464436),
	    KIB(7464436), 1133, 28, 0, 6, NULL, 0, 0, true, false, false,
	    false },
	{ "linux-5.8-global-syslog.log", 1, 1, 0, "mono", "5.8.0-32-generic",
	    0, OOM_CONSTRAINT_NONE, 18006, "kwin_x11", KIB(375524),
	    KIB(9979584), KIB(40), KIB(21320), 0, 0, 0, 162, 3, 1, "Normal",
	    KIB(54712), KIB(54332), true, false, false, false },
	{ "linux-5.12-global-nokill.dmesg", 1, 1, 0, "kworker/u4:0",
	    "5.12.0-11533-ge7cb072eb988", 0, OOM_CONSTRAINT_UNKNOWN, 0, NULL,
	    0, 0, 0, 0, 0, 0, 0, 0, 3, 0, "HighMem", KIB(15948052), KIB(512),
	    false, false, false, false },
	{ "linux-4.13-global-order2.dmesg", 2, 2, 0, "kworker/u16:2",
	    "4.13.0-rc2-next-20170728", 2, OOM_CONSTRAINT_UNKNOWN, 6535,
	    "systemd-journal", KIB(260), 0, KIB(1428), 0, 0, 0, 0, 9, 3, 1,
	    "DMA32", KIB(53516), KIB(49908), false, true, false, false },
	{ "linux-4.x-global-mempolicy-ltp.dmesg", 3, 2, 0, "oom02:4583", NULL,
	    0, OOM_CONSTRAINT_UNKNOWN, 4578, "oom02", KIB(131562528),
	    KIB(1300), 0, 0, 0, 0, 0, 23, 0, 1, NULL, 0, 0, true, false, false,
	    false },
	{ "linux-4.4-memcg-v1-docker.dmesg", 1, 1, 0, "main",
	    "4.4.0-130-generic", 0, OOM_CONSTRAINT_MEMCG, 11344, "main",
	    KIB(183712), KIB(1016), 0, 0, KIB(204800), KIB(204800), 4563, 2,
	    0, 1, NULL, 0, 0, true, false, false, true },
	{ "linux-4.x-memcg-v1-partial.dmesg", 1, 1, 0, NULL, NULL, 0,
	    OOM_CONSTRAINT_MEMCG, 24387, "stress", KIB(102224), KIB(212), 0,
	    0, KIB(102400), KIB(102400), 11008165, 2, 0, 1, NULL, 0, 0, true,
	    false, false, false },
};

static const struct want want_47 = {
	"linux-4.7-global-order3.dmesg", 1, 1, 0, "Xorg", "4.7.2-1-custom", 3,
	OOM_CONSTRAINT_UNKNOWN, 9185, "chromium", KIB(548240), KIB(71988),
	KIB(38180), 0, 0, 0, 0, 105, 3, 1, "DMA32", KIB(45980), KIB(28148),
	true, true, true, true,
};

static char *
slurp_data(const char *name, size_t *len)
{
	const char *src = getenv("MW_SRCDIR");
	char path[4096];

	snprintf(path, sizeof(path), "%s/tests/data/oom/%s", src ? src : ".",
	    name);
	return tap_slurp(path, len);
}

static void
check_kill(const struct want *w, const struct oom_report *r)
{
	const struct oom_kill *k = r->nkills ? &r->kills[0] : NULL;

	if (w->pid == 0) {
		ok(k == NULL && r->no_killable && r->panic,
		    "%s: nothing killed, the kernel panicked", w->file);
		return;
	}
	if (!ok(k != NULL && k->pid == w->pid &&
	    strcmp(k->comm.s, w->comm) == 0,
	    "%s: victim pid %lld %s", w->file, (long long)w->pid, w->comm))
		return;
	is_u64(k->val[OOM_KILL_ANON_RSS], w->anon, "%s: anon-rss", w->file);
	is_u64(k->val[OOM_KILL_FILE_RSS], w->filerss, "%s: file-rss", w->file);
	if (k->present & 1u << OOM_KILL_SHMEM_RSS)
		is_u64(k->val[OOM_KILL_SHMEM_RSS], w->shmem, "%s: shmem-rss",
		    w->file);
	if (w->pgtables)
		is_u64(k->val[OOM_KILL_PGTABLES], w->pgtables, "%s: pgtables",
		    w->file);
	else
		ok(!(k->present & 1u << OOM_KILL_PGTABLES),
		    "%s: no pgtables printed, none made up", w->file);
}

static void
check_report(const struct want *w, const struct oom_report *r)
{
	is_str(r->invoker.s, w->invoker, "%s: invoker", w->file);
	is_str(r->kernel.s, w->kernel, "%s: kernel release", w->file);
	if (w->invoker != NULL)
		ok(r->has_order && r->order == w->order, "%s: order %d",
		    w->file, w->order);
	ok(r->constraint == w->constraint, "%s: constraint %d (got %d)",
	    w->file, w->constraint, r->constraint);
	check_kill(w, r);
	if (w->memcg_limit) {
		const struct oom_memcg_counter *m = &r->memcg[OOM_MEMCG_MEMORY];

		ok(m->present && m->usage == w->memcg_usage &&
		    m->limit == w->memcg_limit && m->failcnt == w->failcnt,
		    "%s: memcg usage %llu limit %llu failcnt %llu", w->file,
		    (unsigned long long)w->memcg_usage,
		    (unsigned long long)w->memcg_limit,
		    (unsigned long long)w->failcnt);
	}
	is_u64(r->ntasks, w->ntasks, "%s: task rows", w->file);
	is_u64(r->nzones, w->nzones, "%s: zones", w->file);
	is_u64(r->nkills, w->nkills, "%s: kill lines", w->file);
	for (size_t i = 0; w->zone != NULL && i < r->nzones; i++)
		if (strcmp(r->zones[i].name, w->zone) == 0)
			ok(r->zones[i].val[OOM_ZONE_FREE] == w->zone_free &&
			    r->zones[i].val[OOM_ZONE_MIN] == w->zone_min,
			    "%s: zone %s free and min", w->file, w->zone);
}

static void
check_file(const struct want *w)
{
	struct mw_arena a;
	struct oom_log log;
	struct oom_events ev;
	struct oom_clock clk = { .now = 1796000000 };
	size_t len;
	char *text = slurp_data(w->file, &len);

	if (!ok(text != NULL, "%s: readable", w->file))
		return;
	mw_arena_init(&a);
	oom_parse(text, len, &a, &log);
	is_u64(log.len, w->reports, "%s: reports", w->file);
	is_u64(log.skipped, 0, "%s: no line skipped", w->file);
	if (log.len > w->r)
		check_report(w, &log.v[w->r]);
	oom_events_build(&log, &clk, 0, false, &ev);
	is_u64(ev.len, w->events, "%s: events", w->file);
	if (ev.len > 0) {
		const struct oom_event *e = &ev.v[ev.len - 1 - 0];

		/* the oldest event is the first report */
		while (e > ev.v && e->r != &log.v[w->r])
			e--;
		if (w->pid != 0 && e->ncand > 0)
			ok((e->cand[0].task->pid == w->pid) == w->top,
			    "%s: the victim %s the highest badness", w->file,
			    w->top ? "has" : "has not");
		ok(e->high_order == w->high_order && e->fragmented == w->frag,
		    "%s: high order %d, fragmentation %d", w->file,
		    w->high_order, w->frag);
		if (w->score)
			ok(e->r->has_selected && e->ncand > 0 &&
			    e->has_total_pages && (uint64_t)e->cand[0].points *
			    1000 / e->total_pages == e->r->selected_score,
			    "%s: our badness gives the kernel's score %llu",
			    w->file, (unsigned long long)e->r->selected_score);
		ok(e->findings.len >= 3, "%s: %zu findings", w->file,
		    e->findings.len);
		if (e->victim != NULL) {
			const struct finding *fd = finding_find(&e->findings,
			    "victim");
			bool shmem = e->victim->present &
			    1u << OOM_KILL_SHMEM_RSS;

			/* unknown is not zero: no shmem-rss, no "shmem 0" */
			ok(fd != NULL && (strstr(fd->text, ", shmem ") != NULL) ==
			    shmem, "%s: shmem said only when printed", w->file);
		}
	}
	oom_events_free(&ev);
	mw_arena_free(&a);
	free(text);
}

/* Every prefix of a real report parses without reading past its end. */
static void
truncations(void)
{
	size_t len, bad = 0;
	char *text = slurp_data("linux-6.18-memcg-v1-local.kmsg", &len);

	if (text == NULL)
		return;
	for (size_t n = 0; n <= len; n += 7) {
		struct mw_arena a;
		struct oom_log log;
		char *cut = malloc(n + 1);

		memcpy(cut, text, n);
		mw_arena_init(&a);
		if (oom_parse(cut, n, &a, &log) != 0)
			bad++;
		mw_arena_free(&a);
		free(cut);
	}
	ok(bad == 0, "every cut of a report parses");
	free(text);
}

static const char *const body_lines[] = {
	"x invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0",
	"memory: usage 1024kB, limit 1024kB, failcnt 3",
	"Memory cgroup stats for /t:",
	"anon 1048576",
	"file 0",
	"Tasks state (memory values in pages):",
	"[  pid  ]   uid  tgid total_vm      rss rss_anon rss_file rss_shmem pgtables_bytes swapents oom_score_adj name",
	"[     42]     0    42     1000      256      250        6         0    40960        0             0 big one",
	"oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,oom_memcg=/t,task_memcg=/t,task=big one,pid=42,uid=0",
	"Memory cgroup out of memory: Killed process 42 (big one) total-vm:4000kB, anon-rss:1000kB, file-rss:24kB, shmem-rss:0kB, UID:0 pgtables:40kB oom_score_adj:0",
};

static const struct {
	const char *name, *prefix, *noise;
	bool mono, wall, year, tz;
	int utc_off;
} prefixes[] = {
	{ "dmesg", "[   12.345678] ", "[   12.300000] usb 1-1: new device", true,
	    false, false, false, 0 },
	{ "dmesg -T", "[Tue Dec  8 17:51:31 2025] ", NULL, false, true, true,
	    false, 0 },
	{ "kmsg", "6,100,12345678,-;", " SUBSYSTEM=usb", true, false, false,
	    false, 0 },
	{ "journalctl -k", "Dec 08 17:51:31 host kernel: ",
	    "Dec 08 17:51:31 host systemd[1]: Started x.service.", false, true,
	    false, false, 0 },
	{ "syslog with stamp", "Dec  8 17:51:31 host kernel: [   12.345678] ",
	    "Dec  8 17:51:31 host rsyslogd: [origin] start", true, true, false,
	    false, 0 },
	{ "journalctl -o short-iso", "2025-12-08T17:51:31+0100 host kernel: ",
	    NULL, false, true, true, true, 3600 },
	{ "dmesg --time-format=iso", "2025-12-08T17:51:31,123456+00:00 ",
	    NULL, false, true, true, true, 0 },
	{ "caller id", "[   12.345678][  T123] ", NULL, true, false, false,
	    false, 0 },
	{ "dmesg -r", "<6>[   12.345678] ", NULL, true, false, false, false,
	    0 },
	{ "bare text", "", "some other kernel line", false, false, false,
	    false, 0 },
};

static void
check_prefix(size_t i)
{
	struct mw_arena a;
	struct oom_log log;
	struct mw_buf_s { char *p; size_t n, cap; } b = { NULL, 0, 0 };
	const struct oom_report *r;
	FILE *f = open_memstream(&b.p, &b.n);

	for (size_t l = 0; l < sizeof(body_lines) / sizeof(body_lines[0]);
	    l++) {
		fprintf(f, "%s%s\n", prefixes[i].prefix, body_lines[l]);
		if (prefixes[i].noise != NULL && l % 3 == 1)
			fprintf(f, "%s\n", prefixes[i].noise);
	}
	fclose(f);
	mw_arena_init(&a);
	oom_parse(b.p, b.n, &a, &log);
	r = log.len == 1 ? &log.v[0] : NULL;
	if (ok(r != NULL && r->nkills == 1 && r->kills[0].pid == 42 &&
	    strcmp(r->kills[0].comm.s, "big one") == 0 && r->ntasks == 1 &&
	    strcmp(r->tasks[0].name.s, "big one") == 0 && r->nstats == 2 &&
	    r->memcg[OOM_MEMCG_MEMORY].limit == KIB(1024) && log.skipped == 0,
	    "prefix %s: the report is read", prefixes[i].name)) {
		const struct oom_when *w = &r->when;

		ok(w->has_mono == prefixes[i].mono && w->has_wall ==
		    prefixes[i].wall && w->has_year == prefixes[i].year &&
		    w->has_tz == prefixes[i].tz && w->utc_off ==
		    prefixes[i].utc_off && (!w->has_mono ||
		    (w->mono > 12.3456 && w->mono < 12.3457)) &&
		    (!w->has_wall || (w->mon == 12 && w->mday == 8 &&
		    w->hour == 17 && w->sec == 31)),
		    "prefix %s: its time", prefixes[i].name);
	} else {
		tap_diag("%zu reports", log.len);
	}
	mw_arena_free(&a);
	free(b.p);
}

/* kmsg escapes: a multi-line record (v2 stats), a backslash in a name. */
static void
kmsg_escapes(void)
{
	static const char text[] =
	    "4,1,100,-;x invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0\n"
	    "6,2,101,-;Memory cgroup stats for /a\\x5cb:\n"
	    "6,3,102,-;anon 4096\\x0afile 8192\\x0ashmem 0\n"
	    "3,4,103,-;Out of memory: Killed process 7 (a\\x1bb) total-vm:8kB, anon-rss:4kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:4kB oom_score_adj:0\n";
	struct mw_arena a;
	struct oom_log log;

	mw_arena_init(&a);
	oom_parse(text, sizeof(text) - 1, &a, &log);
	ok(log.len == 1 && log.v[0].nstats == 3 &&
	    strcmp(log.v[0].stats_path.s, "/a\\b") == 0 &&
	    log.v[0].nkills == 1 && strcmp(log.v[0].kills[0].comm.s,
	    "a\033b") == 0 && log.v[0].when.has_seq && log.v[0].when.seq == 1,
	    "kmsg: \\x0a splits a record, \\xNN is undone");
	mw_arena_free(&a);
}

/* An order-3 failure with a zone far above high is fragmentation; the
 * same with the zone at min is not. */
static void
fragmentation(void)
{
	static const char fmt[] =
	    "[1.000000] k invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=3, oom_score_adj=0\n"
	    "[1.000001] Node 0 Normal free:%dkB boost:0kB min:10000kB low:12000kB high:14000kB present:2000000kB managed:1900000kB\n"
	    "[1.000002] lowmem_reserve[]: 0 0 0 0\n"
	    "[1.000003] Node 0 Normal: %d*4kB (U) 0*8kB 0*16kB 0*32kB = %dkB\n"
	    "[1.000004] Out of memory: Killed process 9 (p) total-vm:8kB, anon-rss:4kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:4kB oom_score_adj:0\n";
	static const int frees[2] = { 800000, 10000 };
	struct oom_clock clk = { .now = 1796000000 };

	for (int i = 0; i < 2; i++) {
		char text[1024];
		struct mw_arena a;
		struct oom_log log;
		struct oom_events ev;
		int n = snprintf(text, sizeof(text), fmt, frees[i],
		    frees[i] / 4, frees[i]);

		mw_arena_init(&a);
		oom_parse(text, (size_t)n, &a, &log);
		oom_events_build(&log, &clk, 0, false, &ev);
		ok(ev.len == 1 && ev.v[0].high_order &&
		    ev.v[0].fragmented == (i == 0) && ev.v[0].page_size_known &&
		    ev.v[0].page_size == 4096 &&
		    log.v[0].zones[0].norders == 4 &&
		    (finding_find(&ev.v[0].findings, "fragmentation") != NULL) ==
		    (i == 0), "order 3 with %d kB free: %s", frees[i],
		    i == 0 ? "fragmentation" : "short of memory");
		oom_events_free(&ev);
		mw_arena_free(&a);
	}
}

/* A log with kills but no header, junk, and lines of every report kind
 * in the wrong order: nothing made up, nothing read past. */
static void
odd_logs(void)
{
	static const char *const texts[] = {
		"",
		"\n\n\n",
		"Killed process 1 (a) total-vm:1kB, anon-rss:1kB, file-rss:0kB\n"
		"Killed process 2 (b) total-vm:1kB, anon-rss:1kB, file-rss:0kB\n",
		"[ pid ]   uid  tgid total_vm      rss nr_ptes swapents oom_score_adj name\n"
		"[    1]     0     1   x\n",
		"memory: usage 1kB, limit\nMemory cgroup stats for\nTask in x killed as a result of limit of \n",
		"x invoked oom-killer: gfp_mask=0xzz, order=99999999999999999999, oom_score_adj=-5000\n",
		"1,2,3,-;\n1,2,3\n,,,;\n",
		"[ 1.0] Node 0 Normal: 99999999999999999999*4kB 1*0kB = 0kB\n",
	};
	static const size_t kills[] = { 0, 0, 2, 0, 0, 0, 0, 0 };

	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		struct mw_arena a;
		struct oom_log log;
		size_t n = 0;

		mw_arena_init(&a);
		oom_parse(texts[i], strlen(texts[i]), &a, &log);
		for (size_t r = 0; r < log.len; r++)
			n += log.v[r].nkills;
		ok(n == kills[i], "odd log %zu: %zu kills", i, kills[i]);
		if (i == 5)
			ok(log.len == 1 && !log.v[0].has_gfp &&
			    !log.v[0].has_order && !log.v[0].has_invoker_adj,
			    "malformed header values are unknown, not 0");
		mw_arena_free(&a);
	}
}

/* source_kmsg.c on a captured tree: DIR/dev/kmsg read as records; no
 * dev root, or a directory there, is refused with a message. */
static void
kmsg_source(void)
{
	char dir[] = "/tmp/mw-test-oom-XXXXXX", path[256];
	struct mw_source src;
	struct mw_err err;
	struct mw_buf b;
	bool is_file = false;
	int fd;
	ssize_t n;
	FILE *f;

	if (mkdtemp(dir) == NULL)
		return;
	mw_buf_init(&b);
	mw_err_clear(&err);
	fd = mw_source_open(&src, dir, &err) == 0 ?
	    mw_source_kmsg_open(&src, &is_file, &err) : -1;
	ok(fd == -ENOENT && strstr(err.msg, "kmsg") != NULL,
	    "no DIR/dev: -ENOENT, the message names kmsg");
	mw_source_close(&src);
	snprintf(path, sizeof(path), "%s/dev", dir);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/dev/kmsg", dir);
	f = fopen(path, "w");
	fputs("6,1,10,-;a\n6,2,20,-;b", f);	/* the last without \n */
	fclose(f);
	mw_err_clear(&err);
	if (mw_source_open(&src, dir, &err) == 0) {
		fd = mw_source_kmsg_open(&src, &is_file, &err);
		n = fd >= 0 ? mw_source_kmsg_read(&src, fd, &b, &err) : -1;
		ok(fd >= 0 && is_file && n >= 1 && b.len == 22 &&
		    b.data[b.len - 1] == '\n',
		    "DIR/dev/kmsg: a file of records, read whole, ending in a newline");
		if (fd >= 0)
			close(fd);
		mw_source_close(&src);
	}
	unlink(path);
	mkdir(path, 0755);
	mw_err_clear(&err);
	if (mw_source_open(&src, dir, &err) == 0) {
		fd = mw_source_kmsg_open(&src, &is_file, &err);
		ok(fd < 0 && err.msg[0] != '\0', "DIR/dev/kmsg a directory: refused");
		if (fd >= 0)
			close(fd);
		mw_source_close(&src);
	}
	rmdir(path);
	snprintf(path, sizeof(path), "%s/dev", dir);
	rmdir(path);
	rmdir(dir);
	mw_buf_free(&b);
}

int
main(void)
{
	kmsg_source();
	for (size_t i = 0; i < sizeof(wants) / sizeof(wants[0]); i++)
		check_file(&wants[i]);
	check_file(&want_47);
	for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++)
		check_prefix(i);
	kmsg_escapes();
	fragmentation();
	odd_logs();
	truncations();
	return tap_done();
}
