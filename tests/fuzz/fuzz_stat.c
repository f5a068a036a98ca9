/* tests/fuzz/fuzz_stat.c: parse/stat.c (/proc/PID/stat, the btime line
 * of /proc/stat and a thread's syscall line) on arbitrary bytes.
 */
#include "config.h"

#include <stdint.h>
#include <stddef.h>

#include "parse/stat.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct proc_stat ps;
	uint64_t btime, sp, statm[STATM_NR];

	stat_parse((const char *)data, size, &ps);
	procstat_btime((const char *)data, size, &btime);
	statm_parse((const char *)data, size, statm);
	syscall_sp((const char *)data, size, &sp);
	return 0;
}
