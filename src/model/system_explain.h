/* model/system_explain.h: plain-language findings about a system snapshot.
 *
 * Findings (model/finding.h) with a stable id for scripts ("zones",
 * "pressure", "watermarks" and "fragmentation" once per zone, "thp",
 * "block-4mib", "slab", "shmem", "page-size", "unavailable"), the amount each is
 * about, and sentences that carry this machine's numbers (a per-zone text
 * starts with "Node N ZONE:"). Texts may hold slab cache names: escape them
 * before printing.
 */
#ifndef MW_MODEL_SYSTEM_EXPLAIN_H
#define MW_MODEL_SYSTEM_EXPLAIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct finding_list;
struct sys_snapshot;

/*
 * Append the findings about s to out (finding_list_init() first); sizes in
 * the texts are typed amounts (util/amount.h) that render/ formats.
 */
void sys_explain(const struct sys_snapshot *s, struct finding_list *out);

/*
 * The findings from vmstat, PSI and the settings (model/system_mm.c):
 * "kswapd" (from the counters: with prev, an earlier reading of them,
 * whether it ran in between; else what it did since boot), "psi",
 * "overcommit" (Committed_AS against CommitLimit and the mode). sys_explain()
 * calls it without prev.
 */
struct mm_state;
void sys_explain_mm(const struct sys_snapshot *s, const struct mm_state *prev,
    struct finding_list *out);

/*
 * Shared memory (Shmem): counted in Cached but not droppable, and which
 * tmpfs mounts hold it (id "shmem"); appended to out.
 */
void sys_explain_shmem(const struct sys_snapshot *s,
    struct finding_list *out);

/* The order of a block of bytes with this page size, or -1. */
int sys_order_of(uint64_t bytes, uint64_t page_size);

#endif
