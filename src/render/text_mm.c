/* render/text_mm.c: system show's lines for vmstat, PSI and the settings. */
#include "config.h"
#include "render/text_system.h"

#include <inttypes.h>
#include <string.h>

#include "model/mmstate.h"
#include "model/system.h"
#include "util/buf.h"
#include "util/units.h"

static void
pct(struct mw_buf *b, uint32_t v)
{
	mw_buf_printf(b, "%u.%02u%%", v / 100, v % 100);
}

static void
psi_line(struct mw_buf *b, const struct mm_state *m)
{
	const struct psi_line *l[2] = { &m->psi.some, &m->psi.full };
	static const char *const name[2] = { "some", "full" };

	mw_buf_adds(b, "Pressure (PSI avg 10/60/300 s):");
	if (!m->have_psi) {
		mw_buf_adds(b, " unknown (no /proc/pressure/memory)\n");
		return;
	}
	for (int i = 0; i < 2; i++) {
		if (!l[i]->have)
			continue;
		mw_buf_printf(b, " %s ", name[i]);
		pct(b, l[i]->avg10);
		mw_buf_addc(b, ' ');
		pct(b, l[i]->avg60);
		mw_buf_addc(b, ' ');
		pct(b, l[i]->avg300);
	}
	mw_buf_addc(b, '\n');
}

static void
since_boot(struct mw_buf *b, const struct mm_state *m)
{
	static const enum vmstat_key keys[] = { VM_PGSCAN_KSWAPD,
	    VM_PGSCAN_DIRECT, VM_ALLOCSTALL, VM_PSWPOUT,
	    VM_WORKINGSET_REFAULT_FILE, VM_COMPACT_STALL,
	    VM_THP_FAULT_FALLBACK, VM_OOM_KILL };
	uint64_t v;

	mw_buf_adds(b, "Since boot:");
	for (size_t i = 0; i < sizeof(keys) / sizeof(*keys); i++)
		if (vmstat_get(&m->vs, keys[i], &v))
			mw_buf_printf(b, " %s %" PRIu64, vmstat_key_name(keys[i]), v);
	mw_buf_addc(b, '\n');
}

static void
settings_line(struct mw_buf *b, const struct mm_state *m)
{
	static const enum mm_sysctl keys[] = { MS_SWAPPINESS,
	    MS_OVERCOMMIT_MEMORY, MS_MIN_FREE_KBYTES,
	    MS_WATERMARK_SCALE_FACTOR };

	mw_buf_adds(b, "Settings:");
	mw_buf_printf(b, " THP %s/%s", m->thp[MT_ENABLED] ? m->thp[MT_ENABLED] :
	    "?", m->thp[MT_DEFRAG] ? m->thp[MT_DEFRAG] : "?");
	for (size_t i = 0; i < sizeof(keys) / sizeof(*keys); i++)
		if (m->have_sysctl[keys[i]])
			mw_buf_printf(b, " %s %" PRIu64,
			    mm_sysctl_name(keys[i]), m->sysctl[keys[i]]);
	mw_buf_printf(b, " zswap %s", m->zswap_enabled < 0 ? "?" :
	    m->zswap_enabled ? "on" : "off");
	if (m->have_swaps)
		mw_buf_printf(b, " swap devices %zu", m->sw.len);
	mw_buf_addc(b, '\n');
}

void
text_system_mm(FILE *f, const struct sys_snapshot *s,
    const struct text_opts *o)
{
	struct mw_buf b;

	(void)o;
	if (!s->part[SYS_VMSTAT].have)
		return;
	/* Numbers, and words checked to be printable ASCII when read
	 * (parse/mmset.c, render/json_mm_read.c): nothing to escape. */
	mw_buf_init(&b);
	psi_line(&b, &s->mm);
	since_boot(&b, &s->mm);
	settings_line(&b, &s->mm);
	fwrite(b.data, 1, b.len, f);
	mw_buf_free(&b);
}
