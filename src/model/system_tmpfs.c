/* model/system_tmpfs.c: a system snapshot's tmpfs mounts (statfs). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "model/account.h"
#include "model/system.h"

void
sys_snapshot_take_tmpfs(const struct mw_source *src, struct sys_snapshot *s)
{
	struct acct_tmpfs *v;
	size_t n = account_tmpfs_take(src, &s->arena, &v, &s->tmpfs_read);

	s->tmpfs = mw_arena_alloc(&s->arena, (n + 1) * sizeof(*v));
	if (n > 0)
		memcpy(s->tmpfs, v, n * sizeof(*v));
	s->ntmpfs = n;
	free(v);
}
