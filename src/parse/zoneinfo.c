/* parse/zoneinfo.c: zones and nodes (zoneinfo_show_print(), mm/vmstat.c). */
#include "config.h"
#include "parse/zoneinfo.h"

#include <errno.h>
#include <string.h>

#include "util/arena.h"
#include "util/units.h"

enum zi_state { ZS_NONE, ZS_NODE_STATS, ZS_ZONE, ZS_PAGESETS };

struct zi_parser {
	struct zoneinfo *out;
	char *copy;			/* arena copy of the text: names point in */
	const char *buf;
	struct proc_kv *kv;		/* zone counters, all zones */
	size_t nkv;
	struct proc_kv *nkvs;		/* node stats, all nodes */
	size_t nnkv;
	struct zone_info *z;		/* current zone */
	struct zone_node *node;		/* current per-node stats */
	enum zi_state state;
	size_t zcap;			/* room in out->zones and out->nodes */
};

/* The labels of the watermark block as /proc/zoneinfo prints them
 * ("pages free" and the unreclaimable flags are matched apart). */
static const char *const field_names[ZF_NR] = {
	[ZF_FREE] = "free", [ZF_BOOST] = "boost", [ZF_MIN] = "min",
	[ZF_LOW] = "low", [ZF_HIGH] = "high", [ZF_PROMO] = "promo",
	[ZF_SPANNED] = "spanned", [ZF_PRESENT] = "present",
	[ZF_MANAGED] = "managed", [ZF_CMA] = "cma",
	[ZF_START_PFN] = "start_pfn",
	[ZF_UNRECLAIMABLE] = "node_unreclaimable",
};

bool
zone_populated(const struct zone_info *z)
{
	return zone_has(z, ZF_PRESENT) ? z->val[ZF_PRESENT] > 0 :
	    zone_has(z, ZF_MANAGED) && z->val[ZF_MANAGED] > 0;
}

bool
zone_empty(const struct zone_info *z)
{
	return zone_has(z, ZF_PRESENT) ? z->val[ZF_PRESENT] == 0 :
	    zone_has(z, ZF_MANAGED) && z->val[ZF_MANAGED] == 0;
}

bool
zone_counter(const struct zone_info *z, const char *name, uint64_t *v)
{
	for (size_t i = 0; i < z->ncounters; i++)
		if (strcmp(z->counters[i].name, name) == 0) {
			*v = z->counters[i].value;
			return true;
		}
	return false;
}

const struct zone_node *
zoneinfo_node(const struct zoneinfo *zi, int node)
{
	for (size_t i = 0; i < zi->nnodes; i++)
		if (zi->nodes[i].node == node)
			return &zi->nodes[i];
	return NULL;
}

/* Is [p, p+n) the literal s? */
static bool
eq(const char *p, size_t n, const char *s)
{
	return strlen(s) == n && memcmp(p, s, n) == 0;
}

/* A watermark-block key, or -1. */
static int
zone_key(const char *k, size_t n)
{
	static const enum zone_field keys[] = { ZF_BOOST, ZF_MIN, ZF_LOW,
	    ZF_HIGH, ZF_PROMO, ZF_SPANNED, ZF_PRESENT, ZF_MANAGED, ZF_CMA };

	if (eq(k, n, "pages free"))
		return ZF_FREE;
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (eq(k, n, field_names[keys[i]]))
			return (int)keys[i];
	return -1;
}

/* "protection: (0, 3019, 3659)". */
static int
protection(const char *p, const char *e, struct zone_info *z)
{
	unsigned n = 0;

	p = lex_skip_blank(p + strlen("protection:"), e);
	if (p == e || *p != '(' || e[-1] != ')')
		return -EINVAL;
	p++;
	e--;
	while (p < e) {
		const char *next;

		p = lex_skip_blank(p, e);
		if (n == ZONE_MAX_PROTECTION ||
		    mw_parse_u64(p, e, &z->protection[n], &next) < 0)
			return -EINVAL;
		n++;
		p = lex_skip_blank(next, e);
		if (p < e && *p++ != ',')
			return -EINVAL;
	}
	z->nprotection = n;
	return 0;
}

static int
new_zone(struct zi_parser *ps, int node, const char *name)
{
	struct zone_info *z;

	if (ps->out->len == ps->zcap)
		return -EINVAL;
	z = &ps->out->zones[ps->out->len++];
	memset(z, 0, sizeof(*z));
	z->node = node;
	strcpy(z->name, name);
	z->counters = ps->kv + ps->nkv;
	ps->z = z;
	ps->node = NULL;
	ps->state = ZS_NONE;
	return 0;
}

static int
new_node_stats(struct zi_parser *ps)
{
	struct zone_node *n;

	if (ps->out->nnodes == ps->zcap)
		return -EINVAL;
	n = &ps->out->nodes[ps->out->nnodes++];
	n->node = ps->z->node;
	n->stats = ps->nkvs + ps->nnkv;
	n->nstats = 0;
	ps->node = n;
	ps->state = ZS_NODE_STATS;
	return 0;
}

static void
add_kv(struct zi_parser *ps, const char *k, size_t n, uint64_t v)
{
	char *name = ps->copy + (k - ps->buf);
	struct proc_kv *kv;

	name[n] = '\0';
	if (ps->state == ZS_NODE_STATS) {
		kv = &ps->nkvs[ps->nnkv++];
		ps->node->nstats++;
	} else {
		kv = &ps->kv[ps->nkv++];
		ps->z->ncounters++;
	}
	kv->name = name;
	kv->value = v;
}

/* The pagesets block: summarised; returns false for a trailer key. */
static bool
pageset_key(struct zi_parser *ps, const char *k, size_t n, uint64_t v)
{
	if (eq(k, n, "cpu"))
		ps->z->pcp_cpus++;
	else if (eq(k, n, "count"))
		ps->z->pcp_count += v;
	else if (eq(k, n, "high"))
		ps->z->pcp_high += v;
	else if (!eq(k, n, "batch") && !eq(k, n, "high_min") &&
	    !eq(k, n, "high_max") && !eq(k, n, "vm stats threshold"))
		return false;
	return true;
}

/* "key value" or "key: value": a known field, a counter or a stat. */
static int
key_value(struct zi_parser *ps, const char *k, size_t n, uint64_t v)
{
	int f;

	if (ps->z == NULL)
		return -EINVAL;
	if (eq(k, n, "pages free")) {
		ps->state = ZS_ZONE;
		zone_set(ps->z, ZF_FREE, v);
		return 0;
	}
	if (ps->state == ZS_PAGESETS && pageset_key(ps, k, n, v))
		return 0;
	if (ps->state == ZS_ZONE && (f = zone_key(k, n)) >= 0) {
		zone_set(ps->z, (enum zone_field)f, v);
		return 0;
	}
	if (eq(k, n, "start_pfn")) {
		zone_set(ps->z, ZF_START_PFN, v);
	} else if (eq(k, n, "node_unreclaimable") ||
	    eq(k, n, "all_unreclaimable")) {
		zone_set(ps->z, ZF_UNRECLAIMABLE, v);
	} else {
		if (ps->state == ZS_PAGESETS || ps->state == ZS_NONE)
			ps->state = ZS_ZONE;	/* trailer: zone extras */
		add_kv(ps, k, n, v);
	}
	return 0;
}

static int
line(struct zi_parser *ps, const char *p, const char *e)
{
	const char *sp, *k;
	uint64_t v;
	int node;
	char name[PROC_ZONE_NAME_MAX];

	if (lex_starts(p, e, "Node")) {
		if (lex_node_zone(&p, e, &node, name) < 0 || p != e)
			return -EINVAL;
		return new_zone(ps, node, name);
	}
	if (ps->z != NULL && eq(p, (size_t)(e - p), "per-node stats")) {
		return new_node_stats(ps);
	}
	if (ps->z != NULL && eq(p, (size_t)(e - p), "pagesets")) {
		ps->state = ZS_PAGESETS;
		return 0;
	}
	if (ps->z != NULL && lex_starts(p, e, "protection:"))
		return protection(p, e, ps->z);
	/* The value is the last blank-separated token; the key the rest. */
	for (sp = e; sp > p && sp[-1] != ' ' && sp[-1] != '\t'; sp--)
		;
	if (sp == p || lex_u64(&sp, e, &v) < 0) {
		/* A bad free count still opens the watermark block, so
		 * that min, low and high below it keep their meaning. */
		if (ps->z != NULL && lex_starts(p, e, "pages free"))
			ps->state = ZS_ZONE;
		return -EINVAL;
	}
	for (sp = e; sp > p && sp[-1] != ' ' && sp[-1] != '\t'; sp--)
		;
	k = p;
	sp = lex_rtrim(p, sp);
	if (sp > k && sp[-1] == ':')
		sp--;
	if (!lex_printable(k, sp, true))
		return -EINVAL;
	return key_value(ps, k, (size_t)(sp - k), v);
}

int
zoneinfo_parse(const char *buf, size_t len, struct mw_arena *arena,
    struct zoneinfo *out)
{
	const char *end = buf + len, *p = buf, *lp, *le;
	size_t lines = lex_count_lines(buf, len), nzones = 1;
	struct zi_parser ps;

	memset(out, 0, sizeof(*out));
	memset(&ps, 0, sizeof(ps));
	ps.out = out;
	ps.buf = buf;
	ps.copy = mw_arena_alloc(arena, len + 1);
	memcpy(ps.copy, buf, len);
	ps.copy[len] = '\0';
	ps.kv = mw_arena_alloc(arena, lines * sizeof(*ps.kv));
	ps.nkvs = mw_arena_alloc(arena, lines * sizeof(*ps.nkvs));
	/* Zone headers start lines with 'N': size the arrays by them. */
	for (p = buf; p < end && (p = memchr(p, '\n', (size_t)(end - p))); p++)
		nzones += p + 1 < end && p[1] == 'N';
	p = buf;
	ps.zcap = nzones;
	out->zones = mw_arena_alloc(arena, nzones * sizeof(*out->zones));
	out->nodes = mw_arena_alloc(arena, nzones * sizeof(*out->nodes));
	while (p < end) {
		p = lex_line(p, end, &lp, &le);
		lp = lex_skip_blank(lp, le);
		if (lp != le && line(&ps, lp, le) < 0)
			out->skipped++;
	}
	return out->len == 0 && out->skipped > 0 ? -EINVAL : 0;
}
