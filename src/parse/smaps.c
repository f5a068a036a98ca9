/* parse/smaps.c: smaps and smaps_rollup text into struct vma; no I/O. */
#include "config.h"
#include "parse/smaps.h"
#include "parse/smaps_int.h"

#include <errno.h>
#include <string.h>

#include "util/arena.h"
#include "util/units.h"

static const struct {
	const char *kernel;
	const char *json;
	unsigned char klen;
	bool bytes;
} fields[SMAPS_NR] = {
#define F(e, k, j, b) [e] = { k, j, sizeof(k) - 1, b }
	F(SMAPS_SIZE, "Size", "size", true),
	F(SMAPS_KERNEL_PAGE_SIZE, "KernelPageSize", "kernel_page_size", true),
	F(SMAPS_MMU_PAGE_SIZE, "MMUPageSize", "mmu_page_size", true),
	F(SMAPS_RSS, "Rss", "rss", true),
	F(SMAPS_PSS, "Pss", "pss", true),
	F(SMAPS_PSS_DIRTY, "Pss_Dirty", "pss_dirty", true),
	F(SMAPS_PSS_ANON, "Pss_Anon", "pss_anon", true),
	F(SMAPS_PSS_FILE, "Pss_File", "pss_file", true),
	F(SMAPS_PSS_SHMEM, "Pss_Shmem", "pss_shmem", true),
	F(SMAPS_SHARED_CLEAN, "Shared_Clean", "shared_clean", true),
	F(SMAPS_SHARED_DIRTY, "Shared_Dirty", "shared_dirty", true),
	F(SMAPS_PRIVATE_CLEAN, "Private_Clean", "private_clean", true),
	F(SMAPS_PRIVATE_DIRTY, "Private_Dirty", "private_dirty", true),
	F(SMAPS_REFERENCED, "Referenced", "referenced", true),
	F(SMAPS_ANONYMOUS, "Anonymous", "anonymous", true),
	F(SMAPS_KSM, "KSM", "ksm", true),
	F(SMAPS_LAZY_FREE, "LazyFree", "lazy_free", true),
	F(SMAPS_ANON_HUGE_PAGES, "AnonHugePages", "anon_huge_pages", true),
	F(SMAPS_SHMEM_PMD_MAPPED, "ShmemPmdMapped", "shmem_pmd_mapped", true),
	F(SMAPS_FILE_PMD_MAPPED, "FilePmdMapped", "file_pmd_mapped", true),
	F(SMAPS_SHARED_HUGETLB, "Shared_Hugetlb", "shared_hugetlb", true),
	F(SMAPS_PRIVATE_HUGETLB, "Private_Hugetlb", "private_hugetlb", true),
	F(SMAPS_SWAP, "Swap", "swap", true),
	F(SMAPS_SWAP_PSS, "SwapPss", "swap_pss", true),
	F(SMAPS_LOCKED, "Locked", "locked", true),
	F(SMAPS_THP_ELIGIBLE, "THPeligible", "thp_eligible", false),
	F(SMAPS_PROTECTION_KEY, "ProtectionKey", "protection_key", false),
#undef F
};

/*
 * The first 16 bytes of a field line as the kernel prints it: the key, a
 * colon, spaces to the value column ("%-16s%8lu kB" since 2.6). A line that
 * starts so takes the fast path below; any other spelling the general one.
 */
static const char line_prefix[SMAPS_NR][16] = {
	[SMAPS_SIZE] = "Size:           ",
	[SMAPS_KERNEL_PAGE_SIZE] = "KernelPageSize: ",
	[SMAPS_MMU_PAGE_SIZE] = "MMUPageSize:    ",
	[SMAPS_RSS] = "Rss:            ",
	[SMAPS_PSS] = "Pss:            ",
	[SMAPS_PSS_DIRTY] = "Pss_Dirty:      ",
	[SMAPS_PSS_ANON] = "Pss_Anon:       ",
	[SMAPS_PSS_FILE] = "Pss_File:       ",
	[SMAPS_PSS_SHMEM] = "Pss_Shmem:      ",
	[SMAPS_SHARED_CLEAN] = "Shared_Clean:   ",
	[SMAPS_SHARED_DIRTY] = "Shared_Dirty:   ",
	[SMAPS_PRIVATE_CLEAN] = "Private_Clean:  ",
	[SMAPS_PRIVATE_DIRTY] = "Private_Dirty:  ",
	[SMAPS_REFERENCED] = "Referenced:     ",
	[SMAPS_ANONYMOUS] = "Anonymous:      ",
	[SMAPS_KSM] = "KSM:            ",
	[SMAPS_LAZY_FREE] = "LazyFree:       ",
	[SMAPS_ANON_HUGE_PAGES] = "AnonHugePages:  ",
	[SMAPS_SHMEM_PMD_MAPPED] = "ShmemPmdMapped: ",
	[SMAPS_FILE_PMD_MAPPED] = "FilePmdMapped:  ",
	[SMAPS_SHARED_HUGETLB] = "Shared_Hugetlb: ",
	[SMAPS_PRIVATE_HUGETLB] = "Private_Hugetlb:",
	[SMAPS_SWAP] = "Swap:           ",
	[SMAPS_SWAP_PSS] = "SwapPss:        ",
	[SMAPS_LOCKED] = "Locked:         ",
	[SMAPS_THP_ELIGIBLE] = "THPeligible:    ",
	[SMAPS_PROTECTION_KEY] = "ProtectionKey:  ",
};

const char *
smaps_field_kernel_name(enum smaps_field f)
{
	return fields[f].kernel;
}

const char *
smaps_field_json_name(enum smaps_field f)
{
	return fields[f].json;
}

bool
smaps_field_is_bytes(enum smaps_field f)
{
	return fields[f].bytes;
}

int
smaps_field_by_json_name(const char *name)
{
	for (int f = 0; f < SMAPS_NR; f++)
		if (strcmp(fields[f].json, name) == 0)
			return f;
	return -1;
}

/* The line at p: *eol at its end, CR stripped; returns the next line. */
static const char *
next_line(const char *p, const char *end, const char **eol)
{
	const char *nl = p < end ? memchr(p, '\n', (size_t)(end - p)) : NULL;
	const char *e = nl != NULL ? nl : end;

	if (e > p && e[-1] == '\r')
		e--;
	*eol = e;
	return nl != NULL ? nl + 1 : end;
}

static const char *
skip_blanks(const char *p, const char *end)
{
	static const uint64_t spaces = 0x2020202020202020u;
	uint64_t w;

	/* The kernel pads values to a column: eight spaces at a time. */
	while (end - p >= 8) {
		memcpy(&w, p, 8);
		if (w != spaces)
			break;
		p += 8;
	}
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	return p;
}

/*
 * Hex digits at p as *v; the end of the run, or NULL (no digit, or a value
 * of more than 64 bits). Sixteen digits cannot overflow: only longer runs
 * (leading zeros, or too large) are checked digit by digit.
 */
static inline const char *
hex_run(const char *p, const char *end, uint64_t *v)
{
	const char *start = p;
	uint64_t n = 0;
	unsigned d;

	while (p < end && (d = mw_hex_digit1[(unsigned char)*p]) != 0) {
		n = n << 4 | (d - 1);
		p++;
	}
	if (p == start)
		return NULL;
	if (p - start > 16) {
		n = 0;
		for (const char *q = start; q < p; q++) {
			if (n >> 60)
				return NULL;
			n = n << 4 | (mw_hex_digit1[(unsigned char)*q] - 1u);
		}
	}
	*v = n;
	return p;
}

int
smaps_header(const char *p, const char *end, struct vma *out,
    const char **name, size_t *name_len)
{
	uint64_t maj, min;
	const char *q;
	int i;

	if ((p = hex_run(p, end, &out->start)) == NULL || p == end || *p != '-')
		return -EINVAL;
	if ((p = hex_run(p + 1, end, &out->end)) == NULL || p == end ||
	    *p != ' ' || out->end < out->start)
		return -EINVAL;
	p++;
	if (end - p < 5)
		return -EINVAL;
	for (i = 0; i < 4; i++) {
		if (p[i] == ' ')
			return -EINVAL;
		out->perms[i] = p[i];
	}
	out->perms[4] = '\0';
	p += 4;
	if (*p++ != ' ')
		return -EINVAL;
	if ((p = hex_run(p, end, &out->offset)) == NULL || p == end ||
	    *p++ != ' ')
		return -EINVAL;
	if ((p = hex_run(p, end, &maj)) == NULL || p == end || *p++ != ':' ||
	    (p = hex_run(p, end, &min)) == NULL || p == end || *p++ != ' ' ||
	    maj > UINT32_MAX || min > UINT32_MAX)
		return -EINVAL;
	out->dev_major = (uint32_t)maj;
	out->dev_minor = (uint32_t)min;
	if (mw_parse_u64(p, end, &out->inode, &p) < 0)
		return -EINVAL;
	if (p != end && *p != ' ')
		return -EINVAL;
	q = skip_blanks(p, end);
	*name = q < end ? q : NULL;
	*name_len = (size_t)(end - q);
	return 0;
}

/* The known field named [k, k+klen), trying hint first; -1 if unknown. */
static int
field_lookup(const char *k, size_t klen, int hint)
{
	if (hint < SMAPS_NR && fields[hint].klen == klen &&
	    memcmp(fields[hint].kernel, k, klen) == 0)
		return hint;
	for (int f = 0; f < SMAPS_NR; f++)
		if (fields[f].klen == klen && fields[f].kernel[0] == k[0] &&
		    memcmp(fields[f].kernel, k, klen) == 0)
			return f;
	return -1;
}

/*
 * The common value, "132 kB" to the end of the line, as bytes; false for
 * anything else (the general path then decides). Under 16 digits the
 * product cannot overflow: 10^15 KiB is 2^60 bytes.
 */
static bool
fast_kb(const char *v, const char *end, uint64_t *bytes)
{
	const char *q = v;
	uint64_t kib = 0;

	while (q < end && *q >= '0' && *q <= '9' && q - v < 16)
		kib = kib * 10 + (uint64_t)(*q++ - '0');
	if (q == v || q - v >= 16 || end - q != 3 || q[0] != ' ' ||
	    q[1] != 'k' || q[2] != 'B')
		return false;
	*bytes = kib << 10;
	return true;
}

/*
 * A "Key: value" line. The value is "N kB" (bytes), a plain number (the
 * non-kB fields) or, for unknown keys only, any text.
 */
static int
parse_field(struct smaps_iter *it, struct vma *out, const char *p,
    const char *end, struct mw_arena *arena)
{
	const char *colon, *v, *next;
	struct smaps_extra *x;
	uint64_t n;
	size_t klen;
	int f = -1, rc;

	/* The kernel's order: most lines are the field expected next. */
	if (it->hint < SMAPS_NR &&
	    (size_t)(end - p) > fields[it->hint].klen &&
	    p[fields[it->hint].klen] == ':' &&
	    memcmp(p, fields[it->hint].kernel, fields[it->hint].klen) == 0) {
		f = it->hint;
		colon = p + fields[f].klen;
	} else {
		colon = memchr(p, ':', (size_t)(end - p));
	}
	if (colon == NULL || colon == p)
		return -EINVAL;
	klen = (size_t)(colon - p);
	v = skip_blanks(colon + 1, end);
	if (f < 0 && klen == 7 && memcmp(p, "VmFlags", 7) == 0) {
		smaps_parse_vmflags(out, v, end, arena);
		return 0;
	}
	if (f < 0)
		f = field_lookup(p, klen, it->hint);
	if (f >= 0 && fields[f].bytes && fast_kb(v, end, &n)) {
		it->hint = f + 1;
		smaps_set(out, (enum smaps_field)f, n);
		return 0;
	}
	rc = mw_parse_u64(v, end, &n, &next);
	next = skip_blanks(next, end);
	if (f >= 0) {
		if (rc < 0)
			return rc;
		it->hint = f + 1;
		if (!fields[f].bytes) {
			if (next != end)
				return -EINVAL;
		} else if (end - next != 2 || (next[0] != 'k' && next[0] != 'K') ||
		    next[1] != 'B' || !mw_kib_to_bytes(n, &n)) {
			return -EINVAL;
		}
		smaps_set(out, (enum smaps_field)f, n);
		return 0;
	}
	if (arena == NULL)	/* the caller keeps no names */
		return 0;
	x = mw_arena_alloc(arena, sizeof(*x));
	memset(x, 0, sizeof(*x));
	x->name = mw_arena_strndup(arena, p, klen);
	if (rc == 0 && end - next == 2 && next[1] == 'B' &&
	    (next[0] == 'k' || next[0] == 'K') && mw_kib_to_bytes(n, &n)) {
		x->value = n;
		x->is_kb = true;
	} else if (rc == 0 && next == end) {
		x->value = n;
	} else {
		x->text = mw_arena_strndup(arena, v, (size_t)(end - v));
	}
	x->next = out->extra;
	out->extra = x;
	return 0;
}

/* The index in memory order of the first nonzero byte of a word (w != 0). */
static inline unsigned
first_set_byte(uint64_t w)
{
#ifdef WORDS_BIGENDIAN
	return (unsigned)__builtin_clzll(w) >> 3;
#else
	return (unsigned)__builtin_ctzll(w) >> 3;
#endif
}

/*
 * "       4" (up to 8 digits right-aligned in 8 bytes, leading spaces) as a
 * number, eight bytes at a time; false when it is anything else.
 */
static bool
swar_column(uint64_t w, uint64_t *v)
{
	const uint64_t ones = 0x0101010101010101u;
	uint64_t lead, d;
	unsigned k;

	d = w ^ (ones * ' ');
	if (d == 0)
		return false;
	k = first_set_byte(d);	/* leading spaces, 0 to 7 */
#ifdef WORDS_BIGENDIAN
	lead = k ? ~(~(uint64_t)0 >> (8 * k)) : 0;
#else
	lead = ((uint64_t)1 << (8 * k)) - 1;
#endif
	w |= lead & (ones * 0x10);	/* those spaces become '0' */
	if ((w & (ones * 0xf0)) != ones * '0' ||
	    ((w + ones * 6) & (ones * 0xf0)) != ones * '0')
		return false;	/* a byte that is not a digit */
	d = w - ones * '0';
#ifdef WORDS_BIGENDIAN
	d = __builtin_bswap64(d);
#endif
	/* The first digit is the lowest byte: pairs, fours, eights. */
	d = (d * 10 + (d >> 8)) & 0x00ff00ff00ff00ffu;
	d = (d * 100 + (d >> 16)) & 0x0000ffff0000ffffu;
	d = (d * 10000 + (d >> 32)) & 0xffffffffu;
	*v = d;
	return true;
}

/* Word i (0 or 1) of field f's 16-byte prefix, as loaded from memory. */
static inline uint64_t
prefix_word(int f, int i)
{
	uint64_t w;

	memcpy(&w, line_prefix[f] + 8 * i, 8);
	return w;
}

/* " kB\n", seven spaces and a byte not looked at, that byte's mask. */
static inline uint32_t
kb_nl(void)
{
	uint32_t t;

	memcpy(&t, " kB\n", 4);
	return t;
}

static inline uint64_t
low7(void)
{
	uint64_t w;

	memcpy(&w, "\xff\xff\xff\xff\xff\xff\xff\0", 8);
	return w;
}

static inline uint64_t
spaces7(void)
{
	uint64_t w;

	memcpy(&w, "        ", 8);
	return w & low7();
}

/* Does the line at p start with the kernel's 16-byte prefix of field f? */
static inline bool
has_prefix(const char *p, int f)
{
	uint64_t a, b;

	memcpy(&a, p, 8);
	memcpy(&b, p + 8, 8);
	return a == prefix_word(f, 0) && b == prefix_word(f, 1);
}

/*
 * Field lines in the kernel's own spelling, each the field expected next:
 * "Rss:" padded to 16 bytes, then "       4 kB" and a newline (or the
 * end). Their values are set and the lines passed, as many as there are in
 * a row; the number passed is returned. A line spelt any other way
 * (another field, tabs, CR, a sign, 16 digits or more) stops the run and is
 * left to the general path; where both accept a line they give the same
 * value. State lives in locals: char reads may alias *it and *out.
 */
static size_t
fast_fields(struct smaps_iter *it, struct vma *out)
{
	const char *p = it->p, *end = it->end, *q, *d;
	uint32_t present = 0;
	int f = it->hint;
	size_t lines = 0;
	uint64_t n;

	for (; f < SMAPS_NR && end - p >= 18; f++, lines++) {
		/*
		 * The common line first, in as few steps as it can take: the
		 * kernel's prefix, one digit after seven spaces, " kB\n" (the
		 * fields in kB are those before THPeligible).
		 */
		while (f < SMAPS_THP_ELIGIBLE && end - p >= 28) {
			uint64_t a, b, w;
			uint32_t t;

			memcpy(&a, p, 8);
			memcpy(&b, p + 8, 8);
			memcpy(&w, p + 16, 8);
			memcpy(&t, p + 24, 4);
			if (a != prefix_word(f, 0) || b != prefix_word(f, 1) ||
			    t != kb_nl() || (w & low7()) != spaces7() ||
			    (unsigned char)(p[23] - '0') >= 10)
				break;
			out->val[f] = (uint64_t)(p[23] - '0') << 10;
			present |= 1u << f;
			p += 28;
			f++;
			lines++;
		}
		if (f >= SMAPS_NR || end - p < 18)
			break;
		if (!has_prefix(p, f)) {
			/* Pss_Anon, Pss_File, Pss_Shmem: smaps_rollup only. */
			if (f < SMAPS_PSS_ANON || f > SMAPS_PSS_SHMEM ||
			    !has_prefix(p, SMAPS_SHARED_CLEAN))
				break;
			f = SMAPS_SHARED_CLEAN;
		}
		/* Most: "Rss:            " "       4" " kB\n", 28 bytes. */
		if (fields[f].bytes && end - p >= 28 &&
		    memcmp(p + 24, " kB\n", 4) == 0) {
			uint64_t w;

			/* One digit after seven spaces, else eight at once. */
			memcpy(&w, p + 16, 8);
			n = (unsigned char)(p[23] - '0');
			if (((w & low7()) == spaces7() && n < 10) ||
			    swar_column(w, &n)) {
				out->val[f] = n << 10;
				present |= 1u << f;
				p += 28;
				continue;
			}
		}
		/* THPeligible: "       1" and a newline, no unit. */
		if (!fields[f].bytes && end - p >= 25 && p[24] == '\n' &&
		    (unsigned char)(p[23] - '0') < 10 &&
		    memcmp(p + 16, "       ", 7) == 0) {
			out->val[f] = (uint64_t)(p[23] - '0');
			present |= 1u << f;
			p += 25;
			continue;
		}
		q = p + 16;
		while (q < end && *q == ' ')
			q++;
		for (n = 0, d = q; q < end && (unsigned char)(*q - '0') < 10; q++)
			n = n * 10 + (uint64_t)(*q - '0');
		if (q == d || q - d >= 16)
			break;
		if (fields[f].bytes) {
			if (end - q < 3 || q[0] != ' ' || q[1] != 'k' ||
			    q[2] != 'B')
				break;
			q += 3;
			n <<= 10;
		}
		if (q < end && *q++ != '\n')
			break;
		out->val[f] = n;
		present |= 1u << f;
		p = q;
	}
	out->present |= present;
	it->hint = f;
	it->line += lines;
	it->p = p;
	return lines;
}

void
smaps_iter_init(struct smaps_iter *it, const char *buf, size_t len)
{
	memset(it, 0, sizeof(*it));
	it->p = buf;
	it->end = buf + len;
}

int
smaps_next(struct smaps_iter *it, struct mw_arena *arena, struct vma *out)
{
	const char *line, *eol, *name;
	size_t name_len;
	bool have = false;

	memset(out, 0, sizeof(*out));
	while (it->p < it->end) {
		line = it->p;
		/* Keys start with a capital, headers with a hex digit. */
		if (have && *line >= 'A' && *line <= 'Z') {
			if (fast_fields(it, out) > 0)
				continue;
		} else if (have && smaps_is_header(line, it->end)) {
			break;
		}
		it->p = next_line(line, it->end, &eol);
		it->line++;
		/* The kernel's VmFlags line, the last of a mapping. */
		if (have && eol - line >= 8 && memcmp(line, "VmFlags:", 8) == 0) {
			smaps_parse_vmflags(out, skip_blanks(line + 8, eol), eol,
			    arena);
			continue;
		}
		if (!have) {
			if (smaps_header(line, eol, out, &name, &name_len) < 0) {
				if (line != eol)
					it->skipped++;
				continue;
			}
			if (name != NULL && arena != NULL) {
				out->path = mw_arena_strndup(arena, name, name_len);
				out->path_len = name_len;
			}
			have = true;
			it->hint = 0;
			continue;
		}
		if (line != eol && parse_field(it, out, line, eol, arena) < 0)
			it->skipped++;
	}
	return have ? 1 : 0;
}
