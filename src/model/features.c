/* model/features.c: the kernel's optional interfaces, probed. */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <unistd.h>

#include "model/features.h"
#include "parse/pagemap.h"
#include "util/buf.h"

static enum mw_feature
probe_pagemap_scan(const struct mw_source *src)
{
	struct mw_page_region reg;
	uint64_t page, walk;
	long ps = sysconf(_SC_PAGESIZE);
	int fd, n;

	if (!src->live || ps <= 0)
		return MW_FEATURE_UNKNOWN;
	fd = mw_source_open_fd(src, "self/pagemap", NULL);
	if (fd < 0)
		return MW_FEATURE_UNKNOWN;
	/* The page holding this frame's variable: surely mapped. */
	page = (uint64_t)(uintptr_t)&reg & ~((uint64_t)ps - 1);
	n = mw_source_pagemap_scan(fd, page, page + (uint64_t)ps,
	    PAGEMAP_IS_PRESENT, PAGEMAP_IS_PRESENT, &reg, 1, &walk);
	close(fd);
	if (n >= 0)
		return MW_FEATURE_YES;
	return n == -ENOTTY || n == -EINVAL ? MW_FEATURE_NO : MW_FEATURE_UNKNOWN;
}

static enum mw_feature
probe_psi(const struct mw_source *src)
{
	struct mw_buf b;
	int rc;

	mw_buf_init(&b);
	rc = mw_source_read(src, "pressure/memory", &b, NULL);
	mw_buf_free(&b);
	if (rc == 0)
		return MW_FEATURE_YES;
	if (rc == -ENOENT)
		return MW_FEATURE_NO;
	/* The file is there but the kernel was booted with psi=0. */
	return rc == -EOPNOTSUPP ? MW_FEATURE_OFF : MW_FEATURE_UNKNOWN;
}

void
mw_features_probe(const struct mw_source *src, struct mw_features *f)
{
	f->smaps_rollup = mw_source_exists(src, "self/smaps_rollup") ?
	    MW_FEATURE_YES : MW_FEATURE_NO;
	f->pagemap_scan = probe_pagemap_scan(src);
	f->psi = probe_psi(src);
	f->bpf = mw_source_exists(src, "sys/kernel/unprivileged_bpf_disabled") ?
	    MW_FEATURE_YES : MW_FEATURE_NO;
}

const char *
mw_feature_word(enum mw_feature v)
{
	switch (v) {
	case MW_FEATURE_YES: return "yes";
	case MW_FEATURE_NO: return "no";
	case MW_FEATURE_OFF: return "off";
	default: return "unknown";
	}
}
