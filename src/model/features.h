/* model/features.h: which of the kernel's optional interfaces memwatch
 * reads are there, probed cheaply for --version. */
#ifndef MW_MODEL_FEATURES_H
#define MW_MODEL_FEATURES_H

#include "source.h"

enum mw_feature {
	MW_FEATURE_UNKNOWN,	/* could not tell (denied, not a live /proc) */
	MW_FEATURE_YES,
	MW_FEATURE_NO,
	MW_FEATURE_OFF,		/* built in but switched off (psi=0) */
};

struct mw_features {
	enum mw_feature smaps_rollup;	/* /proc/PID/smaps_rollup, 4.14 */
	enum mw_feature pagemap_scan;	/* the PAGEMAP_SCAN ioctl, 6.7 */
	enum mw_feature psi;		/* /proc/pressure/memory, 4.20 */
	enum mw_feature bpf;		/* the bpf() syscall (CONFIG_BPF_SYSCALL) */
};

/*
 * Probe src (memwatch's own process, "self", for the per-process ones):
 * three opens, one read and one ioctl on a single page. PAGEMAP_SCAN is
 * probed only on a live /proc. eBPF is there when the kernel has the
 * bpf() syscall, which its sysctl kernel.unprivileged_bpf_disabled shows.
 */
void mw_features_probe(const struct mw_source *src, struct mw_features *f);
/* "yes", "no", "off" or "unknown". */
const char *mw_feature_word(enum mw_feature v);

#endif
