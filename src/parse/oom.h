/* parse/oom.h: the kernel's OOM report, from a log, into structs; no I/O.
 *
 * The input is kernel log text as any common tool keeps it: /dev/kmsg
 * records ("6,339,349359438,-;text", with "\xNN" escapes and dictionary
 * lines), dmesg output with or without "[ 12.345678]" or
 * "[Tue Dec  8 17:51:31 2025]" stamps (also -r "<6>" and caller ids),
 * syslog or journalctl -k lines ("May 19 18:14:43 host kernel: ...",
 * ISO stamps too), or bare text. Other programs' lines and unrelated
 * kernel messages between the report's lines are passed over.
 *
 * A report starts at "COMM invoked oom-killer:" and takes every line the
 * OOM killer prints after it (mm/oom_kill.c dump_header(), show_mem(),
 * mem_cgroup_print_oom_*(), dump_tasks(), __oom_kill_process()). The
 * layout of kernels 3.x to 6.x is understood: "[ pid ]" tables are read
 * by their header's column names (nr_ptes or pgtables_bytes, rss_anon
 * since 6.8), memcg v1 and v2 counters and stats, "Kill process ... score"
 * and "Killed process" lines, oom.group kills, reaper lines. A body line
 * seen after a kill (or with no header before it, a log cut short) starts
 * a report of its own, marked without header.
 *
 * Ownership: every array and string lives in the caller's arena and is
 * released with it. Units: table values are as printed (pages, except
 * pgtables_bytes); kill lines, memcg counters, zones and swap are bytes.
 * Unknown is not zero: every field has a presence bit.
 */
#ifndef MW_PARSE_OOM_H
#define MW_PARSE_OOM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "parse/lex.h"

struct mw_arena;

struct oom_text {
	const char *s;		/* in the arena, NUL-terminated; NULL: absent */
	size_t n;
};

/* When a line was logged, as far as its prefix says. */
struct oom_when {
	double mono;		/* seconds since boot ([ 12.345678], kmsg) */
	bool has_mono;
	bool has_wall;		/* the fields below */
	bool has_year;		/* syslog stamps have none */
	bool has_tz;		/* utc_off is known (ISO stamps) */
	int year, mon, mday, hour, min, sec;	/* mon 1-12 */
	int utc_off;		/* seconds east of UTC */
	uint64_t seq;		/* kmsg sequence number */
	bool has_seq;
};

enum oom_constraint {
	OOM_CONSTRAINT_UNKNOWN,
	OOM_CONSTRAINT_NONE,	/* the whole machine */
	OOM_CONSTRAINT_CPUSET,
	OOM_CONSTRAINT_MEMORY_POLICY,
	OOM_CONSTRAINT_MEMCG,
};

/* Columns of the task table, by their header names. */
enum oom_col {
	OOM_COL_UID, OOM_COL_TGID, OOM_COL_TOTAL_VM, OOM_COL_RSS,
	OOM_COL_RSS_ANON, OOM_COL_RSS_FILE, OOM_COL_RSS_SHMEM,
	OOM_COL_PGTABLES_BYTES, OOM_COL_NR_PTES, OOM_COL_NR_PMDS,
	OOM_COL_SWAPENTS, OOM_COL_OOM_SCORE_ADJ,
	OOM_COL_NR
};

struct oom_task {
	int64_t pid;
	int64_t val[OOM_COL_NR];	/* as printed */
	uint32_t present;	/* bit c: column c printed */
	struct oom_text name;
};

/* A "Killed process" line: sizes in bytes. */
enum oom_kill_field {
	OOM_KILL_TOTAL_VM, OOM_KILL_ANON_RSS, OOM_KILL_FILE_RSS,
	OOM_KILL_SHMEM_RSS, OOM_KILL_PGTABLES,
	OOM_KILL_NR
};

struct oom_kill {
	int64_t pid;
	struct oom_text comm;
	uint64_t val[OOM_KILL_NR];
	uint32_t present;	/* bit f: field f printed */
	int64_t uid;
	bool has_uid;
	int adj;		/* oom_score_adj */
	bool has_adj;
	bool memcg;		/* "Memory cgroup out of memory: Killed ..." */
	bool group;		/* killed with the victim (memory.oom.group) */
	bool reaped;		/* an oom_reaper line followed */
	uint64_t reaped_anon, reaped_file, reaped_shmem;	/* bytes left */
	struct oom_when when;
};

enum oom_zone_field {
	OOM_ZONE_FREE, OOM_ZONE_MIN, OOM_ZONE_LOW, OOM_ZONE_HIGH,
	OOM_ZONE_BOOST, OOM_ZONE_PRESENT, OOM_ZONE_MANAGED,
	OOM_ZONE_FREE_CMA,
	OOM_ZONE_NR
};

#define OOM_ORDERS_MAX 16
#define OOM_RESERVE_MAX 8

struct oom_zone {
	int node;		/* -1: the line named no node */
	char name[PROC_ZONE_NAME_MAX];
	uint64_t val[OOM_ZONE_NR];	/* bytes */
	uint32_t present;
	unsigned norders;	/* free block counts printed (buddy line) */
	uint64_t blocks[OOM_ORDERS_MAX];	/* free blocks of order o */
	uint32_t highatomic;	/* bit o: those blocks are all "(H)", the
				 * high-atomic reserve */
	uint64_t block0;	/* bytes of an order-0 block: the page size */
	unsigned nreserve;	/* lowmem_reserve[] entries (pages) */
	uint64_t reserve[OOM_RESERVE_MAX];
};

enum oom_counter {
	OOM_MEMCG_MEMORY,	/* "memory:" */
	OOM_MEMCG_MEMSW,	/* "memory+swap:" (v1) */
	OOM_MEMCG_SWAP,		/* "swap:" (v2) */
	OOM_MEMCG_KMEM,		/* "kmem:" (v1) */
	OOM_MEMCG_NR
};

struct oom_memcg_counter {
	uint64_t usage, limit, failcnt;	/* bytes, bytes, count */
	bool present;
};

struct oom_report {
	struct oom_when when;	/* of its first line */
	size_t first_line, last_line;	/* 1-based, in the input */
	bool has_header;	/* "invoked oom-killer" was seen */
	struct oom_text invoker;	/* the allocating task's comm */
	uint64_t gfp_mask;
	bool has_gfp;
	struct oom_text gfp_names;	/* "GFP_KERNEL|__GFP_ZERO" */
	int order, invoker_adj;
	bool has_order, has_invoker_adj;
	struct oom_text nodemask;	/* as printed, "(null)" kept */
	struct oom_text kernel;	/* release, from the "CPU: ... Comm:" line */

	enum oom_constraint constraint;
	bool global_oom;
	struct oom_text oom_memcg, task_memcg, cpuset, mems_allowed;
	struct oom_text chosen_task;	/* oom-kill: task= */
	int64_t chosen_pid;
	bool has_chosen_pid;

	struct oom_memcg_counter memcg[OOM_MEMCG_NR];
	struct oom_text stats_path;	/* "Memory cgroup stats for PATH" */
	struct proc_kv *stats;	/* bytes ("KB" values converted), counts */
	size_t nstats;

	struct proc_kv *meminfo;	/* Mem-Info's counters, pages */
	size_t nmeminfo;
	int all_unreclaimable;	/* -1 not printed, 0 no, 1 a node said yes
				 * (4.8+; before, each zone said it) */
	struct oom_zone *zones;
	size_t nzones;
	uint64_t swap_free, swap_total;	/* bytes */
	bool has_swap_free, has_swap_total;
	uint64_t ram_pages, reserved_pages;
	bool has_ram_pages, has_reserved_pages;

	bool has_table;
	uint32_t columns;	/* bit c: the header named column c */
	struct oom_task *tasks;
	size_t ntasks;

	int64_t selected_pid;	/* "Kill process N (comm) score S" (< 4.19) */
	struct oom_text selected_comm;
	uint64_t selected_score;
	bool has_selected;

	struct oom_kill *kills;	/* the victim first, then oom.group's */
	size_t nkills;
	bool oom_group;
	struct oom_text group_path;
	bool no_killable;	/* "Out of memory and no killable processes" */
	bool panic;		/* "Kernel panic - not syncing" followed */

	size_t tasks_cap, kills_cap, zones_cap, stats_cap, meminfo_cap;
};

struct oom_log {
	struct oom_report *v;	/* in the arena, in log order */
	size_t len, cap;
	size_t lines;		/* lines read */
	size_t skipped;		/* report lines that could not be read */
};

/*
 * Every OOM report in buf into out (zeroed first). 0, also when none is
 * found (out->len == 0); the parser never fails on bad text: it skips
 * and counts.
 */
int oom_parse(const char *buf, size_t len, struct mw_arena *arena,
    struct oom_log *out);

/* The constraint's kernel name ("CONSTRAINT_MEMCG"), or NULL. */
const char *oom_constraint_name(enum oom_constraint c);

#endif
