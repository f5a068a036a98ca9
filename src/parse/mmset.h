/* parse/mmset.h: the kernel's memory settings files; no I/O.
 *
 * Small files of one value each: the files of /proc/sys/vm ("60\n"), the
 * pools' files in /sys/kernel/mm/hugepages/hugepages-SIZEkB ("0\n"), the
 * THP modes in /sys/kernel/mm/transparent_hugepage ("always [madvise]
 * never\n"), zswap's module parameters ("Y\n", "lzo\n"); and /proc/swaps.
 */
#ifndef MW_PARSE_MMSET_H
#define MW_PARSE_MMSET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct mw_arena;

/* One unsigned number and nothing else but blanks and a newline. 0 or -errno. */
int mmset_u64(const char *buf, size_t len, uint64_t *v);
/* "Y"/"1" true, "N"/"0" false. 0 or -EINVAL. */
int mmset_bool(const char *buf, size_t len, bool *v);
/*
 * The selected word of a choice file, the one in brackets
 * ("always [madvise] never" gives "madvise"), or the only word of a
 * one-word file ("lzo"): *w points into buf, *n bytes of printable ASCII.
 * 0 or -EINVAL.
 */
int mmset_choice(const char *buf, size_t len, const char **w, size_t *n);
/* "hugepages-2048kB" as bytes; 0 or -EINVAL. */
int mmset_hugepage_dir(const char *name, uint64_t *bytes);

struct swap_dev {
	const char *path;	/* unescaped ("\040" is a space), in the arena */
	const char *type;	/* "file", "partition" */
	uint64_t size, used;	/* bytes */
	int64_t prio;
};

struct swaps {
	struct swap_dev *devs;	/* in the caller's arena */
	size_t len;
	size_t skipped;		/* malformed lines passed over */
};

/*
 * /proc/swaps (mm/swapfile.c, swap_show()): the header, then one line per
 * device. No device is a valid, empty result. 0, or -EINVAL when the text
 * has neither the header nor a usable line.
 */
int swaps_parse(const char *buf, size_t len, struct mw_arena *arena,
    struct swaps *sw);

#endif
