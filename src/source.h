/* source.h: the only code that opens kernel files.
 *
 * Files live below named roots: the proc root (default "/proc"), the sys
 * root ("/sys": settings, hugetlb pools, cgroup mounts) and the dev root
 * ("/dev": the kernel log). --proc-root DIR redirects them together to DIR,
 * DIR/sys and DIR/dev, the layout 'memwatch capture' writes. Every path is
 * relative to its root and is opened below it: ".." and absolute paths are
 * refused, and where the kernel supports it symlinks cannot leave the root.
 * A root that a captured tree lacks reads as -ENOENT.
 * Reads are whole-file, with a short-read loop, into a caller's reusable
 * buffer; the buffer is NUL-terminated after len.
 *
 * Errors come back as a negative errno and, when err is not NULL, one
 * message that says what to do:
 *   -ENOENT  gone (no such file, the process exited: ENOENT, ESRCH)
 *   -EACCES  denied (EACCES, EPERM)
 *   -EFBIG   larger than the size cap
 *   other    unreadable (EIO, EINVAL, ...)
 */
#ifndef MW_SOURCE_H
#define MW_SOURCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

struct mw_buf;
struct mw_err;

/* The named roots. */
enum mw_root {
	MW_ROOT_PROC,		/* /proc, or DIR */
	MW_ROOT_SYS,		/* /sys, or DIR/sys */
	MW_ROOT_DEV,		/* /dev, or DIR/dev */
	MW_ROOT_N
};

struct mw_source {
	int root_fd;		/* O_PATH directory of the proc root */
	char *root;		/* as given, for messages */
	int other_fd[MW_ROOT_N];	/* the sys and dev roots' O_PATH
					 * directories, -1 when absent
					 * ([MW_ROOT_PROC] unused) */
	char *other[MW_ROOT_N];	/* their paths, for messages */
	bool live;		/* root is the running kernel's /proc */
	bool procfs;		/* ... and a procfs mount: its files are
				 * regular, no FIFO can block an open */
	size_t max_size;	/* refuse files larger than this */
};

#define MW_SOURCE_MAX_SIZE ((size_t)1 << 30)

/* Open root (NULL: "/proc"). 0 or -errno, with err filled. */
int mw_source_open(struct mw_source *src, const char *root,
    struct mw_err *err);
void mw_source_close(struct mw_source *src);

/*
 * Why reading rel was denied (EACCES), judged from this process's
 * credentials, into why ("permission denied: ...") and what to do into
 * todo: another user's process without privilege, root without
 * CAP_SYS_PTRACE, a user namespace, a security module.
 */
/* Whether this process may read every process's memory files. */
bool mw_source_privileged(void);
void mw_source_denied_why(const struct mw_source *src, const char *rel,
    char *why, size_t wn, char *todo, size_t tn);

/* "PID/name" into rel (64 bytes); false when it would not fit. */
bool mw_source_pid_rel(char rel[64], pid_t pid, const char *name);
/* Read rel (e.g. "1234/smaps", "buddyinfo") whole into out (reset first). */
int mw_source_read(const struct mw_source *src, const char *rel,
    struct mw_buf *out, struct mw_err *err);
/* The same for a pid's file: "PID/name". */
int mw_source_read_pid(const struct mw_source *src, pid_t pid,
    const char *name, struct mw_buf *out, struct mw_err *err);
/*
 * The same, and the file's owner into *uid (for a process's file on
 * procfs, its effective uid, as the /proc/PID directory says it; UINT32_MAX
 * when fstat fails): the table's user without a second lookup.
 */
int mw_source_read_pid_owner(const struct mw_source *src, pid_t pid,
    const char *name, struct mw_buf *out, uint32_t *uid, struct mw_err *err);
/*
 * The rest of fd (opened by mw_source_open_file() for rel below root)
 * into out, appended; fd is closed. 0 or -errno, with err filled.
 */
int mw_source_read_fd(const struct mw_source *src, enum mw_root root,
    const char *rel, int fd, struct mw_buf *out, struct mw_err *err);

/*
 * Chunked reading, for files too large to hold whole cheaply (the smaps of
 * a process with many mappings): open rel with mw_source_open_file(), then
 * each call appends up to chunk bytes to out (what out holds is kept) and
 * returns the bytes read, 0 at the end of the file, or -errno with err
 * filled as mw_source_read() does. total counts the bytes read so far and
 * is held under src->max_size (-EFBIG).
 */
int mw_source_open_file(const struct mw_source *src, const char *rel,
    struct mw_err *err);	/* an fd, or -errno; refuses a non-regular file */
ssize_t mw_source_read_chunk(const struct mw_source *src, const char *rel,
    int fd, struct mw_buf *out, size_t chunk, size_t *total,
    struct mw_err *err);

/* Open rel for pread (pagemap); returns an fd or -errno with err filled. */
int mw_source_open_fd(const struct mw_source *src, const char *rel,
    struct mw_err *err);
/*
 * pread exactly len bytes at off unless the file ends first; returns the
 * bytes read or -errno.
 */
ssize_t mw_source_pread(int fd, void *p, size_t len, uint64_t off);

/* One range of a PAGEMAP_SCAN answer (struct page_region). */
struct mw_page_region {
	uint64_t start, end;	/* addresses, end exclusive */
	uint64_t categories;	/* PAGEMAP_IS_* (parse/pagemap.h) */
};

/*
 * PAGEMAP_SCAN on a pagemap fd: the pages of [start, end) in any of the
 * categories anyof, as ranges with the categories ret, into v (n of them). Returns the ranges
 * filled and sets *walk_end to where the kernel stopped (end when done),
 * or -errno: -ENOTTY before 6.7, -EINVAL for a category it does not know.
 */
int mw_source_pagemap_scan(int fd, uint64_t start, uint64_t end,
    uint64_t anyof, uint64_t ret, struct mw_page_region *v, size_t n,
    uint64_t *walk_end);

/*
 * The same reads below a named root (MW_ROOT_PROC is the proc root the
 * functions above use). A root absent from a captured tree: -ENOENT.
 */
int mw_source_read_at(const struct mw_source *src, enum mw_root root,
    const char *rel, struct mw_buf *out, struct mw_err *err);
bool mw_source_exists_at(const struct mw_source *src, enum mw_root root,
    const char *rel);
/*
 * Open rel below root O_RDONLY | extra_flags (e.g. O_NONBLOCK), never
 * blocking in open (a FIFO); refuses (-EINVAL) what is not a regular file
 * or a directory, or below the dev root a character device.
 */
int mw_source_open_fd_at(const struct mw_source *src, enum mw_root root,
    const char *rel, int extra_flags, struct mw_err *err);
/*
 * The entries of the directory rel below root ("." for the root itself),
 * without "." and "..", sorted by name, into a malloc'd array of malloc'd
 * names; free with mw_source_list_free(). Returns the count or -errno.
 */
int mw_source_list_at(const struct mw_source *src, enum mw_root root,
    const char *rel, char ***names, size_t *n, struct mw_err *err);
void mw_source_list_free(char **names, size_t n);
/* The path a root stands for ("/sys", "DIR/sys"), for messages. */
const char *mw_source_root_path(const struct mw_source *src,
    enum mw_root root);

/*
 * The kernel log (source_kmsg.c): /dev/kmsg below the dev root, opened
 * non-blocking, or a captured tree's regular file DIR/dev/kmsg of the
 * same records. Returns an fd (*is_file set) or -errno with err filled;
 * -EACCES says what would give access (root, CAP_SYSLOG,
 * kernel.dmesg_restrict=0).
 */
int mw_source_kmsg_open(const struct mw_source *src, bool *is_file,
    struct mw_err *err);
/* Only records logged from now on (live /dev/kmsg); 0 or -errno. */
int mw_source_kmsg_seek_end(int fd);
/*
 * Append every record available now to out, one per line, and return
 * how many were read (0: none yet, or the end of a file), or -errno
 * with err filled. Records the ring overwrote meanwhile are skipped.
 * The fd polls readable when a record arrives (follow mode).
 */
ssize_t mw_source_kmsg_read(const struct mw_source *src, int fd,
    struct mw_buf *out, struct mw_err *err);
/*
 * The size and the bytes in use of the file system mounted at path (an
 * absolute mount point, a tmpfs from mountinfo): live only, as a captured
 * tree has no file systems (-ENOENT). -ENODATA when it reports no size
 * (a tmpfs mounted without a size limit).
 */
int mw_source_statfs(const struct mw_source *src, const char *path,
    uint64_t *size, uint64_t *used);

/* True when rel exists below the root (for "is this a pid?"). */
bool mw_source_exists(const struct mw_source *src, const char *rel);
/* When rel was last written (a captured tree's time); 0 or -errno. */
int mw_source_mtime(const struct mw_source *src, const char *rel,
    time_t *t);

/*
 * One file of every process kept open from one pass of a table to the
 * next: a table refreshed every second reads each process's statm, and
 * opening and closing it cost twice the read. Only on procfs, where an
 * open file follows its process: once that process is gone reading it
 * fails (ESRCH), even when its pid was taken again; below another root
 * the file is opened afresh each time. Files beyond max are not kept.
 */
struct mw_kept_file {
	pid_t pid;
	int fd;
	uint32_t pass;		/* the pass it was last read in */
};

struct mw_kept {
	const char *name;	/* the file of each pid: "statm" */
	struct mw_kept_file *v;	/* ascending pid */
	size_t len, cap, max;
	uint32_t pass;
};

/*
 * name's files, at most max of them open (0: as many as the soft limit
 * on open files leaves room for, raised first towards the hard one).
 */
void mw_kept_init(struct mw_kept *k, const char *name, size_t max);
/*
 * pid's file into out (reset first), read again where it is kept open;
 * *renewed true when a kept file had to be opened again: its process is
 * gone, and the pid, if it is read, is another process's. 0 or -errno.
 */
int mw_source_read_kept(const struct mw_source *src, struct mw_kept *k,
    pid_t pid, struct mw_buf *out, bool *renewed);
/* The end of a pass: the files of pids not read in it are closed. */
void mw_kept_pass(struct mw_kept *k);
void mw_kept_free(struct mw_kept *k);
/*
 * Room for want open files: the soft limit raised towards want as far as
 * the hard one allows. Returns the soft limit then (0: unknown).
 */
size_t mw_source_fd_room(size_t want);

/*
 * List the numeric entries of the root (pids), ascending, into a malloc'd
 * array; returns the count or -errno.
 */
int mw_source_pids(const struct mw_source *src, pid_t **pids, size_t *n,
    struct mw_err *err);

#endif
