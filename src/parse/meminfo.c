/* parse/meminfo.c: /proc/meminfo rows (fs/proc/meminfo.c); no I/O. */
#include "config.h"
#include "parse/meminfo.h"

#include <errno.h>
#include <string.h>

#include "parse/lex.h"
#include "util/arena.h"
#include "util/units.h"

static const char *const key_names[MI_NR] = {
	[MI_MEM_TOTAL] = "MemTotal", [MI_MEM_FREE] = "MemFree",
	[MI_MEM_AVAILABLE] = "MemAvailable", [MI_BUFFERS] = "Buffers",
	[MI_CACHED] = "Cached", [MI_SWAP_CACHED] = "SwapCached",
	[MI_ACTIVE] = "Active", [MI_INACTIVE] = "Inactive",
	[MI_ACTIVE_ANON] = "Active(anon)", [MI_INACTIVE_ANON] = "Inactive(anon)",
	[MI_ACTIVE_FILE] = "Active(file)", [MI_INACTIVE_FILE] = "Inactive(file)",
	[MI_UNEVICTABLE] = "Unevictable", [MI_MLOCKED] = "Mlocked",
	[MI_HIGH_TOTAL] = "HighTotal", [MI_HIGH_FREE] = "HighFree",
	[MI_LOW_TOTAL] = "LowTotal", [MI_LOW_FREE] = "LowFree",
	[MI_SWAP_TOTAL] = "SwapTotal", [MI_SWAP_FREE] = "SwapFree",
	[MI_ZSWAP] = "Zswap", [MI_ZSWAPPED] = "Zswapped",
	[MI_DIRTY] = "Dirty", [MI_WRITEBACK] = "Writeback",
	[MI_ANON_PAGES] = "AnonPages", [MI_MAPPED] = "Mapped",
	[MI_SHMEM] = "Shmem", [MI_KRECLAIMABLE] = "KReclaimable",
	[MI_SLAB] = "Slab", [MI_SRECLAIMABLE] = "SReclaimable",
	[MI_SUNRECLAIM] = "SUnreclaim", [MI_KERNEL_STACK] = "KernelStack",
	[MI_PAGE_TABLES] = "PageTables", [MI_SEC_PAGE_TABLES] = "SecPageTables",
	[MI_COMMIT_LIMIT] = "CommitLimit", [MI_COMMITTED_AS] = "Committed_AS",
	[MI_VMALLOC_TOTAL] = "VmallocTotal", [MI_VMALLOC_USED] = "VmallocUsed",
	[MI_PERCPU] = "Percpu", [MI_HARDWARE_CORRUPTED] = "HardwareCorrupted",
	[MI_ANON_HUGE_PAGES] = "AnonHugePages",
	[MI_SHMEM_HUGE_PAGES] = "ShmemHugePages",
	[MI_FILE_HUGE_PAGES] = "FileHugePages",
	[MI_CMA_TOTAL] = "CmaTotal", [MI_CMA_FREE] = "CmaFree",
	[MI_HUGEPAGES_TOTAL] = "HugePages_Total",
	[MI_HUGEPAGES_FREE] = "HugePages_Free",
	[MI_HUGEPAGES_RSVD] = "HugePages_Rsvd",
	[MI_HUGEPAGES_SURP] = "HugePages_Surp",
	[MI_HUGEPAGESIZE] = "Hugepagesize", [MI_HUGETLB] = "Hugetlb",
};

const char *
meminfo_key_name(enum meminfo_key k)
{
	return (unsigned)k < MI_NR ? key_names[k] : NULL;
}

static int
key_lookup(const char *p, size_t n, int hint)
{
	/* Keys come in the kernel's order: try the one after the last first. */
	if (hint >= 0 && hint < MI_NR && strlen(key_names[hint]) == n &&
	    memcmp(key_names[hint], p, n) == 0)
		return hint;
	for (int k = 0; k < MI_NR; k++)
		if (key_names[k][0] == p[0] && strlen(key_names[k]) == n &&
		    memcmp(key_names[k], p, n) == 0)
			return k;
	return -1;
}

int
meminfo_key_by_name(const char *name)
{
	return *name ? key_lookup(name, strlen(name), -1) : -1;
}

void
meminfo_init(struct meminfo *mi)
{
	memset(mi, 0, sizeof(*mi));
	for (int k = 0; k < MI_NR; k++)
		mi->idx[k] = -1;
}

bool
meminfo_get(const struct meminfo *mi, enum meminfo_key k, uint64_t *v)
{
	if ((unsigned)k >= MI_NR || mi->idx[k] < 0)
		return false;
	*v = mi->rows[mi->idx[k]].value;
	return true;
}

const struct meminfo_row *
meminfo_find(const struct meminfo *mi, const char *name)
{
	for (size_t i = 0; i < mi->len; i++)
		if (strcmp(mi->rows[i].name, name) == 0)
			return &mi->rows[i];
	return NULL;
}

/* "total:    used:" and "Mem:  N N N ..." rows of 2.4-era kernels. */
static bool
byte_table_line(const char *p, size_t keylen)
{
	return (keylen == 5 && memcmp(p, "total", 5) == 0) ||
	    (keylen == 3 && memcmp(p, "Mem", 3) == 0) ||
	    (keylen == 4 && memcmp(p, "Swap", 4) == 0);
}

/* The value after "Key:": "N kB" (bytes) or "N" (a count). */
static int
row_value(const char *p, const char *e, uint64_t *v, bool *is_bytes)
{
	int rc = lex_u64(&p, e, v);

	if (rc < 0)
		return rc;
	p = lex_skip_blank(p, e);
	if (p == e) {
		*is_bytes = false;
		return 0;
	}
	if (e - p != 2 || (memcmp(p, "kB", 2) != 0 && memcmp(p, "KB", 2) != 0))
		return -EINVAL;
	*is_bytes = true;
	return mw_kib_to_bytes(*v, v) ? 0 : -ERANGE;
}

static void
add_row(struct meminfo *mi, const char *name, size_t n, uint64_t v,
    bool is_bytes, int *hint)
{
	struct meminfo_row *r = &mi->rows[mi->len];
	int k = key_lookup(name, n, *hint);

	r->name = name;
	r->value = v;
	r->is_bytes = is_bytes;
	if (k >= 0) {
		if (mi->idx[k] < 0)
			mi->idx[k] = (int)mi->len;
		*hint = k + 1;
	}
	mi->len++;
}

int
meminfo_parse(const char *buf, size_t len, struct mw_arena *arena,
    struct meminfo *mi)
{
	const char *end = buf + len, *p = buf, *lp, *le, *colon;
	size_t lines = lex_count_lines(buf, len), nonblank = 0;
	char *copy;
	int hint = 0;

	meminfo_init(mi);
	mi->rows = mw_arena_alloc(arena, lines * sizeof(*mi->rows));
	copy = mw_arena_alloc(arena, len + 1);
	memcpy(copy, buf, len);
	copy[len] = '\0';
	while (p < end) {
		uint64_t v;
		bool is_bytes;

		p = lex_line(p, end, &lp, &le);
		lp = lex_skip_blank(lp, le);
		if (lp == le)
			continue;
		nonblank++;
		/* A node's meminfo (/sys/devices/system/node/nodeN/meminfo)
		 * prefixes every row with "Node N ". */
		if (lex_starts(lp, le, "Node ")) {
			const char *q = lp + 5;
			int node;

			if (lex_int(&q, le, &node) == 0 && node >= 0)
				lp = lex_skip_blank(q, le);
		}
		colon = memchr(lp, ':', (size_t)(le - lp));
		if (colon == NULL || !lex_printable(lp, colon, false)) {
			mi->skipped++;
			continue;
		}
		if (row_value(colon + 1, le, &v, &is_bytes) < 0) {
			if (byte_table_line(lp, (size_t)(colon - lp)))
				nonblank--;
			else
				mi->skipped++;
			continue;
		}
		/* Names point into the arena copy, cut at their colon. */
		copy[colon - buf] = '\0';
		add_row(mi, copy + (lp - buf), (size_t)(colon - lp), v,
		    is_bytes, &hint);
	}
	return mi->len == 0 && nonblank > 0 ? -EINVAL : 0;
}

void
meminfo_add(struct meminfo *mi, struct mw_arena *arena, size_t cap,
    const char *name, uint64_t value, bool is_bytes)
{
	int hint = -1;

	if (mi->rows == NULL)
		mi->rows = mw_arena_alloc(arena, (cap ? cap : 1) * sizeof(*mi->rows));
	if (mi->len >= cap)
		return;
	add_row(mi, mw_arena_strndup(arena, name, strlen(name)), strlen(name),
	    value, is_bytes, &hint);
}
