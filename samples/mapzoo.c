/* samples/mapzoo.c: one mapping of each kind, for looking at and testing.
 *
 * A process's mappings come in kinds that smaps tells apart by their name
 * and flags: the heap ([heap], grown by brk), private anonymous memory (no
 * name), guard pages (---p, no access), shared anonymous memory
 * (/dev/zero (deleted)), memfd (/memfd:NAME (deleted)), System V shared
 * memory (/SYSV0000000 (deleted)), files, and files deleted while mapped
 * (PATH (deleted)). File names are bytes chosen by whoever created the
 * file: this program also maps files whose names hold spaces and
 * parentheses, an ANSI escape sequence (ESC [31m, "red" on a terminal that
 * obeys it), a newline, and bytes that are not UTF-8 (0xff 0xfe), which a
 * tool must print escaped, never raw.
 *
 * It prints one line per mapping, "region NAME START SIZE" (START in hex,
 * SIZE in bytes), or "skipped NAME REASON" when the system does not offer
 * the kind, then "ready: ..." and waits for end of input. Its files are in
 * a directory made in $TMPDIR (default /tmp), removed at exit.
 *
 * See it with memwatch:
 *   memwatch PID show            the kind column; escaped names
 *   memwatch PID explain
 *   memwatch --json PID snapshot names as valid UTF-8
 */
#include "config.h"

#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/shm.h>
#include <unistd.h>

#include "sample.h"

#ifndef PR_SET_VMA
#define PR_SET_VMA		0x53564d41
#define PR_SET_VMA_ANON_NAME	0
#endif

#define REGION	(64 * 1024)	/* every region's size */

static char dir[4096];

/* The files to map: a name, and whether to unlink it while mapped. */
static const struct {
	const char *region, *file;
	int deleted;
} files[] = {
	{ "file",         "plain.dat",                0 },
	{ "file-deleted", "deleted file (with parens)", 1 },
	{ "file-escape",  "\x1b[31mred",              0 },
	{ "file-newline", "new\nline",                0 },
	{ "file-badutf8", "bad-\xff\xfe",             0 },
};
#define NFILES (sizeof(files) / sizeof(files[0]))

static void
region(const char *name, const void *start)
{
	printf("region %s %p %d\n", name, start, REGION);
}

static void *
anon(int prot, int flags)
{
	void *p = mmap(NULL, REGION, prot, flags | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		sample_die("mmap");
	if (prot & PROT_WRITE)
		sample_touch(p, REGION);
	return p;
}

static void
map_heap(void)
{
	void *old = sbrk(REGION);

	if (old == (void *)-1) {
		printf("skipped heap sbrk failed: %m\n");
		return;
	}
	sample_touch(old, REGION);
	region("heap", old);
}

static void
map_memfd(void)
{
	int fd = memfd_create("mapzoo", MFD_CLOEXEC);
	void *p;

	if (fd < 0) {
		printf("skipped memfd memfd_create failed: %m\n");
		return;
	}
	if (ftruncate(fd, REGION) != 0)
		sample_die("ftruncate");
	p = mmap(NULL, REGION, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED)
		sample_die("mmap memfd");
	close(fd);
	sample_touch(p, REGION);
	region("memfd", p);
}

static void
map_sysv(void)
{
	int id = shmget(IPC_PRIVATE, REGION, IPC_CREAT | 0600);
	void *p;

	if (id < 0) {
		printf("skipped sysv-shm shmget failed: %m\n");
		return;
	}
	p = shmat(id, NULL, 0);
	/* Marked for removal now: gone when the last process detaches. */
	shmctl(id, IPC_RMID, NULL);
	if (p == (void *)-1) {
		printf("skipped sysv-shm shmat failed: %m\n");
		return;
	}
	sample_touch(p, REGION);
	region("sysv-shm", p);
}

static void
map_named_anon(void)
{
	void *p = anon(PROT_READ | PROT_WRITE, MAP_PRIVATE);

	/* Linux 5.17 with CONFIG_ANON_VMA_NAME: shown as [anon:NAME]. */
	if (prctl(PR_SET_VMA, PR_SET_VMA_ANON_NAME, (unsigned long)p,
	    REGION, (unsigned long)"mapzoo named") != 0) {
		printf("skipped anon-named PR_SET_VMA_ANON_NAME failed: %m\n");
		munmap(p, REGION);
		return;
	}
	region("anon-named", p);
}

static void
map_file(size_t i)
{
	char path[4096 + 64];
	int fd;
	void *p;

	snprintf(path, sizeof(path), "%s/%s", dir, files[i].file);
	fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0 || ftruncate(fd, REGION) != 0)
		sample_die("creating a file in $TMPDIR");
	p = mmap(NULL, REGION, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED)
		sample_die("mmap file");
	close(fd);
	sample_touch(p, REGION);
	if (files[i].deleted)
		unlink(path);
	region(files[i].region, p);
}

static void
cleanup(void)
{
	char path[4096 + 64];

	for (size_t i = 0; i < NFILES; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, files[i].file);
		unlink(path);
	}
	rmdir(dir);
}

int
main(void)
{
	const char *tmp = getenv("TMPDIR");

	sample_start("mapzoo", "one mapping of each kind", NULL);
	snprintf(dir, sizeof(dir), "%s/mapzoo.XXXXXX",
	    tmp != NULL && *tmp != '\0' ? tmp : "/tmp");
	if (mkdtemp(dir) == NULL)
		sample_die("mkdtemp in $TMPDIR");
	atexit(cleanup);

	map_heap();
	region("anon", anon(PROT_READ | PROT_WRITE, MAP_PRIVATE));
	region("guard", anon(PROT_NONE, MAP_PRIVATE));
	region("shared-anon", anon(PROT_READ | PROT_WRITE, MAP_SHARED));
	map_memfd();
	map_sysv();
	map_named_anon();
	for (size_t i = 0; i < NFILES; i++)
		map_file(i);
	sample_wait_eof();
	return 0;
}
