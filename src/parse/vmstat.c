/* parse/vmstat.c: /proc/vmstat rows (mm/vmstat.c, vmstat_text[]); no I/O. */
#include "config.h"
#include "parse/vmstat.h"

#include <errno.h>
#include <string.h>

#include "parse/lex.h"
#include "util/arena.h"

static const char *const key_names[VM_NR] = {
	[VM_NR_FREE_PAGES] = "nr_free_pages",
	[VM_PGPGIN] = "pgpgin", [VM_PGPGOUT] = "pgpgout",
	[VM_PSWPIN] = "pswpin", [VM_PSWPOUT] = "pswpout",
	[VM_PGFAULT] = "pgfault", [VM_PGMAJFAULT] = "pgmajfault",
	[VM_PGSCAN_KSWAPD] = "pgscan_kswapd",
	[VM_PGSCAN_DIRECT] = "pgscan_direct",
	[VM_PGSCAN_KHUGEPAGED] = "pgscan_khugepaged",
	[VM_PGSCAN_PROACTIVE] = "pgscan_proactive",
	[VM_PGSTEAL_KSWAPD] = "pgsteal_kswapd",
	[VM_PGSTEAL_DIRECT] = "pgsteal_direct",
	[VM_PGSTEAL_KHUGEPAGED] = "pgsteal_khugepaged",
	[VM_PGSTEAL_PROACTIVE] = "pgsteal_proactive",
	[VM_PGSCAN_ANON] = "pgscan_anon", [VM_PGSCAN_FILE] = "pgscan_file",
	[VM_PGSTEAL_ANON] = "pgsteal_anon", [VM_PGSTEAL_FILE] = "pgsteal_file",
	[VM_PGSCAN_DIRECT_THROTTLE] = "pgscan_direct_throttle",
	[VM_ALLOCSTALL] = "allocstall",
	[VM_KSWAPD_LOW_WMARK_HIT_QUICKLY] = "kswapd_low_wmark_hit_quickly",
	[VM_KSWAPD_HIGH_WMARK_HIT_QUICKLY] = "kswapd_high_wmark_hit_quickly",
	[VM_PAGEOUTRUN] = "pageoutrun",
	[VM_WORKINGSET_REFAULT] = "workingset_refault",
	[VM_WORKINGSET_REFAULT_ANON] = "workingset_refault_anon",
	[VM_WORKINGSET_REFAULT_FILE] = "workingset_refault_file",
	[VM_WORKINGSET_ACTIVATE] = "workingset_activate",
	[VM_WORKINGSET_ACTIVATE_ANON] = "workingset_activate_anon",
	[VM_WORKINGSET_ACTIVATE_FILE] = "workingset_activate_file",
	[VM_WORKINGSET_RESTORE_ANON] = "workingset_restore_anon",
	[VM_WORKINGSET_RESTORE_FILE] = "workingset_restore_file",
	[VM_PGMIGRATE_SUCCESS] = "pgmigrate_success",
	[VM_PGMIGRATE_FAIL] = "pgmigrate_fail",
	[VM_COMPACT_MIGRATE_SCANNED] = "compact_migrate_scanned",
	[VM_COMPACT_FREE_SCANNED] = "compact_free_scanned",
	[VM_COMPACT_ISOLATED] = "compact_isolated",
	[VM_COMPACT_STALL] = "compact_stall",
	[VM_COMPACT_FAIL] = "compact_fail",
	[VM_COMPACT_SUCCESS] = "compact_success",
	[VM_COMPACT_DAEMON_WAKE] = "compact_daemon_wake",
	[VM_THP_FAULT_ALLOC] = "thp_fault_alloc",
	[VM_THP_FAULT_FALLBACK] = "thp_fault_fallback",
	[VM_THP_FAULT_FALLBACK_CHARGE] = "thp_fault_fallback_charge",
	[VM_THP_COLLAPSE_ALLOC] = "thp_collapse_alloc",
	[VM_THP_COLLAPSE_ALLOC_FAILED] = "thp_collapse_alloc_failed",
	[VM_THP_SPLIT_PAGE] = "thp_split_page",
	[VM_OOM_KILL] = "oom_kill",
	[VM_ZSWPIN] = "zswpin", [VM_ZSWPOUT] = "zswpout", [VM_ZSWPWB] = "zswpwb",
};

/*
 * Counters that kernels before 4.8 (scan, steal) and 4.10 (allocstall)
 * printed once per zone, "pgscan_kswapd_dma32"; zone_names in mm/vmstat.c.
 */
static const enum vmstat_key zoned_keys[] = {
	VM_PGSCAN_KSWAPD, VM_PGSCAN_DIRECT, VM_PGSTEAL_KSWAPD,
	VM_PGSTEAL_DIRECT, VM_ALLOCSTALL,
};
static const char *const zone_suffixes[] = {
	"dma", "dma32", "normal", "high", "movable", "device",
};

const char *
vmstat_key_name(enum vmstat_key k)
{
	return (unsigned)k < VM_NR ? key_names[k] : NULL;
}

static int
key_lookup(const char *p, size_t n, int hint)
{
	/* Counters come in the kernel's order: try the one after the last. */
	if (hint >= 0 && hint < VM_NR && strlen(key_names[hint]) == n &&
	    memcmp(key_names[hint], p, n) == 0)
		return hint;
	for (int k = 0; k < VM_NR; k++)
		if (key_names[k][0] == p[0] && strlen(key_names[k]) == n &&
		    memcmp(key_names[k], p, n) == 0)
			return k;
	return -1;
}

void
vmstat_init(struct vmstat *vs)
{
	memset(vs, 0, sizeof(*vs));
}

bool
vmstat_get(const struct vmstat *vs, enum vmstat_key k, uint64_t *v)
{
	if ((unsigned)k >= VM_NR || !vs->have[k])
		return false;
	*v = vs->val[k];
	return true;
}

bool
vmstat_per_zone(const struct vmstat *vs, enum vmstat_key k)
{
	return (unsigned)k < VM_NR && vs->have[k] && vs->zoned[k];
}

const struct proc_kv *
vmstat_find(const struct vmstat *vs, const char *name)
{
	for (size_t i = 0; i < vs->len; i++)
		if (strcmp(vs->rows[i].name, name) == 0)
			return &vs->rows[i];
	return NULL;
}

static void
index_row(struct vmstat *vs, const char *name, size_t n, uint64_t v,
    int *hint)
{
	int k = key_lookup(name, n, *hint);

	if (k < 0)
		return;
	if (!vs->have[k]) {
		vs->have[k] = true;
		vs->val[k] = v;
	}
	*hint = k + 1;
}

/* True when name is key's name, '_' and a zone's name. */
static bool
zone_row(const char *name, const char *key)
{
	size_t kl = strlen(key);

	if (strncmp(name, key, kl) != 0 || name[kl] != '_')
		return false;
	for (size_t i = 0; i < sizeof(zone_suffixes) / sizeof(*zone_suffixes);
	    i++)
		if (strcmp(name + kl + 1, zone_suffixes[i]) == 0)
			return true;
	return false;
}

/* Sum the per-zone rows of counters not printed whole. */
static void
vmstat_finish(struct vmstat *vs)
{
	for (size_t z = 0; z < sizeof(zoned_keys) / sizeof(*zoned_keys); z++) {
		enum vmstat_key k = zoned_keys[z];
		uint64_t sum = 0;
		bool any = false, over = false;

		if (vs->have[k])
			continue;
		for (size_t i = 0; i < vs->len; i++) {
			if (!zone_row(vs->rows[i].name, key_names[k]))
				continue;
			any = true;
			over |= __builtin_add_overflow(sum, vs->rows[i].value,
			    &sum);
		}
		if (any && !over) {
			vs->have[k] = true;
			vs->zoned[k] = true;
			vs->val[k] = sum;
		}
	}
}

int
vmstat_parse(const char *buf, size_t len, struct mw_arena *arena,
    struct vmstat *vs)
{
	const char *end = buf + len, *p = buf, *lp, *le, *tp, *te;
	size_t nonblank = 0;
	char *copy;
	int hint = 0;

	vmstat_init(vs);
	vs->rows = mw_arena_alloc(arena,
	    lex_count_lines(buf, len) * sizeof(*vs->rows));
	copy = mw_arena_alloc(arena, len + 1);
	memcpy(copy, buf, len);
	copy[len] = '\0';
	while (p < end) {
		const char *q;
		uint64_t v;

		p = lex_line(p, end, &lp, &le);
		q = lp;
		if (!lex_token(&q, le, &tp, &te))
			continue;
		nonblank++;
		if (!lex_printable(tp, te, false) || lex_u64(&q, le, &v) < 0 ||
		    lex_skip_blank(q, le) != le) {
			vs->skipped++;
			continue;
		}
		/* Names point into the arena copy, cut after their last byte. */
		copy[te - buf] = '\0';
		vs->rows[vs->len].name = copy + (tp - buf);
		vs->rows[vs->len].value = v;
		vs->len++;
		index_row(vs, tp, (size_t)(te - tp), v, &hint);
	}
	vmstat_finish(vs);
	return vs->len == 0 && nonblank > 0 ? -EINVAL : 0;
}

void
vmstat_index(struct vmstat *vs)
{
	int hint = 0;

	memset(vs->val, 0, sizeof(vs->val));
	memset(vs->have, 0, sizeof(vs->have));
	memset(vs->zoned, 0, sizeof(vs->zoned));
	for (size_t i = 0; i < vs->len; i++)
		index_row(vs, vs->rows[i].name, strlen(vs->rows[i].name),
		    vs->rows[i].value, &hint);
	vmstat_finish(vs);
}
