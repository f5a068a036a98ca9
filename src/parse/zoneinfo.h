/* parse/zoneinfo.h: /proc/zoneinfo into nodes and zones; no I/O.
 *
 * Layouts from 2.6 to 6.18 are accepted: pre-4.8 (zone counters indented
 * four spaces, protection after them, "scanned", "all_unreclaimable",
 * "inactive_ratio"), 4.8+ ("per-node stats" under a node's first populated
 * zone), 5.16+ "boost", 6.x "promo" and pagesets with high_min/high_max,
 * and empty zones that stop after "protection:". Values are as printed:
 * pages for the watermark block, raw kernel numbers for the counters.
 * Names and arrays live in the caller's arena.
 */
#ifndef MW_PARSE_ZONEINFO_H
#define MW_PARSE_ZONEINFO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "parse/lex.h"

struct mw_arena;

/* The fields of a zone block memwatch knows by name; pages unless noted
 * (their JSON keys and units: model/system_fields.c). */
enum zone_field {
	ZF_FREE,		/* "pages free" */
	ZF_BOOST,
	ZF_MIN,
	ZF_LOW,
	ZF_HIGH,
	ZF_PROMO,
	ZF_SPANNED,
	ZF_PRESENT,
	ZF_MANAGED,
	ZF_CMA,
	ZF_START_PFN,		/* a page frame number */
	ZF_UNRECLAIMABLE,	/* node_unreclaimable / all_unreclaimable: 0/1 */
	ZF_NR
};

#define ZONE_MAX_PROTECTION 8

struct zone_info {
	int node;
	char name[PROC_ZONE_NAME_MAX];
	uint64_t val[ZF_NR];
	uint32_t present;		/* bit f: field f was printed */
	unsigned nprotection;		/* 0: no protection line */
	uint64_t protection[ZONE_MAX_PROTECTION];	/* pages, per zone type */
	struct proc_kv *counters;	/* nr_*, numa_*, trailer extras, in order */
	size_t ncounters;
	/* The pagesets, summarised: per-CPU lists hold these pages. */
	unsigned pcp_cpus;
	uint64_t pcp_count;		/* sum of "count:" */
	uint64_t pcp_high;		/* sum of "high:" */
};

struct zone_node {
	int node;
	struct proc_kv *stats;		/* "per-node stats", in order */
	size_t nstats;
};

struct zoneinfo {
	struct zone_info *zones;	/* in file order */
	size_t len;
	struct zone_node *nodes;	/* nodes with per-node stats (4.8+) */
	size_t nnodes;
	size_t skipped;			/* malformed lines passed over */
};

static inline bool
zone_has(const struct zone_info *z, enum zone_field f)
{
	return (z->present >> f) & 1u;
}

static inline void
zone_set(struct zone_info *z, enum zone_field f, uint64_t v)
{
	z->val[f] = v;
	z->present |= 1u << f;
}

/* 0, or -EINVAL when buf holds text but no zone. */
int zoneinfo_parse(const char *buf, size_t len, struct mw_arena *arena,
    struct zoneinfo *out);
/*
 * A zone is populated when it has present pages (present > 0, or managed
 * > 0 where present is not printed), empty when that count is 0; when
 * neither was readable it is neither, and its size is unknown.
 */
bool zone_populated(const struct zone_info *z);
bool zone_empty(const struct zone_info *z);
/* The zone counter or node stat named name; false when absent. */
bool zone_counter(const struct zone_info *z, const char *name, uint64_t *v);
const struct zone_node *zoneinfo_node(const struct zoneinfo *zi, int node);

#endif
