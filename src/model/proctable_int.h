/* model/proctable_int.h: what proctable.c and proctable_src.c share. */
#ifndef MW_MODEL_PROCTABLE_INT_H
#define MW_MODEL_PROCTABLE_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct proctable;
struct pt_row;
struct proc_stat;
struct mw_err;

/* stat's fields that identify and place a process. */
struct stat_id {
	unsigned long long began;
	unsigned long vsize, rss_pages, flags;
	int ppid;
	char state;
};

/* id into r (a new start time: a new process), then its cmdline. */
void pt_stat_fields(struct proctable *pt, struct pt_row *r,
    const struct stat_id *id);

/* libproc2's reading (proctable_proc2.c), for a table without a source. */
int pt_proc2_open(struct proctable *pt, struct mw_err *err);
void pt_proc2_close(struct proctable *pt);
int pt_proc2_refresh(struct proctable *pt, const pid_t *fresh, size_t nfresh,
    struct mw_err *err);
void pt_proc2_meminfo(struct proctable *pt);

struct pt_row *pt_find_row(struct pt_row *rows, size_t len, pid_t pid);
uint64_t pt_kib(unsigned long v);
/* stat read and parsed by memwatch through pt->src; false if unreadable. */
bool pt_read_own_stat(struct proctable *pt, pid_t pid, struct proc_stat *st);
void pt_apply_own_stat(struct proctable *pt, struct pt_row *r,
    const struct proc_stat *st);
/* Rows are built in pt->spare, then swapped in. */
void pt_spare_room(struct proctable *pt, size_t n);
struct pt_row *pt_spare_row(struct proctable *pt, size_t i, pid_t pid);
void pt_take_spare(struct proctable *pt, size_t n, bool sorted);
/* The pids whose stat is read this refresh, into pt->want. */
void pt_collect_want(struct proctable *pt, const pid_t *fresh, size_t nfresh);

/* proctable_cg.c: the rows' cgroups that are due, when they are on. */
void pt_read_cgroups(struct proctable *pt);
void pt_cgroups_free(struct proctable *pt);

/* proctable_src.c: the tables read through pt->src. */
void pt_read_listed(struct proctable *pt);
/* Every process through src: the rows libproc2's reap would give. */
int pt_read_all(struct proctable *pt, struct mw_err *err);
void pt_read_meminfo_src(struct proctable *pt);
int pt_read_own(struct proctable *pt, const pid_t *fresh, size_t nfresh,
    struct mw_err *err);

#endif
