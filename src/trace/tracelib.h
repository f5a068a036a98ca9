/* trace/tracelib.h: libbpf, libdw and libelf, opened when stacks are
 * traced, not linked.
 *
 * Linked, the three (and the compression libraries under libelf) cost
 * every command about 0.4 ms of start-up, as much as zones or slabs take
 * to do their work. The headers still give every type; the names below
 * call through pointers, which tracelib_load() fills. Include this after
 * the libraries' headers and before the BPF skeleton.
 */
#ifndef MW_TRACE_TRACELIB_H
#define MW_TRACE_TRACELIB_H

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <elfutils/libdwfl.h>
#include <gelf.h>
#include <libelf.h>

struct mw_err;

#define TL_FN(name) __typeof__(&name) name
struct tracelib {
	/* libbpf */
	TL_FN(bpf_object__open_skeleton);
	TL_FN(bpf_object__load_skeleton);
	TL_FN(bpf_object__attach_skeleton);
	TL_FN(bpf_object__detach_skeleton);
	TL_FN(bpf_object__destroy_skeleton);
	TL_FN(bpf_object__next_program);
	TL_FN(bpf_program__set_autoload);
	TL_FN(bpf_program__attach_tracepoint);
	TL_FN(bpf_program__attach_uprobe_opts);
	TL_FN(bpf_program__attach_perf_event);
	TL_FN(bpf_program__attach_kprobe);
	TL_FN(bpf_link__destroy);
	TL_FN(bpf_map__fd);
	TL_FN(bpf_map_lookup_elem);
	TL_FN(bpf_map_get_next_key);
	TL_FN(libbpf_set_print);
	TL_FN(libbpf_version_string);
	/* libdw */
	TL_FN(dwfl_begin);
	TL_FN(dwfl_end);
	TL_FN(dwfl_errmsg);
	TL_FN(dwfl_report_begin);
	TL_FN(dwfl_report_end);
	TL_FN(dwfl_linux_proc_report);
	TL_FN(dwfl_linux_proc_find_elf);
	TL_FN(dwfl_standard_find_debuginfo);
	TL_FN(dwfl_addrmodule);
	TL_FN(dwfl_module_info);
	TL_FN(dwfl_module_addrinfo);
	TL_FN(dwfl_module_getsrc);
	TL_FN(dwfl_lineinfo);
	/* libelf */
	TL_FN(elf_version);
	TL_FN(elf_begin);
	TL_FN(elf_end);
	TL_FN(elf_nextscn);
	TL_FN(elf_getdata);
	TL_FN(elf_strptr);
	TL_FN(gelf_getshdr);
	TL_FN(gelf_getsym);
};
#undef TL_FN

extern struct tracelib tracelib;

/*
 * Open the three libraries (once) and find every function: 0, or -ENOENT
 * with err saying which library to install.
 */
int tracelib_load(struct mw_err *err);

#ifndef MW_TRACELIB_IMPL
#define bpf_object__open_skeleton (*tracelib.bpf_object__open_skeleton)
#define bpf_object__load_skeleton (*tracelib.bpf_object__load_skeleton)
#define bpf_object__attach_skeleton (*tracelib.bpf_object__attach_skeleton)
#define bpf_object__detach_skeleton (*tracelib.bpf_object__detach_skeleton)
#define bpf_object__destroy_skeleton (*tracelib.bpf_object__destroy_skeleton)
#define bpf_object__next_program (*tracelib.bpf_object__next_program)
#define bpf_program__set_autoload (*tracelib.bpf_program__set_autoload)
#define bpf_program__attach_tracepoint \
	(*tracelib.bpf_program__attach_tracepoint)
#define bpf_program__attach_uprobe_opts \
	(*tracelib.bpf_program__attach_uprobe_opts)
#define bpf_program__attach_perf_event \
	(*tracelib.bpf_program__attach_perf_event)
#define bpf_program__attach_kprobe (*tracelib.bpf_program__attach_kprobe)
#define bpf_link__destroy (*tracelib.bpf_link__destroy)
#define bpf_map__fd (*tracelib.bpf_map__fd)
#define bpf_map_lookup_elem (*tracelib.bpf_map_lookup_elem)
#define bpf_map_get_next_key (*tracelib.bpf_map_get_next_key)
#define libbpf_set_print (*tracelib.libbpf_set_print)
#define libbpf_version_string (*tracelib.libbpf_version_string)
#define dwfl_begin (*tracelib.dwfl_begin)
#define dwfl_end (*tracelib.dwfl_end)
#define dwfl_errmsg (*tracelib.dwfl_errmsg)
#define dwfl_report_begin (*tracelib.dwfl_report_begin)
#define dwfl_report_end (*tracelib.dwfl_report_end)
#define dwfl_linux_proc_report (*tracelib.dwfl_linux_proc_report)
#define dwfl_linux_proc_find_elf (*tracelib.dwfl_linux_proc_find_elf)
#define dwfl_standard_find_debuginfo \
	(*tracelib.dwfl_standard_find_debuginfo)
#define dwfl_addrmodule (*tracelib.dwfl_addrmodule)
#define dwfl_module_info (*tracelib.dwfl_module_info)
#define dwfl_module_addrinfo (*tracelib.dwfl_module_addrinfo)
#define dwfl_module_getsrc (*tracelib.dwfl_module_getsrc)
#define dwfl_lineinfo (*tracelib.dwfl_lineinfo)
#define elf_version (*tracelib.elf_version)
#define elf_begin (*tracelib.elf_begin)
#define elf_end (*tracelib.elf_end)
#define elf_nextscn (*tracelib.elf_nextscn)
#define elf_getdata (*tracelib.elf_getdata)
#define elf_strptr (*tracelib.elf_strptr)
#define gelf_getshdr (*tracelib.gelf_getshdr)
#define gelf_getsym (*tracelib.gelf_getsym)
#endif

#endif
