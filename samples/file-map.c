/* samples/file-map.c: a file mapped shared and private, read then written.
 *
 * Mapping a file costs no RAM by itself: its pages come from the page cache
 * when first read, and they are the same pages whichever mapping (or
 * process) reads them. This program writes a temporary file (in $TMPDIR,
 * default /tmp), maps it twice, MAP_SHARED and MAP_PRIVATE, and then:
 *   - reads both maps: Rss appears, all of it clean page cache. Both maps
 *     hold the same pages, so each page is mapped twice and counts as
 *     Shared_Clean, and Pss is half of Rss, though no other process exists;
 *   - writes the shared map: the page cache pages become dirty
 *     (Shared_Dirty), and the private map sees the new bytes, because it
 *     still maps those very pages;
 *   - writes the private map: copy-on-write gives it private copies, which
 *     are anonymous memory inside a file mapping (Anonymous, Private_Dirty)
 *     and never reach the file; the shared map's pages are now mapped once
 *     (Private_Dirty);
 *   - msync()s the shared map: the dirty pages are written to the file and
 *     become clean.
 * On tmpfs (when $TMPDIR is one) pages have no disk behind them: they stay
 * dirty from the first write on, and msync() changes nothing.
 * The file is removed at exit.
 *
 * See it with memwatch:
 *   memwatch PID show            Shared_Clean, Private_Dirty, Pss per map
 *   memwatch PID diff -i 10      press Enter meanwhile: Rss, Dirty, Anonymous
 *   memwatch PID explain         file pages never read, COW copies
 *
 * Usage: file-map [SIZE]         (default 1M)
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "sample.h"

static char path[4096];

static int
make_file(size_t size)
{
	const char *tmp = getenv("TMPDIR");
	static char chunk[65536];
	int fd;

	snprintf(path, sizeof(path), "%s/file-map.XXXXXX",
	    tmp != NULL && *tmp != '\0' ? tmp : "/tmp");
	fd = mkstemp(path);
	if (fd < 0)
		sample_die("mkstemp in $TMPDIR");
	memset(chunk, 'f', sizeof(chunk));
	for (size_t done = 0; done < size; ) {
		size_t n = size - done < sizeof(chunk) ? size - done :
		    sizeof(chunk);
		ssize_t w = write(fd, chunk, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			unlink(path);
			sample_die("write");
		}
		done += (size_t)w;
	}
	/* Written back now, so its page cache pages start clean. */
	if (fsync(fd) != 0) {
		unlink(path);
		sample_die("fsync");
	}
	return fd;
}

static void *
map(int fd, size_t size, int flags)
{
	void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, flags, fd, 0);

	if (p == MAP_FAILED) {
		unlink(path);
		sample_die("mmap");
	}
	return p;
}

int
main(int argc, char **argv)
{
	static const char *const plan[] = {
		"write a temporary file and map it shared and private",
		"read every page of both maps (page cache, clean)",
		"write every page of the shared map (dirty page cache)",
		"write every page of the private map (copy-on-write)",
		"msync the shared map (dirty pages written back, clean)",
		NULL };
	size_t size = argc > 1 ? sample_size_arg("file-map", argv[1]) :
	    1024 * 1024;
	unsigned char *shr = NULL, *prv = NULL, c = 0;
	int fd = -1;

	size = sample_page_round(size);
	sample_start("file-map", "one file, mapped shared and private", plan);

	if (!sample_next())
		goto out;
	fd = make_file(size);
	shr = map(fd, size, MAP_SHARED);
	prv = map(fd, size, MAP_PRIVATE);
	sample_step("wrote %s (%zu bytes) and mapped it shared=%p "
	    "private=%p size=%zu, nothing touched", path, size, (void *)shr,
	    (void *)prv, size);

	if (!sample_next())
		goto out;
	sample_read(shr, size);
	sample_read(prv, size);
	sample_step("read every page: shared=%p private=%p size=%zu (page "
	    "cache, clean, each page mapped twice)", (void *)shr,
	    (void *)prv, size);

	if (!sample_next())
		goto out;
	memset(shr, 's', size);
	sample_step("wrote every page of shared=%p size=%zu (dirty page "
	    "cache); the private map reads '%c', the new byte",
	    (void *)shr, size, prv[0]);

	if (!sample_next())
		goto out;
	memset(prv, 'p', size);
	if (pread(fd, &c, 1, 0) != 1)
		c = '?';
	sample_step("wrote every page of private=%p size=%zu (copy-on-write: "
	    "anonymous copies); the file still holds '%c'", (void *)prv,
	    size, c);

	if (!sample_next())
		goto out;
	if (msync(shr, size, MS_SYNC) != 0)
		sample_die("msync");
	sample_step("msync(shared=%p, %zu): dirty pages written to the file, "
	    "now clean", (void *)shr, size);
	sample_finish();
out:
	if (fd >= 0) {
		munmap(shr, size);
		munmap(prv, size);
		close(fd);
		unlink(path);
	}
	return 0;
}
