/* model/procid.c: the same process, decided once (see procid.h). */
#include "config.h"
#include "model/procid.h"

#include "parse/stat.h"
#include "source.h"
#include "util/buf.h"

bool
proc_id_same(struct proc_id a, struct proc_id b)
{
	return a.pid == b.pid &&
	    (!a.has_start || !b.has_start || a.start == b.start);
}

bool
proc_id_alive(const struct mw_source *src, struct proc_id id,
    struct mw_buf *scratch)
{
	struct proc_stat st;
	struct proc_id now = { .pid = id.pid, .has_start = true };

	if (mw_source_read_pid(src, id.pid, "stat", scratch, NULL) < 0 ||
	    stat_parse(scratch->data, scratch->len, &st) < 0)
		return false;
	now.start = st.starttime;
	return proc_id_same(id, now) && st.state != 'Z' && st.state != 'X';
}
