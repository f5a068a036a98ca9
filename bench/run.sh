#!/bin/sh
# bench/run.sh: memwatch against the kernel's own cost, measured in one run.
#
# Every figure is a median of REPEAT runs (bench/measure) and is printed as a
# ratio to its floor measured in the same run: cat of the same /proc file,
# or a plain C loop over every smaps_rollup. Workloads are started here and
# killed by pid on exit. Environment: MEMWATCH, BENCH_BIN (built by
# `make bench`), REPEAT (default 7), SIZES (default "1000 10000 60000"),
# FARM (default 500).
set -u
mw=${MEMWATCH:?}
bin=${BENCH_BIN:?}
repeat=${REPEAT:-7}
sizes=${SIZES:-"1000 10000 60000"}
farm=${FARM:-500}
tmp=$(mktemp -d /tmp/memwatch-bench.XXXXXX)
pids=""
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null; done
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

# measure CMD... -> "wall_ns cpu_ns maxrss_kb"
measure() {
	"$bin/measure" -r "$repeat" -- "$@" |
	    sed 's/wall_ns=\([0-9]*\) cpu_ns=\([0-9]*\) maxrss_kb=\([0-9]*\)/\1 \2 \3/'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
# row NAME FLOOR_NS VALUE_NS TARGET
row() {
	r=$(ratio "$3" "$2")
	verdict=$(awk -v r="$r" -v t="$4" 'BEGIN { print (t == "-" ? "" : (r <= t ? "ok" : "OVER")) }')
	printf '%-34s %10.2f ms %10.2f ms %7sx  target %-5s %s\n' "$1" \
	    "$(awk -v n="$2" 'BEGIN { print n / 1e6 }')" \
	    "$(awk -v n="$3" 'BEGIN { print n / 1e6 }')" "$r" "$4" "$verdict"
}

# start_workload NAME ARGS...: run it with stdin on a FIFO, wait for "ready".
start_workload() {
	fifo=$tmp/in.${1##*/}
	out=$tmp/out.${1##*/}
	mkfifo "$fifo"
	"$@" < "$fifo" > "$out" 2>&1 &
	wpid=$!
	exec 9> "$fifo"		# keep the FIFO open: EOF ends the workload
	pids="$pids $wpid"
	i=0
	until grep -q '^ready' "$out" || [ $i -ge 600 ]; do sleep 0.1; i=$((i + 1)); done
	grep -q '^ready' "$out" || { echo "bench: $1 did not start: $(cat "$out")" >&2; exit 1; }
}
stop_workload() {
	exec 9>&-
	wait "$wpid" 2>/dev/null
}

echo "memwatch bench: $(uname -r), $(nproc) CPUs, $(date -u +%Y-%m-%dT%H:%M:%SZ), median of $repeat"
echo
printf '%-34s %13s %13s %8s\n' "what" "floor" "memwatch" "ratio"

for n in $sizes; do
	start_workload "$bin/manymaps" "$n"
	pid=$wpid
	set -- $(measure cat /proc/$pid/smaps); floor=$1
	set -- $(measure "$mw" "$pid"); show=$1 show_rss=$3
	set -- $(measure "$mw" "$pid" snapshot); snap=$1 snap_rss=$3
	row "show, $n mappings" "$floor" "$show" 1.3
	row "snapshot JSON, $n mappings" "$floor" "$snap" 1.6
	if command -v pmap >/dev/null; then
		set -- $(measure pmap -XX "$pid"); row "(peer) pmap -XX, $n mappings" "$floor" "$1" -
	fi
	set -- $(measure cat /proc/$pid/smaps_rollup); rfloor=$1
	set -- $(measure "$mw" top -b -n 1 --json --pid "$pid"); row "totals only (top row), $n mappings" "$rfloor" "$1" 1.2
	echo "    peak RSS: show $show_rss KiB ($(awk -v k="$show_rss" -v n="$n" 'BEGIN { printf "%.0f", k * 1024 / n }') B/mapping), snapshot $snap_rss KiB"
	if [ "$n" = 60000 ] || [ "$n" = "$(echo $sizes | awk '{print $NF}')" ]; then
		"$mw" "$pid" snapshot -o "$tmp/a.json"
		"$mw" "$pid" snapshot -o "$tmp/b.json"
		if command -v valgrind >/dev/null; then
			valgrind --tool=callgrind --callgrind-out-file="$tmp/cg.diff" \
			    "$mw" diff "$tmp/a.json" "$tmp/b.json" --json >/dev/null 2>&1
			total=$(callgrind_annotate "$tmp/cg.diff" 2>/dev/null | awk '/PROGRAM TOTALS/ {gsub(",", "", $1); print $1}')
			load=$(callgrind_annotate --inclusive=yes "$tmp/cg.diff" 2>/dev/null |
			    awk '/mwjson_proc_snapshot_load/ {gsub(",", "", $1); print $1; exit}')
			echo "    diff of two $n-mapping snapshots: $(ratio "$total" "$load")x the instructions of loading them (target 1.10)"
		fi
	fi
	stop_workload
done

if command -v valgrind >/dev/null; then
	first=$(echo $sizes | awk '{print $1}')
	last=$(echo $sizes | awk '{print $NF}')
	for n in "$first" "$last"; do
		start_workload "$bin/manymaps" "$n"
		valgrind --tool=callgrind --callgrind-out-file="$tmp/cg.$n" \
		    "$mw" "$wpid" snapshot >/dev/null 2>&1
		eval "ir_$n=\$(callgrind_annotate \"$tmp/cg.$n\" 2>/dev/null | awk '/PROGRAM TOTALS/ {gsub(\",\", \"\", \$1); print \$1}')"
		stop_workload
	done
	eval "a=\$ir_$first b=\$ir_$last"
	echo
	echo "user instructions per mapping (snapshot, callgrind, ($last - $first) mappings): $(awk -v a="$a" -v b="$b" -v n="$last" -v m="$first" 'BEGIN { printf "%.0f", (b - a) / (n - m) }') (target 6000)"
fi

echo
start_workload "$bin/farm" "$farm"
set -- $(measure "$bin/rollup-floor"); floor=$1 floor_cpu=$2
set -- $(measure "$mw" top -b -n 1); row "top -b -n 1, $(ls /proc | grep -c '^[0-9]') processes" "$floor" "$1" 1.2
# The live view at 1 s for 20 s, in a real terminal: its CPU share.
if command -v tmux >/dev/null; then
	sock=mwbench$$
	tmux -L "$sock" new-session -d -x 120 -y 40 "$mw top -d 1"
	sleep 2
	tpid=$(pgrep -n -f "$mw top -d 1")
	t0=$(awk '{print $14 + $15}' /proc/$tpid/stat)
	sleep 20
	t1=$(awk '{print $14 + $15}' /proc/$tpid/stat)
	tmux -L "$sock" kill-server
	hz=$(getconf CLK_TCK)
	live=$(awk -v a="$t0" -v b="$t1" -v hz="$hz" 'BEGIN { printf "%.1f", (b - a) / hz / 20 * 100 }')
	fl=$(awk -v c="$floor_cpu" 'BEGIN { printf "%.1f", c / 1e9 * 100 }')
	echo "live view at 1 s: ${live}% of a core (floor: one rollup pass per second = ${fl}%; target 7%, stretch 4%)"
fi
stop_workload

echo
for f in zoneinfo buddyinfo slabinfo; do
	case $f in zoneinfo) c=zones ;; buddyinfo) c=buddy ;; slabinfo) c=slabs ;; esac
	[ -r /proc/$f ] || continue
	set -- $(measure cat /proc/$f); floor=$1
	set -- $(measure "$mw" $c); row "$c" "$floor" "$1" 1.2
done
