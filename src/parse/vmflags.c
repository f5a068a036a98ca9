/* parse/vmflags.c: smaps' VmFlags two-letter codes; no I/O. */
#include "config.h"
#include "parse/smaps.h"
#include "parse/smaps_int.h"

#include <stdint.h>

#include "util/arena.h"

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
vmflag_code(enum vmflag f)
{
	return vmflag_codes[f];
}

/* One more than the flag of a two-letter code, by its letters; 0: none. */
#define VF(a, b, f) [((a) - 'a') * 26 + ((b) - 'a')] = (f) + 1
static const unsigned char vmflag_by_letters[26 * 26] = {
	VF('r', 'd', VMF_RD), VF('w', 'r', VMF_WR), VF('e', 'x', VMF_EX),
	VF('s', 'h', VMF_SH), VF('m', 'r', VMF_MR), VF('m', 'w', VMF_MW),
	VF('m', 'e', VMF_ME), VF('m', 's', VMF_MS), VF('g', 'd', VMF_GD),
	VF('p', 'f', VMF_PF), VF('i', 'o', VMF_IO), VF('d', 'w', VMF_DW),
	VF('l', 'o', VMF_LO), VF('l', 'f', VMF_LF), VF('s', 'r', VMF_SR),
	VF('r', 'r', VMF_RR), VF('d', 'c', VMF_DC), VF('d', 'e', VMF_DE),
	VF('a', 'c', VMF_AC), VF('n', 'r', VMF_NR), VF('h', 't', VMF_HT),
	VF('m', 'm', VMF_MM), VF('s', 'f', VMF_SF), VF('n', 'l', VMF_NL),
	VF('a', 'r', VMF_AR), VF('w', 'f', VMF_WF), VF('d', 'd', VMF_DD),
	VF('s', 'd', VMF_SD), VF('h', 'g', VMF_HG), VF('n', 'h', VMF_NH),
	VF('m', 'g', VMF_MG), VF('u', 'm', VMF_UM), VF('u', 'w', VMF_UW),
	VF('u', 'i', VMF_UI), VF('m', 'p', VMF_MP), VF('b', 't', VMF_BT),
	VF('m', 't', VMF_MT), VF('s', 's', VMF_SS), VF('d', 'p', VMF_DP),
	VF('s', 'l', VMF_SL), VF('g', 'u', VMF_GU),
};
#undef VF

/* The flag of the code [c, c+2), or -1. */
static int
vmflag_lookup(const char *c)
{
	unsigned a = (unsigned char)c[0] - 'a', b = (unsigned char)c[1] - 'a';

	if (a >= 26 || b >= 26)
		return -1;
	return (int)vmflag_by_letters[a * 26 + b] - 1;
}

int
vmflag_by_code(const char *code)
{
	if (code[0] == '\0' || code[1] == '\0' || code[2] != '\0')
		return -1;
	return vmflag_lookup(code);
}

void
smaps_parse_vmflags(struct vma *out, const char *p, const char *end,
    struct mw_arena *arena)
{
	const char *other = NULL, *w;
	size_t other_len = 0;
	int f;

	out->has_vmflags = true;
	/* The kernel's spelling: "rd wr mr mw me ac " (a space after each). */
	while (end - p >= 3 && p[2] == ' ' && (f = vmflag_lookup(p)) >= 0) {
		out->vmflags |= (uint64_t)1 << f;
		p += 3;
	}
	for (;;) {
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		if (p == end)
			break;
		w = p;
		while (p < end && *p != ' ' && *p != '\t')
			p++;
		f = p - w == 2 ? vmflag_lookup(w) : -1;
		if (f >= 0) {
			out->vmflags |= (uint64_t)1 << f;
		} else {
			if (other == NULL)
				other = w;
			other_len = (size_t)(p - other);
		}
	}
	if (other != NULL && arena != NULL) {
		/* Keeps known codes between unknown ones: rare, harmless. */
		out->vmflags_other = mw_arena_strndup(arena, other, other_len);
	}
}
