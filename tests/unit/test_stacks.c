/* tests/unit/test_stacks.c: model/stacks.c on made-up records: bytes by
 * user stack, the kernel path most faults took, named from a kallsyms
 * table, and left out (never named from nothing) without one. */
#include "config.h"

#include "model/stacks.h"
#include "parse/kallsyms.h"
#include "tap.h"
#include "util/arena.h"
#include "util/err.h"
#ifdef HAVE_BPF
#include "trace/tracelib.h"
#endif

/* The tracing libraries, opened by name: every function found. */
static void
test_tracelib(void)
{
#ifdef HAVE_BPF
	struct mw_err err;
	void *fn[sizeof(tracelib) / sizeof(void *)];
	size_t found = 0;

	mw_err_clear(&err);
	ok(tracelib_load(&err) == 0, "libbpf, libdw, libelf opened (%s)",
	    err.msg);
	memcpy(fn, &tracelib, sizeof(fn));
	for (size_t i = 0; i < sizeof(fn) / sizeof(fn[0]); i++)
		found += fn[i] != NULL;
	is_u64(found, sizeof(fn) / sizeof(fn[0]), "every function found");
	ok(tracelib_load(&err) == 0, "opened once, then kept");
	ok(elf_version(EV_CURRENT) != EV_NONE,
	    "a call through a pointer (elf_version) works");
#else
	tap_skip("built without eBPF");
#endif
}

static void
fake_sym(void *arg, uint64_t ip, bool ret, struct mw_arena *a,
    struct sym_frame *f)
{
	(void)arg;
	(void)ret;
	memset(f, 0, sizeof(*f));
	f->ip = ip;
	f->func = ip == 0x401000 ? "grow" : ip == 0x402000 ? "main" : "_start";
	(void)a;
}

static const char kallsyms[] =
"ffffffff81000c60 T asm_exc_page_fault\n"
"ffffffff82243a40 T exc_page_fault\n"
"ffffffff82300000 T ksys_read\n";

/* user stack 1 (grow, main, _start); kernel stacks 2 (the trap) and 3
 * (a read); 5 faults by the trap, 1 by the read */
static void
raw_of(struct stk_raw *raw, struct stk_fault *fv, struct stk_stack *sv)
{
	memset(raw, 0, sizeof(*raw));
	memset(sv, 0, 3 * sizeof(*sv));
	sv[0].id = 1;
	sv[0].ips[0] = 0x401000;
	sv[0].ips[1] = 0x402000;
	sv[0].ips[2] = 0x403000;
	sv[0].n = 3;
	sv[1].id = 2;
	sv[1].ips[0] = 0xffffffff82243d30;
	sv[1].ips[1] = 0xffffffff81000c82;
	sv[1].n = 2;
	sv[2].id = 3;
	sv[2].ips[0] = 0xffffffff82300010;
	sv[2].n = 1;
	fv[0] = (struct stk_fault){ 1, 2, 0x10000, 5 };
	fv[1] = (struct stk_fault){ 1, 3, 0x20000, 1 };
	raw->faults = fv;
	raw->nfaults = 2;
	raw->stacks = sv;
	raw->nstacks = 3;
}

int
main(void)
{
	struct stk_fault fv[2];
	struct stk_stack sv[3];
	struct stk_raw raw;
	struct stacks_report r;
	struct mw_arena a;
	struct ksyms ks;

	raw_of(&raw, fv, sv);
	mw_arena_init(&a);
	kallsyms_parse(kallsyms, sizeof(kallsyms) - 1, &a, &ks);
	stacks_build(&raw, STK_FAULTS, NULL, 0, 4096, fake_sym, NULL, &ks,
	    NULL, &r);
	is_u64(r.len, 1, "one user stack (the kernel stacks are no entry)");
	is_u64(r.len ? r.v[0].bytes : 0, 6 * 4096, "its 6 faults' pages");
	ok(r.kernel && r.kernel_why == NULL, "kernel frames, named");
	is_u64(r.len ? r.v[0].nkframes : 0, 2,
	    "the kernel path of most of its faults (the trap's, 2 frames)");
	is_str(r.len && r.v[0].nkframes ? r.v[0].kframes[0].func : NULL,
	    "exc_page_fault", "innermost: exc_page_fault");
	is_u64(r.len && r.v[0].nkframes ? r.v[0].kframes[0].off : 0, 0x2f0,
	    "... at its offset");
	is_str(r.len && r.v[0].nkframes > 1 ? r.v[0].kframes[1].func : NULL,
	    "asm_exc_page_fault", "then asm_exc_page_fault");
	is_u64(r.len ? r.v[0].kpaths : 0, 2, "2 kernel paths seen");
	stacks_report_free(&r);

	stacks_build(&raw, STK_FAULTS, NULL, 0, 4096, fake_sym, NULL, NULL,
	    "/proc/kallsyms shows every address as 0", &r);
	ok(r.kernel && r.kernel_why != NULL &&
	    strstr(r.kernel_why, "every address as 0") != NULL,
	    "no symbols: kernel frames recorded, and why they are not named");
	is_u64(r.len ? r.v[0].nkframes : 9, 0, "... none printed unnamed");
	stacks_report_free(&r);

	ks.hidden = true;
	ks.len = 0;
	stacks_build(&raw, STK_FAULTS, NULL, 0, 4096, fake_sym, NULL, &ks,
	    "hidden", &r);
	is_u64(r.len ? r.v[0].nkframes : 9, 0,
	    "a hidden table: no frame named from zeros");
	stacks_report_free(&r);
	mw_arena_free(&a);
	test_tracelib();
	return tap_done();
}
