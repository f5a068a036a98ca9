/* cmd/cmd.h: what every command shares (cmd/cmd.c), and the command table row.
 *
 * A command declares its options in a table (struct mw_opt rows); one call
 * to cmd_parse() reads argv against it, stores the values and leaves the
 * operands in ctx->args, and cmd_help() prints COMMAND --help from the
 * same table. The command then calls the model and picks a renderer. It
 * returns an exit status (enum mw_exit); on failure it fills ctx->err,
 * which main.c prints as one line.
 */
#ifndef MW_CMD_CMD_H
#define MW_CMD_CMD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "source.h"
#include "util/err.h"

enum mw_color { MW_COLOR_AUTO, MW_COLOR_ALWAYS, MW_COLOR_NEVER };

struct mw_ctx {
	struct mw_source src;
	struct mw_err err;
	bool json;		/* --json */
	bool bytes;		/* --bytes: exact numbers, no units */
	enum mw_color color;	/* --color, NO_COLOR */
	bool use_color;		/* color resolved against stdout */
	const char *proc_root;	/* --proc-root, NULL for /proc */
	pid_t pid;		/* the PID target, 0 otherwise */
	bool self;		/* the target was "self" */
	const char *prog;	/* "memwatch" */
	const char *cmd_name;	/* "zones", "show", ... for messages */
	char **args;		/* after cmd_parse(): the operands */
	int nargs;
};

/*
 * How an option's value is kept. FLAG sets a bool, STRING points a
 * const char * at the argument, CALL hands the argument to fn (which
 * checks it, stores it and returns 0, or returns cmd_usage_error()'s
 * status); CALL_OPT is CALL with an optional "=VALUE" (arg NULL without
 * one). DESCRIBE rows are only printed by --help: an operand (no short
 * or long name, arg its name), or an option taken before the command
 * runs (-h, -V).
 */
enum mw_opt_type {
	MW_OPT_FLAG,
	MW_OPT_STRING,
	MW_OPT_CALL,
	MW_OPT_CALL_OPT,
	MW_OPT_DESCRIBE,
};

/*
 * One row of a command's option table; the table ends with a row whose
 * help is NULL (CMD_OPT_END). -h/--help is every command's and needs no row.
 */
struct mw_opt {
	char short_name;	/* 'o', or 0: long only */
	const char *long_name;	/* "output", or NULL: short only */
	const char *arg;	/* "FILE" in --help; NULL: takes none */
	const char *help;	/* lines, "\n" between, for --help */
	enum mw_opt_type type;
	size_t off;		/* FLAG, STRING: where in the options */
	int (*fn)(struct mw_ctx *ctx, void *opts, const char *arg);
				/* CALL, CALL_OPT */
};

#define CMD_FLAG(s, l, help, type, field) \
	{ (s), (l), NULL, (help), MW_OPT_FLAG, offsetof(type, field), NULL }
#define CMD_STRING(s, l, arg, help, type, field) \
	{ (s), (l), (arg), (help), MW_OPT_STRING, offsetof(type, field), NULL }
#define CMD_CALL(s, l, arg, help, fn) \
	{ (s), (l), (arg), (help), MW_OPT_CALL, 0, (fn) }
#define CMD_CALL_OPT(s, l, arg, help, fn) \
	{ (s), (l), (arg), (help), MW_OPT_CALL_OPT, 0, (fn) }
#define CMD_OPERAND(name, help) \
	{ 0, NULL, (name), (help), MW_OPT_DESCRIBE, 0, NULL }
#define CMD_OPT_END { 0, NULL, NULL, NULL, MW_OPT_FLAG, 0, NULL }

/* .operands: any number (the command checks them itself). */
#define CMD_ANY_OPERANDS (-1)

struct mw_cmd {
	const char *name;
	int (*fn)(struct mw_ctx *ctx, int argc, char **argv);
	const char *summary;	/* one line for --help */
	const char *usage;	/* "memwatch PID diff [-i SECONDS] [--all] [FILE]" */
	const struct mw_opt *opts;	/* its options, or NULL: none */
	const char *notes;	/* lines after the options ("\n" ended), or NULL */
	int operands;		/* at most this many, or CMD_ANY_OPERANDS */
};

/* Process commands (memwatch PID COMMAND). */
extern const struct mw_cmd mw_cmd_show;
extern const struct mw_cmd mw_cmd_explain;
extern const struct mw_cmd mw_cmd_snapshot;
extern const struct mw_cmd mw_cmd_diff;
extern const struct mw_cmd mw_cmd_pages;
extern const struct mw_cmd mw_cmd_stacks;
extern const struct mw_cmd mw_cmd_watch;
/* System commands (memwatch system COMMAND). */
extern const struct mw_cmd mw_cmd_system_show;
extern const struct mw_cmd mw_cmd_system_explain;
extern const struct mw_cmd mw_cmd_system_snapshot;
extern const struct mw_cmd mw_cmd_system_diff;
extern const struct mw_cmd mw_cmd_system_account;

/*
 * Long work says what it is doing on stderr, and only when stderr is a
 * terminal (cmd/progress.c): one line, redrawn in place, gone when done.
 * cmd_sleep_progress() counts an interval of 2 s or more down;
 * cmd_progress_file() names a file of 8 MiB or more being read.
 */
void cmd_progress(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void cmd_progress_done(void);
void cmd_sleep_progress(double seconds, const char *what);
void cmd_progress_file(const char *verb, const char *path);

/* Commands without a target. */
extern const struct mw_cmd mw_cmd_diff_files;
extern const struct mw_cmd mw_cmd_zones;
extern const struct mw_cmd mw_cmd_buddy;
extern const struct mw_cmd mw_cmd_slabs;
extern const struct mw_cmd mw_cmd_top;
extern const struct mw_cmd mw_cmd_export;
extern const struct mw_cmd mw_cmd_serve;
extern const struct mw_cmd mw_cmd_capture;
extern const struct mw_cmd mw_cmd_pressure;
extern const struct mw_cmd mw_cmd_oom;
extern const struct mw_cmd mw_cmd_cgroups;
extern const struct mw_cmd mw_cmd_cgroup;
extern const struct mw_cmd mw_cmd_watch_from;
extern const struct mw_cmd mw_cmd_leaks;

/* memwatch --version: version, kernel features found, build. */
int cmd_version(struct mw_ctx *ctx);

/*
 * Read a command's options from argv (argv[0] is the command name)
 * against cmd->opts, storing values into opts; the operands are left in
 * ctx->args and ctx->nargs (more than cmd->operands is a usage error).
 * Returns CMD_RUN to go on, or the status to return at once: MW_EXIT_OK
 * after printing --help, MW_EXIT_USAGE after filling ctx->err.
 */
#define CMD_RUN (-1)
int cmd_parse(struct mw_ctx *ctx, const struct mw_cmd *cmd, int argc,
    char **argv, void *opts);
/*
 * Take the global options (their table is in cmd/cmd.c) out of argv
 * wherever they stand before "--", so that "memwatch 42 diff --json" and
 * "memwatch --json 42 diff" agree. Returns the new argc, or -1 after a usage error.
 */
int cmd_take_globals(struct mw_ctx *ctx, int argc, char **argv);
/* The global options, for memwatch --help. */
void cmd_print_globals(FILE *f);
/* Why standard output failed (errno), or 0 when it did not. */
int cmd_stdout_errno(void);
/*
 * A whole number option: arg within [min, max] into *v, else a usage error
 * "OPT takes WHAT, not 'ARG'"; returns 0 or MW_EXIT_USAGE.
 */
int cmd_parse_count(struct mw_ctx *ctx, const char *opt, const char *what,
    uint64_t min, uint64_t max, const char *arg, uint64_t *v);
/* Print the command's --help to stdout; returns MW_EXIT_OK. */
int cmd_help(const struct mw_cmd *cmd);
/* A usage error naming the command; returns MW_EXIT_USAGE. */
int cmd_usage_error(struct mw_ctx *ctx, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/*
 * Map a failed call's err to its exit status (at least MW_EXIT_TARGET);
 * with no reason given, standard output's write error when it had one.
 */
int cmd_fail(struct mw_ctx *ctx);
/* "cannot write output (REASON)" for errno e; returns -e. */
int cmd_output_error(struct mw_ctx *ctx, int e);
/*
 * The exit status after a renderer returned rc (0 or -errno of a failed
 * write to standard output): MW_EXIT_OK, or MW_EXIT_TARGET with ctx->err
 * saying why unless a reason was already given.
 */
int cmd_output_result(struct mw_ctx *ctx, int rc);

/* A flush for text written in pieces: out to stdout, then emptied;
 * 0 or -errno (-EIO when the stream gave none). */
struct mw_buf;
int cmd_flush_stdout(struct mw_buf *out, void *unused);

/* "--top N" of export and serve: processes shown one by one, 0 to
 * METRICS_TOP_MAX. 0, or the usage error's status. */
int cmd_parse_metrics_top(struct mw_ctx *ctx, const char *arg, size_t *top);

#endif
