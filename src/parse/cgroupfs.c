/* parse/cgroupfs.c: memory cgroup files, /proc/PID/cgroup and mountinfo. */
#include "config.h"
#include "parse/cgroupfs.h"

#include <errno.h>
#include <string.h>

#include "parse/lex.h"
#include "parse/mountinfo.h"
#include "util/arena.h"

int
cg_parse_value(const char *buf, size_t len, uint64_t *v, bool *unlimited)
{
	const char *p = buf, *end = buf + len, *lp, *le;
	uint64_t x;
	int rc;

	*unlimited = false;
	lex_line(p, end, &lp, &le);
	lp = lex_skip_blank(lp, le);
	le = lex_rtrim(lp, le);
	if (le - lp == 3 && memcmp(lp, "max", 3) == 0) {
		*unlimited = true;
		return 0;
	}
	if (lp == le)
		return -EINVAL;
	rc = lex_u64(&lp, le, &x);
	if (rc < 0)
		return rc;
	if (lp != le)
		return -EINVAL;
	if (x >= CG_V1_UNLIMITED) {
		*unlimited = true;
		return 0;
	}
	*v = x;
	return 0;
}

int
cg_parse_kv(const char *buf, size_t len, struct mw_arena *arena,
    struct cg_kv *kv)
{
	const char *p = buf, *end = buf + len, *lp, *le, *np, *ne, *vp, *ve;
	size_t cap = lex_count_lines(buf, len), n = 0;
	bool text = false;

	kv->rows = mw_arena_alloc(arena, cap * sizeof(*kv->rows));
	kv->len = 0;
	kv->skipped = 0;
	while (p < end && n < cap) {
		uint64_t v;

		p = lex_line(p, end, &lp, &le);
		le = lex_rtrim(lp, le);
		if (lp == le)
			continue;
		text = true;
		/* NAME VALUE [anything]: what follows the value (the per-node
		 * "N0=..." of memory.numa_stat) is not kept. */
		if (!lex_token(&lp, le, &np, &ne) || ne - np > 128 ||
		    !lex_printable(np, ne, false) ||
		    !lex_token(&lp, le, &vp, &ve) || lex_u64(&vp, ve, &v) < 0) {
			kv->skipped++;
			continue;
		}
		kv->rows[n].name = mw_arena_strndup(arena, np, (size_t)(ne - np));
		kv->rows[n].value = v;
		n++;
	}
	kv->len = n;
	return text && n == 0 ? -EINVAL : 0;
}

bool
cg_kv_get(const struct cg_kv *kv, const char *name, uint64_t *v)
{
	for (size_t i = 0; i < kv->len; i++)
		if (strcmp(kv->rows[i].name, name) == 0) {
			*v = kv->rows[i].value;
			return true;
		}
	return false;
}

/* Copy [p, e) into out (size n), NUL-terminated; false when it does not fit. */
static bool
copy_path(char *out, size_t n, const char *p, const char *e)
{
	if ((size_t)(e - p) >= n || e == p || *p != '/')
		return false;
	memcpy(out, p, (size_t)(e - p));
	out[e - p] = '\0';
	return memchr(out, '\0', (size_t)(e - p)) == NULL;
}

int
cg_parse_proc_cgroup(const char *buf, size_t len, struct cg_membership *m)
{
	const char *p = buf, *end = buf + len, *lp, *le;
	bool any = false;

	memset(m, 0, sizeof(*m));
	while (p < end) {
		const char *c1, *c2;

		p = lex_line(p, end, &lp, &le);
		/* "ID:CONTROLLERS:PATH"; the path may hold ':' itself. */
		if ((c1 = memchr(lp, ':', (size_t)(le - lp))) == NULL ||
		    (c2 = memchr(c1 + 1, ':', (size_t)(le - c1 - 1))) == NULL)
			continue;
		if (c2 == c1 + 1 && c1 - lp == 1 && *lp == '0') {
			if (!m->has_v2 && copy_path(m->v2, sizeof(m->v2), c2 + 1, le))
				m->has_v2 = any = true;
		} else if (mountinfo_has_option(c1 + 1, c2, "memory")) {
			if (!m->has_v1_memory &&
			    copy_path(m->v1_memory, sizeof(m->v1_memory), c2 + 1, le))
				m->has_v1_memory = any = true;
		} else {
			any = true;
		}
	}
	return any ? 0 : -EINVAL;
}

int
cg_proc_cgroup_find(const char *buf, size_t len, bool v2, const char **path,
    size_t *n)
{
	const char *p = buf, *end = buf + len, *lp, *le;

	while (p < end) {
		const char *c1, *c2;
		bool unified;

		p = lex_line(p, end, &lp, &le);
		if ((c1 = memchr(lp, ':', (size_t)(le - lp))) == NULL ||
		    (c2 = memchr(c1 + 1, ':', (size_t)(le - c1 - 1))) == NULL)
			continue;
		unified = c2 == c1 + 1 && c1 - lp == 1 && *lp == '0';
		if (v2 ? !unified : (unified ||
		    !mountinfo_has_option(c1 + 1, c2, "memory")))
			continue;
		/* As cg_parse_proc_cgroup(): absolute, no NUL inside. */
		if (le - c2 < 2 || c2[1] != '/' ||
		    memchr(c2 + 1, '\0', (size_t)(le - c2 - 1)) != NULL)
			continue;
		*path = c2 + 1;
		*n = (size_t)(le - c2 - 1);
		return 0;
	}
	return -ENOENT;
}

int
cg_parse_mountinfo(const char *buf, size_t len, struct cg_mounts *m)
{
	const char *p = buf, *end = buf + len;
	struct mount_entry e;
	size_t skipped = 0;
	bool any = false;

	memset(m, 0, sizeof(*m));
	while (mountinfo_next(&p, end, &e, &skipped)) {
		any = true;
		if (mountinfo_is(e.type, e.type_end, "cgroup2")) {
			if (!m->has_v2) {
				strcpy(m->v2, e.point);
				strcpy(m->v2_root, e.root);
				m->has_v2 = true;
			}
		} else if (mountinfo_is(e.type, e.type_end, "cgroup") &&
		    mountinfo_has_option(e.super, e.super_end, "memory") &&
		    !m->has_v1_memory) {
			strcpy(m->v1_memory, e.point);
			strcpy(m->v1_memory_root, e.root);
			m->has_v1_memory = true;
		}
	}
	return any ? 0 : -EINVAL;
}

bool
cg_controllers_have(const char *buf, size_t len, const char *name)
{
	const char *p = buf, *end = buf + len, *tp, *te;
	size_t n = strlen(name);

	while (lex_token(&p, end, &tp, &te)) {
		/* tokens run to a blank; a newline ends the last one */
		while (te > tp && (te[-1] == '\n' || te[-1] == '\r'))
			te--;
		if ((size_t)(te - tp) == n && memcmp(tp, name, n) == 0)
			return true;
	}
	return false;
}
