/* render/json_system_stream_set.c: a system snapshot's "tmpfs" (the
 * mounts and their use) read from the token stream (see
 * json_system_stream.c). */
#include "config.h"
#include "render/json_system.h"
#include "render/json_system_stream_int.h"

#include <stdlib.h>
#include <string.h>

#include "model/account.h"
#include "util/err.h"
#include "util/escape.h"

/* An item of "tmpfs" (arg unused). */
static int
tmpfs_item(struct ssr *x, void *it, const void *arg)
{
	struct acct_tmpfs *m = it;
	uint32_t obj = mwjson_rd_obj(x->rd);
	unsigned seen = 0;
	const char *k;
	size_t n;
	int rc;

	(void)arg;
	while ((rc = ssr_key_next(x, obj, &k, &n)) > 0) {
		if (strcmp(k, "mount") == 0 || strcmp(k, "type") == 0) {
			bool mount = strcmp(k, "mount") == 0;

			if (ssr_next(x) != JT_STR)
				return SSR_NOPE;
			k = ssr_str(x, &n);
			if (mount)
				m->point = ssr_unescaped(&x->s->arena, k, n);
			else
				m->type = strcmp(k, "ramfs") == 0 ? "ramfs" :
				    "tmpfs";
			seen |= mount ? 1 : 2;
			rc = 0;
		} else if (strcmp(k, "used") == 0) {
			rc = ssr_u64(x, &m->used);
			m->known = true;
		} else {
			rc = ssr_skip(x);
		}
		if (rc < 0)
			return rc;
	}
	return rc == 0 && seen == 3 ? 0 : SSR_NOPE;
}

int
ssr_tmpfs(struct ssr *x)
{
	struct sys_snapshot *s = x->s;
	void *a;

	if (ssr_next(x) != JT_ARR ||
	    ssr_items(x, sizeof(*s->tmpfs), tmpfs_item, NULL, &a,
	    &s->ntmpfs) < 0)
		return SSR_NOPE;
	s->tmpfs = a;
	s->tmpfs_read = true;
	return 0;
}
