/* model/cgroup.c: memory cgroups, v1 and v2, read through the source. */
#include "config.h"
#include "model/cgroup.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "source.h"
#include "util/buf.h"
#include "util/err.h"
#include <time.h>
#include "util/xmalloc.h"

const struct cg_field_desc cg_fields[CG_NR] = {
	[CG_CURRENT] = { "current", "memory.current", "memory.usage_in_bytes", false, false },
	[CG_PEAK] = { "peak", "memory.peak", "memory.max_usage_in_bytes", false, false },
	[CG_MIN] = { "min", "memory.min", NULL, true, false },
	[CG_LOW] = { "low", "memory.low", NULL, true, false },
	[CG_HIGH] = { "high", "memory.high", NULL, true, false },
	[CG_MAX] = { "max", "memory.max", "memory.limit_in_bytes", true, false },
	[CG_SOFT_LIMIT] = { "soft_limit", NULL, "memory.soft_limit_in_bytes", true, false },
	[CG_SWAP_CURRENT] = { "swap_current", "memory.swap.current", NULL, false, false },
	[CG_SWAP_MAX] = { "swap_max", "memory.swap.max", NULL, true, false },
	[CG_SWAP_PEAK] = { "swap_peak", "memory.swap.peak", NULL, false, false },
	[CG_ZSWAP_CURRENT] = { "zswap_current", "memory.zswap.current", NULL, false, false },
	[CG_ZSWAP_MAX] = { "zswap_max", "memory.zswap.max", NULL, true, false },
	[CG_MEMSW_USAGE] = { "memsw_usage", NULL, "memory.memsw.usage_in_bytes", false, false },
	[CG_MEMSW_LIMIT] = { "memsw_limit", NULL, "memory.memsw.limit_in_bytes", true, false },
	[CG_MEMSW_PEAK] = { "memsw_peak", NULL, "memory.memsw.max_usage_in_bytes", false, false },
	[CG_KMEM_USAGE] = { "kmem_usage", NULL, "memory.kmem.usage_in_bytes", false, false },
	[CG_KMEM_LIMIT] = { "kmem_limit", NULL, "memory.kmem.limit_in_bytes", true, false },
	[CG_FAILCNT] = { "failcnt", NULL, "memory.failcnt", false, true },
	[CG_MEMSW_FAILCNT] = { "memsw_failcnt", NULL, "memory.memsw.failcnt", false, true },
};

/* Strip "/sys/" from an absolute mount point: the path below the sys root. */
static int
below_sys(const char *mount, char *rel, size_t n)
{
	if (strncmp(mount, "/sys/", 5) != 0 || mount[5] == '\0' ||
	    strlen(mount + 5) >= n)
		return -EXDEV;
	strcpy(rel, mount + 5);
	return 0;
}

int
cg_hier_find(const struct mw_source *src, struct cg_hier *h,
    struct mw_err *err)
{
	struct cg_mounts m;
	struct mw_buf b;
	int rc;

	memset(h, 0, sizeof(*h));
	mw_buf_init(&b);
	rc = mw_source_read(src, "self/mountinfo", &b, err);
	if (rc < 0)
		goto out;
	if (cg_parse_mountinfo(b.data, b.len, &m) < 0) {
		rc = mw_err_set(err, -EINVAL, MW_EXIT_TARGET,
		    "cannot read %s/self/mountinfo (no mount lines); check the file",
		    src->root);
		goto out;
	}
	if (m.has_v2 && below_sys(m.v2, h->rel, sizeof(h->rel)) == 0) {
		char rel[4200];

		snprintf(rel, sizeof(rel), "%s/cgroup.controllers", h->rel);
		if (mw_source_read_at(src, MW_ROOT_SYS, rel, &b, NULL) == 0 &&
		    cg_controllers_have(b.data, b.len, "memory")) {
			h->version = 2;
			strcpy(h->mount, m.v2);
			strcpy(h->mount_root, m.v2_root);
			rc = 0;
			goto out;
		}
	}
	if (m.has_v1_memory) {
		if (below_sys(m.v1_memory, h->rel, sizeof(h->rel)) < 0) {
			rc = mw_err_set(err, -EXDEV, MW_EXIT_TARGET,
			    "the memory cgroup hierarchy is mounted at %s, outside /sys; memwatch reads cgroups below /sys only",
			    m.v1_memory);
			goto out;
		}
		h->version = 1;
		h->hybrid = m.has_v2;
		strcpy(h->mount, m.v1_memory);
		strcpy(h->mount_root, m.v1_memory_root);
		rc = 0;
		goto out;
	}
	rc = mw_err_set(err, -ENOENT, MW_EXIT_TARGET,
	    m.has_v2 ?
	    "no memory cgroups: cgroup2 is mounted at %s without the memory controller, and no v1 memory hierarchy is mounted" :
	    "no memory cgroups: neither cgroup2 nor a v1 memory hierarchy is mounted%s",
	    m.has_v2 ? m.v2 : "");
out:
	mw_buf_free(&b);
	return rc;
}

void
cg_tree_init(struct cg_tree *t)
{
	memset(t, 0, sizeof(*t));
	mw_arena_init(&t->arena);
}

void
cg_tree_free(struct cg_tree *t)
{
	free(t->v);
	mw_arena_free(&t->arena);
	memset(t, 0, sizeof(*t));
}

int
cg_path_norm(const struct cg_hier *h, const char *in, char *out, size_t n)
{
	size_t ml = strlen(h->mount), k = 0;
	const char *p = in;

	/* A full path below the mount point is taken as its cgroup. */
	if (strncmp(in, h->mount, ml) == 0 && (in[ml] == '/' || in[ml] == '\0'))
		p = in + ml;
	if (n < 2)
		return -EINVAL;
	out[k++] = '/';
	while (*p != '\0') {
		const char *s;
		size_t len;

		while (*p == '/')
			p++;
		if (*p == '\0')
			break;
		s = strchr(p, '/');
		len = s != NULL ? (size_t)(s - p) : strlen(p);
		if ((len == 1 && p[0] == '.') ||
		    (len == 2 && p[0] == '.' && p[1] == '.'))
			return -EINVAL;
		if (k + len + 2 > n)
			return -EINVAL;
		if (k > 1)
			out[k++] = '/';
		memcpy(out + k, p, len);
		k += len;
		p += len;
	}
	out[k] = '\0';
	return 0;
}

/* The directory of a cgroup below the sys root: REL + PATH. */
static void
dir_of(const struct cg_hier *h, const char *path, struct mw_buf *b)
{
	mw_buf_reset(b);
	mw_buf_adds(b, h->rel);
	if (strcmp(path, "/") != 0)
		mw_buf_adds(b, path);
}

int
cg_of_pid(const struct mw_source *src, const struct cg_hier *h, pid_t pid,
    char *out, size_t n, struct mw_err *err)
{
	struct cg_membership m;
	struct mw_buf b;
	const char *p;
	size_t rl;
	int rc;

	mw_buf_init(&b);
	rc = mw_source_read_pid(src, pid, "cgroup", &b, err);
	if (rc == 0 && cg_parse_proc_cgroup(b.data, b.len, &m) < 0)
		rc = -EINVAL;
	mw_buf_free(&b);
	if (rc < 0) {
		if (rc == -EINVAL)
			mw_err_set(err, rc, MW_EXIT_TARGET,
			    "cannot read %s/%d/cgroup (no cgroup lines); check the file",
			    src->root, (int)pid);
		return rc;
	}
	if (h->version == 2 ? !m.has_v2 : !m.has_v1_memory)
		return mw_err_set(err, -EINVAL, MW_EXIT_TARGET,
		    "process %d is in no cgroup of the %s hierarchy", (int)pid,
		    h->version == 2 ? "unified (v2)" : "v1 memory");
	p = h->version == 2 ? m.v2 : m.v1_memory;
	/* A mount of a subtree (a container's view) shows paths below it. */
	rl = strlen(h->mount_root);
	if (rl > 1 && strncmp(p, h->mount_root, rl) == 0 &&
	    (p[rl] == '/' || p[rl] == '\0'))
		p += rl;
	if (*p == '\0')
		p = "/";
	if (strlen(p) >= n)
		return mw_err_set(err, -EINVAL, MW_EXIT_TARGET,
		    "the cgroup path of process %d is too long", (int)pid);
	strcpy(out, p);
	return 0;
}

/* One value file into c's field f. */
static void
read_field(const struct mw_source *src, struct mw_buf *dir, size_t dl,
    const char *file, struct mw_buf *b, struct cgroup *c, enum cg_field f)
{
	bool unl;
	uint64_t v = 0;

	mw_buf_setlen(dir, dl);
	mw_buf_addc(dir, '/');
	mw_buf_adds(dir, file);
	if (mw_source_read_at(src, MW_ROOT_SYS, dir->data, b, NULL) < 0 ||
	    cg_parse_value(b->data, b->len, &v, &unl) < 0)
		return;
	c->present |= 1u << f;
	if (unl && cg_fields[f].limit)
		c->unlimited |= 1u << f;
	else
		c->val[f] = v;
}

static bool
read_kv(const struct mw_source *src, struct mw_buf *dir, size_t dl,
    const char *file, struct mw_buf *b, struct mw_arena *a, struct cg_kv *kv)
{
	mw_buf_setlen(dir, dl);
	mw_buf_addc(dir, '/');
	mw_buf_adds(dir, file);
	if (mw_source_read_at(src, MW_ROOT_SYS, dir->data, b, NULL) < 0)
		return false;
	return cg_parse_kv(b->data, b->len, a, kv) == 0 && kv->len > 0;
}

/*
 * memory.pressure ("some avg10=0.00 avg60=0.00 avg300=0.00 total=0") as
 * rows "some_avg10" (hundredths of a percent), ..., "some_total" (µs).
 */
static bool
read_pressure(const struct mw_source *src, struct mw_buf *dir, size_t dl,
    struct mw_buf *b, struct mw_arena *a, struct cg_kv *kv)
{
	const char *p, *end;
	size_t n = 0;

	mw_buf_setlen(dir, dl);
	mw_buf_adds(dir, "/memory.pressure");
	if (mw_source_read_at(src, MW_ROOT_SYS, dir->data, b, NULL) < 0)
		return false;
	kv->rows = mw_arena_alloc(a, 8 * sizeof(*kv->rows));
	kv->skipped = 0;
	p = b->data;
	end = b->data + b->len;
	while (p < end && n < 8) {
		const char *lp, *le, *tp, *te, *kind;
		size_t kl;

		p = lex_line(p, end, &lp, &le);
		if (!lex_token(&lp, le, &tp, &te))
			continue;
		kind = tp;
		kl = (size_t)(te - tp);
		if (!((kl == 4 && memcmp(kind, "some", 4) == 0) ||
		    (kl == 4 && memcmp(kind, "full", 4) == 0)))
			continue;
		while (lex_token(&lp, le, &tp, &te) && n < 8) {
			const char *eq = memchr(tp, '=', (size_t)(te - tp));
			char name[32];
			uint64_t whole = 0, frac = 0;
			const char *q;
			int digits = 0;

			if (eq == NULL || eq - tp > 8)
				continue;
			/* avg values have two decimals: keep hundredths */
			for (q = eq + 1; q < te && *q >= '0' && *q <= '9'; q++)
				whole = whole * 10 + (uint64_t)(*q - '0');
			if (q < te && *q == '.')
				for (q++; q < te && *q >= '0' && *q <= '9' &&
				    digits < 2; q++, digits++)
					frac = frac * 10 + (uint64_t)(*q - '0');
			if (whole > UINT64_MAX / 1000)
				continue;
			snprintf(name, sizeof(name), "%.4s_%.*s", kind,
			    (int)(eq - tp), tp);
			kv->rows[n].name = mw_arena_strndup(a, name, strlen(name));
			kv->rows[n].value = memcmp(tp, "total", 5) == 0 ? whole :
			    whole * 100 + (digits == 1 ? frac * 10 : frac);
			n++;
		}
	}
	kv->len = n;
	return n > 0;
}

static struct cgroup *
add(struct cg_tree *t)
{
	if (t->len == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 32;
		t->v = mw_xreallocarray(t->v, t->cap, sizeof(*t->v));
	}
	memset(&t->v[t->len], 0, sizeof(t->v[0]));
	return &t->v[t->len++];
}

/* Read the cgroup at path (its directory dir) into c; false if none. */
static bool
read_one(const struct mw_source *src, const struct cg_hier *h,
    struct mw_buf *dir, struct mw_buf *b, struct cg_tree *t, struct cgroup *c)
{
	size_t dl = dir->len;
	const char *procs;

	procs = "cgroup.procs";
	mw_buf_adds(dir, "/");
	mw_buf_adds(dir, procs);
	if (mw_source_read_at(src, MW_ROOT_SYS, dir->data, b, NULL) == 0) {
		c->nprocs = lex_count_lines(b->data, b->len) -
		    (b->len == 0 || b->data[b->len - 1] == '\n' ? 1 : 0);
		c->has_nprocs = true;
	} else if (!mw_source_exists_at(src, MW_ROOT_SYS, dir->data)) {
		mw_buf_setlen(dir, dl);
		return false;
	}
	for (int f = 0; f < CG_NR; f++) {
		const char *file = h->version == 2 ? cg_fields[f].v2 :
		    cg_fields[f].v1;

		if (file != NULL)
			read_field(src, dir, dl, file, b, c, (enum cg_field)f);
	}
	c->has_stat = read_kv(src, dir, dl, "memory.stat", b, &t->arena,
	    &c->stat);
	c->has_events = read_kv(src, dir, dl, h->version == 2 ?
	    "memory.events" : "memory.oom_control", b, &t->arena, &c->events);
	if (h->version == 2)
		c->has_events_local = read_kv(src, dir, dl,
		    "memory.events.local", b, &t->arena, &c->events_local);
	c->has_pressure = read_pressure(src, dir, dl, b, &t->arena,
	    &c->pressure);
	mw_buf_setlen(dir, dl);
	if (c->present == 0 && !c->has_stat)
		t->unreadable++;
	return true;
}

/* The limit set on c itself that binds first: v2 max or high, v1 limit. */
static bool
own_limit(const struct cgroup *c, int version, uint64_t *v, const char **key)
{
	bool any = false;

	if (cg_has(c, CG_MAX) && !cg_unlimited(c, CG_MAX)) {
		*v = c->val[CG_MAX];
		*key = version == 2 ? "max" : "limit_in_bytes";
		any = true;
	}
	if (version == 2 && cg_has(c, CG_HIGH) && !cg_unlimited(c, CG_HIGH) &&
	    (!any || c->val[CG_HIGH] < *v)) {
		*v = c->val[CG_HIGH];
		*key = "high";
		any = true;
	}
	return any;
}

/* Inherit the tightest limit from the parent (already resolved). */
static void
resolve_limit(struct cg_tree *t, struct cgroup *c, const struct cgroup *up,
    int version)
{
	uint64_t v;
	const char *key;

	if (up != NULL && up->has_limit) {
		c->limit = up->limit;
		c->limit_path = up->limit_path;
		c->limit_key = up->limit_key;
		c->has_limit = true;
	}
	if (own_limit(c, version, &v, &key) && (!c->has_limit || v < c->limit)) {
		c->limit = v;
		c->limit_path = c->path;
		c->limit_key = key;
		c->has_limit = true;
	}
	(void)t;
}

/* Walk the children of t->v[i] down to depth more levels. */
static void
walk(const struct mw_source *src, const struct cg_hier *h, struct cg_tree *t,
    size_t i, int depth, struct mw_buf *dir, struct mw_buf *b)
{
	char **names = NULL;
	size_t n = 0, dl;

	dir_of(h, t->v[i].path, dir);
	dl = dir->len;
	if (mw_source_list_at(src, MW_ROOT_SYS, dir->data, &names, &n, NULL) < 0)
		return;
	for (size_t k = 0; k < n; k++) {
		struct cgroup c;
		const char *parent = t->v[i].path;
		char *path;
		size_t pl = strlen(parent), nl = strlen(names[k]);

		/* cgroup directories are the entries that are not files:
		 * every file of a cgroup has a dot, but a directory may too */
		mw_buf_setlen(dir, dl);
		mw_buf_addc(dir, '/');
		mw_buf_adds(dir, names[k]);
		mw_buf_adds(dir, "/cgroup.procs");
		if (!mw_source_exists_at(src, MW_ROOT_SYS, dir->data))
			continue;
		if (depth == 0) {
			t->truncated = true;
			continue;
		}
		path = mw_arena_alloc(&t->arena, pl + nl + 2);
		memcpy(path, parent, pl);
		if (pl > 1)
			path[pl++] = '/';
		memcpy(path + pl, names[k], nl + 1);
		memset(&c, 0, sizeof(c));
		c.path = path;
		c.depth = t->v[i].depth + 1;
		c.parent = i;
		dir_of(h, path, dir);
		if (!read_one(src, h, dir, b, t, &c))
			continue;
		resolve_limit(t, &c, &t->v[i], h->version);
		*add(t) = c;
		walk(src, h, t, t->len - 1, depth < 0 ? -1 : depth - 1, dir, b);
		dir_of(h, t->v[i].path, dir);
	}
	mw_source_list_free(names, n);
}

int
cg_tree_take(const struct mw_source *src, const struct cg_hier *h,
    const char *path, int depth, struct cg_tree *t, struct mw_err *err)
{
	struct cgroup up, c;
	struct mw_buf dir, b;
	const char *key;
	char *p;
	int rc = 0;

	cg_tree_init(t);
	mw_buf_init(&dir);
	mw_buf_init(&b);
	if (src->live || mw_source_mtime(src, "self/mountinfo", &t->taken_at) < 0)
		t->taken_at = time(NULL);
	memset(&c, 0, sizeof(c));
	c.path = mw_arena_strndup(&t->arena, path, strlen(path));
	c.parent = (size_t)-1;
	dir_of(h, path, &dir);
	if (!read_one(src, h, &dir, &b, t, &c)) {
		rc = mw_err_set(err, -ENOENT, MW_EXIT_TARGET,
		    "no memory cgroup %s (no %s%s/cgroup.procs); list them with 'memwatch cgroups'",
		    path, h->mount, strcmp(path, "/") == 0 ? "" : path);
		goto out;
	}
	/* Limits set above path bind it too: read its ancestors' limits. */
	memset(&up, 0, sizeof(up));
	p = mw_xstrdup(path);
	for (;;) {
		char *slash = strrchr(p, '/');
		struct cgroup a;
		uint64_t v;

		if (slash == NULL || strcmp(p, "/") == 0)
			break;
		if (slash == p)
			slash[1] = '\0';
		else
			*slash = '\0';
		memset(&a, 0, sizeof(a));
		dir_of(h, p, &dir);
		for (int f = CG_HIGH; f <= CG_MAX; f++) {
			const char *file = h->version == 2 ? cg_fields[f].v2 :
			    cg_fields[f].v1;

			if (file != NULL)
				read_field(src, &dir, dir.len, file, &b, &a,
				    (enum cg_field)f);
		}
		if (own_limit(&a, h->version, &v, &key) &&
		    (!up.has_limit || v < up.limit)) {
			up.limit = v;
			up.limit_key = key;
			up.limit_path = mw_arena_strndup(&t->arena, p, strlen(p));
			up.has_limit = true;
		}
		if (strcmp(p, "/") == 0)
			break;
	}
	free(p);
	resolve_limit(t, &c, &up, h->version);
	*add(t) = c;
	if (depth != 0)
		walk(src, h, t, 0, depth, &dir, &b);
	else
		t->truncated = false;
out:
	mw_buf_free(&dir);
	mw_buf_free(&b);
	return rc;
}

static int
pid_cmp(const void *a, const void *b)
{
	pid_t x = *(const pid_t *)a, y = *(const pid_t *)b;

	return (x > y) - (x < y);
}

int
cg_pids(const struct mw_source *src, const struct cg_hier *h,
    const char *path, pid_t **pids, size_t *n, struct mw_err *err)
{
	struct mw_buf dir, b;
	const char *p, *end, *lp, *le;
	size_t cap, len = 0;
	pid_t *v;
	int rc;

	mw_buf_init(&dir);
	mw_buf_init(&b);
	dir_of(h, path, &dir);
	mw_buf_adds(&dir, "/cgroup.procs");
	rc = mw_source_read_at(src, MW_ROOT_SYS, dir.data, &b, err);
	mw_buf_free(&dir);
	if (rc < 0) {
		mw_buf_free(&b);
		return rc;
	}
	cap = lex_count_lines(b.data, b.len);
	v = mw_xreallocarray(NULL, cap + 1, sizeof(*v));
	p = b.data;
	end = b.data + b.len;
	while (p < end) {
		uint64_t x;

		p = lex_line(p, end, &lp, &le);
		if (lex_u64(&lp, le, &x) == 0 && x > 0 && x <= INT32_MAX &&
		    len < cap)
			v[len++] = (pid_t)x;
	}
	mw_buf_free(&b);
	qsort(v, len, sizeof(*v), pid_cmp);
	*pids = v;
	*n = len;
	return (int)(len > INT32_MAX ? INT32_MAX : len);
}
