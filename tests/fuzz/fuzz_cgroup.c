/* tests/fuzz/fuzz_cgroup.c: parse/cgroup.c on arbitrary bytes. */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>

#include "parse/cgroup.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p;
	size_t n;
	uint64_t v;
	bool unlimited;

	cgroup_v2_path((const char *)data, size, &p, &n);
	cgroup_limit_parse((const char *)data, size, &v, &unlimited);
	return 0;
}
