/* model/numa.c: where a process's pages are, by NUMA node (numa_maps). */
#include "config.h"
#include "model/numa.h"

#include <errno.h>
#include <string.h>

#include "source.h"
#include "util/buf.h"

int
numa_take(const struct mw_source *src, pid_t pid, struct numa_maps *nm)
{
	struct mw_buf b;
	int rc;

	memset(nm, 0, sizeof(*nm));
	mw_buf_init(&b);
	rc = mw_source_read_pid(src, pid, "numa_maps", &b, NULL);
	if (rc == 0 && b.len == 0)
		rc = -ENODATA;	/* a kernel thread, or a zombie */
	if (rc == 0)
		rc = numa_maps_parse(b.data, b.len, nm);
	if (rc < 0)
		numa_maps_free(nm);
	mw_buf_free(&b);
	return rc;
}
