/* parse/smaps.h: /proc/PID/smaps and smaps_rollup text into struct vma rows.
 *
 * Pure: no I/O, no globals. Strings (paths, unknown field names) are copied
 * into the caller's arena; rows go into the caller's vma_vec. A field the
 * kernel did not print has its present bit clear and its value 0: test
 * smaps_has() before reading val[]. Amounts are bytes.
 */
#ifndef MW_PARSE_SMAPS_H
#define MW_PARSE_SMAPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct mw_arena;

/* The order is the kernel's (fs/proc/task_mmu.c); JSON names in smaps.c. */
enum smaps_field {
	SMAPS_SIZE,
	SMAPS_KERNEL_PAGE_SIZE,
	SMAPS_MMU_PAGE_SIZE,
	SMAPS_RSS,
	SMAPS_PSS,
	SMAPS_PSS_DIRTY,
	SMAPS_PSS_ANON,		/* smaps_rollup only */
	SMAPS_PSS_FILE,		/* smaps_rollup only */
	SMAPS_PSS_SHMEM,	/* smaps_rollup only */
	SMAPS_SHARED_CLEAN,
	SMAPS_SHARED_DIRTY,
	SMAPS_PRIVATE_CLEAN,
	SMAPS_PRIVATE_DIRTY,
	SMAPS_REFERENCED,
	SMAPS_ANONYMOUS,
	SMAPS_KSM,
	SMAPS_LAZY_FREE,
	SMAPS_ANON_HUGE_PAGES,
	SMAPS_SHMEM_PMD_MAPPED,
	SMAPS_FILE_PMD_MAPPED,
	SMAPS_SHARED_HUGETLB,
	SMAPS_PRIVATE_HUGETLB,
	SMAPS_SWAP,
	SMAPS_SWAP_PSS,
	SMAPS_LOCKED,
	SMAPS_THP_ELIGIBLE,	/* 0 or 1, not bytes */
	SMAPS_PROTECTION_KEY,	/* an integer, not bytes */
	SMAPS_NR
};

/* VmFlags two-letter codes memwatch knows, as bit numbers. */
/*
 * The VmFlags codes in the kernel's order (fs/proc/task_mmu.c,
 * show_smap_vma_flags()): each one's enum vmflag name and its two
 * letters, the one list the enum and parse/vmflags.c's tables come from.
 */
#define VMFLAG_LIST(X) \
	X(RD, 'r', 'd') X(WR, 'w', 'r') X(EX, 'e', 'x') X(SH, 's', 'h') \
	X(MR, 'm', 'r') X(MW, 'm', 'w') X(ME, 'm', 'e') X(MS, 'm', 's') \
	X(GD, 'g', 'd') X(PF, 'p', 'f') X(IO, 'i', 'o') X(DW, 'd', 'w') \
	X(LO, 'l', 'o') X(LF, 'l', 'f') X(SR, 's', 'r') X(RR, 'r', 'r') \
	X(DC, 'd', 'c') X(DE, 'd', 'e') X(AC, 'a', 'c') X(NR, 'n', 'r') \
	X(HT, 'h', 't') X(MM, 'm', 'm') X(SF, 's', 'f') X(NL, 'n', 'l') \
	X(AR, 'a', 'r') X(WF, 'w', 'f') X(DD, 'd', 'd') X(SD, 's', 'd') \
	X(HG, 'h', 'g') X(NH, 'n', 'h') X(MG, 'm', 'g') X(UM, 'u', 'm') \
	X(UW, 'u', 'w') X(UI, 'u', 'i') X(MP, 'm', 'p') X(BT, 'b', 't') \
	X(MT, 'm', 't') X(SS, 's', 's') X(DP, 'd', 'p') X(SL, 's', 'l') \
	X(GU, 'g', 'u')

enum vmflag {
#define VMF_ENUM(n, a, b) VMF_##n,
	VMFLAG_LIST(VMF_ENUM)
#undef VMF_ENUM
	VMF_NR_FLAGS
};

/* A field memwatch does not know, kept for JSON "extra". */
struct smaps_extra {
	struct smaps_extra *next;
	const char *name;	/* in the arena */
	const char *text;	/* the raw value when not a number, else NULL */
	uint64_t value;		/* bytes when is_kb, else the number */
	bool is_kb;
};

struct vma {
	uint64_t start;		/* first byte */
	uint64_t end;		/* one past the last byte */
	uint64_t offset;	/* file offset, bytes */
	uint64_t inode;
	uint32_t dev_major, dev_minor;
	char perms[5];		/* "rw-p", NUL-terminated */
	uint32_t present;	/* bit f: the kernel printed field f */
	uint64_t val[SMAPS_NR];	/* bytes, or a count for the two non-kB */
	uint64_t vmflags;	/* bit enum vmflag: code printed */
	bool has_vmflags;	/* a VmFlags line was printed */
	const char *vmflags_other;	/* unknown codes, space-separated */
	const char *path;	/* in the arena; NULL: no name */
	size_t path_len;
	struct smaps_extra *extra;
};

struct vma_vec {
	struct vma *v;
	size_t len;
	size_t cap;
};

static inline bool
smaps_has(const struct vma *v, enum smaps_field f)
{
	return (v->present >> f) & 1u;
}

static inline void
smaps_set(struct vma *v, enum smaps_field f, uint64_t val)
{
	v->val[f] = val;
	v->present |= 1u << f;
}

/* Kernel key ("Private_Dirty"), JSON name ("private_dirty"), unit. */
const char *smaps_field_kernel_name(enum smaps_field f);
const char *smaps_field_json_name(enum smaps_field f);
bool smaps_field_is_bytes(enum smaps_field f);
/* The field for a JSON name, or -1. */
int smaps_field_by_json_name(const char *name);
/* The two-letter code of a flag, and a flag for a code (-1 if unknown). */
const char *vmflag_code(enum vmflag f);
int vmflag_by_code(const char *code);

/* A streaming reader: one VMA per call, nothing kept between rows. */
struct smaps_iter {
	const char *p, *end;
	size_t line;		/* lines read so far */
	size_t skipped;		/* malformed lines passed over */
	int hint;		/* the field expected next */
	bool pending;		/* p is at a header line */
};

void smaps_iter_init(struct smaps_iter *it, const char *buf, size_t len);
/*
 * 1 and *out filled (zeroed first), or 0 at the end. The path, unknown
 * fields and unknown VmFlags codes go into arena; with arena NULL they are
 * passed over (a caller that wants the sums alone: path NULL, no extra).
 */
int smaps_next(struct smaps_iter *it, struct mw_arena *arena,
    struct vma *out);

void vma_vec_init(struct vma_vec *vv);
void vma_vec_free(struct vma_vec *vv);
struct vma *vma_vec_push(struct vma_vec *vv);	/* a zeroed row */
/* Room for n rows at least (untouched room costs address space only). */
void vma_vec_reserve(struct vma_vec *vv, size_t n);

/*
 * All rows of buf into *out (appended). 0, or -EINVAL when buf holds text
 * but not one usable row. *skipped (may be NULL) gets the malformed lines,
 * and the rows that start below the end of the row before them in *out
 * (smaps is in ascending address order), which are left out.
 */
int smaps_parse(const char *buf, size_t len, struct mw_arena *arena,
    struct vma_vec *out, size_t *skipped);

/*
 * For text read in pieces: the length of the longest prefix of buf that
 * holds only whole mappings, i.e. where the last header line starts (0 when
 * buf holds at most one mapping's start). The rest may still grow.
 */
size_t smaps_complete(const char *buf, size_t len);
/*
 * The same for text that grows at its end between calls, so that a long
 * line carried on chunk after chunk is scanned once, not once per chunk:
 * buf[0..*scanned) was looked at by an earlier call, whose last newline
 * is at *last_nl (SIZE_MAX: none). Both are updated to cover buf[0..len);
 * a caller that drops the first cut bytes subtracts cut from both (a
 * last_nl below cut becomes SIZE_MAX). Start with 0 and SIZE_MAX.
 */
size_t smaps_complete_from(const char *buf, size_t len, size_t *scanned,
    size_t *last_nl);

/*
 * Parse one header line [p, end) ("START-END PERMS OFFSET MAJ:MIN INODE
 * NAME"); the name is not copied: *name points into the line.
 */
int smaps_header(const char *p, const char *end, struct vma *out,
    const char **name, size_t *name_len);

#endif
