/* render/json_pressure.h: the "pressure" document and the JSON of vmstat,
 * PSI and the memory settings (model/mmstate.h), for any document that
 * carries them. Keys are documented in memwatch-json(5). What is unknown
 * is absent.
 */
#ifndef MW_RENDER_JSON_PRESSURE_H
#define MW_RENDER_JSON_PRESSURE_H

#include <stdbool.h>
#include <jansson.h>

struct mm_state;
struct meminfo;
struct pressure_report;
struct sys_snapshot;

/* {"pgscan_kswapd": 12, ...}: every counter, in the file's order. */
json_t *mwjson_vmstat(const struct mm_state *st);
/* "vmstat", when the kernel has it "psi" ({"some": {"avg10", "avg60",
 * "avg300", "total_us"}, "full": {...}}) and "settings" into doc, by their
 * rows (model/mm_fields.h); mi (may be NULL) gives zswap's pool size
 * (Zswap, Zswapped). */
void mwjson_put_mm(json_t *doc, const struct mm_state *st,
    const struct meminfo *mi);
/* {"vm", "thp", "hugepages", "swaps", "zswap"}, by the rows of
 * "settings"; mi as above. */
json_t *mwjson_mm_settings(const struct mm_state *st, const struct meminfo *mi);
/*
 * The vmstat, psi and settings keys of a system snapshot back into st, by
 * their rows (what is read back: vmstat, PSI, the vm and thp settings;
 * khugepaged, the pools, swaps and zswap are written only); absent keys
 * leave it unknown. 0, or -EINVAL with err naming what and the key.
 */
struct mw_err;
int mwjson_mm_from_doc(const json_t *doc, const char *what,
    struct mm_state *st, struct mw_err *err);
/* The whole "pressure" document. */
json_t *mwjson_pressure(const struct pressure_report *r,
    const struct mm_state *a, const struct mm_state *b,
    const struct sys_snapshot *sys, bool bytes);

#endif
