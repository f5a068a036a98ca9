/* cmd/cmd.c: what every command shares: option tables read from argv and
 * printed as --help, the global options, usage errors and the exit status
 * of a failed call or write. */
#include "config.h"

#include "cmd/cmd.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "render/metrics.h"
#include "util/buf.h"
#include "util/units.h"
#include "util/xmalloc.h"

/* getopt's value for a row without a short name: LONG_VAL + its index. */
#define LONG_VAL 256
/* --help's label column: at least this wide, more for long labels. */
#define HELP_LABEL_MIN 18

static int set_color(struct mw_ctx *ctx, void *opts, const char *when);
static int set_proc_root(struct mw_ctx *ctx, void *opts, const char *dir);

static const struct mw_opt global_opts[] = {
	CMD_FLAG(0, "json", "print one JSON document (NDJSON for top -b)",
	    struct mw_ctx, json),
	CMD_FLAG(0, "bytes", "exact byte counts instead of units (K, M, G)",
	    struct mw_ctx, bytes),
	CMD_CALL_OPT(0, "color", "WHEN",
	    "colour: auto (default), always, never; NO_COLOR is honoured",
	    set_color),
	CMD_CALL(0, "proc-root", "DIR",
	    "read /proc files below DIR (a tree made by 'capture')",
	    set_proc_root),
	{ 'h', "help", NULL,
	    "this help; 'memwatch COMMAND --help' for one command\n"
	    "('memwatch self COMMAND --help' for a process command)",
	    MW_OPT_DESCRIBE, 0, NULL },
	{ 'V', "version", NULL,
	    "print the version, the kernel features found\n"
	    "(smaps_rollup, PAGEMAP_SCAN, PSI, eBPF) and how it was built",
	    MW_OPT_DESCRIBE, 0, NULL },
	CMD_OPT_END,
};

int
cmd_usage_error(struct mw_ctx *ctx, const char *fmt, ...)
{
	char what[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	if (ctx->cmd_name != NULL)
		mw_err_set(&ctx->err, -EINVAL, MW_EXIT_USAGE,
		    "%s; see 'memwatch %s --help'", what, ctx->cmd_name);
	else
		mw_err_set(&ctx->err, -EINVAL, MW_EXIT_USAGE,
		    "%s; see 'memwatch --help'", what);
	return MW_EXIT_USAGE;
}

/* The reason the last write of cmd_flush_stdout() failed, or 0. */
static int stdout_write_errno;

/*
 * Flushing again reports the error the failed write met (ENOSPC, EBADF,
 * EPIPE); when the stream only remembers that something failed, a closed
 * descriptor is EBADF, else the reason cmd_flush_stdout() saw, else EIO.
 */
int
cmd_stdout_errno(void)
{
	errno = 0;
	if (fflush(stdout) != 0)
		return errno != 0 ? errno : EIO;
	if (!ferror(stdout))
		return 0;
	return stdout_write_errno != 0 ? stdout_write_errno : EIO;
}

int
cmd_output_error(struct mw_ctx *ctx, int e)
{
	return mw_err_set(&ctx->err, -e, MW_EXIT_TARGET,
	    "cannot write output (%s); check the disk or pipe", strerror(e));
}

int
cmd_output_result(struct mw_ctx *ctx, int rc)
{
	if (rc >= 0)
		return MW_EXIT_OK;
	if (ctx->err.msg[0] == '\0')
		cmd_output_error(ctx, -rc);
	return cmd_fail(ctx);
}

int
cmd_fail(struct mw_ctx *ctx)
{
	int e;

	if (ctx->err.msg[0] == '\0' && (e = cmd_stdout_errno()) != 0)
		cmd_output_error(ctx, e);
	if (ctx->err.msg[0] == '\0')
		mw_err_set(&ctx->err, -EIO, MW_EXIT_TARGET,
		    "%s failed (no reason given); report this", ctx->cmd_name);
	return ctx->err.exit == MW_EXIT_OK ? MW_EXIT_TARGET : (int)ctx->err.exit;
}

int
cmd_flush_stdout(struct mw_buf *out, void *unused)
{
	size_t n;
	int rc;

	errno = 0;
	n = fwrite(out->data, 1, out->len, stdout);
	rc = n == out->len ? 0 : (errno != 0 ? -errno : -EIO);
	if (rc < 0)
		stdout_write_errno = -rc;

	(void)unused;
	mw_buf_reset(out);
	return rc;
}

int
cmd_parse_count(struct mw_ctx *ctx, const char *opt, const char *what,
    uint64_t min, uint64_t max, const char *arg, uint64_t *v)
{
	uint64_t n;

	if (mw_parse_u64_str(arg, &n) < 0 || n < min || n > max)
		return cmd_usage_error(ctx, "%s takes %s, not '%s'", opt, what,
		    arg);
	*v = n;
	return 0;
}

int
cmd_parse_metrics_top(struct mw_ctx *ctx, const char *arg, size_t *top)
{
	uint64_t v = 0;

	if (cmd_parse_count(ctx, "--top", "a number of processes from 0 to 100000",
	    0, METRICS_TOP_MAX, arg, &v) != 0)
		return MW_EXIT_USAGE;
	*top = (size_t)v;
	return 0;
}

/* ---- --help from the table ------------------------------------------ */

/* A row's label: "-o, --output FILE", "    --tree", "-n N", "FILE". */
static void
opt_label(const struct mw_opt *o, bool indent, char *out, size_t size)
{
	struct mw_buf b;

	mw_buf_init(&b);
	if (o->short_name == 0 && o->long_name == NULL) {
		mw_buf_adds(&b, o->arg);
	} else {
		if (o->short_name != 0) {
			mw_buf_addc(&b, '-');
			mw_buf_addc(&b, o->short_name);
			if (o->long_name != NULL)
				mw_buf_adds(&b, ", ");
		} else if (indent) {
			mw_buf_adds(&b, "    ");
		}
		if (o->long_name != NULL) {
			mw_buf_adds(&b, "--");
			mw_buf_adds(&b, o->long_name);
		}
		if (o->arg != NULL) {
			mw_buf_adds(&b, o->type == MW_OPT_CALL_OPT ? "[=" : " ");
			mw_buf_adds(&b, o->arg);
			if (o->type == MW_OPT_CALL_OPT)
				mw_buf_addc(&b, ']');
		}
	}
	snprintf(out, size, "%.*s", (int)b.len, b.data);
	mw_buf_free(&b);
}

/*
 * The rows of a table, labels in one column and help beside them; with
 * align, a long option without a short one lines up with those that have
 * one ("    --tree" under "-r, --reverse").
 */
static void
print_opts(FILE *f, const struct mw_opt *opts, bool align)
{
	bool indent = false;
	size_t w = HELP_LABEL_MIN;
	char label[128];

	for (const struct mw_opt *o = opts; align && o->help != NULL; o++)
		if (o->short_name != 0)
			indent = true;
	for (const struct mw_opt *o = opts; o->help != NULL; o++) {
		opt_label(o, indent, label, sizeof(label));
		if (strlen(label) > w)
			w = strlen(label);
	}
	for (const struct mw_opt *o = opts; o->help != NULL; o++) {
		const char *p = o->help;

		opt_label(o, indent, label, sizeof(label));
		fprintf(f, "  %-*s", (int)w + 2, label);
		for (;;) {
			const char *nl = strchr(p, '\n');

			if (nl == NULL) {
				fprintf(f, "%s\n", p);
				break;
			}
			fprintf(f, "%.*s\n  %-*s", (int)(nl - p), p, (int)w + 2,
			    "");
			p = nl + 1;
		}
	}
}

void
cmd_print_globals(FILE *f)
{
	fprintf(f, "Global options (before or after the command):\n");
	print_opts(f, global_opts, false);
}

int
cmd_help(const struct mw_cmd *cmd)
{
	printf("Usage: %s\n\n%s.\n", cmd->usage, cmd->summary);
	if (cmd->opts != NULL && cmd->opts[0].help != NULL) {
		printf("\nOptions:\n");
		print_opts(stdout, cmd->opts, true);
	}
	if (cmd->notes != NULL)
		printf("%s%s", cmd->opts == NULL ? "\n" : "", cmd->notes);
	printf("\n");
	cmd_print_globals(stdout);
	return MW_EXIT_OK;
}

/* ---- argv against the table ----------------------------------------- */

/* Store one option's value as its row says; 0 or MW_EXIT_USAGE. */
static int
opt_store(struct mw_ctx *ctx, const struct mw_opt *o, void *opts,
    const char *arg)
{
	switch (o->type) {
	case MW_OPT_FLAG:
		*(bool *)((char *)opts + o->off) = true;
		return 0;
	case MW_OPT_STRING:
		*(const char **)((char *)opts + o->off) = arg;
		return 0;
	case MW_OPT_CALL:
	case MW_OPT_CALL_OPT:
		return o->fn(ctx, opts, arg) != 0 ? MW_EXIT_USAGE : 0;
	case MW_OPT_DESCRIBE:
		break;
	}
	return 0;
}

static bool
takes_arg(const struct mw_opt *o)
{
	return o->arg != NULL &&
	    (o->type == MW_OPT_STRING || o->type == MW_OPT_CALL);
}

/* getopt_long's short and long specifications of a table, -h and --help
 * added; *longs is the caller's to free. */
static void
getopt_spec(const struct mw_opt *opts, char *spec, size_t size,
    struct option **longs)
{
	size_t n = 0, k = 0, j = 0;

	for (const struct mw_opt *o = opts; o != NULL && o->help != NULL; o++)
		n++;
	*longs = mw_xreallocarray(NULL, n + 2, sizeof(**longs));
	spec[j++] = ':';
	for (size_t i = 0; i < n; i++) {
		const struct mw_opt *o = &opts[i];
		int val = o->short_name != 0 ? o->short_name :
		    LONG_VAL + (int)i;

		if (o->type == MW_OPT_DESCRIBE)
			continue;
		if (o->short_name != 0 && j + 4 < size) {
			spec[j++] = o->short_name;
			if (takes_arg(o))
				spec[j++] = ':';
			else if (o->type == MW_OPT_CALL_OPT && o->arg != NULL) {
				spec[j++] = ':';
				spec[j++] = ':';
			}
		}
		if (o->long_name != NULL) {
			(*longs)[k].name = o->long_name;
			(*longs)[k].has_arg = takes_arg(o) ? required_argument :
			    o->type == MW_OPT_CALL_OPT && o->arg != NULL ?
			    optional_argument : no_argument;
			(*longs)[k].flag = NULL;
			(*longs)[k].val = val;
			k++;
		}
	}
	spec[j++] = 'h';
	spec[j] = '\0';
	(*longs)[k++] = (struct option){ "help", no_argument, NULL, 'h' };
	(*longs)[k] = (struct option){ NULL, 0, NULL, 0 };
}

/* The row getopt_long answered with c, or NULL. */
static const struct mw_opt *
opt_row(const struct mw_opt *opts, int c)
{
	for (size_t i = 0; opts != NULL && opts[i].help != NULL; i++) {
		if (opts[i].type == MW_OPT_DESCRIBE)
			continue;
		if (opts[i].short_name != 0 ? opts[i].short_name == c :
		    LONG_VAL + (int)i == c)
			return &opts[i];
	}
	return NULL;
}

int
cmd_parse(struct mw_ctx *ctx, const struct mw_cmd *cmd, int argc,
    char **argv, void *opts)
{
	struct option *longs;
	char spec[160];
	int c, rc = CMD_RUN;

	getopt_spec(cmd->opts, spec, sizeof(spec), &longs);
	opterr = 0;
	optind = 0;		/* GNU getopt: start over */
	while (rc == CMD_RUN &&
	    (c = getopt_long(argc, argv, spec, longs, NULL)) != -1) {
		const struct mw_opt *o;

		if (c == 'h') {
			rc = cmd_help(cmd);
		} else if (c == '?') {
			if (optopt != 0)
				rc = cmd_usage_error(ctx, "unknown option -%c",
				    optopt);
			else
				rc = cmd_usage_error(ctx, "unknown option %s",
				    argv[optind - 1]);
		} else if (c == ':') {
			rc = cmd_usage_error(ctx, "option %s needs an argument",
			    argv[optind - 1]);
		} else if ((o = opt_row(cmd->opts, c)) != NULL &&
		    opt_store(ctx, o, opts, optarg) != 0) {
			rc = MW_EXIT_USAGE;
		}
	}
	free(longs);
	if (rc != CMD_RUN)
		return rc;
	ctx->args = argv + optind;
	ctx->nargs = argc - optind;
	if (cmd->operands != CMD_ANY_OPERANDS && ctx->nargs > cmd->operands)
		return cmd_usage_error(ctx, "unexpected argument '%s'",
		    ctx->args[cmd->operands]);
	return CMD_RUN;
}

/* ---- the global options --------------------------------------------- */

static int
set_color(struct mw_ctx *ctx, void *opts, const char *when)
{
	(void)opts;
	if (when == NULL || *when == '\0' || strcmp(when, "auto") == 0)
		ctx->color = MW_COLOR_AUTO;
	else if (strcmp(when, "always") == 0)
		ctx->color = MW_COLOR_ALWAYS;
	else if (strcmp(when, "never") == 0)
		ctx->color = MW_COLOR_NEVER;
	else
		return cmd_usage_error(ctx,
		    "--color takes auto, always or never, not '%s'", when);
	return 0;
}

static int
set_proc_root(struct mw_ctx *ctx, void *opts, const char *dir)
{
	(void)opts;
	if (dir == NULL || *dir == '\0')
		return cmd_usage_error(ctx,
		    "option --proc-root needs a directory");
	ctx->proc_root = dir;
	return 0;
}

/*
 * The global row arg names ("--json", "--color=never"; "--colour" too),
 * with *value its "=VALUE" or NULL; NULL when none.
 */
static const struct mw_opt *
global_row(const char *arg, const char **value)
{
	if (strncmp(arg, "--colour", 8) == 0 &&
	    (arg[8] == '\0' || arg[8] == '='))
		arg = arg[8] == '=' ? "--color=" : "--color";
	for (const struct mw_opt *o = global_opts; o->help != NULL; o++) {
		size_t n;

		if (o->type == MW_OPT_DESCRIBE || strncmp(arg, "--", 2) != 0)
			continue;
		n = strlen(o->long_name);
		if (strncmp(arg + 2, o->long_name, n) != 0)
			continue;
		if (arg[2 + n] == '\0') {
			*value = NULL;
			return o;
		}
		if (arg[2 + n] == '=' && o->type != MW_OPT_FLAG) {
			*value = arg + 2 + n + 1;
			return o;
		}
	}
	return NULL;
}

int
cmd_take_globals(struct mw_ctx *ctx, int argc, char **argv)
{
	int i, out = 1;
	bool color_set = false;

	for (i = 1; i < argc; i++) {
		char *a = argv[i];
		const struct mw_opt *o;
		const char *v;

		if (strcmp(a, "--") == 0) {
			while (i < argc)
				argv[out++] = argv[i++];
			break;
		}
		if ((o = global_row(a, &v)) == NULL) {
			argv[out++] = a;
			continue;
		}
		if (v == NULL && takes_arg(o) && i + 1 < argc)
			v = argv[++i];
		if (v == NULL && o->type == MW_OPT_CALL_OPT)
			v = "";
		if (opt_store(ctx, o, ctx, v) != 0)
			return -1;
		if (o->fn == set_color)
			color_set = true;
	}
	argv[out] = NULL;
	if (!color_set && getenv("NO_COLOR") != NULL &&
	    *getenv("NO_COLOR") != '\0')
		ctx->color = MW_COLOR_NEVER;
	ctx->use_color = ctx->color == MW_COLOR_ALWAYS ||
	    (ctx->color == MW_COLOR_AUTO && isatty(STDOUT_FILENO));
	return out;
}

