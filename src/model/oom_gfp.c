/* model/oom_gfp.c: an allocation's gfp flags in plain words.
 *
 * The names are the ones the kernel prints in "gfp_mask=0x...(NAMES)"
 * (include/linux/gfp_types.h, include/trace/events/mmflags.h); a name
 * not listed here is shown as the kernel printed it.
 */
#include "config.h"
#include "model/oom.h"

#include <string.h>

#include "util/amount.h"

static const struct {
	const char *name, *words;
} gfp_words[] = {
	{ "GFP_KERNEL", "an ordinary kernel allocation that may sleep, "
	    "reclaim and start I/O" },
	{ "GFP_KERNEL_ACCOUNT", "a kernel allocation charged to the "
	    "task's memory cgroup" },
	{ "GFP_HIGHUSER_MOVABLE", "memory for a process (a page fault on "
	    "anonymous memory or the page cache), movable" },
	{ "GFP_HIGHUSER", "memory for a process" },
	{ "GFP_USER", "memory for a process that the kernel also touches" },
	{ "GFP_ATOMIC", "an allocation that may not sleep" },
	{ "GFP_NOWAIT", "an allocation that may not wait" },
	{ "GFP_NOFS", "an allocation that may not call into file systems" },
	{ "GFP_NOIO", "an allocation that may not start I/O" },
	{ "GFP_TRANSHUGE", "a transparent huge page" },
	{ "GFP_TRANSHUGE_LIGHT", "a transparent huge page, without effort" },
	{ "GFP_DMA", "from the DMA zone" },
	{ "GFP_DMA32", "below " MW_AMT_LIT(4294967296) " (DMA32)" },
	{ "__GFP_DMA", "from the DMA zone" },
	{ "__GFP_DMA32", "below " MW_AMT_LIT(4294967296) " (DMA32)" },
	{ "__GFP_ZERO", "zeroed" },
	{ "__GFP_COMP", "one compound page" },
	{ "__GFP_NOWARN", "no warning if it fails" },
	{ "__GFP_NORETRY", "gives up early" },
	{ "__GFP_RETRY_MAYFAIL", "retries hard but may fail" },
	{ "__GFP_NOFAIL", "must not fail" },
	{ "__GFP_NOMEMALLOC", "may not use the emergency reserves" },
	{ "__GFP_MEMALLOC", "may use the emergency reserves" },
	{ "__GFP_HIGHMEM", "may use high memory" },
	{ "__GFP_MOVABLE", "movable (compaction can move it)" },
	{ "__GFP_RECLAIMABLE", "reclaimable (a cache that can shrink)" },
	{ "__GFP_ACCOUNT", "charged to the memory cgroup" },
	{ "__GFP_HARDWALL", "held to the cpuset's nodes" },
	{ "__GFP_THISNODE", "only from this NUMA node" },
	{ "__GFP_HIGH", "high priority (may dip below the min watermark)" },
	{ "__GFP_WRITE", "a page cache page about to be written" },
	{ "__GFP_NOTRACK", "not tracked by kmemcheck" },
	{ "__GFP_COLD", "a cache-cold page" },
	{ "__GFP_IO", "may start I/O" },
	{ "__GFP_FS", "may call into file systems" },
	{ "__GFP_RECLAIM", "may reclaim" },
	{ "__GFP_DIRECT_RECLAIM", "may reclaim directly" },
	{ "__GFP_KSWAPD_RECLAIM", "may wake kswapd" },
};

const char *
oom_gfp_words(const char *name, size_t n)
{
	for (size_t i = 0; i < sizeof(gfp_words) / sizeof(gfp_words[0]); i++)
		if (strlen(gfp_words[i].name) == n &&
		    memcmp(gfp_words[i].name, name, n) == 0)
			return gfp_words[i].words;
	return NULL;
}

