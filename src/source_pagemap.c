/* source_pagemap.c: /proc/PID/pagemap, opened through source.c
 * (mw_source_open_fd), read by offset or asked with PAGEMAP_SCAN. */
#include "config.h"
#include "source.h"

#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

ssize_t
mw_source_pread(int fd, void *p, size_t len, uint64_t off)
{
	size_t done = 0;
	ssize_t n;

	if (off > (uint64_t)INT64_MAX)
		return -EINVAL;
	while (done < len) {
		n = pread(fd, (char *)p + done, len - done, (off_t)(off + done));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			break;
		done += (size_t)n;
	}
	return (ssize_t)done;
}

/* include/uapi/linux/fs.h (6.7); older headers lack it. */
struct mw_pm_scan_arg {
	uint64_t size, flags, start, end, walk_end, vec, vec_len, max_pages;
	uint64_t category_inverted, category_mask, category_anyof_mask;
	uint64_t return_mask;
};
#define MW_PAGEMAP_SCAN _IOWR('f', 16, struct mw_pm_scan_arg)

int
mw_source_pagemap_scan(int fd, uint64_t start, uint64_t end, uint64_t anyof,
    uint64_t ret, struct mw_page_region *v, size_t n, uint64_t *walk_end)
{
	struct mw_pm_scan_arg a;
	int rc;

	memset(&a, 0, sizeof(a));
	a.size = sizeof(a);
	a.start = start;
	a.end = end;
	a.vec = (uint64_t)(uintptr_t)v;
	a.vec_len = n;
	a.category_anyof_mask = anyof;
	a.return_mask = ret;
	do
		rc = ioctl(fd, MW_PAGEMAP_SCAN, &a);
	while (rc < 0 && errno == EINTR);
	if (rc < 0)
		return -errno;
	*walk_end = a.walk_end;
	return rc;
}
