/* render/metrics_oom.c: the OOM kills serve has seen, as metric families. */
#include "config.h"
#include "render/metrics_oom.h"

#include <string.h>

#include "model/oom_tally.h"
#include "render/openmetrics.h"

void
metrics_render_oom(struct om_writer *w, const struct oom_tally *t)
{
	struct om_label l[2];

	if (t == NULL || t->fd < 0)
		return;
	/* A count that only grows, but a gauge: promtool and classic
	 * parsers reject OpenMetrics' "_total" samples of a counter. */
	om_family(w, "memwatch_oom_kills", OM_GAUGE, NULL,
	    "OOM kills seen in the kernel log since serve started (and still in the log then), by the victim's memory cgroup and command name; only grows.");
	for (size_t i = 0; i < t->len; i++) {
		l[0] = (struct om_label){ "cgroup", t->rows[i].cgroup,
		    strlen(t->rows[i].cgroup) };
		l[1] = (struct om_label){ "comm", t->rows[i].comm,
		    strlen(t->rows[i].comm) };
		om_sample_u64(w, l, 2, t->rows[i].kills);
	}
	if (!t->has_last_kill)
		return;
	om_family(w, "memwatch_oom_last_kill_timestamp_seconds", OM_GAUGE,
	    "seconds", "When the last OOM kill seen happened (Unix time).");
	om_sample_double(w, NULL, 0, t->last_kill);
}
