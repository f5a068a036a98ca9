/* render/metrics_oom.h: serve's OOM kill families. */
#ifndef MW_RENDER_METRICS_OOM_H
#define MW_RENDER_METRICS_OOM_H

struct om_writer;
struct oom_tally;

/*
 * memwatch_oom_kills{cgroup,comm} (a count) and
 * memwatch_oom_last_kill_timestamp_seconds, when t read the kernel log
 * (nothing when t is NULL or could not).
 */
void metrics_render_oom(struct om_writer *w, const struct oom_tally *t);

#endif
