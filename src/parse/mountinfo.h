/* parse/mountinfo.h: /proc/PID/mountinfo, one mount at a time; no I/O.
 *
 * A line is "ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS [OPTIONAL...] -
 * TYPE SOURCE SUPER_OPTIONS"; the paths have spaces, tabs, newlines and
 * backslashes escaped as \040, \011, \012 and \134.
 */
#ifndef MW_PARSE_MOUNTINFO_H
#define MW_PARSE_MOUNTINFO_H

#include <stdbool.h>
#include <stddef.h>

struct mount_entry {
	const char *dev, *dev_end;	/* "0:28": the file system's device */
	char root[4096];	/* the mount's root inside its file system */
	char point[4096];	/* where it is mounted, unescaped */
	const char *type, *type_end;	/* "tmpfs", into the buffer */
	const char *source, *source_end;
	const char *super, *super_end;	/* super options, comma-separated */
};

/*
 * The next well-formed mount line at or after *pp into e; *pp moves past
 * it. False at the end. Malformed lines (too few fields, a path that does
 * not fit or holds a NUL) are skipped and counted in *skipped (may be NULL).
 */
bool mountinfo_next(const char **pp, const char *end, struct mount_entry *e,
    size_t *skipped);
/* True when [p, e) is exactly the C string s. */
bool mountinfo_is(const char *p, const char *e, const char *s);
/* True when the comma-separated list [p, e) holds the item name. */
bool mountinfo_has_option(const char *p, const char *e, const char *name);

#endif
