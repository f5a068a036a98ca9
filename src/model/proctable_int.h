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

/* proctable_src.c: the tables read through pt->src. */
void pt_read_listed(struct proctable *pt);
/* Every process through src: the rows libproc2's reap would give. */
int pt_read_all(struct proctable *pt, struct mw_err *err);
void pt_read_meminfo_src(struct proctable *pt);
int pt_read_own(struct proctable *pt, const pid_t *fresh, size_t nfresh,
    struct mw_err *err);

#endif
