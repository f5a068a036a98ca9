#!/bin/bash
# tests/tui/cgroup.sh: the live view's CGROUP column (o) and its totals per
# memory cgroup (O), live on this machine's v1 memory controller: a cgroup
# made here (below this test's own memory cgroup: the path is long, so the
# column cuts its start and keeps the leaf), two samples moved into it,
# the group's totals against the sum of its rows in the same frame, and a
# group opened and closed. Every wait is a bounded poll of capture-pane.
. "${MW_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

if ! command -v tmux >/dev/null 2>&1; then
	skip_all "tmux is not installed (apt-get install tmux)"
fi
root=/sys/fs/cgroup/memory
if [ ! -w "$root" ] || [ ! -f "$root/memory.limit_in_bytes" ]; then
	skip_all "no writable v1 memory controller at $root"
fi

# Our own memory cgroup ("4:memory:/process_api/..."): the test's goes below.
own=$(sed -n 's/^[0-9]*:\([^:]*,\)\{0,1\}memory\(,[^:]*\)\{0,1\}:\(.*\)$/\3/p' /proc/self/cgroup)
[ -n "$own" ] || skip_all "this process is in no v1 memory cgroup"
leaf=mw-tuicg-$$
cgpath=${own%/}/$leaf
dir=$root$cgpath
sock=mwtuicg-$$
T() { tmux -L "$sock" "$@"; }
cleanup() {
	T kill-server 2>/dev/null
	stop_all
	if [ -d "$dir" ]; then
		while read -r p; do kill -KILL "$p" 2>/dev/null; done <"$dir/cgroup.procs"
		wait_for -t 10 test ! -s "$dir/cgroup.procs"
		rmdir "$dir" 2>/dev/null
	fi
}
trap cleanup EXIT
trap 'exit 1' INT TERM

# pane_has ERE: the pane, captured once into $MW_TMP/pane, matches.
pane_has() {
	T capture-pane -p >"$MW_TMP/pane" 2>/dev/null && grep -Eq -- "$1" "$MW_TMP/pane"
}
# wait_pane ERE [SECONDS]: poll until it does; show the pane if it never does.
wait_pane() {
	wait_for -t "${2:-10}" pane_has "$1" && return 0
	diag "timed out waiting for '$1'; the pane was:"
	sed 's/^/#   /' "$MW_TMP/pane"
	return 1
}

mkdir "$dir" || bail_out "cannot create $dir"
echo $((256 << 20)) >"$dir/memory.limit_in_bytes" || bail_out "cannot set a limit on $dir"
start_sample lazy-alloc --fill 4194304 || bail_out "lazy-alloc did not start"
p1=$(sample_pid lazy-alloc)
start_sample lazy-alloc --fill 2097152 || bail_out "a second lazy-alloc did not start"
p2=$(sample_pid lazy-alloc.2)
echo "$p1" >"$dir/cgroup.procs" && echo "$p2" >"$dir/cgroup.procs" ||
	bail_out "cannot move the samples into $dir"
ok "both samples are in $cgpath" grep -qx "$p2" "$dir/cgroup.procs"

# Exact bytes (--bytes) so that sums can be checked; only these two.
T new-session -d -x 200 -y 40 "$MEMWATCH" --bytes --color=never top -d 0.3 \
    -p "$p1,$p2" || bail_out "tmux did not start"
wait_pane '^memwatch top - 2 processes'
ok "the view lists the two samples" test $? = 0
T send-keys o
wait_pane "^ +$p1 .* (~|/)[^ ]*/$leaf *$"
ok "o: the CGROUP column shows the sample's cgroup, its leaf kept" test $? = 0
row=$(grep -E "^ +$p1 " "$MW_TMP/pane")
cell=${row##* }
if [ "${#cgpath}" -gt "${#cell}" ] || [ "${cell#\~}" != "$cell" ]; then
	like "$cell" "^~.*/$leaf\$" "a path longer than the column loses its start, marked ~ ($cell)"
else
	is "$cell" "$cgpath" "the whole path when it fits"
fi
wait_pane "^ +$p2 .*/$leaf *$"
ok "the second sample too" test $? = 0

T send-keys O
wait_pane '^memwatch top - totals per memory cgroup: 1 rows, 2 processes'
ok "O: totals per memory cgroup, one group" test $? = 0
wait_pane "^\\+ $cgpath +2 +0 "
ok "the group is named by its whole path, 2 processes, none unreadable" test $? = 0
like "$(grep -E "^\\+ $cgpath " "$MW_TMP/pane")" " [0-9]+ +$((256 << 20))\$" \
    "the group shows the cgroup's usage and its 256 MiB limit"
T send-keys Enter
wait_pane "^- $cgpath +2 "
ok "Enter opens the group" test $? = 0
wait_pane "^ +$p1 lazy-alloc .*" && wait_pane "^ +$p2 lazy-alloc "
ok "its processes under it" test $? = 0
# One frame: the group's RSS and PSS are the sums of its rows'.
sums=$(awk -v g="$cgpath" '
	$1 == "-" && $2 == g { grss = $5; gpss = $6 }
	$1 ~ /^[0-9]+$/ && $2 == "lazy-alloc" { rss += $3; pss += $4; n++ }
	END { printf "%d %s %s %.0f %.0f", n, grss, gpss, rss, pss }' "$MW_TMP/pane")
read -r n grss gpss rss pss <<<"$sums"
is "$n" 2 "two rows under the group"
is "$grss" "$rss" "the group's RSS is the sum of its rows' ($grss)"
is "$gpss" "$pss" "the group's PSS is the sum of its rows' ($gpss)"
T send-keys -- -
wait_pane "^\\+ $cgpath +2 "
ok "- closes it" test $? = 0
! grep -Eq "^ +$p1 lazy-alloc" "$MW_TMP/pane"
ok "its rows are gone" test $? = 0
T send-keys '?'
wait_pane 'the CGROUP column'
ok "the help names the CGROUP column" test $? = 0
T send-keys q
done_testing
