/* tests/unit/test_fields.c: the documents' descriptor rows.
 *
 * The rows themselves (keys unique, a flag or a getter where the kind of
 * row needs one); a snapshot with every row known, at the edges of each
 * type, written by the one encoder and read back by both readers to the
 * same values; a mapping whose rows are wrong named by its first bad row.
 */
#include "config.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "model/mm_fields.h"
#include "model/mmstate.h"
#include "model/snapshot.h"
#include "model/snapshot_fields.h"
#include "model/system_fields.h"
#include "parse/pagetypeinfo.h"
#include "parse/slabinfo.h"
#include "render/json_proc.h"
#include "render/json_proc_read.h"
#include "render/json_read.h"
#include "snapagree.h"
#include "tap.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/err.h"

static void
check_rows(const char *what, const struct field_row *rows, size_t n,
    size_t size)
{
	bool uniq = true, flags = true, fits = true;

	for (size_t i = 0; i < n; i++) {
		for (size_t j = i + 1; j < n; j++)
			if (rows[i].key[0] != '\0' &&
			    strcmp(rows[i].key, rows[j].key) == 0)
				uniq = false;
		if (rows[i].known == FK_FLAG && rows[i].type != FT_SMAPS &&
		    rows[i].known_off >= size)
			flags = false;
		if ((rows[i].type == FT_DERIVED) != (rows[i].get != NULL))
			flags = false;
		if (rows[i].type != FT_DERIVED && rows[i].off >= size)
			fits = false;
	}
	ok(uniq, "%s: every key once", what);
	ok(flags, "%s: a flag or a getter where the row needs one", what);
	ok(fits, "%s: every offset inside the struct", what);
}

/* rows[0..n) over size bytes and the rows below them (FT_OBJECT over the
 * same struct from off, FT_ITEMS over each item): a getter where a row is
 * computed or its presence asked, every offset inside its struct. */
static bool
rows_sound(const struct field_row *rows, size_t n, size_t size)
{
	for (size_t i = 0; i < n; i++) {
		const struct field_row *r = &rows[i];
		bool computed = r->type == FT_DERIVED ||
		    r->type == FT_DERIVED_I64 || r->type == FT_DERIVED_BOOL;

		if (computed != (r->get != NULL) ||
		    (r->known == FK_GET) != (r->has != NULL) ||
		    ((r->known == FK_FLAG || r->known == FK_BIT) &&
		    r->known_off >= size) ||
		    (!computed && r->off >= size))
			return false;
		if (r->type == FT_OBJECT &&
		    !rows_sound(r->sub, r->nsub, size - r->off))
			return false;
		if (r->type == FT_COLUMNS && (r->index == NULL ||
		    r->column == NULL || r->size == 0 || r->count_off >= size))
			return false;
		if (r->type == FT_ITEMS &&
		    (r->size == 0 || !field_written_only(r) ||
		    !rows_sound(r->sub, r->nsub, r->size)))
			return false;
	}
	return true;
}

/* The counters' and settings' rows, and what a new setting gives. */
static void
check_mm_rows(void)
{
	size_t n;
	const struct field_row *rows = mm_fields(&n);
	const struct field_row *set = field_by_key(rows, n, "settings", 8);
	const struct field_row *vm, *thp;

	check_rows("counters and settings", rows, n, sizeof(struct mm_state));
	ok(rows_sound(rows, n, sizeof(struct mm_state)),
	    "counters and settings: every row below them sound");
	vm = set ? field_by_key(set->sub, set->nsub, "vm", 2) : NULL;
	thp = set ? field_by_key(set->sub, set->nsub, "thp", 3) : NULL;
	ok(vm != NULL && vm->nsub == MS_NR && thp != NULL &&
	    thp->nsub == MT_NR + 1,
	    "settings: a row for each sysctl and each THP mode");
	for (int k = 0; vm != NULL && k < MS_NR; k++)
		if (strcmp(vm->sub[k].key, mm_sysctl_name((enum mm_sysctl)k)) != 0)
			ok(0, "settings.vm: row %d is %s", k, vm->sub[k].key);
}

/* Every process row known, each at an edge of its type. */
static void
fill(struct proc_snapshot *s)
{
	/* as the kernel gives it: each argument ends in a NUL */
	static const char cmd[] = "/bin/x\0--a=\x1b[2J\0\xff\xfe\0";
	struct vma *v;

	snapshot_init(s);
	s->taken_at = 1700000000;
	s->kernel = "6.18.0";
	s->page_size = 4096;
	s->pid = INT32_MAX;
	s->comm = "a\"b\\c\n\x01";
	s->comm_len = strlen(s->comm);
	s->cmdline = cmd;
	s->cmdline_len = sizeof(cmd) - 1;
	s->has_uid = true;
	s->uid = UINT32_MAX;
	s->user = "r\xc3\xa9my";
	s->ppid = 0;
	s->threads = INT64_MAX;
	s->has_faults = true;
	s->minflt = 0;
	s->majflt = (uint64_t)INT64_MAX;
	s->state = 'D';
	s->has_start = true;
	s->start_ticks = 1;
	s->start_time = 1690000000;
	s->has_oom = true;
	s->oom_score = 0;
	s->oom_score_adj = -1000;
	s->has_vmas = true;
	v = vma_vec_push(&s->vmas);
	v->start = 0;
	v->end = 0x10;
	memcpy(v->perms, "---p", 5);
	smaps_set(v, SMAPS_SIZE, 0);
	/* plain paths of every length about the writer's cursor room */
	for (size_t len = 100; len <= 40000; len = len * 3 + 1) {
		char *p = mw_arena_alloc(&s->arena, len + 1);

		memset(p, 'p', len);
		p[0] = '/';
		p[len] = '\0';
		v = vma_vec_push(&s->vmas);
		v->start = v[-1].end;
		v->end = v->start;
		memcpy(v->perms, "r--p", 5);
		v->path = p;
		v->path_len = len;
	}
	v = vma_vec_push(&s->vmas);
	v->start = 0xffffffffffff0000ull;
	v->end = UINT64_MAX;
	memcpy(v->perms, "rwxs", 5);
	v->offset = (uint64_t)INT64_MAX;
	v->dev_major = UINT32_MAX;
	v->dev_minor = UINT32_MAX;
	v->inode = 1;
	v->path = "/tmp/a b\t\x1b\xff (deleted)";
	v->path_len = strlen(v->path);
	v->has_vmflags = true;
	v->vmflags = 1ull << VMF_RD | 1ull << VMF_GU;
	v->vmflags_other = "zz";
	for (int f = 0; f < SMAPS_NR; f++)
		smaps_set(v, f, f == SMAPS_THP_ELIGIBLE ? 1 : 999999999999ull);
	snapshot_sum(s);
}

static void
round_trip(void)
{
	static const char *const kinds[] = { "process-snapshot", NULL };
	const struct field_row *rows;
	struct proc_snapshot s, back;
	struct mwjson_rd rd;
	struct mw_err err;
	struct mw_buf t;
	bool accepted, other, all = true;
	const char *why;
	char key[64];
	size_t n;

	fill(&s);
	mw_buf_init(&t);
	mwjson_proc_snapshot_text(&s, NULL, 0, &t, NULL, NULL);
	rows = snapshot_process_fields(&n);
	for (size_t i = 0; i < n; i++) {
		snprintf(key, sizeof(key), "\"%s\": ", rows[i].key);
		all &= strstr(t.data, key) != NULL;
	}
	ok(all, "every process row is written when known");
	ok(strstr(t.data, "\"start\": \"0x0\"") &&
	    strstr(t.data, "\"end\": \"0xffffffffffffffff\"") &&
	    strlen(t.data) == t.len &&
	    strstr(t.data, "\"offset\": 9223372036854775807") &&
	    strstr(t.data, "\"dev\": \"ffffffff:ffffffff\"") &&
	    strstr(t.data, "\"dev\": \"00:00\"") &&
	    strstr(t.data, "\"size\": 999999999999,") &&
	    strstr(t.data, "\"size\": 0\n"),
	    "numbers at the edges written in full");
	all = snap_agree(t.data, t.len, 7, &accepted, &why) && accepted;
	ok(all, "both readers read it to the same snapshot%s%s",
	    why ? ": " : "", why ? why : "");
	mw_err_clear(&err);
	mwjson_rd_mem(&rd, t.data, t.len, t.len, "doc", &err);
	if (!ok(mwjson_proc_snapshot_read(&rd, kinds, &back, &other) == 0,
	    "read back"))
		tap_diag("%s", err.msg);
	mwjson_rd_close(&rd);
	why = agree_snap(&s, &back);
	ok(why == NULL, "the same values as written%s%s", why ? ": " : "",
	    why ? why : "");
	snapshot_free(&back);
	snapshot_free(&s);
	mw_buf_free(&t);
}

/* A mapping with a bad dev and a bad inode: the first bad row names it. */
static void
first_bad_row(void)
{
	static const char *const kinds[] = { "process-snapshot", NULL };
	static const char doc[] = "{\"kind\": \"process-snapshot\", "
	    "\"schema\": 1, \"taken_at\": \"2026-01-01T00:00:00Z\", "
	    "\"process\": {\"pid\": 1}, \"vmas\": [{\"start\": \"0x1000\", "
	    "\"end\": \"0x2000\", \"perms\": \"r--p\", \"inode\": -1, "
	    "\"dev\": \"zz\"}]}";
	struct proc_snapshot s;
	struct mwjson_rd rd;
	struct mw_err err;
	bool accepted, other;
	const char *why;

	accepted = true;
	ok(snap_agree(doc, sizeof(doc) - 1, 5, &accepted, &why) && !accepted,
	    "a bad mapping: both readers refuse it");
	mw_err_clear(&err);
	mwjson_rd_mem(&rd, doc, sizeof(doc) - 1, 9, "doc", &err);
	ok(mwjson_proc_snapshot_read(&rd, kinds, &s, &other) < 0 &&
	    strstr(err.msg, "mapping 0 has a bad \"dev\"") != NULL,
	    "the message names the first bad row (dev before inode)");
	mwjson_rd_close(&rd);
	if (err.msg[0] != '\0')
		tap_diag("%s", err.msg);
}

int
main(void)
{
	const struct field_row *rows;
	size_t n;

	rows = snapshot_process_fields(&n);
	check_rows("process", rows, n, sizeof(struct proc_snapshot));
	rows = snapshot_vma_fields(&n);
	check_rows("mapping", rows, n, sizeof(struct vma));
	ok(n <= MWJSON_VMA_ROWS_MAX && rows[0].known == FK_REQUIRED,
	    "mapping: its rows fit the writer's keys, the first is required");
	rows = system_fields(SR_SLAB, &n);
	check_rows("slab cache", rows, n, sizeof(struct slab_cache));
	check_mm_rows();
	rows = system_fields(SR_PTI_BLOCKS, &n);
	check_rows("pagetypeinfo blocks", rows, n, sizeof(struct pti_blocks));
	ok(rows_sound(rows, n, sizeof(struct pti_blocks)),
	    "pagetypeinfo blocks: a column's name and index given");
	round_trip();
	first_bad_row();
	return tap_done();
}
