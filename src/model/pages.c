/* model/pages.c: per-mapping page residency from /proc/PID/pagemap. */
#include "config.h"
#include "model/pages.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model/procid.h"
#include "model/vma.h"
#include "parse/stat.h"
#include "source.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/xmalloc.h"

#define PAGES_CHUNK_ENTRIES 8192	/* 64 KiB of entries per pread */
#define SCAN_MIN_PAGES ((uint64_t)1 << 18)	/* 1 GiB of 4 KiB pages */
#define SCAN_REGIONS 4096

void
pages_free(struct pages_report *r)
{
	snapshot_free(&r->snap);
	free(r->v);
	free(r->blocks);
	memset(r, 0, sizeof(*r));
}

/* Choose the rows and lay out their map cells. */
static void
pages_layout(struct pages_report *r, const uint64_t *addr, size_t cells)
{
	const struct vma_vec *vv = &r->snap.vmas;

	r->v = mw_xcalloc(vv->len ? vv->len : 1, sizeof(*r->v));
	for (size_t i = 0; i < vv->len; i++) {
		const struct vma *m = &vv->v[i];
		struct pages_vma *pv;
		uint64_t npages;

		if (addr != NULL && (*addr < m->start || *addr >= m->end))
			continue;
		pv = &r->v[r->len++];
		pv->vma = m;
		npages = (m->end - m->start) / r->page_size;
		pv->per_block = 1;
		if (cells > 0 && npages > cells)
			pv->per_block = (npages + cells - 1) / cells;
		pv->first_block = r->nblocks;
		pv->nblocks = cells == 0 ? 0 :
		    (size_t)((npages + pv->per_block - 1) / pv->per_block);
		r->nblocks += pv->nblocks;
	}
	r->blocks = mw_xcalloc(r->nblocks ? r->nblocks : 1, sizeof(*r->blocks));
}

/*
 * One mapping's entries, chunk by chunk. 0, a negative errno from pread,
 * or 1 when pagemap ended early (vsyscall, or the process lost its mm).
 */
static int
pages_read_vma(struct pages_report *r, struct pages_vma *pv, int fd,
    unsigned char *buf)
{
	uint64_t first = pv->vma->start / r->page_size;
	uint64_t npages = (pv->vma->end - pv->vma->start) / r->page_size;
	uint64_t done = 0;

	while (done < npages) {
		uint64_t want = npages - done;
		ssize_t n;

		if (want > PAGES_CHUNK_ENTRIES)
			want = PAGES_CHUNK_ENTRIES;
		n = mw_source_pread(fd, buf, (size_t)want * PAGEMAP_ENTRY_SIZE,
		    (first + done) * PAGEMAP_ENTRY_SIZE);
		if (n < 0)
			return (int)n;
		pagemap_decode(buf, (size_t)n, done, pv->per_block, &pv->counts,
		    r->blocks + pv->first_block, pv->nblocks);
		if ((uint64_t)n < want * PAGEMAP_ENTRY_SIZE)
			return 1;
		done += want;
	}
	return 0;
}

/*
 * One large mapping through PAGEMAP_SCAN: 0, 1 when the kernel lacks it
 * (then read it entry by entry), or a negative errno.
 */
static int
pages_scan_vma(struct pages_report *r, struct pages_vma *pv, int fd,
    struct mw_page_region *reg)
{
	uint64_t anyof = PAGEMAP_IS_PRESENT | PAGEMAP_IS_SWAPPED;
	uint64_t at = pv->vma->start, end = pv->vma->end, walk;
	uint64_t ps = r->page_size;
	int n;

	if (r->no_scan)
		return 1;
	if (!r->no_guard)
		anyof |= PAGEMAP_IS_GUARD;
	while (at < end) {
		n = mw_source_pagemap_scan(fd, at, end, anyof,
		    anyof | PAGEMAP_IS_FILE, reg, SCAN_REGIONS, &walk);
		if (n == -EINVAL && (anyof & PAGEMAP_IS_GUARD)) {
			r->no_guard = true;	/* before 6.15 */
			anyof &= ~PAGEMAP_IS_GUARD;
			continue;
		}
		if (n == -ENOTTY || n == -EINVAL) {
			r->no_scan = true;
			return 1;
		}
		if (n < 0)
			return n;
		for (int i = 0; i < n; i++)
			pagemap_add_region((reg[i].start - pv->vma->start) / ps,
			    (reg[i].end - reg[i].start) / ps, reg[i].categories,
			    pv->per_block, &pv->counts,
			    r->blocks + pv->first_block, pv->nblocks);
		/*
		 * A walk that did not fill the vector covered [at, end). The
		 * kernel's walk_end is no proof of that: it keeps the place of
		 * the first internal flush (fs/proc/task_mmu.c sets it only on
		 * -ENOSPC), and resuming there counts regions twice. A full
		 * vector resumes after its last region, which the kernel
		 * ends at or before the place its walk stopped.
		 */
		if (n < SCAN_REGIONS || walk <= at)
			break;
		at = reg[n - 1].end > at ? reg[n - 1].end : walk;
	}
	pagemap_scan_finish((end - pv->vma->start) / ps, pv->per_block,
	    &pv->counts, r->blocks + pv->first_block, pv->nblocks);
	pv->scanned = true;
	return 0;
}

static void
add_counts(struct pagemap_counts *t, const struct pagemap_counts *c)
{
	t->pages += c->pages;
	for (int s = 0; s < PAGEMAP_STATE_NR; s++)
		t->state[s] += c->state[s];
	t->file += c->file;
	t->exclusive += c->exclusive;
	t->soft_dirty += c->soft_dirty;
	t->uffd_wp += c->uffd_wp;
}

/* Still there, and not a zombie (which has no page tables left)? */
static bool
still_alive(const struct mw_source *src, const struct proc_snapshot *snap)
{
	struct mw_buf b;
	bool alive;

	mw_buf_init(&b);
	alive = proc_id_alive(src, proc_snapshot_id(snap), &b);
	mw_buf_free(&b);
	return alive;
}

static int
pages_gone(pid_t pid, struct mw_err *err)
{
	return mw_err_set(err, -ENOENT, MW_EXIT_TARGET,
	    "process %d exited while its pagemap was read (gone); check the pid with ps",
	    (int)pid);
}

static int
pages_read_all(const struct mw_source *src, struct pages_report *r,
    struct mw_err *err)
{
	unsigned char *buf;
	struct mw_page_region *reg;
	struct mw_err e;
	char rel[32];
	bool short_read = false;
	uint64_t budget = PAGES_READ_MAX;	/* entries read one by one */
	int fd, rc = 0;

	snprintf(rel, sizeof(rel), "%d/pagemap", (int)r->snap.pid);
	mw_err_clear(&e);
	fd = mw_source_open_fd(src, rel, &e);
	/* pagemap of a live process without an mm is ESRCH: a kernel
	 * thread (it never had mappings) or a process that just exited. */
	if (fd == -ENOENT && src->live && r->snap.vmas.len == 0 &&
	    still_alive(src, &r->snap))
		return mw_err_set(err, -ENOENT, MW_EXIT_TARGET,
		    "process %d is a kernel thread with no memory map (no pages to show); pick a user process",
		    (int)r->snap.pid);
	if (fd == -ENOENT && src->live)
		return pages_gone(r->snap.pid, err);
	if (fd < 0)
		return mw_err_set(err, fd, e.exit, "%s", e.msg);
	buf = mw_xmalloc(PAGES_CHUNK_ENTRIES * PAGEMAP_ENTRY_SIZE);
	reg = mw_xcalloc(SCAN_REGIONS, sizeof(*reg));
	for (size_t i = 0; i < r->len && rc >= 0; i++) {
		struct pages_vma *pv = &r->v[i];
		uint64_t npages = (pv->vma->end - pv->vma->start) /
		    r->page_size;

		if (vma_kind(pv->vma) == VMA_VSYSCALL)
			continue;	/* not in the page tables pagemap walks */
		rc = 1;
		if (npages >= SCAN_MIN_PAGES)
			rc = pages_scan_vma(r, pv, fd, reg);
		if (rc == 1 && npages > budget) {
			pv->too_large = true;
			rc = 0;
			continue;
		}
		if (rc == 1) {
			budget -= npages;
			rc = pages_read_vma(r, pv, fd, buf);
		}
		if (rc == 1)
			short_read = true;
		pv->read = rc == 0;
		if (rc >= 0)
			add_counts(&r->total, &pv->counts);
	}
	free(reg);
	free(buf);
	close(fd);
	if (rc == -ESRCH || rc == -ENOENT ||
	    (short_read && src->live && !still_alive(src, &r->snap)))
		return pages_gone(r->snap.pid, err);
	if (rc < 0)
		return mw_err_set(err, rc, MW_EXIT_TARGET,
		    "cannot read %s/%s (%s); run as root or with CAP_SYS_PTRACE if it is a permission problem",
		    src->root, rel, strerror(-rc));
	return 0;
}

int
pages_take(const struct mw_source *src, pid_t pid, const uint64_t *addr,
    size_t cells, struct pages_report *r, struct mw_err *err)
{
	int rc;

	memset(r, 0, sizeof(*r));
	rc = snapshot_take(src, pid, SNAP_VMAS | SNAP_NO_ROLLUP, &r->snap, err);
	if (rc < 0)
		return rc;
	r->page_size = r->snap.page_size ? r->snap.page_size : 4096;
	pages_layout(r, addr, cells);
	if (addr != NULL && r->len == 0) {
		rc = mw_err_set(err, -ERANGE, MW_EXIT_TARGET,
		    "no mapping of process %d holds address 0x%" PRIx64 "; see 'memwatch %d show' for its mappings",
		    (int)pid, *addr, (int)pid);
		pages_free(r);
		return rc;
	}
	rc = pages_read_all(src, r, err);
	if (rc < 0)
		pages_free(r);
	return rc;
}
