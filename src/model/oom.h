/* model/oom.h: OOM kills from parsed reports, with what explains them.
 *
 * An event is one report of parse/oom.h (a kill, or the kernel finding
 * nothing to kill) with its times resolved, the page size worked out,
 * the kernel's badness recomputed for every task of its table (the
 * victim and the next candidates), and findings in plain words (model/
 * finding.h). The events point into the log and its arena, which must
 * outlive them; oom_events_free() releases the rest.
 */
#ifndef MW_MODEL_OOM_H
#define MW_MODEL_OOM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "model/finding.h"
#include "parse/oom.h"

#define OOM_CANDIDATES 4

/* One task as the OOM killer scored it (mm/oom_kill.c oom_badness()). */
struct oom_candidate {
	const struct oom_task *task;
	uint64_t rss, swap, pgtables;	/* pages */
	int64_t points;		/* rss + swap + pgtables + adj share */
	bool has_adj_share;	/* the adjustment could be computed */
};

struct oom_event {
	const struct oom_report *r;
	const struct oom_kill *victim;	/* NULL: nobody was killed */
	const struct oom_task *victim_task;	/* its table row, or NULL */
	enum oom_constraint constraint;	/* the report's, or inferred when
					 * it has no summary line (< 4.19) */
	time_t when;		/* UTC seconds, when has_when */
	bool has_when;
	uint64_t page_size;
	bool page_size_known;	/* from the report; else 4096 assumed */
	uint64_t total_pages;	/* what oom_score_adj is a share of */
	bool has_total_pages;
	struct oom_candidate cand[OOM_CANDIDATES];	/* by points */
	size_t ncand;
	size_t eligible;	/* tasks the killer could choose */
	bool high_order;	/* order > 0 */
	bool fragmented;	/* high order, and a zone above high or no
				 * free block that large in any zone */
	bool no_block;		/* no zone had a usable free block of the
				 * order asked (buddy lines) */
	uint64_t buddy_free;	/* bytes free in the zones with buddy lines */
	struct finding_list findings;
};

struct oom_events {
	struct oom_event *v;	/* newest first */
	size_t len;
};

/* How to place times: boot (UTC seconds) turns seconds-since-boot into
 * a time when has_boot (the running kernel's own log); now picks the
 * year of syslog stamps that print none. */
struct oom_clock {
	time_t now;
	time_t boot;
	bool has_boot;
};

/* The boot time of the kernel below src (its stat's btime): 0 or -errno
 * (model/oom_clock.c). */
struct mw_source;
int oom_boot_time(const struct mw_source *src, time_t *boot);

/* The events of log, newest first, those before since (when has_since)
 * left out; an event of unknown time is kept. 0 (never fails). */
int oom_events_build(const struct oom_log *log, const struct oom_clock *c,
    time_t since, bool has_since, struct oom_events *out);
void oom_events_free(struct oom_events *ev);

/* A gfp flag name ("__GFP_ZERO") in plain words, or NULL. */
const char *oom_gfp_words(const char *name, size_t n);
/* Put the findings on e (model/oom_explain.c). */
void oom_explain(struct oom_event *e, const struct oom_clock *c);
/* Bytes of page-counted v for e (saturating). */
uint64_t oom_pages(const struct oom_event *e, uint64_t v);

#endif
