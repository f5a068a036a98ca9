/* model/oom_clock.c: when the running kernel booted, to place its log's
 * seconds-since-boot stamps. */
#include "config.h"
#include "model/oom.h"

#include <stdint.h>

#include "parse/keyline.h"
#include "source.h"
#include "util/buf.h"

int
oom_boot_time(const struct mw_source *src, time_t *boot)
{
	struct mw_buf b;
	uint64_t v;
	int rc;

	mw_buf_init(&b);
	rc = mw_source_read(src, "stat", &b, NULL);
	if (rc == 0)
		rc = keyline_u64(b.data, b.len, "btime", &v);
	mw_buf_free(&b);
	if (rc < 0)
		return rc;
	*boot = (time_t)v;
	return 0;
}
