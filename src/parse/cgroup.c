/* parse/cgroup.c: /proc/PID/cgroup's v2 line and memory.max; no I/O. */
#include "config.h"
#include "parse/cgroup.h"

#include <errno.h>
#include <string.h>

#include "util/units.h"

int
cgroup_v2_path(const char *buf, size_t len, const char **path,
    size_t *path_len)
{
	const char *p = buf, *end = buf + len;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *eol = nl != NULL ? nl : end;

		if (eol - p >= 4 && memcmp(p, "0::/", 4) == 0) {
			*path = p + 3;
			*path_len = (size_t)(eol - p - 3);
			return 0;
		}
		p = eol + (nl != NULL);
	}
	return -ENOENT;
}

int
cgroup_limit_parse(const char *buf, size_t len, uint64_t *v,
    bool *unlimited)
{
	const char *end = buf + len, *next;

	while (end > buf && (end[-1] == '\n' || end[-1] == ' '))
		end--;
	*unlimited = false;
	if (end - buf == 3 && memcmp(buf, "max", 3) == 0) {
		*unlimited = true;
		return 0;
	}
	if (mw_parse_u64(buf, end, v, &next) < 0 || next != end)
		return -EINVAL;
	return 0;
}
