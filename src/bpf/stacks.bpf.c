/* src/bpf/stacks.bpf.c: the kernel half of 'memwatch PID stacks'.
 *
 * Compiled by clang for the BPF target and embedded in memwatch as a
 * skeleton (bpftool gen skeleton), so that the binary needs no compiler at
 * run time. Two sets of programs; user space attaches one set:
 *
 *   faults  the page-fault tracepoints (x86), else a kprobe on the
 *           kernel's handle_mm_fault, else a perf software event (page
 *           faults) on each thread of the target: the user stack of the code that touched
 *           a page and the kernel stack of the fault, counted per (user
 *           stack, kernel stack, 64 KiB region of the faulting address),
 *           so that user space can tell which mapping each stack grew;
 *   malloc  uprobes on the allocator's entry points and uretprobes on their
 *           returns: every block allocated during the window and not freed
 *           yet, with its size and the stack that allocated it.
 *
 * Only the target's threads are counted (its tgid, set before loading).
 */
#include <linux/bpf.h>
#include <linux/bpf_perf_event.h>
#include <linux/ptrace.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#define MAX_DEPTH 127

char LICENSE[] SEC("license") = "Dual BSD/GPL";

const volatile __u32 target_tgid = 0;

struct {
	__uint(type, BPF_MAP_TYPE_STACK_TRACE);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, MAX_DEPTH * sizeof(__u64));
	__uint(max_entries, 16384);
} stacks SEC(".maps");

/* counters: 0 events seen, 1 stacks lost (map full or no stack),
 * 2 allocations not recorded (map full), 3 frees of unknown blocks */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 4);
} counters SEC(".maps");

static __always_inline void
count(__u32 i)
{
	__u64 *v = bpf_map_lookup_elem(&counters, &i);

	if (v != 0)
		__sync_fetch_and_add(v, 1);
}

static __always_inline int
ours(void)
{
	return (bpf_get_current_pid_tgid() >> 32) == target_tgid;
}

/* ---- faults ---- */

struct fault_key {
	__s32 stackid;		/* user stack */
	__s32 kstackid;		/* kernel stack; -1 none */
	__u64 region;		/* faulting address >> 16 */
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, struct fault_key);
	__type(value, __u64);
	__uint(max_entries, 65536);
} faults SEC(".maps");

static __always_inline int
fault(void *ctx, __u64 addr)
{
	struct fault_key k = {};
	__u64 one = 1, *v;

	if (!ours())
		return 0;
	count(0);
	k.stackid = bpf_get_stackid(ctx, &stacks, BPF_F_USER_STACK);
	if (k.stackid < 0)
		count(1);
	/* none from the perf event of a fault in user mode (its registers
	 * are the user's): then only faults inside a system call have one */
	k.kstackid = bpf_get_stackid(ctx, &stacks, 0);
	if (k.kstackid < 0)
		k.kstackid = -1;
	k.region = addr >> 16;
	v = bpf_map_lookup_elem(&faults, &k);
	if (v != 0)
		__sync_fetch_and_add(v, 1);
	else
		bpf_map_update_elem(&faults, &k, &one, BPF_NOEXIST);
	return 0;
}

/* exceptions:page_fault_user and page_fault_kernel (x86) */
struct fault_tp {
	__u64 common;
	__u64 address, ip, error_code;
};

SEC("tracepoint/exceptions/page_fault_user")
int
on_fault_user(struct fault_tp *ctx)
{
	return fault(ctx, ctx->address);
}

SEC("tracepoint/exceptions/page_fault_kernel")
int
on_fault_kernel(struct fault_tp *ctx)
{
	return fault(ctx, ctx->address);
}

SEC("kprobe/handle_mm_fault")
int BPF_KPROBE(on_mm_fault, void *vma, __u64 addr)
{
	return fault(ctx, addr);
}

SEC("perf_event")
int
on_fault(struct bpf_perf_event_data *ctx)
{
	return fault(ctx, ctx->addr);
}

/* ---- malloc ---- */

struct alloc {
	__u64 size;
	__s32 stackid;
	__u32 pad;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, __u64);		/* thread id */
	__type(value, __u64);		/* size asked for */
	__uint(max_entries, 10240);
} pending SEC(".maps");

/* mmap called by the program itself (not from inside malloc, whose own
 * mmap is its business and is counted as the malloc) */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, __u64);		/* thread id */
	__type(value, __u64);		/* length asked for */
	__uint(max_entries, 10240);
} mpending SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, __u64);		/* thread id */
	__type(value, __u64);		/* posix_memalign's void ** */
	__uint(max_entries, 10240);
} memptrs SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, __u64);		/* the block's address */
	__type(value, struct alloc);
	__uint(max_entries, 1 << 20);
} allocs SEC(".maps");

static __always_inline int
enter(__u64 size)
{
	__u64 tid = bpf_get_current_pid_tgid();

	if (!ours())
		return 0;
	bpf_map_update_elem(&pending, &tid, &size, BPF_ANY);
	return 0;
}

static __always_inline int
leave_from(struct pt_regs *ctx, __u64 addr, void *from)
{
	__u64 tid = bpf_get_current_pid_tgid(), *size;
	struct alloc a = {};

	if (!ours())
		return 0;
	size = bpf_map_lookup_elem(from, &tid);
	if (size == 0)
		return 0;
	a.size = *size;
	bpf_map_delete_elem(from, &tid);
	if (addr == 0 || addr == (__u64)-1)	/* NULL, MAP_FAILED */
		return 0;
	count(0);
	a.stackid = bpf_get_stackid(ctx, &stacks, BPF_F_USER_STACK);
	if (a.stackid < 0)
		count(1);
	if (bpf_map_update_elem(&allocs, &addr, &a, BPF_ANY) != 0)
		count(2);
	return 0;
}

static __always_inline int
leave(struct pt_regs *ctx, __u64 addr)
{
	return leave_from(ctx, addr, &pending);
}

static __always_inline int
release(__u64 addr)
{
	if (!ours() || addr == 0)
		return 0;
	if (bpf_map_delete_elem(&allocs, &addr) != 0)
		count(3);
	return 0;
}

SEC("uprobe")
int BPF_KPROBE(malloc_enter, __u64 size) { return enter(size); }
SEC("uretprobe")
int BPF_KRETPROBE(malloc_exit, __u64 ret) { return leave(ctx, ret); }

SEC("uprobe")
int BPF_KPROBE(calloc_enter, __u64 n, __u64 size) { return enter(n * size); }
SEC("uretprobe")
int BPF_KRETPROBE(calloc_exit, __u64 ret) { return leave(ctx, ret); }

SEC("uprobe")
int BPF_KPROBE(realloc_enter, __u64 ptr, __u64 size)
{
	release(ptr);
	return enter(size);
}
SEC("uretprobe")
int BPF_KRETPROBE(realloc_exit, __u64 ret) { return leave(ctx, ret); }

SEC("uprobe")
int BPF_KPROBE(aligned_alloc_enter, __u64 align, __u64 size)
{
	return enter(size);
}
SEC("uretprobe")
int BPF_KRETPROBE(aligned_alloc_exit, __u64 ret) { return leave(ctx, ret); }

SEC("uprobe")
int BPF_KPROBE(posix_memalign_enter, __u64 memptr, __u64 align, __u64 size)
{
	__u64 tid = bpf_get_current_pid_tgid();

	if (!ours())
		return 0;
	bpf_map_update_elem(&memptrs, &tid, &memptr, BPF_ANY);
	return enter(size);
}
SEC("uretprobe")
int BPF_KRETPROBE(posix_memalign_exit, __u64 ret)
{
	__u64 tid = bpf_get_current_pid_tgid(), *mp, addr = 0;

	if (!ours())
		return 0;
	mp = bpf_map_lookup_elem(&memptrs, &tid);
	if (mp == 0)
		return 0;
	if (ret == 0)
		bpf_probe_read_user(&addr, sizeof(addr), (void *)*mp);
	bpf_map_delete_elem(&memptrs, &tid);
	return leave(ctx, ret == 0 ? addr : 0);
}

SEC("uprobe")
int BPF_KPROBE(mmap_enter, __u64 addr, __u64 len)
{
	__u64 tid = bpf_get_current_pid_tgid();

	if (!ours() || bpf_map_lookup_elem(&pending, &tid) != 0)
		return 0;
	bpf_map_update_elem(&mpending, &tid, &len, BPF_ANY);
	return 0;
}
SEC("uretprobe")
int BPF_KRETPROBE(mmap_exit, __u64 ret)
{
	return leave_from(ctx, ret, &mpending);
}

SEC("uprobe")
int BPF_KPROBE(free_enter, __u64 ptr) { return release(ptr); }
SEC("uprobe")
int BPF_KPROBE(munmap_enter, __u64 addr) { return release(addr); }
