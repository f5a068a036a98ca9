/* parse/ipcshm.h: /proc/sysvipc/shm, summed; no I/O.
 *
 * The first line names the columns ("key shmid perms size cpid ... rss
 * swap"); rss and swap (bytes, since 2.6.29) are found by name, so that a
 * kernel without them or with more columns is read right.
 */
#ifndef MW_PARSE_IPCSHM_H
#define MW_PARSE_IPCSHM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ipcshm_sum {
	size_t segments;
	uint64_t size;		/* bytes asked for */
	uint64_t rss, swap;	/* bytes resident, swapped */
	bool has_rss, has_swap;	/* the kernel prints these columns */
	size_t skipped;		/* malformed rows */
};

/* 0, or -EINVAL when buf has no header line. */
int ipcshm_parse(const char *buf, size_t len, struct ipcshm_sum *s);

#endif
