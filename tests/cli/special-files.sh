#!/bin/bash
# tests/cli/special-files.sh: special files in a --proc-root tree.
#
# Every file a command reads, replaced in turn by a FIFO (whose open
# blocks until a writer comes), a character device that never ends
# (/dev/zero's numbers), a UNIX socket, a directory and a symlink out of
# the tree: each command ends (bounded by timeout, so that a regression
# fails instead of hanging), exits 0 or 1 and, when it fails, says why
# in one line. Also capture from such a tree, and serve, whose signals
# must still stop it while a FIFO sits in its tree.
. "${MW_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

command -v python3 >/dev/null || skip_all "python3 is not installed"
t=$MW_TMP
cap=$MW_SRCDIR/samples/proc/debian12-6.18-a
pid=1185
limit=${MW_SPECIAL_LIMIT:-10}

mkfile() { # KIND PATH
	rm -rf "$2"
	case $1 in
	fifo) mkfifo "$2" ;;
	chr) mknod "$2" c 1 5 2>/dev/null || return 1 ;;
	sock) python3 -c 'import socket,sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' "$2" ;;
	dir) mkdir "$2" ;;
	link) ln -s /etc/passwd "$2" ;;
	esac
}

# What each position is read by.
declare -A cmds=(
	[meminfo]="system|system snapshot|system explain|export --top 5|--json system"
	[zoneinfo]="zones|system|buddy"
	[buddyinfo]="buddy|system"
	[slabinfo]="slabs|system|system diff -i 0"
	[pagetypeinfo]="buddy|system snapshot"
	[vmstat]="system|export --top 5"
	[kernel-release]="system snapshot"
	[page-size]="system|$pid"
	[$pid/smaps]="$pid|$pid explain|$pid snapshot"
	[$pid/smaps_rollup]="$pid|export --top 5"
	[$pid/status]="$pid|$pid explain"
	[$pid/stat]="$pid|$pid snapshot"
	[$pid/cmdline]="$pid"
	[$pid/comm]="$pid --json"
	[$pid/oom_score]="$pid explain"
	[$pid/pagemap]="$pid pages"
)
runs=0 hangs=0 bad=0
for pos in "${!cmds[@]}"; do
	for kind in fifo chr sock dir link; do
		rm -rf "$t/tree"
		cp -r "$cap" "$t/tree"
		mkdir -p "$(dirname "$t/tree/$pos")"
		mkfile "$kind" "$t/tree/$pos" || continue
		IFS='|' read -ra list <<<"${cmds[$pos]}"
		for c in "${list[@]}"; do
			# shellcheck disable=SC2086
			timeout -k 2 "$limit" "$MEMWATCH" --proc-root "$t/tree" $c \
			    >"$t/out" 2>"$t/err" </dev/null
			rc=$?
			runs=$((runs + 1))
			if [ $rc = 124 ] || [ $rc = 137 ]; then
				hangs=$((hangs + 1))
				diag "hang: $kind as $pos: memwatch $c"
			elif [ $rc -gt 1 ] || { [ $rc = 1 ] && [ "$(wc -l <"$t/err")" != 1 ]; }; then
				bad=$((bad + 1))
				diag "exit $rc: $kind as $pos: memwatch $c: $(head -c 300 "$t/err")"
			fi
		done
	done
done
is "$hangs" 0 "no command hangs on a special file ($runs runs)"
is "$bad" 0 "each exits 0 or 1 with one line"

# A FIFO is named for what it is: not a regular file.
mkfile fifo "$t/tree/zoneinfo"
timeout -k 2 "$limit" "$MEMWATCH" --proc-root "$t/tree" zones >/dev/null 2>"$t/err"
like "$?:$(cat "$t/err")" "^1:memwatch: cannot read .*zoneinfo \(not a regular file\)" \
    "a FIFO as zoneinfo: exit 1, not a regular file"

# capture from a tree whose files are FIFOs: they are skipped, not waited on.
rm -rf "$t/tree"
cp -r "$cap" "$t/tree"
for f in meminfo zoneinfo $pid/smaps $pid/status; do mkfile fifo "$t/tree/$f"; done
timeout -k 2 "$limit" "$MEMWATCH" --proc-root "$t/tree" capture -o "$t/cap" "$pid" >"$t/out" 2>"$t/err"
is "$?" 0 "capture from a tree of FIFOs ends, exit 0"
like "$(cat "$t/out")" "skipped: .*meminfo \(not a regular file\)" "... listing the FIFOs as skipped"

# serve: a FIFO in its tree, a scrape, then SIGTERM must end it.
if command -v curl >/dev/null; then
	# Port 0: the kernel picks a free one, serve says which.
	mkfile fifo "$t/tree/meminfo"
	"$MEMWATCH" --proc-root "$t/tree" serve --listen 127.0.0.1:0 \
	    >"$t/serve.out" 2>"$t/serve.err" &
	sp=$!
	track_pid "$sp"
	wait_for -t 10 grep -q '^serving http://127.0.0.1:[0-9]*/' "$t/serve.out"
	port=$(sed -n 's|^serving http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$t/serve.out")
	wait_for -t 10 curl -s -m 2 -o /dev/null "http://127.0.0.1:$port/metrics"
	curl -s -m 5 -o "$t/metrics" "http://127.0.0.1:$port/metrics"
	is "$?" 0 "serve with a FIFO as meminfo answers a scrape"
	kill -TERM "$sp"
	wait_for -t 5 exited "$sp"
	ok "... and SIGTERM still ends it" exited "$sp"
	reap -t 1 "$sp" 2>/dev/null
else
	skip "curl is not installed" 2
fi

done_testing
