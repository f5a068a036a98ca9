/* trace/stacks_bpf.c: the eBPF side of 'memwatch PID stacks' (libbpf). */
#include "config.h"
#include "trace/stacks.h"

#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <linux/perf_event.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

/* tracelib.h before the skeleton, which calls libbpf */
#include "trace/tracelib.h"
#include "bpf/stacks.skel.h"
#include "trace/probesite.h"
#include "util/err.h"
#include "util/xmalloc.h"

struct stk_trace {
	struct stacks_bpf *skel;
	enum stk_mode mode;
	pid_t pid;
	struct bpf_link **links;
	size_t nlinks, cap;
	pid_t *tids;		/* threads with a fault event */
	size_t ntids;
	bool whole;		/* faults: tracepoints or a kprobe, for
				 * every thread (no event per thread) */
};

/* libbpf's own messages stay quiet: failures come back as one line. */
static int
quiet(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	return 0;
}

static void
keep(struct stk_trace *t, struct bpf_link *l)
{
	if (t->nlinks == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 32;
		t->links = mw_xreallocarray(t->links, t->cap, sizeof(*t->links));
	}
	t->links[t->nlinks++] = l;
}

static int
denied(int e, const char *what, struct mw_err *err)
{
	return mw_err_set(err, -e, MW_EXIT_TARGET,
	    "cannot %s (%s): eBPF needs root, or the capabilities CAP_BPF and CAP_PERFMON (CAP_SYS_ADMIN on kernels before 5.8)",
	    what, strerror(e));
}

/* A page-fault event on one thread, its samples handed to the program. */
static int
fault_event(struct stk_trace *t, pid_t tid, struct mw_err *err)
{
	struct perf_event_attr a;
	struct bpf_link *l;
	int fd, e;

	memset(&a, 0, sizeof(a));
	a.type = PERF_TYPE_SOFTWARE;
	a.size = sizeof(a);
	a.config = PERF_COUNT_SW_PAGE_FAULTS;
	a.sample_period = 1;
	fd = (int)syscall(__NR_perf_event_open, &a, tid, -1, -1,
	    PERF_FLAG_FD_CLOEXEC);
	if (fd < 0) {
		e = errno;
		if (e == ESRCH)	/* the thread ended meanwhile */
			return 0;
		if (e == EACCES || e == EPERM)
			return denied(e, "open a page-fault event", err);
		return mw_err_set(err, -e, MW_EXIT_TARGET,
		    "cannot open a page-fault event on thread %d (%s); this kernel may lack perf software events",
		    (int)tid, strerror(e));
	}
	l = bpf_program__attach_perf_event(t->skel->progs.on_fault, fd);
	if (l == NULL) {
		e = errno;
		close(fd);
		return mw_err_set(err, -e, MW_EXIT_TARGET,
		    "cannot attach to the page-fault event (%s)", strerror(e));
	}
	keep(t, l);	/* the link owns fd */
	t->tids = mw_xreallocarray(t->tids, t->ntids + 1, sizeof(*t->tids));
	t->tids[t->ntids++] = tid;
	return 0;
}

int
stk_trace_follow(struct stk_trace *t, const pid_t *tids, size_t n,
    struct mw_err *err)
{
	for (size_t i = 0; t->mode == STK_FAULTS && !t->whole && i < n; i++) {
		bool have = false;

		for (size_t k = 0; k < t->ntids && !have; k++)
			have = t->tids[k] == tids[i];
		if (!have && fault_event(t, tids[i], err) < 0)
			return -1;
	}
	return 0;
}

struct probe {
	const char *sym;
	struct bpf_program *enter, *leave;
	bool libc_only;
};

/* The first n bytes of the code of function sym in the ELF file path
 * into code; the bytes read, 0 when it cannot tell. */
static size_t
func_bytes(const char *path, const char *sym, uint8_t *code, size_t n)
{
	Elf *e = NULL;
	Elf_Scn *scn = NULL;
	uint64_t addr = 0;
	size_t got = 0;
	int fd;

	if (elf_version(EV_CURRENT) == EV_NONE ||
	    (fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return 0;
	if ((e = elf_begin(fd, ELF_C_READ, NULL)) == NULL)
		goto out;
	/* the address: the dynamic symbol table, where libraries export */
	while (addr == 0 && (scn = elf_nextscn(e, scn)) != NULL) {
		GElf_Shdr sh;
		Elf_Data *d;

		if (gelf_getshdr(scn, &sh) == NULL || sh.sh_type != SHT_DYNSYM ||
		    sh.sh_entsize == 0 || (d = elf_getdata(scn, NULL)) == NULL)
			continue;
		for (size_t i = 0; i < sh.sh_size / sh.sh_entsize; i++) {
			GElf_Sym st;
			const char *name;

			if (gelf_getsym(d, (int)i, &st) == NULL ||
			    GELF_ST_TYPE(st.st_info) != STT_FUNC ||
			    st.st_shndx == SHN_UNDEF)
				continue;
			name = elf_strptr(e, sh.sh_link, st.st_name);
			if (name != NULL && strcmp(name, sym) == 0) {
				addr = st.st_value;
				break;
			}
		}
	}
	/* its bytes: the section that holds it, read from the file */
	for (scn = NULL; addr != 0 && (scn = elf_nextscn(e, scn)) != NULL;) {
		GElf_Shdr sh;

		if (gelf_getshdr(scn, &sh) == NULL || sh.sh_type != SHT_PROGBITS ||
		    addr < sh.sh_addr || addr >= sh.sh_addr + sh.sh_size)
			continue;
		if (n > sh.sh_addr + sh.sh_size - addr)
			n = sh.sh_addr + sh.sh_size - addr;
		if (pread(fd, code, n, (off_t)(sh.sh_offset + addr - sh.sh_addr)) ==
		    (ssize_t)n)
			got = n;
		break;
	}
out:
	if (e != NULL)
		elf_end(e);
	close(fd);
	return got;
}

/* Where the entry-only probe of sym goes in path: past what the kernel
 * would single-step, when the code allows (trace/probesite.h). */
static size_t
entry_site(const char *path, const char *sym)
{
#if defined(__x86_64__)
	uint8_t code[32];
	size_t n = func_bytes(path, sym, code, sizeof(code));

	return n > 0 ? probe_site_x86(code, n) : 0;
#else
	(void)path;
	(void)sym;
	return 0;
#endif
}

static int
attach_lib(struct stk_trace *t, const struct stk_lib *lib, size_t *attached,
    struct mw_err *err)
{
	struct stacks_bpf *s = t->skel;
	const struct probe probes[] = {
		{ "malloc", s->progs.malloc_enter, s->progs.malloc_exit, false },
		{ "calloc", s->progs.calloc_enter, s->progs.calloc_exit, false },
		{ "realloc", s->progs.realloc_enter, s->progs.realloc_exit, false },
		{ "aligned_alloc", s->progs.aligned_alloc_enter,
		    s->progs.aligned_alloc_exit, false },
		{ "posix_memalign", s->progs.posix_memalign_enter,
		    s->progs.posix_memalign_exit, false },
		{ "free", s->progs.free_enter, NULL, false },
		{ "mmap", s->progs.mmap_enter, s->progs.mmap_exit, true },
		{ "munmap", s->progs.munmap_enter, NULL, true },
	};
	bool libc = strcmp(lib->what, "glibc") == 0;

	for (size_t i = 0; i < sizeof(probes) / sizeof(probes[0]); i++) {
		struct bpf_link *l;

		if (probes[i].libc_only && !libc)
			continue;
		/* an entry without a return probe needs only its argument */
		size_t at = probes[i].leave == NULL ?
		    entry_site(lib->path, probes[i].sym) : 0;

		for (int ret = 0; ret < 2; ret++) {
			struct bpf_program *p = ret ? probes[i].leave :
			    probes[i].enter;
			LIBBPF_OPTS(bpf_uprobe_opts, o, .func_name = probes[i].sym,
			    .retprobe = ret != 0);

			if (p == NULL)
				continue;
			/* while another tracer (bcc's memleak) holds a probe
			 * on the same function the kernel answers EINVAL:
			 * again, a few times, in case it is leaving */
			for (int try = 0; try < 5; try++) {
				l = bpf_program__attach_uprobe_opts(p, t->pid,
				    lib->path, ret ? 0 : at, &o);
				if (l != NULL || errno != EINVAL)
					break;
				usleep(100000);
			}
			if (l == NULL) {
				int e = errno;

				/* a library without this entry point is fine */
				if (e == ENOENT || e == ESRCH)
					continue;
				if (e == EPERM || e == EACCES)
					return denied(e, "attach a uprobe", err);
				if (e == EINVAL)	/* seen while bcc holds one */
					return mw_err_set(err, -e, MW_EXIT_TARGET,
					    "cannot attach a uprobe to %s in %s (%s); another tracer's uprobe on it (bcc's memleak, for one) makes the kernel refuse: try again once it ends",
					    probes[i].sym, lib->path, strerror(e));
				return mw_err_set(err, -e, MW_EXIT_TARGET,
				    "cannot attach a uprobe to %s in %s (%s); this kernel may lack uprobes (CONFIG_UPROBE_EVENTS)",
				    probes[i].sym, lib->path, strerror(e));
			}
			keep(t, l);
			(*attached)++;
		}
	}
	return 0;
}

/* Open and load the object for t->mode. */
static int
load(struct stk_trace *t, struct mw_err *err)
{
	struct bpf_program *p;
	int e;

	t->skel = stacks_bpf__open();
	if (t->skel == NULL) {
		e = errno;
		return mw_err_set(err, -e, MW_EXIT_TARGET,
		    "cannot open the embedded eBPF object (%s)", strerror(e));
	}
	t->skel->rodata->target_tgid = (uint32_t)t->pid;
	bpf_object__for_each_program(p, t->skel->obj) {
		bool faults = p == t->skel->progs.on_fault ||
		    p == t->skel->progs.on_mm_fault ||
		    p == t->skel->progs.on_fault_user ||
		    p == t->skel->progs.on_fault_kernel;

		bpf_program__set_autoload(p, (t->mode == STK_FAULTS) == faults);
	}
	if (stacks_bpf__load(t->skel) != 0) {
		e = errno;
		if (e == EPERM || e == EACCES)
			return denied(e, "load the eBPF programs", err);
		return mw_err_set(err, -e, MW_EXIT_TARGET,
		    "cannot load the eBPF programs (%s); the kernel may lack eBPF (CONFIG_BPF_SYSCALL)",
		    strerror(e));
	}
	return 0;
}

/*
 * Faults, the whole process at once with the kernel stack of each fault:
 * the tracepoints of page faults (x86), in user mode and in the kernel (a
 * system call filling a buffer); else a kprobe on handle_mm_fault. Each
 * runs for every fault on the machine and returns at once for others'.
 */
static bool
attach_tracepoints(struct stk_trace *t)
{
	struct bpf_link *u, *k;

	u = bpf_program__attach_tracepoint(t->skel->progs.on_fault_user,
	    "exceptions", "page_fault_user");
	if (u == NULL)
		return false;
	k = bpf_program__attach_tracepoint(t->skel->progs.on_fault_kernel,
	    "exceptions", "page_fault_kernel");
	if (k == NULL) {
		bpf_link__destroy(u);
		return false;
	}
	keep(t, u);
	keep(t, k);
	t->whole = true;
	return true;
}

static bool
attach_kprobe(struct stk_trace *t)
{
	struct bpf_link *l = bpf_program__attach_kprobe(
	    t->skel->progs.on_mm_fault, false, "handle_mm_fault");

	if (l == NULL)
		return false;
	keep(t, l);
	t->whole = true;
	return true;
}

int
stk_trace_open(struct stk_trace **tp, pid_t pid, enum stk_mode mode,
    const pid_t *tids, size_t ntids, const struct stk_lib *libs,
    size_t nlibs, struct mw_err *err)
{
	struct stk_trace *t = mw_xmalloc(sizeof(*t));
	size_t attached = 0;

	memset(t, 0, sizeof(*t));
	*tp = t;
	t->mode = mode;
	t->pid = pid;
	if (tracelib_load(err) < 0)
		return -1;
	libbpf_set_print(quiet);
	if (load(t, err) < 0)
		return -1;
	/* faults: the tracepoints, else the kprobe, else an event a thread */
	if (mode == STK_FAULTS && (attach_tracepoints(t) ||
	    attach_kprobe(t)))
		return 0;
	if (mode == STK_FAULTS)
		return stk_trace_follow(t, tids, ntids, err) < 0 ? -1 :
		    t->ntids == 0 ? mw_err_set(err, -ESRCH, MW_EXIT_TARGET,
		    "process %d exited before it could be traced", (int)pid) : 0;
	for (size_t i = 0; i < nlibs; i++)
		if (attach_lib(t, &libs[i], &attached, err) < 0)
			return -1;
	if (attached == 0)
		return mw_err_set(err, -ENOENT, MW_EXIT_TARGET,
		    "no allocator entry point (malloc, free) found in the libraries process %d maps",
		    (int)pid);
	return 0;
}

/* Every key of map fd into a malloc'd array of ksize-byte keys. */
static void *
keys(int fd, size_t ksize, size_t *n)
{
	size_t cap = 256, len = 0;
	char *v = mw_xreallocarray(NULL, cap, ksize);
	char prev[64], key[64];
	void *pk = NULL;

	while (bpf_map_get_next_key(fd, pk, key) == 0) {
		if (len == cap) {
			cap *= 2;
			v = mw_xreallocarray(v, cap, ksize);
		}
		memcpy(v + len * ksize, key, ksize);
		len++;
		memcpy(prev, key, ksize);
		pk = prev;
	}
	*n = len;
	return v;
}

struct fault_key {
	int32_t stackid;
	int32_t kstackid;
	uint64_t region;
};

struct alloc_val {
	uint64_t size;
	int32_t stackid;
	uint32_t pad;
};

/* Stack ids are slots of the stack map: below its max_entries. */
#define STACK_SLOTS 16384

static void
add_stack(struct stk_raw *raw, int fd, int32_t id, uint8_t *seen, size_t *cap)
{
	struct stk_stack *s;

	if (id < 0 || id >= STACK_SLOTS || (seen[id >> 3] >> (id & 7)) & 1)
		return;
	seen[id >> 3] |= (uint8_t)(1u << (id & 7));
	if (raw->nstacks == *cap) {
		*cap = *cap ? *cap * 2 : 64;
		raw->stacks = mw_xreallocarray(raw->stacks, *cap,
		    sizeof(*raw->stacks));
	}
	s = &raw->stacks[raw->nstacks];
	memset(s, 0, sizeof(*s));
	s->id = id;
	if (bpf_map_lookup_elem(fd, &id, s->ips) != 0)
		return;
	while (s->n < 127 && s->ips[s->n] != 0)
		s->n++;
	raw->nstacks++;
}

int
stk_trace_read(struct stk_trace *t, struct stk_raw *raw, struct mw_err *err)
{
	int sfd = bpf_map__fd(t->skel->maps.stacks);
	int cfd = bpf_map__fd(t->skel->maps.counters);
	size_t n, scap = 0;
	uint64_t c[4] = { 0 };
	uint8_t seen[STACK_SLOTS / 8];

	memset(raw, 0, sizeof(*raw));
	memset(seen, 0, sizeof(seen));
	for (uint32_t i = 0; i < 4; i++)
		bpf_map_lookup_elem(cfd, &i, &c[i]);
	raw->events = c[0];
	raw->lost_stacks = c[1];
	raw->lost_allocs = c[2];
	raw->unknown_frees = c[3];
	if (t->mode == STK_FAULTS) {
		int fd = bpf_map__fd(t->skel->maps.faults);
		struct fault_key *k = keys(fd, sizeof(*k), &n);

		raw->faults = mw_xreallocarray(NULL, n + 1, sizeof(*raw->faults));
		for (size_t i = 0; i < n; i++) {
			uint64_t v = 0;

			if (bpf_map_lookup_elem(fd, &k[i], &v) != 0)
				continue;
			raw->faults[raw->nfaults].stackid = k[i].stackid;
			raw->faults[raw->nfaults].kstackid = k[i].kstackid;
			raw->faults[raw->nfaults].addr = k[i].region << 16;
			raw->faults[raw->nfaults].count = v;
			raw->nfaults++;
			add_stack(raw, sfd, k[i].stackid, seen, &scap);
			add_stack(raw, sfd, k[i].kstackid, seen, &scap);
		}
		free(k);
		return 0;
	}
	{
		int fd = bpf_map__fd(t->skel->maps.allocs);
		uint64_t *k = keys(fd, sizeof(*k), &n);

		raw->allocs = mw_xreallocarray(NULL, n + 1, sizeof(*raw->allocs));
		for (size_t i = 0; i < n; i++) {
			struct alloc_val v;

			if (bpf_map_lookup_elem(fd, &k[i], &v) != 0)
				continue;
			raw->allocs[raw->nallocs].addr = k[i];
			raw->allocs[raw->nallocs].size = v.size;
			raw->allocs[raw->nallocs].stackid = v.stackid;
			raw->nallocs++;
			add_stack(raw, sfd, v.stackid, seen, &scap);
		}
		free(k);
	}
	(void)err;
	return 0;
}

void
stk_trace_close(struct stk_trace *t)
{
	if (t == NULL)
		return;
	for (size_t i = 0; i < t->nlinks; i++)
		bpf_link__destroy(t->links[i]);
	free(t->links);
	free(t->tids);
	stacks_bpf__destroy(t->skel);
	free(t);
}

void
stk_raw_free(struct stk_raw *raw)
{
	free(raw->faults);
	free(raw->allocs);
	free(raw->stacks);
	memset(raw, 0, sizeof(*raw));
}
