/* tests/fuzz/fuzz_cgroupfs.c: parse/cgroupfs.c on arbitrary bytes, as every
 * file shape it reads: one value, "name value" rows, /proc/PID/cgroup
 * (copied, and found in place), mountinfo and cgroup.controllers.
 */
#include "config.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "parse/cgroupfs.h"
#include "util/arena.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct cg_membership m;
	static struct cg_mounts mi;
	const char *p = (const char *)data;
	struct mw_arena a;
	struct cg_kv kv;
	uint64_t v = 0;
	bool unl;

	(void)cg_parse_value(p, size, &v, &unl);
	mw_arena_init(&a);
	if (cg_parse_kv(p, size, &a, &kv) == 0)
		for (size_t i = 0; i < kv.len; i++)
			if (strlen(kv.rows[i].name) == 0)
				__builtin_trap();
	if (kv.len > 0)
		(void)cg_kv_get(&kv, kv.rows[kv.len - 1].name, &v);
	mw_arena_free(&a);
	if (cg_parse_proc_cgroup(p, size, &m) == 0 &&
	    ((m.has_v2 && m.v2[0] != '/') ||
	    (m.has_v1_memory && m.v1_memory[0] != '/')))
		__builtin_trap();
	for (int v2 = 0; v2 < 2; v2++) {
		const char *path;
		size_t n;

		/* In place: inside the input, absolute, without a NUL. */
		if (cg_proc_cgroup_find(p, size, v2, &path, &n) == 0 &&
		    (path < p || path + n > p + size || n == 0 ||
		    *path != '/' || memchr(path, '\0', n) != NULL))
			__builtin_trap();
	}
	if (cg_parse_mountinfo(p, size, &mi) == 0 &&
	    ((mi.has_v2 && mi.v2[0] != '/') ||
	    (mi.has_v1_memory && mi.v1_memory[0] != '/')))
		__builtin_trap();
	(void)cg_controllers_have(p, size, "memory");
	return 0;
}
