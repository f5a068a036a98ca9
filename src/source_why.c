/* source_why.c: what denied a read of a process's file, from this process's
 * own credentials (its capabilities, user namespace, security label). */
#include "config.h"
#include "source.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A small kernel file of this process, NUL-terminated; false if unread. */
static bool
self_file(const char *path, char *out, size_t n)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	ssize_t got = fd < 0 ? -1 : read(fd, out, n - 1);

	if (fd >= 0)
		close(fd);
	if (got < 0)
		return false;
	out[got] = '\0';
	return true;
}

/* This process's effective capabilities (status "CapEff:"); 0 if unread. */
static unsigned long long
cap_eff(void)
{
	char text[4096], *p;

	if (!self_file("/proc/self/status", text, sizeof(text)) ||
	    (p = strstr(text, "\nCapEff:")) == NULL)
		return 0;
	return strtoull(p + 8, NULL, 16);
}

/* True when this process runs in a user namespace other than the first. */
static bool
in_user_ns(char *map, size_t n)
{
	unsigned long long in, out, count;

	if (!self_file("/proc/self/uid_map", map, n))
		return false;
	map[strcspn(map, "\n")] = '\0';
	if (sscanf(map, "%llu %llu %llu", &in, &out, &count) == 3)
		snprintf(map, n, "%llu %llu %llu", in, out, count);
	return sscanf(map, "%llu %llu %llu", &in, &out, &count) != 3 ||
	    in != 0 || out != 0 || count != 4294967295ULL;
}

#define CAP_SYS_PTRACE_BIT 19	/* include/uapi/linux/capability.h */

bool
mw_source_privileged(void)
{
	char map[256];

	return (cap_eff() & (1ULL << CAP_SYS_PTRACE_BIT)) &&
	    !in_user_ns(map, sizeof(map));
}

/*
 * What denied a read of a process's file and what to do, from the caller's
 * credentials: no privilege, root without CAP_SYS_PTRACE (a container),
 * a user namespace whose capabilities stop at its border, or a security
 * module. Yama's ptrace_scope is not among them: it limits attaching, and
 * /proc reads are checked in read mode (security/yama/yama_lsm.c).
 */
void
mw_source_denied_why(const struct mw_source *src, const char *rel, char *why,
    size_t wn, char *todo, size_t tn)
{
	unsigned long long caps;
	char map[256], lsm[256];

	if (!src->live) {
		snprintf(why, wn, "permission denied");
		snprintf(todo, tn, "check the permissions of the files in the tree");
		return;
	}
	if (rel[0] < '0' || rel[0] > '9') {
		snprintf(why, wn, "permission denied");
		snprintf(todo, tn, "run as root");
		return;
	}
	caps = cap_eff();
	if (!(caps & (1ULL << CAP_SYS_PTRACE_BIT))) {
		if (geteuid() == 0) {
			snprintf(why, wn, "permission denied: memwatch runs as root but without CAP_SYS_PTRACE (CapEff %llx), as in a container that drops it",
			    caps);
			snprintf(todo, tn, "grant CAP_SYS_PTRACE (docker run --cap-add SYS_PTRACE, or run on the host)");
		} else {
			snprintf(why, wn, "permission denied: another user's process");
			snprintf(todo, tn, "run as root or with CAP_SYS_PTRACE");
		}
		return;
	}
	if (in_user_ns(map, sizeof(map))) {
		snprintf(why, wn, "permission denied: memwatch has CAP_SYS_PTRACE only in its user namespace (uid_map %.64s), which does not own that process",
		    map);
		snprintf(todo, tn, "run memwatch in the host's namespace");
		return;
	}
	if (self_file("/proc/self/attr/current", lsm, sizeof(lsm)) &&
	    lsm[0] != '\0' && strncmp(lsm, "unconfined", 10) != 0) {
		lsm[strcspn(lsm, "\n")] = '\0';
		snprintf(why, wn, "permission denied by a security module: memwatch runs confined as '%.64s'",
		    lsm);
		snprintf(todo, tn, "run it unconfined or allow it in the policy");
		return;
	}
	snprintf(why, wn, "permission denied although memwatch has CAP_SYS_PTRACE");
	snprintf(todo, tn, "look for the denial in the kernel log (dmesg; a security module, or the process is not dumpable in another namespace)");
}
