/* trace/tracelib.c: libbpf, libdw and libelf opened by name (see
 * tracelib.h). */
#include "config.h"
#define MW_TRACELIB_IMPL
#include "trace/tracelib.h"

#include <errno.h>
#include <string.h>

#include "util/dl.h"
#include "util/err.h"

struct tracelib tracelib;

/* One library's functions, in the order of struct tracelib. */
static const struct {
	const char *soname;
	const char *package;	/* Debian's */
	const char *const *names;
	size_t n;
} libs[] = {
#define NAMES(...) (const char *const[]){ __VA_ARGS__ }, \
	sizeof((const char *const[]){ __VA_ARGS__ }) / sizeof(const char *)
	{ MW_BPF_SONAME, "libbpf1", NAMES("bpf_object__open_skeleton",
	    "bpf_object__load_skeleton", "bpf_object__attach_skeleton",
	    "bpf_object__detach_skeleton", "bpf_object__destroy_skeleton",
	    "bpf_object__next_program", "bpf_program__set_autoload",
	    "bpf_program__attach_tracepoint",
	    "bpf_program__attach_uprobe_opts",
	    "bpf_program__attach_perf_event", "bpf_program__attach_kprobe",
	    "bpf_link__destroy", "bpf_map__fd", "bpf_map_lookup_elem",
	    "bpf_map_get_next_key", "libbpf_set_print",
	    "libbpf_version_string") },
	{ MW_DW_SONAME, "libdw1", NAMES("dwfl_begin", "dwfl_end",
	    "dwfl_errmsg", "dwfl_report_begin", "dwfl_report_end",
	    "dwfl_linux_proc_report", "dwfl_linux_proc_find_elf",
	    "dwfl_standard_find_debuginfo", "dwfl_addrmodule",
	    "dwfl_module_info", "dwfl_module_addrinfo", "dwfl_module_getsrc",
	    "dwfl_lineinfo") },
	{ MW_ELF_SONAME, "libelf1", NAMES("elf_version", "elf_begin",
	    "elf_end", "elf_nextscn", "elf_getdata", "elf_strptr",
	    "gelf_getshdr", "gelf_getsym") },
#undef NAMES
};

int
tracelib_load(struct mw_err *err)
{
	static bool loaded;
	void *fn[sizeof(struct tracelib) / sizeof(void *)];
	size_t at = 0;

	_Static_assert(sizeof(struct tracelib) % sizeof(void *) == 0,
	    "one pointer per function");
	if (loaded)
		return 0;
	for (size_t i = 0; i < sizeof(libs) / sizeof(libs[0]); i++) {
		const char *why;
		int rc;

		if (at + libs[i].n > sizeof(fn) / sizeof(fn[0]))
			return mw_err_set(err, -ENOSYS, MW_EXIT_TARGET,
			    "cannot load %s (more functions than room); report this",
			    libs[i].soname);
		rc = mw_dl_load(libs[i].soname, libs[i].names, libs[i].n,
		    fn + at, &why);
		if (rc == -ENOENT)
			return mw_err_set(err, -ENOENT, MW_EXIT_TARGET,
			    "cannot load %s (%s); install %s (Debian: apt-get install %s)",
			    libs[i].soname, why, libs[i].package,
			    libs[i].package);
		if (rc < 0)
			return mw_err_set(err, -ENOENT, MW_EXIT_TARGET,
			    "cannot load %s (it has no %s); install a newer %s",
			    libs[i].soname, why, libs[i].package);
		at += libs[i].n;
	}
	if (at != sizeof(fn) / sizeof(fn[0]))
		return mw_err_set(err, -ENOSYS, MW_EXIT_TARGET,
		    "cannot load the tracing libraries (%zu functions for %zu pointers); report this",
		    at, sizeof(fn) / sizeof(fn[0]));
	memcpy(&tracelib, fn, sizeof(tracelib));
	loaded = true;
	return 0;
}
