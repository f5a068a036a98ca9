/* model/sample.c: one sample for export and serve (see sample.h). */
#include "config.h"
#include "model/sample.h"

#include <stdlib.h>
#include <string.h>

#include "model/account.h"
#include "source.h"
#include "util/err.h"
#include "util/time.h"
#include "util/xmalloc.h"

/* The account of MemTotal, from the sample's system and processes. */
static void
take_account(const struct mw_source *src, struct fleet_sample *s)
{
	struct acct_sources extra;
	struct acct_input in;

	memset(&extra, 0, sizeof(extra));
	mw_arena_init(&extra.arena);
	sys_snapshot_init(&extra.sys);
	fleet_init(&extra.fleet);
	account_take_extra(src, &extra);
	account_input_from(&extra, &in);
	in.sys = &s->sys;
	in.fleet = s->has_fleet ? &s->fleet : NULL;
	s->account = mw_xmalloc(sizeof(*s->account));
	if (account_build(&in, s->account) < 0) {
		account_free(s->account);
		free(s->account);
		s->account = NULL;
	}
	/* the lines keep no pointer into the sources but their labels,
	 * which are copied into the account's arena */
	account_sources_free(&extra);
}

int
fleet_sample_take(const struct mw_source *src, struct fleet_memo *memo,
    struct fleet_sample *s)
{
	uint64_t t0 = mw_now_ns();
	struct mw_err err;

	memset(s, 0, sizeof(*s));
	mw_err_clear(&err);
	sys_snapshot_init(&s->sys);
	sys_snapshot_take(src, memo != NULL ?
	    SYS_ALL & ~SYS_PART(SYS_PAGETYPEINFO) : SYS_ALL, &s->sys);
	if (memo != NULL)
		fleet_memo_pti(src, memo, &s->sys);
	s->has_fleet = fleet_take(src, &s->fleet, memo, &err) == 0;
	if (s->has_fleet)
		fleet_by_comm(&s->fleet, FLEET_COMMS_MAX);
	cg_tree_init(&s->cgroups);
	if (cg_hier_find(src, &s->cg_hier, NULL) == 0) {
		cg_tree_free(&s->cgroups);
		s->has_cgroups = cg_tree_take(src, &s->cg_hier, "/", -1,
		    &s->cgroups, NULL) == 0;
	}
	take_account(src, s);
	s->taken_at = src->live ? time(NULL) : s->sys.taken_at;
	s->cost_ns = mw_now_ns() - t0;
	return 0;
}

void
fleet_sample_free(struct fleet_sample *s)
{
	if (s == NULL)
		return;
	sys_snapshot_free(&s->sys);
	fleet_free(&s->fleet);
	s->has_fleet = false;
	cg_tree_free(&s->cgroups);
	s->has_cgroups = false;
	if (s->account != NULL)
		account_free(s->account);
	free(s->account);
	s->account = NULL;
}
