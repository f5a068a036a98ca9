/* tests/unit/test_roundtrip.c: process snapshots through JSON and back.
 *
 * Every pid of every captured tree in samples/proc/ (and of the public
 * corpus when $MW_PUBLIC_SAMPLES is there) is snapshotted with --proc-root
 * semantics, written as JSON, loaded again and compared field by field;
 * the diff of the two must then find nothing. The same trees streamed
 * (snapshot_stream) give the same mappings, sums and document.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "model/diff.h"
#include "model/snapshot.h"
#include "render/json.h"
#include "render/json_proc.h"
#include "source.h"
#include "tap.h"
#include "util/buf.h"
#include "util/err.h"

static char tmpdir[] = "/tmp/mw-roundtrip-XXXXXX";

static bool
same_bytes(const char *x, size_t xn, const char *y, size_t yn)
{
	if (x == NULL || y == NULL)
		return x == y || (xn == 0 && yn == 0);
	return xn == yn && memcmp(x, y, xn) == 0;
}

static bool
same_str(const char *x, const char *y)
{
	if (x == NULL || y == NULL)
		return x == y;
	return strcmp(x, y) == 0;
}

/* Unknown fields come back as a list in any order: compare as sets. */
static bool
same_extra(const struct smaps_extra *x, const struct smaps_extra *y)
{
	size_t nx = 0, ny = 0;

	for (const struct smaps_extra *p = x; p != NULL; p = p->next, nx++) {
		const struct smaps_extra *q;

		for (q = y; q != NULL; q = q->next)
			if (strcmp(p->name, q->name) == 0 &&
			    same_str(p->text, q->text) && p->value == q->value)
				break;
		if (q == NULL)
			return false;
	}
	for (; y != NULL; y = y->next)
		ny++;
	return nx == ny;
}

/* The first field of a mapping that differs, or NULL. */
static const char *
vma_differs(const struct vma *x, const struct vma *y)
{
	if (x->start != y->start || x->end != y->end)
		return "range";
	if (x->offset != y->offset || x->inode != y->inode ||
	    x->dev_major != y->dev_major || x->dev_minor != y->dev_minor)
		return "offset/dev/inode";
	if (strcmp(x->perms, y->perms) != 0)
		return "perms";
	if (!same_bytes(x->path, x->path_len, y->path, y->path_len))
		return "path";
	if (x->present != y->present)
		return "present fields";
	for (int f = 0; f < SMAPS_NR; f++)
		if (smaps_has(x, f) && x->val[f] != y->val[f])
			return smaps_field_json_name(f);
	if (x->has_vmflags != y->has_vmflags || x->vmflags != y->vmflags ||
	    !same_str(x->vmflags_other, y->vmflags_other))
		return "vmflags";
	if (!same_extra(x->extra, y->extra))
		return "extra";
	return NULL;
}

/* The first snapshot-level field that differs, or NULL. */
static const char *
snap_differs(const struct proc_snapshot *x, const struct proc_snapshot *y)
{
	if (x->pid != y->pid || x->taken_at != y->taken_at)
		return "pid/taken_at";
	if (!same_bytes(x->comm, x->comm_len, y->comm, y->comm_len))
		return "comm";
	if (!same_bytes(x->cmdline, x->cmdline_len, y->cmdline, y->cmdline_len))
		return "cmdline";
	if (x->has_uid != y->has_uid || x->uid != y->uid ||
	    !same_str(x->user, y->user))
		return "uid/user";
	if (x->has_start != y->has_start || x->start_ticks != y->start_ticks ||
	    x->start_time != y->start_time)
		return "start";
	if (x->ppid != y->ppid || x->threads != y->threads || x->state != y->state)
		return "ppid/threads/state";
	if (!same_str(x->kernel, y->kernel) || x->page_size != y->page_size)
		return "kernel/page_size";
	if (x->has_oom != y->has_oom || x->oom_score != y->oom_score ||
	    x->oom_score_adj != y->oom_score_adj)
		return "oom";
	if (x->has_vmas != y->has_vmas || x->vmas.len != y->vmas.len)
		return "mappings";
	if (x->has_rollup != y->has_rollup)
		return "totals source";
	if (x->totals.present != y->totals.present)
		return "totals present";
	for (int f = 0; f < SMAPS_NR; f++)
		if (x->totals.val[f] != y->totals.val[f])
			return smaps_field_json_name(f);
	if (x->has_status != y->has_status ||
	    x->status.present != y->status.present ||
	    memcmp(x->status.val, y->status.val, sizeof(x->status.val)) != 0)
		return "status";
	return NULL;
}

/* jansson's indented dump of doc, as mwjson_print() writes it. */
static char *
dump(json_t *doc)
{
	char *t = json_dumps(doc, JSON_PRESERVE_ORDER | JSON_INDENT(2));
	struct mw_buf b;

	mw_buf_init(&b);
	mw_buf_adds(&b, t);
	mw_buf_addc(&b, '\n');
	free(t);
	return mw_buf_detach(&b, NULL);
}

static int
drop_flush(struct mw_buf *out, void *arg)
{
	mw_buf_add(arg, out->data, out->len);
	mw_buf_reset(out);
	return 0;
}

/* The text writer against jansson's dump of the tree: same bytes, all
 * mappings and the odd ones in reverse order, and valid JSON. */
static void
same_text(json_t *doc, const struct proc_snapshot *s, const char *root,
    const char *pid)
{
	struct mw_buf t, all;
	uint32_t *idx;
	json_t *d2, *vmas;
	char *want;
	size_t n = 0;

	mw_buf_init(&t);
	mw_buf_init(&all);
	want = dump(doc);
	mwjson_proc_snapshot_text(s, NULL, 0, &t, drop_flush, &all);
	ok(t.len == 0 && strcmp(all.data, want) == 0,
	    "%s/%s: text writer gives jansson's bytes (%zu)", root, pid,
	    all.len);
	d2 = json_loadb(all.data, all.len, JSON_REJECT_DUPLICATES, NULL);
	ok(d2 != NULL, "%s/%s: text writer's output parses", root, pid);
	json_decref(d2);
	free(want);
	idx = calloc(s->vmas.len + 1, sizeof(*idx));
	for (size_t i = s->vmas.len; i > 0; i--)
		if (i % 2 == 1)
			idx[n++] = (uint32_t)(i - 1);
	d2 = json_deep_copy(doc);
	vmas = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(vmas, mwjson_vma(&s->vmas.v[idx[i]]));
	json_object_set_new(d2, "vmas", vmas);
	want = dump(d2);
	mw_buf_reset(&t);
	mwjson_proc_snapshot_text(s, idx, n, &t, NULL, NULL);
	ok(strcmp(t.data, want) == 0, "%s/%s: text writer, %zu rows chosen",
	    root, pid, n);
	free(want);
	json_decref(d2);
	free(idx);
	mw_buf_free(&t);
	mw_buf_free(&all);
}

/* Hand-made rows: hostile strings, unknown fields (one twice), odd
 * vmflags, no mappings, no "vmas" at all. */
static void
hostile_text(void)
{
	static const char path[] = "/tmp/we\"ird\\p\x01\x1b[2J\xff\xfe"
	    " \xc3\xa9 \x7f\t\xe2\x80\xa8\x00" "end";
	struct smaps_extra x[4] = {
		{ &x[1], "Dup", NULL, 12288, true },
		{ &x[2], "K\"e\\y\x02\xff", "t \"q\" \\ \x1f", 0, false },
		{ &x[3], "Dup", NULL, 14336, true },
		{ NULL, "Plain", NULL, 77, false },
	};
	struct proc_snapshot s;
	struct vma *v;
	json_t *doc;
	struct mw_buf t;
	char *want;

	snapshot_init(&s);
	s.pid = 42;
	s.comm = "c\"\n";
	s.comm_len = 3;
	s.has_vmas = true;
	for (int i = 0; i < 3; i++) {
		v = vma_vec_push(&s.vmas);
		v->start = 0x1000u * (unsigned)(i + 1);
		v->end = v->start + 0x1000;
		memcpy(v->perms, i ? "rw-p" : "r\"\\\n", 5);
		v->dev_major = 0x103;
		v->inode = UINT64_MAX;
		smaps_set(v, SMAPS_RSS, UINT64_MAX);
		smaps_set(v, SMAPS_THP_ELIGIBLE, (uint64_t)i);
	}
	v->path = path;
	v->path_len = sizeof(path) - 1;
	v->extra = x;
	v->has_vmflags = true;
	v->vmflags = 5;
	v->vmflags_other = "  zz q\x01  \"x ";
	s.vmas.v[1].has_vmflags = true;
	s.vmas.v[1].extra = &x[3];
	for (int k = 0; k < 3; k++) {
		if (k == 1)
			s.vmas.len = 0;
		if (k == 2)
			s.has_vmas = false;
		doc = mwjson_proc_snapshot(&s);
		want = dump(doc);
		mw_buf_init(&t);
		mwjson_proc_snapshot_text(&s, NULL, 0, &t, NULL, NULL);
		if (!ok(strcmp(t.data, want) == 0,
		    "text writer, hostile rows, case %d", k))
			tap_diag("got %s\nwant %s", t.data, want);
		free(want);
		mw_buf_free(&t);
		json_decref(doc);
	}
	s.comm = NULL;
	s.vmas.len = 3;
	snapshot_free(&s);
}

/* The mappings a stream hands over, kept (paths copied, the other
 * strings dropped), and its text. */
struct collect {
	struct vma_vec rows;
	struct mw_arena arena;
	struct mwjson_stream js;
	struct mw_buf text;
};

static int
collect_each(const struct proc_snapshot *snap, const struct vma *v,
    void *arg)
{
	struct collect *c = arg;
	struct vma *r = vma_vec_push(&c->rows);

	*r = *v;
	if (v->path != NULL)	/* the chunk's: gone after the call */
		r->path = mw_arena_strndup(&c->arena, v->path, v->path_len);
	r->vmflags_other = NULL;
	r->extra = NULL;
	return mwjson_stream_vma(&c->js, snap, v);
}

static const char *
totals_differ(const struct vma *x, const struct vma *y)
{
	if (x->present != y->present)
		return "present";
	if (x->start != y->start || x->end != y->end)
		return "start/end";
	for (int f = 0; f < SMAPS_NR; f++)
		if (x->val[f] != y->val[f])
			return smaps_field_json_name(f);
	return NULL;
}

/*
 * snapshot_stream() against snapshot_take() on the same tree, with and
 * without the rollup: the same mappings in the same order, the same sums
 * (and snapshot_sum() over the rows it handed over gives them too), and
 * the streamed document is the text writer's, byte for byte.
 */
static void
stream_same(const struct mw_source *src, struct proc_snapshot *s,
    const char *root, const char *pid)
{
	struct proc_snapshot ss, sum, nr;
	struct collect c;
	struct mw_buf want;
	struct mw_err err;
	const char *why = NULL;
	size_t bad = 0;

	for (int pass = 0; pass < 2; pass++) {
		unsigned flags = pass == 0 ? 0 : SNAP_NO_ROLLUP;
		struct proc_snapshot *t = s;

		mw_err_clear(&err);
		if (pass == 1 && snapshot_take(src, atoi(pid),
		    SNAP_VMAS | SNAP_NO_ROLLUP, &nr, &err) < 0) {
			ok(0, "%s/%s: snapshot without rollup (%s)", root, pid,
			    err.msg);
			return;
		}
		if (pass == 1)
			t = &nr;
		memset(&c, 0, sizeof(c));
		vma_vec_init(&c.rows);
		mw_arena_init(&c.arena);
		mw_buf_init(&c.text);
		mwjson_stream_init(&c.js, &c.text, NULL, NULL);
		if (!ok(snapshot_stream(src, atoi(pid), flags, &ss,
		    collect_each, &c, &err) == 0, "%s/%s: streamed (pass %d)",
		    root, pid, pass)) {
			tap_diag("%s", err.msg);
			goto next;
		}
		mwjson_stream_end(&c.js, &ss);
		ok(ss.vmas.len == 0 && ss.has_vmas &&
		    ss.mappings == t->vmas.len && c.rows.len == t->vmas.len &&
		    ss.mappings == t->mappings && ss.has_rollup == t->has_rollup &&
		    ss.page_size == t->page_size,
		    "%s/%s: stream keeps nothing, counts %zu mappings (pass %d)",
		    root, pid, ss.mappings, pass);
		for (size_t i = 0; i < c.rows.len && i < t->vmas.len; i++) {
			const struct vma *x = &c.rows.v[i], *y = &t->vmas.v[i];

			if ((x->start != y->start || x->end != y->end ||
			    x->present != y->present ||
			    memcmp(x->val, y->val, sizeof(x->val)) != 0) &&
			    bad++ == 0)
				tap_diag("mapping %zu differs", i);
		}
		ok(bad == 0, "%s/%s: the same mappings in order (pass %d)",
		    root, pid, pass);
		why = totals_differ(&ss.totals, &t->totals);
		if (!ok(why == NULL && memcmp(ss.pss_kind, t->pss_kind,
		    sizeof(ss.pss_kind)) == 0,
		    "%s/%s: streamed totals equal snapshot_take's (pass %d)",
		    root, pid, pass))
			tap_diag("differs in %s", why ? why : "pss_kind");
		/* The streamed sum against snapshot_sum() of its own rows. */
		if (pass == 1) {
			snapshot_init(&sum);
			sum.vmas = c.rows;
			snapshot_sum(&sum);
			why = totals_differ(&ss.totals, &sum.totals);
			if (!ok(why == NULL && sum.mappings == ss.mappings &&
			    memcmp(ss.pss_kind, sum.pss_kind,
			    sizeof(ss.pss_kind)) == 0,
			    "%s/%s: streamed sum equals snapshot_sum of the rows",
			    root, pid))
				tap_diag("differs in %s", why ? why : "count");
			vma_vec_init(&sum.vmas);
			snapshot_free(&sum);
		}
		/* The same document, taken_at aside (two clock readings). */
		t->taken_at = ss.taken_at;
		mw_buf_init(&want);
		mwjson_proc_snapshot_text(t, NULL, 0, &want, NULL, NULL);
		if (!ok(c.text.len == want.len &&
		    memcmp(c.text.data, want.data, want.len) == 0,
		    "%s/%s: streamed text is the text writer's (pass %d, %zu bytes)",
		    root, pid, pass, c.text.len))
			tap_diag("got %.300s\nwant %.300s", c.text.data,
			    want.data);
		mw_buf_free(&want);
		snapshot_free(&ss);
next:
		mwjson_stream_free(&c.js);
		mw_buf_free(&c.text);
		vma_vec_free(&c.rows);
		mw_arena_free(&c.arena);
		if (pass == 1)
			snapshot_free(&nr);
	}
}

static void
roundtrip(const char *root, const char *pid)
{
	struct proc_snapshot s, l;
	struct mw_source src;
	struct mw_err err;
	struct proc_diff pd;
	const char *why = NULL;
	char file[4400];
	json_t *doc;
	size_t bad = 0;

	mw_err_clear(&err);
	if (mw_source_open(&src, root, &err) < 0 ||
	    snapshot_take(&src, atoi(pid), SNAP_VMAS, &s, &err) < 0) {
		ok(0, "%s/%s: snapshot (%s)", root, pid, err.msg);
		mw_source_close(&src);
		return;
	}
	stream_same(&src, &s, root, pid);
	snprintf(file, sizeof(file), "%s/%s.json", tmpdir, pid);
	doc = mwjson_proc_snapshot(&s);
	same_text(doc, &s, root, pid);
	ok(mwjson_write_file(doc, file, &err) == 0, "%s/%s: written", root, pid);
	json_decref(doc);
	if (!ok(mwjson_proc_snapshot_load(file, &l, &err) == 0,
	    "%s/%s: loaded back", root, pid)) {
		tap_diag("%s", err.msg);
		goto out;
	}
	why = snap_differs(&s, &l);
	if (!ok(why == NULL, "%s/%s: identity, totals, status equal", root, pid))
		tap_diag("differs in %s", why);
	for (size_t i = 0; i < s.vmas.len && i < l.vmas.len; i++)
		if ((why = vma_differs(&s.vmas.v[i], &l.vmas.v[i])) != NULL &&
		    bad++ == 0)
			tap_diag("mapping %zu differs in %s", i, why);
	ok(bad == 0 && s.vmas.len > 0, "%s/%s: %zu mappings equal", root, pid,
	    s.vmas.len);
	proc_diff_compute(&pd, &s, &l);
	ok(pd.vmas.count[DIFF_SAME] == s.vmas.len &&
	    finding_find(&pd.notes, "unchanged") != NULL,
	    "%s/%s: diff with itself finds nothing", root, pid);
	proc_diff_free(&pd);
	snapshot_free(&l);
out:
	unlink(file);
	snapshot_free(&s);
	mw_source_close(&src);
}

/* Every pid directory of a tree that has an smaps file. */
static int
walk(const char *root)
{
	char path[4400];
	struct dirent *de;
	struct stat st;
	DIR *d = opendir(root);
	int n = 0;

	if (d == NULL)
		return 0;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] < '0' || de->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "%s/%s/smaps", root, de->d_name);
		if (stat(path, &st) == 0 && st.st_size > 0) {
			roundtrip(root, de->d_name);
			n++;
		}
	}
	closedir(d);
	return n;
}

static int
walk_trees(const char *dir, const char *sub)
{
	char path[4096];
	struct dirent *de;
	DIR *d = opendir(dir);
	int n = 0;

	if (d == NULL)
		return 0;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if (strlen(dir) + strlen(de->d_name) + strlen(sub) + 2 > sizeof(path))
			continue;
		snprintf(path, sizeof(path), "%s/%s%s", dir, de->d_name, sub);
		n += walk(path);
	}
	closedir(d);
	return n;
}

/* A process without a command line (kernel thread): "cmdline": []. */
/* Totals add the amounts printed, saturate, and skip vsyscall and sizes. */
static void
test_sum_rules(void)
{
	struct proc_snapshot s;
	struct vma *v;

	snapshot_init(&s);
	for (int i = 0; i < 3; i++) {
		v = vma_vec_push(&s.vmas);
		v->start = 0x1000 * (uint64_t)(i + 1);
		v->end = v->start + 0x1000;
		memcpy(v->perms, "rw-p", 5);
		smaps_set(v, SMAPS_SIZE, 4096);
		smaps_set(v, SMAPS_KERNEL_PAGE_SIZE, 4096);
		smaps_set(v, SMAPS_RSS, i == 2 ? 4096 : UINT64_MAX - 8192);
		if (i != 1)
			smaps_set(v, SMAPS_SWAP, 4096);
	}
	v = vma_vec_push(&s.vmas);
	v->start = 0xffffffffff600000;
	v->end = v->start + 0x1000;
	memcpy(v->perms, "--xp", 5);
	v->path = "[vsyscall]";
	v->path_len = 10;
	smaps_set(v, SMAPS_SIZE, 4096);
	smaps_set(v, SMAPS_SWAP, 4096);
	snapshot_sum(&s);
	ok(s.totals.val[SMAPS_RSS] == UINT64_MAX, "a total past 2^64 stays at its largest");
	ok(s.totals.val[SMAPS_SIZE] == 12288 && smaps_has(&s.totals, SMAPS_SIZE),
	    "vsyscall left out of the sums");
	ok(!smaps_has(&s.totals, SMAPS_KERNEL_PAGE_SIZE) &&
	    !smaps_has(&s.totals, SMAPS_PSS),
	    "page sizes are not added; a field no mapping printed stays unknown");
	ok(!smaps_has(&s.totals, SMAPS_SWAP),
	    "a field one mapping did not print is unknown: a partial sum is no total");
	snapshot_free(&s);
}

static void
test_no_cmdline(void)
{
	struct proc_snapshot snap;
	json_t *doc, *c;

	snapshot_init(&snap);
	snap.pid = 2;
	snap.comm = "kthreadd";
	snap.comm_len = 8;
	doc = mwjson_proc_snapshot(&snap);
	c = json_object_get(json_object_get(doc, "process"), "cmdline");
	ok(json_is_array(c) && json_array_size(c) == 0,
	    "no command line is written as an empty array");
	json_decref(doc);
	snapshot_free(&snap);
}

/* Reals: the shortest text that reads back as the same double. */
static void
real_text(void)
{
	static const struct {
		double v;
		const char *want;
	} t[] = {
		{ 0.008, "0.008" }, { 0.066, "0.066" }, { 0.2, "0.2" },
		{ -1.0, "-1.0" }, { 0.0, "0.0" }, { 1e-5, "1e-5" },
		{ 1e300, "1e300" }, { 0.1 + 0.2, "0.30000000000000004" },
		{ 2.5, "2.5" }, { 123456789012.0, "123456789012.0" },
	};
	bool all = true;
	uint64_t x = 88172645463325252ull;

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		char s[MWJSON_REAL_LEN];

		mwjson_real_text(s, t[i].v);
		is_str(s, t[i].want, "real %.17g is written %s", t[i].v,
		    t[i].want);
	}
	/* Any finite double reads back the same from its text. */
	for (int i = 0; i < 100000; i++) {
		char s[MWJSON_REAL_LEN];
		double v;

		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		memcpy(&v, &x, sizeof(v));
		if (v != v || v - v != 0)
			continue;	/* NaN, infinite */
		mwjson_real_text(s, v);
		if (strtod(s, NULL) != v || strlen(s) > 24) {
			all = false;
			tap_diag("%.17g written %s", v, s);
			break;
		}
	}
	ok(all, "100000 random doubles read back from their text");
}

int
main(void)
{
	const char *pub = getenv("MW_PUBLIC_SAMPLES");
	struct stat st;

	if (mkdtemp(tmpdir) == NULL) {
		ok(0, "mkdtemp (%s)", strerror(errno));
		return tap_done();
	}
	hostile_text();
	real_text();
	ok(walk_trees(tap_src("samples/proc"), "") >= 3,
	    "captured trees in samples/proc round-trip");
	if (pub != NULL && stat(pub, &st) == 0)
		ok(walk_trees(pub, "/proc") > 0, "public corpus round-trips");
	else
		tap_skip("MW_PUBLIC_SAMPLES not set or missing");
	test_no_cmdline();
	test_sum_rules();
	rmdir(tmpdir);
	return tap_done();
}
