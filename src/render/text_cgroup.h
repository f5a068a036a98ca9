/* render/text_cgroup.h: memory cgroups as text. */
#ifndef MW_RENDER_TEXT_CGROUP_H
#define MW_RENDER_TEXT_CGROUP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct cg_tree;
struct cg_hier;
struct cgroup;
struct fleet;
struct finding_list;

struct cg_text_opts {
	bool bytes;		/* exact byte counts */
	bool color;
};

/* The tree: one row per cgroup in order[0..n), indented by depth. */
int text_cgroups(FILE *f, const struct cg_tree *t, const struct cg_hier *h,
    const size_t *order, size_t n, const struct cg_text_opts *o);
/* One cgroup: figures, the charge split, and its processes (fl may be
 * NULL when they were not read). */
int text_cgroup_show(FILE *f, const struct cgroup *c, const struct cg_hier *h,
    const struct fleet *fl, size_t listed, const struct cg_text_opts *o);
/* The findings, one wrapped paragraph each (amounts in bytes with bytes). */
int text_cgroup_explain(FILE *f, const struct cgroup *c,
    const struct finding_list *fs, bool bytes);
/* Two readings of one cgroup and what changed. */
int text_cgroup_diff(FILE *f, const struct cgroup *a, const struct cgroup *b,
    const struct cg_hier *h, const char *a_from, const char *b_from,
    double seconds, const struct cg_text_opts *o);

#endif
