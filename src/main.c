/* main.c: target resolution, the command tables and dispatch. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "model/totals.h"
#include "render/text_totals.h"
#include "util/buf.h"
#include "util/escape.h"
#include "util/suggest.h"
#include "util/units.h"
#include "util/xmalloc.h"

static const struct mw_cmd *const proc_cmds[] = {
	&mw_cmd_show, &mw_cmd_explain, &mw_cmd_snapshot, &mw_cmd_diff,
	&mw_cmd_pages, &mw_cmd_stacks, &mw_cmd_watch,
};
static const struct mw_cmd *const system_cmds[] = {
	&mw_cmd_system_show, &mw_cmd_system_explain, &mw_cmd_system_snapshot,
	&mw_cmd_system_diff, &mw_cmd_system_account,
};
static const struct mw_cmd *const plain_cmds[] = {
	&mw_cmd_top, &mw_cmd_zones, &mw_cmd_buddy, &mw_cmd_slabs,
	&mw_cmd_diff_files, &mw_cmd_export, &mw_cmd_serve, &mw_cmd_capture,
	&mw_cmd_pressure,
	&mw_cmd_oom,
	&mw_cmd_cgroups, &mw_cmd_cgroup, &mw_cmd_watch_from, &mw_cmd_leaks,
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static void
print_rows(FILE *f, const char *prefix, const struct mw_cmd *const *cmds,
    size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char name[48];

		snprintf(name, sizeof(name), "%s%s", prefix, cmds[i]->name);
		fprintf(f, "  %-22s %s\n", name, cmds[i]->summary);
	}
}

static int
main_help(FILE *f)
{
	fprintf(f,
	    "Usage: memwatch [OPTIONS] TARGET [COMMAND [ARGS]]\n"
	    "       memwatch [OPTIONS] COMMAND [ARGS]\n\n"
	    "Explain a Linux process's memory and the kernel's: mappings, totals,\n"
	    "snapshots and diffs, zones, buddy free lists, slab caches, a live view.\n\n"
	    "TARGET is a process id, 'self' (memwatch itself) or 'system'.\n\n"
	    "Process commands (memwatch PID COMMAND; show is the default):\n");
	print_rows(f, "PID ", proc_cmds, NELEM(proc_cmds));
	fprintf(f, "  (memwatch PID PID... [show|explain|snapshot]: one block each)\n");
	fprintf(f, "\nSystem commands (memwatch system COMMAND; show is the default):\n");
	print_rows(f, "system ", system_cmds, NELEM(system_cmds));
	fprintf(f, "\nOther commands:\n");
	print_rows(f, "", plain_cmds, NELEM(plain_cmds));
	fprintf(f, "\n");
	cmd_print_globals(f);
	fprintf(f, "\n");
	fprintf(f,
	    "Exit status: 0 success, 1 the target failed (no such process, it vanished,\n"
	    "permission denied, a file that cannot be read or parsed), 2 usage error.\n\n"
	    "See memwatch(1) and memwatch-json(5).\n");
	return MW_EXIT_OK;
}

/* Print ctx->err as one escaped line on stderr, in one write. */
static void
print_error(const struct mw_err *err)
{
	struct mw_buf b;

	mw_buf_init(&b);
	mw_buf_adds(&b, "memwatch: ");
	mw_escape_term(&b, err->msg, strlen(err->msg));
	mw_buf_addc(&b, '\n');
	fflush(stdout);
	(void)!write(STDERR_FILENO, b.data, b.len);
	mw_buf_free(&b);
}

static const struct mw_cmd *
find_cmd(const struct mw_cmd *const *cmds, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(cmds[i]->name, name) == 0)
			return cmds[i];
	return NULL;
}

/* A process target: digits or "self". */
static bool
is_pid_arg(const char *a)
{
	return (a[0] >= '0' && a[0] <= '9') || strcmp(a, "self") == 0;
}

/* A usage error that already says what to do; returns MW_EXIT_USAGE. */
static int __attribute__((format(printf, 2, 3)))
hint(struct mw_ctx *ctx, const char *fmt, ...)
{
	char what[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	mw_err_set(&ctx->err, -EINVAL, MW_EXIT_USAGE, "%s", what);
	return MW_EXIT_USAGE;
}

/* The closest name of cmds to word (at most 2 edits away), or NULL. */
static const char *
closest(const struct mw_cmd *const *cmds, size_t n, const char *word)
{
	const char *best = NULL;
	int bd = 3;

	for (size_t i = 0; i < n; i++) {
		int d = mw_edits(word, cmds[i]->name);

		if (d < bd && d * 3 <= (int)strlen(cmds[i]->name)) {
			bd = d;
			best = cmds[i]->name;
		}
	}
	return best;
}

/*
 * "unknown command WORD" with what was most likely meant: a process
 * command before its pid ('memwatch show 1' for 'memwatch 1 show'),
 * 'help', or a command a typo away.
 */
static int
unknown_command(struct mw_ctx *ctx, int argc, char **argv)
{
	const char *w = argv[1], *near;

	if (find_cmd(proc_cmds, NELEM(proc_cmds), w) != NULL) {
		if (argc > 2 && is_pid_arg(argv[2]))
			return hint(ctx,
			    "unknown command '%s'; the process comes first: 'memwatch %s %s'",
			    w, argv[2], w);
		return hint(ctx,
		    "unknown command '%s'; it takes a process first: 'memwatch PID %s' (or 'memwatch system %s')",
		    w, w, w);
	}
	if (strcmp(w, "help") == 0)
		return hint(ctx,
		    "unknown command 'help'; run 'memwatch --help' for the commands");
	if ((near = closest(plain_cmds, NELEM(plain_cmds), w)) != NULL)
		return hint(ctx,
		    "unknown command '%s'; did you mean 'memwatch %s'?", w, near);
	if (mw_edits(w, "system") <= 2)
		return hint(ctx,
		    "unknown command '%s'; did you mean 'memwatch system'?", w);
	if ((near = closest(proc_cmds, NELEM(proc_cmds), w)) != NULL)
		return hint(ctx,
		    "unknown command '%s'; did you mean 'memwatch PID %s'?", w,
		    near);
	return cmd_usage_error(ctx, "unknown command '%s'", w);
}

/* "1234" or "self" into ctx->pid, checked to exist below the root. */
static int
resolve_pid(struct mw_ctx *ctx, const char *arg)
{
	char rel[32];

	if (strcmp(arg, "self") == 0) {
		if (ctx->proc_root != NULL)
			return cmd_usage_error(ctx,
			    "'self' means this memwatch and cannot be used with --proc-root");
		ctx->pid = getpid();
		ctx->self = true;
		return 0;
	}
	if (mw_parse_pid(arg, &ctx->pid) < 0)
		return cmd_usage_error(ctx, "'%s' is not a process id", arg);
	snprintf(rel, sizeof(rel), "%d", (int)ctx->pid);
	if (!mw_source_exists(&ctx->src, rel))
		return mw_err_set(&ctx->err, -ENOENT, MW_EXIT_TARGET,
		    "no such process %d (not in %s); check the pid with ps",
		    (int)ctx->pid, ctx->src.root);
	return 0;
}

/* Choose the command after the target; argv[*i] is the candidate. */
static const struct mw_cmd *
target_cmd(struct mw_ctx *ctx, const struct mw_cmd *const *cmds, size_t n,
    int argc, char **argv, int *i)
{
	const struct mw_cmd *cmd;

	if (*i >= argc || argv[*i][0] == '-') {
		(*i)--;		/* the target's own slot becomes argv[0] */
		return cmds[0];
	}
	cmd = find_cmd(cmds, n, argv[*i]);
	if (cmd == NULL && closest(cmds, n, argv[*i]) != NULL)
		hint(ctx,
		    "unknown command '%s' for %s; did you mean 'memwatch %s %s'?",
		    argv[*i], argv[*i - 1], argv[*i - 1],
		    closest(cmds, n, argv[*i]));
	else if (cmd == NULL)
		cmd_usage_error(ctx, "unknown command '%s' for %s", argv[*i],
		    argv[*i - 1]);
	return cmd;
}

/* -h or --help among args (before "--"): help, whatever else is there. */
static bool
wants_help(int argc, char **argv)
{
	for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
		if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0)
			return true;
	return false;
}

/* A snapshot's -o names one file: several processes cannot share it. */
static bool
has_output(int argc, char **argv)
{
	for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
		if (strncmp(argv[i], "-o", 2) == 0 ||
		    strncmp(argv[i], "--output", 8) == 0)
			return true;
	return false;
}

/* One process of several: its block, its error printed at once. */
static int
run_one(struct mw_ctx *ctx, const struct mw_cmd *cmd, const char *pid,
    int argc, char **argv, char **args)
{
	static char name[64];
	int rc;

	memcpy(args, argv, (size_t)argc * sizeof(*args));
	args[argc] = NULL;
	ctx->pid = 0;
	ctx->self = false;
	mw_err_clear(&ctx->err);
	snprintf(name, sizeof(name), "%s %s", pid, cmd->name);
	ctx->cmd_name = name;
	rc = resolve_pid(ctx, pid) != 0 ? cmd_fail(ctx) :
	    cmd->fn(ctx, argc, args);
	if (rc != MW_EXIT_OK && ctx->err.msg[0] == '\0' &&
	    rc != MW_EXIT_USAGE)
		cmd_fail(ctx);
	if (rc != MW_EXIT_USAGE && ctx->err.msg[0] != '\0') {
		print_error(&ctx->err);
		mw_err_clear(&ctx->err);
	}
	return rc;
}

/*
 * 'memwatch PID PID... [show|explain|snapshot]', as pmap takes several
 * pids: one block (or JSON document) each, in the order given; a process
 * that fails is reported and the others still shown (exit 1 then). show
 * ends with the processes' totals.
 */
static int
run_several(struct mw_ctx *ctx, const struct mw_cmd *cmd, char **pids,
    int npid, int argc, char **argv)
{
	char **args;
	pid_t *done;
	size_t ndone = 0;
	int worst = MW_EXIT_OK, rc = MW_EXIT_OK;

	if (cmd != &mw_cmd_show && cmd != &mw_cmd_explain &&
	    cmd != &mw_cmd_snapshot)
		return cmd_usage_error(ctx,
		    "%s takes one process, not %d; give one pid (several work with show, explain and snapshot)",
		    cmd->name, npid);
	if (cmd == &mw_cmd_snapshot && has_output(argc, argv))
		return cmd_usage_error(ctx,
		    "snapshot -o writes one file, for one process; run it once per pid, or drop -o for one document per process on stdout");
	args = mw_xreallocarray(NULL, (size_t)argc + 1, sizeof(*args));
	done = mw_xreallocarray(NULL, (size_t)npid, sizeof(*done));
	for (int k = 0; k < npid; k++) {
		if (k > 0 && !ctx->json)
			putchar('\n');
		rc = run_one(ctx, cmd, pids[k], argc, argv, args);
		if (rc == MW_EXIT_USAGE)
			break;
		if (rc == MW_EXIT_OK)
			done[ndone++] = ctx->pid;
		else
			worst = rc;
	}
	if (rc != MW_EXIT_USAGE && cmd == &mw_cmd_show && !ctx->json &&
	    ndone > 1) {
		struct proc_totals t;

		proc_totals_take(&ctx->src, done, ndone, &t);
		text_totals(stdout, &t, ctx->bytes);
	}
	free(args);
	free(done);
	return rc == MW_EXIT_USAGE ? rc : worst;
}

static int
run(struct mw_ctx *ctx, int argc, char **argv)
{
	static char name[64];
	const struct mw_cmd *cmd;
	const char *first;
	bool cmd_is_target = true;
	int i = 1, rc;

	if (argc < 2)
		return cmd_usage_error(ctx,
		    "no target or command given (memwatch PID, memwatch system, memwatch top ...)");
	first = argv[1];
	if (strcmp(first, "-h") == 0 || strcmp(first, "--help") == 0)
		return main_help(stdout);
	if (strcmp(first, "-V") == 0 || strcmp(first, "--version") == 0) {
		if (argc > 2)
			return cmd_usage_error(ctx, "%s takes no argument, not '%s'",
			    first, argv[2]);
		return cmd_version(ctx);
	}
	if (first[0] == '-')
		return cmd_usage_error(ctx, "unknown option %s", first);
	if (mw_source_open(&ctx->src, ctx->proc_root, &ctx->err) < 0)
		return cmd_fail(ctx);
	if (strcmp(first, "system") == 0) {
		i = 2;
		cmd = target_cmd(ctx, system_cmds, NELEM(system_cmds), argc,
		    argv, &i);
	} else if (is_pid_arg(first)) {
		int npid = 1;

		while (npid + 1 < argc && is_pid_arg(argv[npid + 1]))
			npid++;
		i = npid + 1;
		cmd = target_cmd(ctx, proc_cmds, NELEM(proc_cmds), argc, argv,
		    &i);
		if (cmd == NULL)
			return MW_EXIT_USAGE;
		/* Help first: it needs no process. */
		if (wants_help(argc - i, argv + i))
			return cmd_help(cmd);
		if (npid > 1)
			return run_several(ctx, cmd, argv + 1, npid, argc - i,
			    argv + i);
		if (resolve_pid(ctx, first) != 0)
			return cmd_fail(ctx);
	} else {
		cmd_is_target = false;
		cmd = find_cmd(plain_cmds, NELEM(plain_cmds), first);
		if (cmd == NULL)
			return unknown_command(ctx, argc, argv);
	}
	if (cmd == NULL)
		return MW_EXIT_USAGE;
	/* Messages point to 'memwatch system diff --help', not to the
	 * top-level command of the same name. */
	if (cmd_is_target) {
		snprintf(name, sizeof(name), "%s %s", first, cmd->name);
		ctx->cmd_name = name;
	} else {
		ctx->cmd_name = cmd->name;
	}
	rc = cmd->fn(ctx, argc - i, argv + i);
	if (rc != MW_EXIT_OK && ctx->err.msg[0] == '\0' && rc != MW_EXIT_USAGE)
		cmd_fail(ctx);
	return rc;
}

/*
 * A standard descriptor the caller closed (memwatch >&-) would be taken by
 * the first file memwatch opens, and output would go there. Hold each one
 * open on /dev/null, read-only, so that a write to it fails (EBADF) and is
 * reported as the write error it is.
 */
static void
hold_std_fds(void)
{
	for (int fd = 0; fd <= 2; fd++) {
		int n;

		if (fcntl(fd, F_GETFD) >= 0 || errno != EBADF)
			continue;
		n = open("/dev/null", O_RDONLY | O_NOCTTY);
		if (n >= 0 && n != fd) {
			dup2(n, fd);
			close(n);
		}
	}
}

int
main(int argc, char **argv)
{
	struct mw_ctx ctx;
	int rc, e;

	hold_std_fds();
	setlocale(LC_CTYPE, "");
	memset(&ctx, 0, sizeof(ctx));
	ctx.src.root_fd = -1;
	ctx.prog = "memwatch";
	mw_err_clear(&ctx.err);
	argc = cmd_take_globals(&ctx, argc, argv);
	rc = argc < 0 ? MW_EXIT_USAGE : run(&ctx, argc, argv);
	if (ctx.err.msg[0] != '\0') {
		print_error(&ctx.err);
		if (rc == MW_EXIT_OK)
			rc = ctx.err.exit ? (int)ctx.err.exit : MW_EXIT_TARGET;
	}
	if (rc == MW_EXIT_OK && (e = cmd_stdout_errno()) != 0) {
		cmd_output_error(&ctx, e);
		print_error(&ctx.err);
		rc = MW_EXIT_TARGET;
	}
	mw_source_close(&ctx.src);
	return rc;
}
