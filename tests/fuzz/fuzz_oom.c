/* tests/fuzz/fuzz_oom.c: parse/oom*.c on arbitrary bytes, then the model
 * (badness, findings) and both renderers over what it found.
 */
#include "config.h"

#include <stdint.h>
#include <stddef.h>
#include <stdio.h>

#include "model/oom.h"
#include "parse/oom.h"
#include "render/oom.h"
#include "util/arena.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *null;
	struct mw_arena a;
	struct oom_log log;
	struct oom_events ev;
	struct oom_clock clk = { .now = 1796000000, .boot = 1795000000,
	    .has_boot = true };

	if (null == NULL)
		null = fopen("/dev/null", "w");
	mw_arena_init(&a);
	oom_parse((const char *)data, size, &a, &log);
	oom_events_build(&log, &clk, 1795500000, size & 1, &ev);
	if (null != NULL) {
		render_oom_text(null, &ev, "fuzz", false, true, 80);
		render_oom_json(null, &ev, "fuzz", false);
	}
	oom_events_free(&ev);
	mw_arena_free(&a);
	return 0;
}
