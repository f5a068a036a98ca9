/* trace/stacks_none.c: the eBPF side when memwatch is built without it. */
#include "config.h"
#include "trace/stacks.h"

#include <errno.h>
#include <stdlib.h>

#include "util/err.h"

static const char no_bpf[] =
    "this memwatch was built without eBPF: install libbpf-dev, bpftool, clang and libdw-dev, then ./configure --enable-bpf && make";

int
stk_trace_open(struct stk_trace **t, pid_t pid, enum stk_mode mode,
    const pid_t *tids, size_t ntids, const struct stk_lib *libs,
    size_t nlibs, struct mw_err *err)
{
	*t = NULL;
	return mw_err_set(err, -ENOSYS, MW_EXIT_TARGET, "%s", no_bpf);
}

int
stk_trace_follow(struct stk_trace *t, const pid_t *tids, size_t n,
    struct mw_err *err)
{
	return -ENOSYS;
}

int
stk_trace_read(struct stk_trace *t, struct stk_raw *raw, struct mw_err *err)
{
	return -ENOSYS;
}

void
stk_trace_close(struct stk_trace *t)
{
}

void
stk_raw_free(struct stk_raw *raw)
{
	free(raw->faults);
	free(raw->allocs);
	free(raw->stacks);
}

/* The symbolizer comes with eBPF (elfutils' libdw), or not at all. */
#include "trace/symbols.h"

#include <string.h>

int
sym_open(struct symbolizer **s, pid_t pid, struct mw_err *err)
{
	*s = NULL;
	return mw_err_set(err, -ENOSYS, MW_EXIT_TARGET, "%s", no_bpf);
}

void
sym_lookup(struct symbolizer *s, uint64_t ip, bool ret,
    struct mw_arena *arena, struct sym_frame *f)
{
	memset(f, 0, sizeof(*f));
	f->ip = ip;
}

void
sym_close(struct symbolizer *s)
{
}
