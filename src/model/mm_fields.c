/* model/mm_fields.c: the rows of a system snapshot's counters. */
#include "config.h"
#include "model/mm_fields.h"

#include <stdbool.h>

#include "model/mmstate.h"
#include "parse/meminfo.h"

#define NROWS(a) (sizeof(a) / sizeof((a)[0]))

/* After a reader set the rows: the index, and what the state then has. */
static void
vmstat_done(void *base)
{
	struct mm_state *st = base;

	vmstat_index(&st->vs);
	st->have_vmstat = st->vs.len > 0;
	st->parts |= MM_COUNTERS;
}

static void
psi_done(void *base)
{
	struct mm_state *st = base;

	st->have_psi = st->psi.some.have || st->psi.full.have;
}

static bool
has_psi(const void *base, const void *ctx)
{
	(void)ctx;
	return ((const struct mm_state *)base)->have_psi;
}

/* PSI is one key of a reader's messages, whatever is wrong inside it. */
#define PSI_WANT "an object of some and full with avg10, avg60, avg300 " \
	"(0 to 100) and total_us"
#define PL(k, t, m) { .key = k, .type = t, .known = FK_REQUIRED, \
	.unit = t == FT_PERCENT ? FU_NONE : FU_COUNT, \
	.off = offsetof(struct psi_line, m), .why = "psi", .want = PSI_WANT }

/* A line of pressure/memory (struct psi_line); total_us in microseconds. */
static const struct field_row psi_line_rows[] = {
	PL("avg10", FT_PERCENT, avg10),
	PL("avg60", FT_PERCENT, avg60),
	PL("avg300", FT_PERCENT, avg300),
	PL("total_us", FT_U64, total),
};
#undef PL

#define PS(k, m) { .key = k, .type = FT_OBJECT, .known = FK_FLAG, \
	.flags = RF_STRICT, .off = offsetof(struct psi, m), \
	.known_off = offsetof(struct psi, m.have), .why = "psi", \
	.want = PSI_WANT, .sub = psi_line_rows, .nsub = NROWS(psi_line_rows) }

static const struct field_row psi_rows[] = {
	PS("some", some),
	PS("full", full),
};
#undef PS

/* The settings (model/mmstate.h): each list there gives its rows. */
static void
settings_done(void *base)
{
	((struct mm_state *)base)->parts |= MM_SETTINGS;
}

#define VM_ROW(e, name) { .key = name, .type = FT_U64, .known = FK_FLAG, \
	.off = offsetof(struct mm_state, sysctl[MS_##e]), \
	.known_off = offsetof(struct mm_state, have_sysctl[MS_##e]), \
	.why = "settings.vm.<name>" },
static const struct field_row vm_rows[] = { MM_SYSCTLS(VM_ROW) };
#undef VM_ROW

#define THP_ROW(e, name) { .key = name, .type = FT_WORD, \
	.known = FK_NONNULL, .off = offsetof(struct mm_state, thp[MT_##e]), \
	.why = "settings.thp.<name>", .want = "a word such as madvise" },
static const struct field_row thp_rows[] = {
	MM_THPS(THP_ROW)
	{ .key = "khugepaged", .type = FT_PARAMS, .known = FK_NONNULL,
	    .off = offsetof(struct mm_state, khugepaged) },
};
#undef THP_ROW

/* A huge page pool (struct mm_pool): its size, then what was read. */
#define POOL_ROW(e, k, file) { .key = k, .type = FT_U64, .unit = FU_PAGES, \
	.known = FK_BIT, .off = offsetof(struct mm_pool, val[MP_##e]), \
	.known_off = offsetof(struct mm_pool, have), .bit = MP_##e },
static const struct field_row pool_rows[] = {
	{ .key = "size", .type = FT_U64, .unit = FU_BYTES,
	    .known = FK_ALWAYS, .off = offsetof(struct mm_pool, size) },
	MM_POOL_FIELDS(POOL_ROW)
};
#undef POOL_ROW

/* A line of /proc/swaps (struct swap_dev). */
static const struct field_row swap_rows[] = {
	{ .key = "path", .type = FT_CSTR, .known = FK_ALWAYS,
	    .off = offsetof(struct swap_dev, path) },
	{ .key = "type", .type = FT_CSTR, .known = FK_ALWAYS,
	    .off = offsetof(struct swap_dev, type) },
	{ .key = "size", .type = FT_U64, .unit = FU_BYTES, .known = FK_ALWAYS,
	    .off = offsetof(struct swap_dev, size) },
	{ .key = "used", .type = FT_U64, .unit = FU_BYTES, .known = FK_ALWAYS,
	    .off = offsetof(struct swap_dev, used) },
	{ .key = "priority", .type = FT_I64, .known = FK_ALWAYS,
	    .off = offsetof(struct swap_dev, prio) },
};

/* zswap: the module's parameters and, from meminfo (the rows' context,
 * NULL when not read), its pool. */
static bool
has_zswap_enabled(const void *base, const void *ctx)
{
	(void)ctx;
	return ((const struct mm_state *)base)->zswap_enabled >= 0;
}

static uint64_t
zswap_enabled(const void *base, const void *ctx)
{
	(void)ctx;
	return ((const struct mm_state *)base)->zswap_enabled > 0;
}

/* zswap's pool (meminfo Zswap) or what it holds (Zswapped), from the
 * context's meminfo: name() the amount, has_name() whether it is known. */
#define ZSWAP_MI(name, k) \
static bool \
has_##name(const void *base, const void *ctx) \
{ \
	(void)base; \
	return ctx != NULL && meminfo_get(ctx, k, &(uint64_t){ 0 }); \
} \
static uint64_t \
name(const void *base, const void *ctx) \
{ \
	uint64_t v = 0; \
\
	(void)base; \
	return ctx != NULL && meminfo_get(ctx, k, &v) ? v : 0; \
}
ZSWAP_MI(zswap_pool, MI_ZSWAP)
ZSWAP_MI(zswap_stored, MI_ZSWAPPED)
#undef ZSWAP_MI

static const struct field_row zswap_rows[] = {
	{ .key = "enabled", .type = FT_DERIVED_BOOL, .known = FK_GET,
	    .get = zswap_enabled, .has = has_zswap_enabled },
	{ .key = "parameters", .type = FT_PARAMS, .known = FK_NONNULL,
	    .off = offsetof(struct mm_state, zswap) },
	{ .key = "pool", .type = FT_DERIVED, .unit = FU_BYTES, .known = FK_GET,
	    .get = zswap_pool, .has = has_zswap_pool },
	{ .key = "stored", .type = FT_DERIVED, .unit = FU_BYTES,
	    .known = FK_GET, .get = zswap_stored, .has = has_zswap_stored },
};

/* zswap is written when one of its keys is. */
static bool
has_zswap(const void *base, const void *ctx)
{
	for (size_t i = 0; i < NROWS(zswap_rows); i++)
		if (field_known(base, &zswap_rows[i], ctx))
			return true;
	return false;
}

/*
 * "settings": the vm sysctls and the THP modes are read back; khugepaged,
 * the huge page pools, swaps and zswap are written only (their rows are of
 * the written-only types).
 */
static const struct field_row settings_rows[] = {
	{ .key = "vm", .type = FT_OBJECT, .known = FK_ALWAYS,
	    .sub = vm_rows, .nsub = NROWS(vm_rows) },
	{ .key = "thp", .type = FT_OBJECT, .known = FK_ALWAYS,
	    .sub = thp_rows, .nsub = NROWS(thp_rows) },
	{ .key = "hugepages", .type = FT_ITEMS, .known = FK_NONNULL,
	    .off = offsetof(struct mm_state, pools),
	    .size = sizeof(struct mm_pool),
	    .sub = pool_rows, .nsub = NROWS(pool_rows) },
	{ .key = "swaps", .type = FT_ITEMS, .known = FK_FLAG,
	    .off = offsetof(struct mm_state, sw.devs),
	    .known_off = offsetof(struct mm_state, have_swaps), .size = sizeof(struct swap_dev), .sub = swap_rows,
	    .nsub = NROWS(swap_rows) },
	{ .key = "zswap", .type = FT_OBJECT, .known = FK_GET,
	    .has = has_zswap, .sub = zswap_rows,
	    .nsub = NROWS(zswap_rows) },
};

/*
 * The keys of struct mm_state in a system snapshot, after the parts of
 * model/system_fields.h. vmstat holds every counter the kernel printed,
 * by its name; PSI is there when the kernel has it.
 */
static const struct field_row mm_rows[] = {
	{ .key = "vmstat", .type = FT_KV, .unit = FU_COUNT,
	    .known = FK_ALWAYS, .off = offsetof(struct mm_state, vs.rows),
	    .want = "a non-negative integer under a kernel name",
	    .done = vmstat_done },
	{ .key = "psi", .type = FT_OBJECT, .known = FK_GET, .flags = RF_STRICT,
	    .off = offsetof(struct mm_state, psi), .has = has_psi,
	    .why = "psi", .want = PSI_WANT, .sub = psi_rows,
	    .nsub = NROWS(psi_rows), .done = psi_done },
	{ .key = "settings", .type = FT_OBJECT, .known = FK_ALWAYS,
	    .flags = RF_STRICT, .want = "an object", .sub = settings_rows,
	    .nsub = NROWS(settings_rows), .done = settings_done },
};

_Static_assert(offsetof(struct vmstat, len) ==
    offsetof(struct vmstat, rows) + sizeof(void *),
    "vmstat's count follows its rows (FT_KV)");
_Static_assert(offsetof(struct mm_state, nkhugepaged) ==
    offsetof(struct mm_state, khugepaged) + sizeof(void *) &&
    offsetof(struct mm_state, nzswap) ==
    offsetof(struct mm_state, zswap) + sizeof(void *) &&
    offsetof(struct mm_state, npools) ==
    offsetof(struct mm_state, pools) + sizeof(void *) &&
    offsetof(struct mm_state, sw.len) ==
    offsetof(struct mm_state, sw.devs) + sizeof(void *),
    "a list's count follows its pointer (FT_PARAMS, FT_ITEMS)");

const struct field_row *
mm_fields(size_t *n)
{
	*n = NROWS(mm_rows);
	return mm_rows;
}
