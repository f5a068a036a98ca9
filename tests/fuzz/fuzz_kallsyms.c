/* tests/fuzz/fuzz_kallsyms.c: parse/kallsyms.c on arbitrary bytes, then
 * lookups of every symbol's address and of the addresses around it. */
#include "config.h"

#include <stdint.h>
#include <stddef.h>
#include <string.h>

#include "parse/kallsyms.h"
#include "util/arena.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mw_arena a;
	struct ksyms k;
	uint64_t sum = 0;

	mw_arena_init(&a);
	if (kallsyms_parse((const char *)data, size, &a, &k) == 0) {
		for (size_t i = 0; i < k.len; i++) {
			const struct ksym *s = kallsyms_find(&k, k.v[i].addr);

			if (s == NULL || s->addr != k.v[i].addr)
				__builtin_trap();
			if (i > 0 && k.v[i - 1].addr > k.v[i].addr)
				__builtin_trap();
			sum += strlen(s->name) + (s->module != NULL);
			s = kallsyms_find(&k, k.v[i].addr - 1);
			sum += s != NULL ? s->addr : 0;
		}
		sum += kallsyms_find(&k, UINT64_MAX) != NULL;
	}
	mw_arena_free(&a);
	return sum == 1 ? 1 : 0;
}
