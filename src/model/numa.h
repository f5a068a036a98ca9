/* model/numa.h: where a process's pages are, by NUMA node (numa_maps). */
#ifndef MW_MODEL_NUMA_H
#define MW_MODEL_NUMA_H

#include <sys/types.h>

#include "parse/numa_maps.h"

struct mw_source;

/*
 * /proc/PID/numa_maps into nm (initialised here; numa_maps_free() it in
 * any case). 0, or -errno when it could not be read (no NUMA support in
 * the kernel, another user's process, a capture without it) or held no
 * line memwatch could read: then nothing is known of the nodes.
 */
int numa_take(const struct mw_source *src, pid_t pid, struct numa_maps *nm);

#endif
