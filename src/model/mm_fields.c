/* model/mm_fields.c: the rows of a system snapshot's counters. */
#include "config.h"
#include "model/mm_fields.h"

#include <stdbool.h>

#include "model/mmstate.h"

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
};

_Static_assert(offsetof(struct vmstat, len) ==
    offsetof(struct vmstat, rows) + sizeof(void *),
    "vmstat's count follows its rows (FT_KV)");

const struct field_row *
mm_fields(size_t *n)
{
	*n = NROWS(mm_rows);
	return mm_rows;
}
