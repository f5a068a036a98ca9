/* parse/cgroup.h: a process's cgroup v2 path and a memory limit; no I/O.
 *
 * /proc/PID/cgroup has one line per hierarchy, "ID:CONTROLLERS:PATH"; the
 * unified (v2) hierarchy's line is "0::PATH". memory.max holds a byte
 * count or "max".
 */
#ifndef MW_PARSE_CGROUP_H
#define MW_PARSE_CGROUP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The v2 path (into buf, "/..." without the newline): 0, or -ENOENT when
 * there is no "0::/" line. */
int cgroup_v2_path(const char *buf, size_t len, const char **path,
    size_t *path_len);
/* "max" (unlimited true) or a byte count, one line: 0 or -EINVAL. */
int cgroup_limit_parse(const char *buf, size_t len, uint64_t *v,
    bool *unlimited);

#endif
