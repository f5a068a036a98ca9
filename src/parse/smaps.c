/* parse/smaps.c: smaps and smaps_rollup text into struct vma; no I/O. */
#include "config.h"
#include "parse/smaps.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "util/arena.h"
#include "util/units.h"
#include "util/xmalloc.h"

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

/* Indexed by enum vmflag (fs/proc/task_mmu.c, show_smap_vma_flags()). */
static const char vmflag_codes[VMF_NR_FLAGS][3] = {
	"rd", "wr", "ex", "sh", "mr", "mw", "me", "ms",
	"gd", "pf", "io", "dw", "lo", "lf", "sr", "rr",
	"dc", "de", "ac", "nr", "ht", "mm", "sf", "nl",
	"ar", "wf", "dd", "sd", "hg", "nh", "mg", "um",
	"uw", "ui", "mp", "bt", "mt", "ss", "dp", "sl",
	"gu",
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

const char *
vmflag_code(enum vmflag f)
{
	return vmflag_codes[f];
}

int
vmflag_by_code(const char *code)
{
	for (int f = 0; f < VMF_NR_FLAGS; f++)
		if (code[0] == vmflag_codes[f][0] &&
		    code[1] == vmflag_codes[f][1] && code[2] == '\0')
			return f;
	return -1;
}

void
vma_vec_init(struct vma_vec *vv)
{
	vv->v = NULL;
	vv->len = 0;
	vv->cap = 0;
}

void
vma_vec_free(struct vma_vec *vv)
{
	free(vv->v);
	vma_vec_init(vv);
}

struct vma *
vma_vec_push(struct vma_vec *vv)
{
	if (vv->len == vv->cap) {
		vv->cap = vv->cap ? vv->cap * 2 : 64;
		vv->v = mw_xreallocarray(vv->v, vv->cap, sizeof(*vv->v));
	}
	memset(&vv->v[vv->len], 0, sizeof(*vv->v));
	return &vv->v[vv->len++];
}

/* The line at p: *eol at its end, CR stripped; returns the next line. */
static const char *
next_line(const char *p, const char *end, const char **eol)
{
	const char *nl = memchr(p, '\n', (size_t)(end - p));
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

int
smaps_header(const char *p, const char *end, struct vma *out,
    const char **name, size_t *name_len)
{
	uint64_t maj, min;
	const char *q;
	int i;

	if (mw_parse_x64(p, end, &out->start, &p) < 0 || p == end || *p != '-')
		return -EINVAL;
	if (mw_parse_x64(p + 1, end, &out->end, &p) < 0 || p == end ||
	    *p != ' ' || out->end < out->start)
		return -EINVAL;
	p++;
	for (i = 0; i < 4; i++) {
		if (p == end || *p == ' ')
			return -EINVAL;
		out->perms[i] = *p++;
	}
	out->perms[4] = '\0';
	if (p == end || *p++ != ' ')
		return -EINVAL;
	if (mw_parse_x64(p, end, &out->offset, &p) < 0 || p == end ||
	    *p++ != ' ')
		return -EINVAL;
	if (mw_parse_x64(p, end, &maj, &p) < 0 || p == end || *p++ != ':' ||
	    mw_parse_x64(p, end, &min, &p) < 0 || p == end || *p++ != ' ' ||
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

/* A header starts with a hex digit and has '-' after the hex run. */
static bool
is_header(const char *p, const char *end)
{
	while (p < end && ((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
		p++;
	return p < end && *p == '-';
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

static void
parse_vmflags(struct vma *out, const char *p, const char *end,
    struct mw_arena *arena)
{
	const char *other = NULL, *w;
	size_t other_len = 0;
	char code[3];
	int f;

	out->has_vmflags = true;
	for (;;) {
		p = skip_blanks(p, end);
		if (p == end)
			break;
		w = p;
		while (p < end && *p != ' ' && *p != '\t')
			p++;
		f = -1;
		if (p - w == 2) {
			code[0] = w[0], code[1] = w[1], code[2] = '\0';
			f = vmflag_by_code(code);
		}
		if (f >= 0) {
			out->vmflags |= (uint64_t)1 << f;
		} else {
			if (other == NULL)
				other = w;
			other_len = (size_t)(p - other);
		}
	}
	if (other != NULL) {
		/* Keeps known codes between unknown ones: rare, harmless. */
		out->vmflags_other = mw_arena_strndup(arena, other, other_len);
	}
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
		parse_vmflags(out, v, end, arena);
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
		if (have && is_header(line, it->end))
			break;
		it->p = next_line(line, it->end, &eol);
		it->line++;
		if (!have) {
			if (smaps_header(line, eol, out, &name, &name_len) < 0) {
				if (line != eol)
					it->skipped++;
				continue;
			}
			if (name != NULL) {
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

size_t
smaps_complete(const char *buf, size_t len)
{
	const char *end = buf + len, *p = end;

	/* Back from the end, line start by line start. */
	while (p > buf) {
		const char *nl = p - 1;

		while (nl > buf && *nl != '\n')
			nl--;
		if (*nl != '\n')
			break;
		if (nl + 1 < end && is_header(nl + 1, end))
			return (size_t)(nl + 1 - buf);
		p = nl;
	}
	return 0;
}

int
smaps_parse(const char *buf, size_t len, struct mw_arena *arena,
    struct vma_vec *out, size_t *skipped)
{
	struct smaps_iter it;
	size_t before = out->len;

	smaps_iter_init(&it, buf, len);
	/*
	 * Parsed in place: no copy of the row. The kernel lists mappings in
	 * ascending address order, none overlapping: a row that breaks it is
	 * malformed (a file repeated or spliced) and is dropped, or a hostile
	 * tree could grow the table without bound. The row before may come
	 * from an earlier call (smaps parsed a chunk at a time).
	 */
	for (;;) {
		struct vma *v = vma_vec_push(out);

		if (smaps_next(&it, arena, v) != 1) {
			out->len--;	/* the row that found the end */
			break;
		}
		if (out->len > 1 && v->start < out->v[out->len - 2].end) {
			it.skipped++;
			out->len--;
		}
	}
	if (skipped != NULL)
		*skipped = it.skipped;
	if (out->len == before && it.skipped > 0)
		return -EINVAL;
	return 0;
}
