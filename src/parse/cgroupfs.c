/* parse/cgroupfs.c: memory cgroup files, /proc/PID/cgroup and mountinfo. */
#include "config.h"
#include "parse/cgroupfs.h"

#include <errno.h>
#include <string.h>

#include "parse/lex.h"
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

/* True when the comma-separated list [p, e) has the item name. */
static bool
list_has(const char *p, const char *e, const char *name)
{
	size_t n = strlen(name);

	while (p < e) {
		const char *c = memchr(p, ',', (size_t)(e - p));

		if (c == NULL)
			c = e;
		if ((size_t)(c - p) == n && memcmp(p, name, n) == 0)
			return true;
		p = c + 1;
	}
	return false;
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
		} else if (list_has(c1 + 1, c2, "memory")) {
			if (!m->has_v1_memory &&
			    copy_path(m->v1_memory, sizeof(m->v1_memory), c2 + 1, le))
				m->has_v1_memory = any = true;
		} else {
			any = true;
		}
	}
	return any ? 0 : -EINVAL;
}

/* mountinfo's octal escapes (\040 space, \011 tab, \012 newline, \134). */
static bool
unescape(char *out, size_t n, const char *p, const char *e)
{
	size_t k = 0;

	while (p < e) {
		char c = *p++;

		if (c == '\\' && e - p >= 3 && p[0] >= '0' && p[0] <= '3' &&
		    p[1] >= '0' && p[1] <= '7' && p[2] >= '0' && p[2] <= '7') {
			c = (char)((p[0] - '0') * 64 + (p[1] - '0') * 8 + (p[2] - '0'));
			p += 3;
		}
		if (c == '\0' || k + 1 >= n)
			return false;
		out[k++] = c;
	}
	out[k] = '\0';
	return k > 0 && out[0] == '/';
}

int
cg_parse_mountinfo(const char *buf, size_t len, struct cg_mounts *m)
{
	const char *p = buf, *end = buf + len, *lp, *le;
	bool any = false;

	memset(m, 0, sizeof(*m));
	while (p < end) {
		const char *f[6][2], *tp, *te, *q, *type, *type_e, *sopt, *sopt_e;
		int i;

		p = lex_line(p, end, &lp, &le);
		q = lp;
		/* ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS [OPTIONAL...] - TYPE SOURCE SUPER */
		for (i = 0; i < 6 && lex_token(&q, le, &tp, &te); i++) {
			f[i][0] = tp;
			f[i][1] = te;
		}
		if (i < 6)
			continue;
		while (lex_token(&q, le, &tp, &te) &&
		    !(te - tp == 1 && *tp == '-'))
			;
		if (!lex_token(&q, le, &type, &type_e) ||
		    !lex_token(&q, le, &tp, &te))
			continue;
		any = true;
		if (!lex_token(&q, le, &sopt, &sopt_e))
			sopt = sopt_e = le;
		if (type_e - type == 7 && memcmp(type, "cgroup2", 7) == 0) {
			if (!m->has_v2 &&
			    unescape(m->v2, sizeof(m->v2), f[4][0], f[4][1]) &&
			    unescape(m->v2_root, sizeof(m->v2_root), f[3][0], f[3][1]))
				m->has_v2 = true;
		} else if (type_e - type == 6 && memcmp(type, "cgroup", 6) == 0 &&
		    list_has(sopt, sopt_e, "memory")) {
			if (!m->has_v1_memory &&
			    unescape(m->v1_memory, sizeof(m->v1_memory), f[4][0],
			    f[4][1]) &&
			    unescape(m->v1_memory_root, sizeof(m->v1_memory_root),
			    f[3][0], f[3][1]))
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
