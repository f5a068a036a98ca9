#!/bin/sh
# tests/cli/main.sh: the command line itself: help, version, target
# resolution, exit statuses and one-line errors.
set -u
. "${MW_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"
mw=$MEMWATCH
src=$MW_SRCDIR
tree=$src/samples/proc/debian12-6.18-a
# t STATUS DESC CMD...: CMD exits STATUS; its output into $out and $err.
t() {
	local want=$1 what=$2

	shift 2
	out=$("$@" 2>"$MW_TMP/err")
	got=$?
	err=$(cat "$MW_TMP/err")
	is "$got" "$want" "$what" || diag "stderr: $err"
}
one_line() { [ "$(printf '%s\n' "$err" | wc -l)" -eq 1 ] && case $err in memwatch:*) true ;; *) false ;; esac; }

t 0 "--help exits 0" "$mw" --help
ok "--help lists every command" sh -c "echo \"\$1\" | grep -q 'PID explain' && echo \"\$1\" | grep -q 'system snapshot' && echo \"\$1\" | grep -q 'capture'" _ "$out"
t 0 "--version" "$mw" --version
ok "version string" sh -c "echo \"\$1\" | grep -Eq '^memwatch [0-9]+\.[0-9]+'" _ "$out"
t 2 "--version with an argument is a usage error" "$mw" --version extra
ok "--version extra: one line naming the argument" sh -c "echo \"\$1\" | grep -q \"takes no argument, not 'extra'\"" _ "$err"
t 2 "no arguments is a usage error" "$mw"
t 2 "unknown command" "$mw" frobnicate
ok "unknown command: one line naming it" sh -c "echo \"\$1\" | grep -q \"unknown command 'frobnicate'\"" _ "$err"
ok "unknown command: points at --help" one_line
t 2 "unknown global option" "$mw" --frob
t 2 "pid 0 is refused" "$mw" 0
t 2 "a negative pid is refused" "$mw" -- -5
t 1 "no such process" "$mw" 4194304
ok "no such process: one line, what to do" sh -c "echo \"\$1\" | grep -q 'no such process 4194304.*ps'" _ "$err"
t 2 "unknown command after a pid" "$mw" self frob
t 2 "--color with a bad word" "$mw" --color=sometimes --help
t 1 "--proc-root that does not exist" "$mw" --proc-root /nonexistent/dir 1 snapshot
ok "bad proc root named" sh -c "echo \"\$1\" | grep -q '/nonexistent/dir'" _ "$err"
t 2 "self with --proc-root" "$mw" --proc-root "$tree" self snapshot
t 2 "snapshot: unknown option" "$mw" self snapshot --frob
t 2 "snapshot: -o without a file" "$mw" self snapshot -o
t 0 "snapshot --help" "$mw" self snapshot --help
ok "command help names its options" sh -c "echo \"\$1\" | grep -q -- '--output'" _ "$out"

# "-o -" is standard output, never a file named "-".
dash=$(mktemp -d /tmp/mw-dash.XXXXXX)
(cd "$dash" && "$mw" --proc-root "$tree" 1185 snapshot -o - > out.json && "$mw" export -o - > out.prom)
ok "snapshot -o - and export -o - write to standard output" sh -c "[ ! -e '$dash/-' ] && jq -e '.kind == \"process-snapshot\"' '$dash/out.json' >/dev/null && tail -1 '$dash/out.prom' | grep -q '^# EOF'"
rm -rf "$dash"

# Global options after the command, --proc-root with = and with a space.
t 0 "snapshot of a captured pid" "$mw" 1185 snapshot --proc-root "$tree"
ok "captured snapshot is a process-snapshot" sh -c "echo \"\$1\" | jq -e '.kind == \"process-snapshot\" and .schema == 1 and .process.pid == 1185' >/dev/null" _ "$out"
t 0 "--proc-root=DIR form" "$mw" --proc-root="$tree" 1185 snapshot
ok "the kernel release comes from the capture" sh -c "echo \"\$1\" | jq -e --arg k \"\$(cat \$2/kernel-release)\" '.kernel == \$k' >/dev/null" _ "$out" "$tree"

# Live: memwatch's totals equal the kernel's. The helper is linked
# statically where the C library allows, so no page of it is shared with
# the readers (whose own mappings would move a shared page's PSS).
start_sample tests/helpers/diff_helper touch ||
	bail_out "diff_helper did not start"
sp=$(sample_pid)
# PSS of shared pages moves when other processes come and go: read the
# kernel's rollup before and after memwatch, and judge only a reading
# where the two agree (the process held still). A settled reading that
# differs is tried again: the rollup may have moved and come back while
# memwatch read; up to 30 tries, and only memwatch wrong every time fails.
same=unsettled
roll() { awk '/^(Rss|Pss):/ {printf "%s ", $2 * 1024}' /proc/$sp/smaps_rollup; }
for try in $(seq 30); do
	before=$(roll)
	out=$("$mw" $sp snapshot --json)
	after=$(roll)
	[ "$before" = "$after" ] || continue
	set -- $after
	vsz=$(awk '/^VmSize:/ {print $2 * 1024}' /proc/$sp/status)
	if echo "$out" | jq -e --argjson r "$1" --argjson p "$2" --argjson v "$vsz" \
	    '.totals.rss == $r and .totals.pss == $p and .totals.size == $v' >/dev/null; then
		same=yes
		break
	fi
	same=no
	diag "try $try: rollup $after, VmSize $vsz; memwatch $(echo "$out" | jq -c .totals)"
done
desc="totals: rss, pss equal smaps_rollup, size equals VmSize"
if [ $same = unsettled ]; then
	skip "the machine never held still for 30 readings"
else
	is "$same" yes "$desc"
fi
ok "every mapping has a kind" sh -c "echo \"\$1\" | jq -e '[.vmas[] | select(.kind == null)] | length == 0' >/dev/null" _ "$out"
done_testing
