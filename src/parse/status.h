/* parse/status.h: /proc/PID/status into struct proc_status; no I/O.
 *
 * Memory lines ("VmRSS:	  1234 kB") become bytes with a presence bit;
 * kernel threads have none of them. The name is copied into the arena.
 */
#ifndef MW_PARSE_STATUS_H
#define MW_PARSE_STATUS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct mw_arena;

enum status_field {
	STATUS_VM_PEAK, STATUS_VM_SIZE, STATUS_VM_LCK, STATUS_VM_PIN,
	STATUS_VM_HWM, STATUS_VM_RSS, STATUS_RSS_ANON, STATUS_RSS_FILE,
	STATUS_RSS_SHMEM, STATUS_VM_DATA, STATUS_VM_STK, STATUS_VM_EXE,
	STATUS_VM_LIB, STATUS_VM_PTE, STATUS_VM_PMD, STATUS_VM_SWAP,
	STATUS_HUGETLB_PAGES,
	STATUS_NR
};

struct proc_status {
	const char *name;	/* Name: as printed (kernel-escaped), arena */
	char state;		/* 'R', 'S', ... or 0 */
	int64_t tgid, ppid, threads;	/* -1 when absent */
	uint32_t uid[4];	/* real, effective, saved, filesystem */
	bool has_uid;
	uint32_t present;	/* bit f: field f printed */
	uint64_t val[STATUS_NR];	/* bytes */
};

static inline bool
status_has(const struct proc_status *st, enum status_field f)
{
	return (st->present >> f) & 1u;
}

/* A field's JSON name: "vm_rss" for VmRSS. */
const char *status_field_json_name(enum status_field f);

/* 0, or -EINVAL when not one line was usable. */
int status_parse(const char *buf, size_t len, struct mw_arena *arena,
    struct proc_status *out, size_t *skipped);

#endif
