/* trace/symbols.c: user addresses to functions, with libdwfl. */
#include "config.h"
#include "trace/symbols.h"

#include <elfutils/libdwfl.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "trace/tracelib.h"
#include "util/arena.h"
#include "util/err.h"
#include "util/xmalloc.h"

struct symbolizer {
	Dwfl *dwfl;
	Dwfl_Callbacks cb;
	char *debuginfo_path;
};

int
sym_open(struct symbolizer **sp, pid_t pid, struct mw_err *err)
{
	struct symbolizer *s = mw_xmalloc(sizeof(*s));
	int rc;

	memset(s, 0, sizeof(*s));
	*sp = s;
	if (tracelib_load(err) < 0)
		return -1;
	s->cb.find_elf = dwfl_linux_proc_find_elf;
	s->cb.find_debuginfo = dwfl_standard_find_debuginfo;
	s->cb.debuginfo_path = &s->debuginfo_path;
	s->dwfl = dwfl_begin(&s->cb);
	if (s->dwfl == NULL)
		return mw_err_set(err, -ENOMEM, MW_EXIT_TARGET,
		    "cannot start the symbolizer (%s)", dwfl_errmsg(-1));
	dwfl_report_begin(s->dwfl);
	rc = dwfl_linux_proc_report(s->dwfl, pid);
	dwfl_report_end(s->dwfl, NULL, NULL);
	if (rc != 0)
		return mw_err_set(err, rc > 0 ? -rc : -ESRCH, MW_EXIT_TARGET,
		    "cannot read the map of process %d to name its functions (%s)",
		    (int)pid, rc > 0 ? strerror(rc) : dwfl_errmsg(-1));
	return 0;
}

static const char *
base(const char *path)
{
	const char *b = path != NULL ? strrchr(path, '/') : NULL;

	return b != NULL ? b + 1 : path;
}

void
sym_lookup(struct symbolizer *s, uint64_t ip, bool ret,
    struct mw_arena *arena, struct sym_frame *f)
{
	Dwarf_Addr at = ret && ip > 0 ? ip - 1 : ip, off = 0;
	Dwfl_Module *m;
	const char *name, *file, *mod;
	GElf_Sym sym;
	Dwfl_Line *ln;
	int line = 0;

	memset(f, 0, sizeof(*f));
	f->ip = ip;
	if (s == NULL || s->dwfl == NULL ||
	    (m = dwfl_addrmodule(s->dwfl, at)) == NULL)
		return;
	mod = dwfl_module_info(m, NULL, NULL, NULL, NULL, NULL, &file, NULL);
	f->module = base(file != NULL ? file : mod);
	name = dwfl_module_addrinfo(m, at, &off, &sym, NULL, NULL, NULL);
	if (name != NULL) {
		f->func = mw_arena_strndup(arena, name, strlen(name));
		f->off = ip - (at - off);
	}
	if ((ln = dwfl_module_getsrc(m, at)) != NULL &&
	    (file = dwfl_lineinfo(ln, NULL, &line, NULL, NULL, NULL)) != NULL) {
		f->file = mw_arena_strndup(arena, base(file), strlen(base(file)));
		f->line = line;
	}
	if (f->module != NULL)
		f->module = mw_arena_strndup(arena, f->module, strlen(f->module));
}

void
sym_close(struct symbolizer *s)
{
	if (s == NULL)
		return;
	if (s->dwfl != NULL)
		dwfl_end(s->dwfl);
	free(s);
}
