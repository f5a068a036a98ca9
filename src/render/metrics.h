/* render/metrics.h: memwatch's metric families, for export and serve.
 *
 * Every family is named memwatch_*, in base units (bytes, seconds, ratios),
 * gauges all, but vmstat's and PSI's, which follow node_exporter's names
 * and types (node_vmstat_*, node_pressure_memory_*). A value memwatch could not read is left out, never written
 * as 0: memwatch_scrape_unreadable{source} says which source was missing
 * (meminfo, zoneinfo, buddyinfo, slabinfo, pagetypeinfo, smaps_rollup).
 * The list of families is in memwatch(1), "OpenMetrics families".
 */
#ifndef MW_RENDER_METRICS_H
#define MW_RENDER_METRICS_H

#include <stddef.h>

struct om_writer;
struct fleet_sample;

#define METRICS_TOP_DEFAULT 50
#define METRICS_TOP_MAX 100000

/*
 * All families of s (without the end marker: om_finish() follows, after
 * metrics_render_age() when serving). top bounds the processes shown one
 * by one (by PSS) and the slab caches (by size).
 */
void metrics_render(struct om_writer *w, const struct fleet_sample *s,
    size_t top);
/*
 * vmstat's counters (node_vmstat_NAME: counters, nr_* gauges), PSI
 * (node_pressure_memory_waiting_seconds and _stalled_seconds, and
 * memwatch_pressure_memory_avg_ratio) and the memory settings
 * (memwatch_vm_setting, memwatch_thp_mode, memwatch_hugepages_pool_pages,
 * memwatch_zswap_enabled); metrics_render() calls it.
 */
struct sys_snapshot;
void metrics_render_mm(struct om_writer *w, const struct sys_snapshot *sys);
/*
 * memwatch_cgroups and memwatch_cgroup_*: usage, peak, limits, swap,
 * memory.stat rows, events and pressure of the top cgroups by usage;
 * metrics_render() calls it.
 */
void metrics_render_cgroups(struct om_writer *w, const struct fleet_sample *s,
    size_t top);
/* memwatch_sample_age_seconds: how old the sample is at this scrape. */
void metrics_render_age(struct om_writer *w, double age);

#endif
