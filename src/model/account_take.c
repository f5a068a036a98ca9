/* model/account_take.c: what the account is built from, read through the
 * source (meminfo, tmpfs mounts, SysV segments, vmallocinfo, the nodes,
 * every process's rollup); account.c builds the lines from it. */
#include "config.h"
#include "model/account.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse/meminfo.h"
#include "parse/mountinfo.h"
#include "source.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/units.h"
#include "util/xmalloc.h"

size_t
account_tmpfs_take(const struct mw_source *src, struct mw_arena *arena,
    struct acct_tmpfs **out, bool *read)
{
	struct mount_entry e;
	struct mw_buf b;
	const char *p, *end;
	const char **devs = NULL;
	struct acct_tmpfs *v = NULL;
	size_t cap = 0, n = 0;

	*out = NULL;
	*read = false;
	mw_buf_init(&b);
	if (mw_source_read(src, "self/mountinfo", &b, NULL) < 0) {
		mw_buf_free(&b);
		return 0;
	}
	*read = src->live;
	p = b.data;
	end = b.data + b.len;
	while (mountinfo_next(&p, end, &e, NULL)) {
		struct acct_tmpfs *t;
		const char *dev;
		bool seen = false;

		if (!mountinfo_is(e.type, e.type_end, "tmpfs") &&
		    !mountinfo_is(e.type, e.type_end, "ramfs"))
			continue;
		dev = mw_arena_strndup(arena, e.dev, (size_t)(e.dev_end - e.dev));
		/* a file system mounted twice is counted once; a mount point
		 * mounted over is measured once, as statfs sees the top one */
		for (size_t i = 0; i < n && !seen; i++)
			seen = strcmp(devs[i], dev) == 0 ||
			    strcmp(v[i].point, e.point) == 0;
		if (seen)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			v = mw_xreallocarray(v, cap, sizeof(*v));
			devs = mw_xreallocarray(devs, cap, sizeof(*devs));
		}
		devs[n] = dev;
		t = &v[n++];
		t->point = mw_arena_strndup(arena, e.point, strlen(e.point));
		t->type = mountinfo_is(e.type, e.type_end, "ramfs") ? "ramfs" :
		    "tmpfs";
		{
			uint64_t size;

			t->known = mw_source_statfs(src, e.point, &size,
			    &t->used) == 0;
		}
	}
	free(devs);
	mw_buf_free(&b);
	*out = v;
	return n;
}

/* tmpfs and ramfs mounts, each file system once (by device). */
static void
take_tmpfs(const struct mw_source *src, struct acct_sources *s)
{
	s->ntmpfs = account_tmpfs_take(src, &s->arena, &s->tmpfs,
	    &s->tmpfs_read);
}

static void
take_nodes(const struct mw_source *src, struct acct_sources *s)
{
	char **names = NULL, rel[128];
	size_t n = 0;
	struct mw_buf b;

	if (mw_source_list_at(src, MW_ROOT_SYS, "devices/system/node", &names,
	    &n, NULL) < 0)
		return;
	mw_buf_init(&b);
	s->node_mi = mw_xreallocarray(NULL, n + 1, sizeof(*s->node_mi));
	s->node_ids = mw_xreallocarray(NULL, n + 1, sizeof(*s->node_ids));
	for (size_t i = 0; i < n; i++) {
		uint64_t id;

		if (strncmp(names[i], "node", 4) != 0 ||
		    mw_parse_u64_str(names[i] + 4, &id) < 0 || id > 65535)
			continue;
		snprintf(rel, sizeof(rel), "devices/system/node/%s/meminfo",
		    names[i]);
		if (mw_source_read_at(src, MW_ROOT_SYS, rel, &b, NULL) < 0 ||
		    meminfo_parse(b.data, b.len, &s->arena,
		    &s->node_mi[s->nnodes]) < 0)
			continue;
		s->node_ids[s->nnodes++] = (int)id;
	}
	mw_buf_free(&b);
	mw_source_list_free(names, n);
}

void
account_take_extra(const struct mw_source *src, struct acct_sources *s)
{
	struct mw_buf b;

	take_tmpfs(src, s);
	mw_buf_init(&b);
	s->has_shm = mw_source_read(src, "sysvipc/shm", &b, NULL) == 0 &&
	    ipcshm_parse(b.data, b.len, &s->shm) == 0;
	s->has_vmi = mw_source_read(src, "vmallocinfo", &b, NULL) == 0 &&
	    b.len > 0 && vmallocinfo_parse(b.data, b.len, &s->arena,
	    &s->vmi) == 0;
	mw_buf_free(&b);
	take_nodes(src, s);
}

int
account_take(const struct mw_source *src, struct acct_sources *s,
    struct mw_err *err)
{
	memset(s, 0, sizeof(*s));
	mw_arena_init(&s->arena);
	sys_snapshot_init(&s->sys);
	fleet_init(&s->fleet);
	sys_snapshot_take(src, SYS_PART(SYS_MEMINFO) | SYS_PART(SYS_ZONEINFO) |
	    SYS_PART(SYS_SLABINFO), &s->sys);
	if (sys_require(&s->sys, SYS_MEMINFO, err) < 0)
		return -EINVAL;
	s->has_fleet = fleet_take(src, &s->fleet, NULL, NULL) == 0;
	account_take_extra(src, s);
	return 0;
}

void
account_sources_free(struct acct_sources *s)
{
	sys_snapshot_free(&s->sys);
	fleet_free(&s->fleet);
	free(s->tmpfs);
	free(s->node_mi);
	free(s->node_ids);
	mw_arena_free(&s->arena);
	memset(s, 0, sizeof(*s));
}

void
account_input_from(const struct acct_sources *s, struct acct_input *in)
{
	memset(in, 0, sizeof(*in));
	in->sys = &s->sys;
	in->fleet = s->has_fleet ? &s->fleet : NULL;
	in->tmpfs = s->tmpfs;
	in->ntmpfs = s->ntmpfs;
	in->tmpfs_read = s->tmpfs_read;
	in->shm = s->has_shm ? &s->shm : NULL;
	in->vmi = s->has_vmi ? &s->vmi : NULL;
	in->node_mi = s->node_mi;
	in->node_ids = s->node_ids;
	in->nnodes = s->nnodes;
}
