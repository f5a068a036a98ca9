/* parse/status.c: /proc/PID/status key/value lines; no I/O. */
#include "config.h"
#include "parse/status.h"

#include <errno.h>
#include <string.h>

#include "util/arena.h"
#include "util/units.h"

static const char *const names[STATUS_NR][2] = {
	[STATUS_VM_PEAK] = { "VmPeak", "vm_peak" },
	[STATUS_VM_SIZE] = { "VmSize", "vm_size" },
	[STATUS_VM_LCK] = { "VmLck", "vm_lck" },
	[STATUS_VM_PIN] = { "VmPin", "vm_pin" },
	[STATUS_VM_HWM] = { "VmHWM", "vm_hwm" },
	[STATUS_VM_RSS] = { "VmRSS", "vm_rss" },
	[STATUS_RSS_ANON] = { "RssAnon", "rss_anon" },
	[STATUS_RSS_FILE] = { "RssFile", "rss_file" },
	[STATUS_RSS_SHMEM] = { "RssShmem", "rss_shmem" },
	[STATUS_VM_DATA] = { "VmData", "vm_data" },
	[STATUS_VM_STK] = { "VmStk", "vm_stk" },
	[STATUS_VM_EXE] = { "VmExe", "vm_exe" },
	[STATUS_VM_LIB] = { "VmLib", "vm_lib" },
	[STATUS_VM_PTE] = { "VmPTE", "vm_pte" },
	[STATUS_VM_PMD] = { "VmPMD", "vm_pmd" },
	[STATUS_VM_SWAP] = { "VmSwap", "vm_swap" },
	[STATUS_HUGETLB_PAGES] = { "HugetlbPages", "hugetlb_pages" },
};

const char *
status_field_json_name(enum status_field f)
{
	return names[f][1];
}

static bool
key_is(const char *k, size_t klen, const char *name)
{
	return strlen(name) == klen && memcmp(k, name, klen) == 0;
}

static const char *
blanks(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	return p;
}

static int
parse_int(const char *v, const char *end, int64_t *out)
{
	const char *next;
	int64_t n;

	if (mw_parse_i64(v, end, &n, &next) < 0 || blanks(next, end) != end)
		return -EINVAL;
	*out = n;
	return 0;
}

static int
parse_uids(const char *v, const char *end, struct proc_status *out)
{
	uint64_t n;

	for (int i = 0; i < 4; i++) {
		v = blanks(v, end);
		if (mw_parse_u64(v, end, &n, &v) < 0 || n > UINT32_MAX)
			return -EINVAL;
		out->uid[i] = (uint32_t)n;
	}
	out->has_uid = true;
	return 0;
}

static int
parse_kb(const char *v, const char *end, uint64_t *bytes)
{
	const char *next;
	uint64_t n;

	if (mw_parse_u64(v, end, &n, &next) < 0)
		return -EINVAL;
	next = blanks(next, end);
	if (end - next != 2 || memcmp(next, "kB", 2) != 0 ||
	    !mw_kib_to_bytes(n, bytes))
		return -EINVAL;
	return 0;
}

static int
parse_line(const char *p, const char *end, struct mw_arena *arena,
    struct proc_status *out)
{
	const char *colon = memchr(p, ':', (size_t)(end - p));
	const char *v;
	size_t klen;

	if (colon == NULL || colon == p)
		return -EINVAL;
	klen = (size_t)(colon - p);
	v = blanks(colon + 1, end);
	if (key_is(p, klen, "Name")) {
		out->name = mw_arena_strndup(arena, v, (size_t)(end - v));
		return 0;
	}
	if (key_is(p, klen, "State"))
		return v < end ? (out->state = *v, 0) : -EINVAL;
	if (key_is(p, klen, "Tgid"))
		return parse_int(v, end, &out->tgid);
	if (key_is(p, klen, "PPid"))
		return parse_int(v, end, &out->ppid);
	if (key_is(p, klen, "Threads"))
		return parse_int(v, end, &out->threads);
	if (key_is(p, klen, "Uid"))
		return parse_uids(v, end, out);
	for (int f = 0; f < STATUS_NR; f++) {
		if (key_is(p, klen, names[f][0])) {
			if (parse_kb(v, end, &out->val[f]) < 0)
				return -EINVAL;
			out->present |= 1u << f;
			return 0;
		}
	}
	return 0;	/* a key memwatch does not use */
}

int
status_parse(const char *buf, size_t len, struct mw_arena *arena,
    struct proc_status *out, size_t *skipped)
{
	const char *p = buf, *end = buf + len, *nl, *eol;
	size_t bad = 0, good = 0;

	memset(out, 0, sizeof(*out));
	out->tgid = out->ppid = out->threads = -1;
	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		eol = nl != NULL ? nl : end;
		if (eol > p && eol[-1] == '\r')
			eol--;
		if (eol > p) {
			if (parse_line(p, eol, arena, out) < 0)
				bad++;
			else
				good++;
		}
		p = nl != NULL ? nl + 1 : end;
	}
	if (skipped != NULL)
		*skipped = bad;
	return good == 0 && bad > 0 ? -EINVAL : 0;
}
