/* render/metrics_mm.c: vmstat's counters, PSI and the memory settings as
 * metric families (metrics.h). vmstat and PSI follow node_exporter's
 * family names, node_vmstat_NAME and node_pressure_memory_*, so that
 * dashboards made for it work; the settings have memwatch_ names.
 */
#include "config.h"
#include "render/metrics.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "model/mmstate.h"
#include "model/system.h"
#include "render/openmetrics.h"

#define LBL(n, v) { (n), (v), strlen(v) }

/* A kernel counter name usable in a metric name: [a-z0-9_], short. */
static bool
metric_name_ok(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > 80)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		    *s == '_'))
			return false;
	return true;
}

/* nr_* and a few others are page counts now, not events. */
static bool
is_gauge(const char *name)
{
	return strncmp(name, "nr_", 3) == 0 ||
	    strcmp(name, "workingset_nodes") == 0;
}

static void
render_vmstat(struct om_writer *w, const struct mm_state *m)
{
	char fam[112], help[160];

	for (size_t i = 0; i < m->vs.len; i++) {
		const struct proc_kv *r = &m->vs.rows[i];
		bool gauge = is_gauge(r->name);

		if (!metric_name_ok(r->name))
			continue;
		snprintf(fam, sizeof(fam), "node_vmstat_%s", r->name);
		snprintf(help, sizeof(help), "/proc/vmstat %s (%s).", r->name,
		    gauge ? "pages now" : "events since boot");
		om_family(w, fam, gauge ? OM_GAUGE : OM_COUNTER, NULL, help);
		om_sample_u64(w, NULL, 0, r->value);
	}
}

static void
psi_avgs(struct om_writer *w, const char *kind, const struct psi_line *l)
{
	static const char *const win[3] = { "10", "60", "300" };
	const uint32_t v[3] = { l->avg10, l->avg60, l->avg300 };

	for (int i = 0; i < 3; i++) {
		struct om_label lb[2] = { LBL("kind", kind), LBL("window", win[i]) };

		om_sample_double(w, lb, 2, (double)v[i] / 10000.0);
	}
}

static void
render_psi(struct om_writer *w, const struct mm_state *m)
{
	const struct psi_line *s = &m->psi.some, *f = &m->psi.full;

	if (!m->have_psi)
		return;
	if (s->have) {
		om_family(w, "node_pressure_memory_waiting_seconds", OM_COUNTER,
		    "seconds", "Time in which at least one task waited for memory (PSI some total).");
		om_sample_double(w, NULL, 0, (double)s->total / 1e6);
	}
	if (f->have) {
		om_family(w, "node_pressure_memory_stalled_seconds", OM_COUNTER,
		    "seconds", "Time in which every runnable task waited for memory (PSI full total).");
		om_sample_double(w, NULL, 0, (double)f->total / 1e6);
	}
	om_family(w, "memwatch_pressure_memory_avg_ratio", OM_GAUGE, "ratio",
	    "The kernel's PSI averages of memory stall over 10, 60 and 300 seconds, as a ratio.");
	if (s->have)
		psi_avgs(w, "some", s);
	if (f->have)
		psi_avgs(w, "full", f);
}

static void
render_settings(struct om_writer *w, const struct mm_state *m)
{
	char size[24];
	bool any = false;

	for (int k = 0; k < MS_NR; k++) {
		struct om_label l = LBL("name", mm_sysctl_name((enum mm_sysctl)k));

		if (!m->have_sysctl[k])
			continue;
		if (!any)
			om_family(w, "memwatch_vm_setting", OM_GAUGE, NULL,
			    "A value of /proc/sys/vm (swappiness, min_free_kbytes, overcommit_memory ...).");
		any = true;
		om_sample_u64(w, &l, 1, m->sysctl[k]);
	}
	any = false;
	for (int t = 0; t < MT_NR; t++) {
		struct om_label l[2] = { LBL("setting", mm_thp_name((enum mm_thp)t)),
			LBL("mode", m->thp[t] ? m->thp[t] : "") };

		if (m->thp[t] == NULL)
			continue;
		if (!any)
			om_family(w, "memwatch_thp_mode", OM_GAUGE, NULL,
			    "Always 1; the transparent huge page mode selected for a setting (enabled, defrag, shmem_enabled) in a label.");
		any = true;
		om_sample(w, l, 2, "1");
	}
	if (m->npools > 0)
		om_family(w, "memwatch_hugepages_pool_pages", OM_GAUGE, NULL,
		    "Huge pages of a hugetlb pool by state (nr, free, resv, surplus, overcommit).");
	for (size_t i = 0; i < m->npools; i++) {
		snprintf(size, sizeof(size), "%" PRIu64, m->pools[i].size);
		for (int f = 0; f < MP_FIELD_NR; f++) {
			struct om_label l[2] = { LBL("size_bytes", size),
				LBL("state", mm_pool_field_name((enum mm_pool_field)f)) };

			if (m->pools[i].have & (1u << f))
				om_sample_u64(w, l, 2, m->pools[i].val[f]);
		}
	}
	if (m->zswap_enabled >= 0) {
		om_family(w, "memwatch_zswap_enabled", OM_GAUGE, NULL,
		    "1 when zswap compresses pages on their way to swap, else 0.");
		om_sample(w, NULL, 0, m->zswap_enabled ? "1" : "0");
	}
}

void
metrics_render_mm(struct om_writer *w, const struct sys_snapshot *sys)
{
	if (!sys->part[SYS_VMSTAT].have)
		return;
	render_vmstat(w, &sys->mm);
	render_psi(w, &sys->mm);
	render_settings(w, &sys->mm);
}
