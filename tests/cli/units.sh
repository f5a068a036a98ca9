#!/bin/bash
# tests/cli/units.sh: one unit style in every command's text, and --bytes
# holding everywhere (tables, sentences, notes, labels). Each command runs
# on a capture (samples/proc, samples/cgroup, tests/data/oom), or live where
# it reads only the live machine (top, leaks), twice: without --bytes no
# other style (KiB, MiB, kB) may appear, with --bytes no amount in units
# (a figure followed by K, M, G, T, P, E or B) may; and no typed amount may
# leak unformatted.
. "${MW_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

P=$MW_SRCDIR/samples/proc/debian12-6.18-a
Q=$MW_SRCDIR/samples/proc/debian12-6.18-b
T=$MW_TMP
units='[0-9](\.[0-9])?[KMGTPE]\b|[0-9]B\b'
other='[0-9] ?[KMGTPE]iB\b|[0-9] ?kB\b'
raw=$'\x1f|\\\\x1f'

# Inputs: snapshots of the captures, a kernel log with an OOM kill, a
# recording of this shell.
"$MEMWATCH" --proc-root "$P" 1185 snapshot -o "$T/p1.json" &&
    "$MEMWATCH" --proc-root "$Q" 2684 snapshot -o "$T/p2.json" &&
    "$MEMWATCH" --proc-root "$P" system snapshot -o "$T/s1.json" &&
    "$MEMWATCH" --proc-root "$Q" system snapshot -o "$T/s2.json"
ok "snapshots of the captures" test $? -eq 0
mkdir -p "$T/kmsg/dev" &&
    cp "$MW_SRCDIR/tests/data/oom/linux-6.18-memcg-v1-local.dmesg" "$T/kmsg/dev/kmsg"
ok "a kernel log with an OOM kill" test $? -eq 0
start_sample growth leak 2M || bail_out "growth leak did not start"
timeout 30 "$MEMWATCH" "$(sample_pid)" watch -i 0.1 -d 1 --record "$T/growth.rec" \
    >/dev/null 2>&1
ok "a short recording of a growing process" test $? -eq 0
timeout 30 "$MEMWATCH" leaks -i 0.1 -d 0.3 --top 5 --record "$T/leaks.rec" >/dev/null 2>&1
ok "a short leaks recording" test $? -eq 0

cg=$MW_SRCDIR/samples/cgroup/cgroup2-oom-6.1
cmds=(
	"--proc-root $P 1185 show"
	"--proc-root $P 1185 explain"
	"diff $T/p1.json $T/p2.json --force --all"
	"diff $T/p1.json $T/p1.json"
	"--proc-root $P system show"
	"--proc-root $P system explain"
	"--proc-root $P system account"
	"--proc-root $P zones"
	"--proc-root $P buddy"
	"--proc-root $P slabs"
	"--proc-root $P pressure -i 0.1"
	"diff $T/s1.json $T/s2.json"
	"--proc-root $cg cgroups"
	"--proc-root $cg cgroup /user.slice/user-1000.slice/dans-slice show"
	"--proc-root $cg cgroup /user.slice/user-1000.slice/dans-slice explain"
	"--proc-root $T/kmsg oom"
	"watch --from $T/growth.rec"
	"leaks --from $T/leaks.rec"
	"top -b -n 1 --top 5"
	"self pages"
)
# eBPF stacks need root and a kernel that allows them.
if timeout 30 "$MEMWATCH" self stacks -d 0.2 >/dev/null 2>&1; then
	cmds+=("$(sample_pid) stacks -d 0.5")
else
	skip "stacks: eBPF not available here" 3
fi
for c in "${cmds[@]}"; do
	# shellcheck disable=SC2086
	timeout 60 "$MEMWATCH" $c >"$T/h.txt" 2>"$T/h.err"
	rc=$?
	# shellcheck disable=SC2086
	timeout 60 "$MEMWATCH" $c --bytes >"$T/b.txt" 2>"$T/b.err"
	rb=$?
	name=${c//$MW_SRCDIR\//}
	name=${name//$T\//}
	if [ $rc -ne 0 ] || [ $rb -ne 0 ] || [ ! -s "$T/h.txt" ]; then
		ok false "$name: runs ($rc, $rb: $(head -c 200 "$T/h.err" "$T/b.err"))"
		continue
	fi
	# file names below the random temporary directory left out
	sed -i "s|$T/[^ ]*|FILE|g; s|$MW_SRCDIR/[^ ]*|FILE|g" "$T/h.txt" "$T/b.txt"
	bad=$(grep -E "$other" "$T/h.txt" | head -3)
	is "$bad" "" "$name: only the one unit style"
	bad=$(grep -E "$units|$other" "$T/b.txt" | head -3)
	is "$bad" "" "$name --bytes: no amount in units"
	bad=$(cat "$T/h.txt" "$T/b.txt" | grep -aE "$raw" | head -3)
	is "$bad" "" "$name: every typed amount formatted"
done

# The sentences follow --bytes, and say the same amounts either way.
h=$("$MEMWATCH" --proc-root "$P" 1185 explain | tr '\n' ' ' | tr -s ' ')
b=$("$MEMWATCH" --proc-root "$P" 1185 explain --bytes | tr '\n' ' ' | tr -s ' ')
vsz=$(jq -r .totals.size "$T/p1.json")
like "$b" "The process has $vsz bytes of address space \\(VSZ\\)" \
    "explain --bytes: VSZ to the byte ($vsz)"
like "$h" "The process has 5\\.2M of address space \\(VSZ\\)" \
    "explain: VSZ in units (5.2M)"
j=$("$MEMWATCH" --proc-root "$P" 1185 explain --json)
is "$(jq -r '.findings[] | select(.id == "vsz-rss") | .amounts[0]' <<<"$j")" "$vsz" \
    "JSON: a finding's amounts as integers"
like "$(jq -r '.findings[] | select(.id == "vsz-rss") | .text' <<<"$j")" "5\\.2M of address" \
    "JSON: its text in units"
n=$("$MEMWATCH" diff "$T/p1.json" "$T/p1.json" --bytes | grep -c "Size $vsz bytes")
is "$n" 1 "diff --bytes: the notes in bytes too"
done_testing
