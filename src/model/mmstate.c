/* model/mmstate.c: reading vmstat, PSI and the memory settings. */
#include "config.h"
#include "model/mmstate.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "util/buf.h"
#include "util/time.h"

#define THP_DIR "kernel/mm/transparent_hugepage"
#define KHP_DIR THP_DIR "/khugepaged"
#define POOL_DIR "kernel/mm/hugepages"
#define ZSWAP_DIR "module/zswap/parameters"
#define SYSCTL_DIR "sys/vm"
#define MM_MAX_PARAMS 32
#define MM_MAX_POOLS 16

#define MM_NAME_(e, name) [MS_##e] = name,
static const char *const sysctl_names[MS_NR] = { MM_SYSCTLS(MM_NAME_) };
#undef MM_NAME_
#define MM_NAME_(e, name) [MT_##e] = name,
static const char *const thp_names[MT_NR] = { MM_THPS(MM_NAME_) };
#undef MM_NAME_
/* The files of a pool directory (Documentation/admin-guide/mm/hugetlbpage.rst). */
#define MM_NAME_(e, key, file) [MP_##e] = file,
static const char *const pool_files[MP_FIELD_NR] = { MM_POOL_FIELDS(MM_NAME_) };
#undef MM_NAME_
#define MM_NAME_(e, key, file) [MP_##e] = key,
static const char *const pool_keys[MP_FIELD_NR] = { MM_POOL_FIELDS(MM_NAME_) };
#undef MM_NAME_

const char *
mm_sysctl_name(enum mm_sysctl s)
{
	return sysctl_names[s];
}

const char *
mm_thp_name(enum mm_thp t)
{
	return thp_names[t];
}

const char *
mm_pool_field_name(enum mm_pool_field f)
{
	return pool_keys[f];
}

void
mm_state_init(struct mm_state *st)
{
	memset(st, 0, sizeof(*st));
	mw_arena_init(&st->arena);
	vmstat_init(&st->vs);
	st->zswap_enabled = -1;
}

void
mm_state_free(struct mm_state *st)
{
	if (st == NULL)
		return;
	mw_arena_free(&st->arena);
	memset(st, 0, sizeof(*st));
}

const char *
mm_zswap_param(const struct mm_state *st, const char *name)
{
	for (size_t i = 0; i < st->nzswap; i++)
		if (strcmp(st->zswap[i].name, name) == 0)
			return st->zswap[i].value;
	return NULL;
}

/* ---- the walk over the settings files -------------------------------- */

static int
visit(const struct mw_source *src, enum mw_root root, const char *rel,
    mm_file_fn fn, void *arg)
{
	return mw_source_exists_at(src, root, rel) ? fn(root, rel, arg) : 0;
}

/* Each entry of dir below root, as dir/NAME[/file]. */
static int
visit_dir(const struct mw_source *src, enum mw_root root, const char *dir,
    const char *file, mm_file_fn fn, void *arg)
{
	char **names = NULL, rel[512];
	size_t n = 0;
	int rc = 0;

	if (mw_source_list_at(src, root, dir, &names, &n, NULL) < 0)
		return 0;
	for (size_t i = 0; i < n && rc == 0; i++) {
		if (file != NULL) {
			uint64_t sz;

			if (mmset_hugepage_dir(names[i], &sz) < 0)
				continue;
			snprintf(rel, sizeof(rel), "%s/%s/%s", dir, names[i], file);
		} else {
			snprintf(rel, sizeof(rel), "%s/%s", dir, names[i]);
		}
		rc = visit(src, root, rel, fn, arg);
	}
	mw_source_list_free(names, n);
	return rc;
}

static int
walk_settings(const struct mw_source *src, mm_file_fn fn, void *arg)
{
	char rel[128];
	int rc = visit(src, MW_ROOT_PROC, "swaps", fn, arg);

	for (int s = 0; s < MS_NR && rc == 0; s++) {
		snprintf(rel, sizeof(rel), SYSCTL_DIR "/%s", sysctl_names[s]);
		rc = visit(src, MW_ROOT_PROC, rel, fn, arg);
	}
	for (int t = 0; t < MT_NR && rc == 0; t++) {
		snprintf(rel, sizeof(rel), THP_DIR "/%s", thp_names[t]);
		rc = visit(src, MW_ROOT_SYS, rel, fn, arg);
	}
	if (rc == 0)
		rc = visit_dir(src, MW_ROOT_SYS, KHP_DIR, NULL, fn, arg);
	for (int f = 0; f < MP_FIELD_NR && rc == 0; f++)
		rc = visit_dir(src, MW_ROOT_SYS, POOL_DIR, pool_files[f], fn,
		    arg);
	if (rc == 0)
		rc = visit_dir(src, MW_ROOT_SYS, ZSWAP_DIR, NULL, fn, arg);
	return rc;
}

int
mm_files(const struct mw_source *src, mm_file_fn fn, void *arg)
{
	int rc = visit(src, MW_ROOT_PROC, "vmstat", fn, arg);

	if (rc == 0)
		rc = visit(src, MW_ROOT_PROC, "pressure/memory", fn, arg);
	return rc ? rc : walk_settings(src, fn, arg);
}

/* ---- reading ---------------------------------------------------------- */

struct reader {
	const struct mw_source *src;
	struct mm_state *st;
	struct mw_buf buf;
};

/* The trimmed printable text of the file just read, in the arena. */
static const char *
text_value(struct reader *r)
{
	const char *w;
	size_t n;

	if (mmset_choice(r->buf.data, r->buf.len, &w, &n) < 0)
		return NULL;
	return mw_arena_strndup(&r->st->arena, w, n);
}

static void
add_param(struct reader *r, struct mm_param **v, size_t *n, const char *name)
{
	const char *val = text_value(r);

	if (val == NULL || *n >= MM_MAX_PARAMS)
		return;
	if (*v == NULL)
		*v = mw_arena_alloc(&r->st->arena, MM_MAX_PARAMS * sizeof(**v));
	(*v)[*n].name = mw_arena_strndup(&r->st->arena, name, strlen(name));
	(*v)[(*n)++].value = val;
}

static struct mm_pool *
pool_of(struct mm_state *st, uint64_t size)
{
	size_t i;

	for (i = 0; i < st->npools; i++)
		if (st->pools[i].size == size)
			return &st->pools[i];
	if (st->npools >= MM_MAX_POOLS)
		return NULL;
	if (st->pools == NULL)
		st->pools = mw_arena_alloc(&st->arena,
		    MM_MAX_POOLS * sizeof(*st->pools));
	/* Keep ascending order: directories are listed sorted by name. */
	for (i = st->npools; i > 0 && st->pools[i - 1].size > size; i--)
		st->pools[i] = st->pools[i - 1];
	memset(&st->pools[i], 0, sizeof(st->pools[i]));
	st->pools[i].size = size;
	st->npools++;
	return &st->pools[i];
}

static void
take_pool(struct reader *r, const char *rest)
{
	const char *slash = strchr(rest, '/');
	char dir[64];
	struct mm_pool *p;
	uint64_t size, v;

	if (slash == NULL || (size_t)(slash - rest) >= sizeof(dir))
		return;
	memcpy(dir, rest, (size_t)(slash - rest));
	dir[slash - rest] = '\0';
	if (mmset_hugepage_dir(dir, &size) < 0 ||
	    mmset_u64(r->buf.data, r->buf.len, &v) < 0)
		return;
	for (int f = 0; f < MP_FIELD_NR; f++)
		if (strcmp(slash + 1, pool_files[f]) == 0 &&
		    (p = pool_of(r->st, size)) != NULL) {
			p->val[f] = v;
			p->have |= 1u << f;
		}
}

static void
take_sys(struct reader *r, const char *rel)
{
	struct mm_state *st = r->st;
	bool b;

	if (strncmp(rel, KHP_DIR "/", sizeof(KHP_DIR)) == 0) {
		add_param(r, &st->khugepaged, &st->nkhugepaged,
		    rel + sizeof(KHP_DIR));
	} else if (strncmp(rel, THP_DIR "/", sizeof(THP_DIR)) == 0) {
		for (int t = 0; t < MT_NR; t++)
			if (strcmp(rel + sizeof(THP_DIR), thp_names[t]) == 0)
				st->thp[t] = text_value(r);
	} else if (strncmp(rel, POOL_DIR "/", sizeof(POOL_DIR)) == 0) {
		take_pool(r, rel + sizeof(POOL_DIR));
	} else if (strncmp(rel, ZSWAP_DIR "/", sizeof(ZSWAP_DIR)) == 0) {
		add_param(r, &st->zswap, &st->nzswap, rel + sizeof(ZSWAP_DIR));
		if (strcmp(rel + sizeof(ZSWAP_DIR), "enabled") == 0 &&
		    mmset_bool(r->buf.data, r->buf.len, &b) == 0)
			st->zswap_enabled = b;
	}
}

static void
take_proc(struct reader *r, const char *rel)
{
	struct mm_state *st = r->st;
	uint64_t v;

	if (strcmp(rel, "swaps") == 0) {
		st->have_swaps = swaps_parse(r->buf.data, r->buf.len,
		    &st->arena, &st->sw) == 0;
		return;
	}
	if (strncmp(rel, SYSCTL_DIR "/", sizeof(SYSCTL_DIR)) != 0)
		return;
	for (int s = 0; s < MS_NR; s++)
		if (strcmp(rel + sizeof(SYSCTL_DIR), sysctl_names[s]) == 0 &&
		    mmset_u64(r->buf.data, r->buf.len, &v) == 0) {
			st->sysctl[s] = v;
			st->have_sysctl[s] = true;
		}
}

static int
take_file(enum mw_root root, const char *rel, void *arg)
{
	struct reader *r = arg;

	if (mw_source_read_at(r->src, root, rel, &r->buf, NULL) < 0)
		return 0;
	if (root == MW_ROOT_SYS)
		take_sys(r, rel);
	else
		take_proc(r, rel);
	return 0;
}

static void
take_counters(struct reader *r)
{
	struct mm_state *st = r->st;
	int rc;

	st->mono_ms = mw_now_ms();
	st->taken_at = time(NULL);
	rc = mw_source_read_at(r->src, MW_ROOT_PROC, "vmstat", &r->buf, NULL);
	if (rc == 0 && vmstat_parse(r->buf.data, r->buf.len, &st->arena,
	    &st->vs) == 0 && st->vs.len > 0)
		st->have_vmstat = true;
	else
		st->vmstat_err = rc < 0 ? rc : -EINVAL;
	rc = mw_source_read_at(r->src, MW_ROOT_PROC, "pressure/memory",
	    &r->buf, NULL);
	if (rc == 0 && psi_parse(r->buf.data, r->buf.len, &st->psi) == 0)
		st->have_psi = true;
	else
		st->psi_err = rc < 0 ? rc : -EINVAL;
}

int
mm_take(const struct mw_source *src, unsigned parts, struct mm_state *st)
{
	struct reader r = { src, st, { 0 } };

	mw_buf_init(&r.buf);
	st->parts |= parts;
	if (parts & MM_COUNTERS)
		take_counters(&r);
	if (parts & MM_SETTINGS)
		walk_settings(src, take_file, &r);
	mw_buf_free(&r.buf);
	return 0;
}
