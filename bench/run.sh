#!/bin/sh
# bench/run.sh: memwatch against the kernel's own cost, measured in one run.
#
# Every figure is a median of REPEAT runs (bench/measure) and is printed as a
# ratio to its floor measured in the same run: cat of the same /proc file,
# or a plain C loop over every smaps_rollup (and stat). Workloads are started
# here and killed by pid on exit. Each ratio is the median of its rounds,
# with the least and largest in brackets. Environment: MEMWATCH, BENCH_BIN
# (built by `make bench`), REPEAT (default 21: one round of show at 60,000
# mappings ranges from 0.7x to 2x of its floor on a shared virtual machine,
# so a median of 7 moves by more than a target's margin), SIZES (default
# "1000 10000 60000"), FARM (default 500), LARGE ("P M", default "100 1000":
# P processes of M mappings and 1 GiB reserved each), SCALE (default empty;
# "5000 2000": top -b at 5,000 processes and the live view at 2,000), ONLY
# (default empty; "diff": only the diff rows, at the sizes of SIZES).
set -u
mw=${MEMWATCH:?}
bin=${BENCH_BIN:?}
repeat=${REPEAT:-21}
sizes=${SIZES:-"1000 10000 60000"}
farm=${FARM:-500}
large=${LARGE:-"100 1000"}
scale=${SCALE:-}
only=${ONLY:-}
tmp=$(mktemp -d /tmp/memwatch-bench.XXXXXX)
pids=""
sock=mwbench$$
nfifo=0
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null; done
	if command -v tmux >/dev/null; then
		tmux -L "$sock" kill-server 2>/dev/null
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP	# exit runs cleanup

# measure CMD... [--- CMD...] -> a line "wall_ns cpu_ns maxrss_kb user_ns
# wall_x cpu_x" per command (medians; the largest RSS; the median of each
# round's ratio to the first command, x1000). Several commands run in
# turn, one run each per round, so the machine's load falls on them alike.
measure() {
	"$bin/measure" -r "$repeat" -- "$@" | sed 's/[a-z_]*=//g'
}
# pair FLOOR... --- CMD...: sets $fl and $it to their measure lines.
pair() {
	_out=$(measure "$@")
	fl=$(echo "$_out" | sed -n 1p)
	it=$(echo "$_out" | sed -n 2p)
}
# field N LINE: the Nth number of a measure line (1 wall, 2 cpu, 3 rss,
# 4 user, 5 and 6 the ratios to the first command, 7 to 10 their spread).
field() { echo "$2" | cut -d' ' -f"$1"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
# row NAME FLOOR VALUE TARGET, FLOOR and VALUE as measure printed them
# ("wall cpu rss"): the wall-clock ratio, judged against TARGET, then the
# CPU-time ratio, which other load on the machine disturbs far less.
# The ratios are the medians of each round's ratio (measure's wall_x and
# cpu_x): runs seconds apart, under the same load.
row() {
	# NAME, the floor's 10 numbers, memwatch's 10, TARGET:
	# wall cpu rss user wall_x cpu_x wall_lo wall_hi cpu_lo cpu_hi
	set -- "$1" $2 $3 "$4"
	x() { awk -v x="$1" 'BEGIN { printf "%.2f", x / 1000 }'; }
	r=$(x "${16}") rc=$(x "${17}")
	sp="[$(x "${18}")-$(x "${19}")]" spc="[$(x "${20}")-$(x "${21}")]"
	verdict=$(awk -v r="$r" -v t="${22}" 'BEGIN { print (t == "-" ? "" : (r <= t ? "ok" : "OVER")) }')
	vc=$(awk -v r="$rc" -v t="${22}" 'BEGIN { print (t == "-" ? "" : (r <= t ? "ok" : "OVER")) }')
	printf '%-36s %9.2f ms %9.2f ms %6sx %-11s %-4s cpu %6sx %-11s %-4s target %s\n' "$1" \
	    "$(awk -v n="$2" 'BEGIN { print n / 1e6 }')" \
	    "$(awk -v n="${12}" 'BEGIN { print n / 1e6 }')" "$r" "$sp" "$verdict" \
	    "$rc" "$spc" "$vc" "${22}"
}
# cpu_split FLOOR CMD: where the time goes, user and kernel CPU of each.
# The kernel splits a process's CPU time by sampling at its tick (4 ms at
# 250 Hz): shown only for runs of 50 ms or more.
cpu_split() {
	awk -v fc="$(field 2 "$1")" -v fu="$(field 4 "$1")" \
	    -v mc="$(field 2 "$2")" -v mu="$(field 4 "$2")" 'BEGIN {
		if (mc < 50e6) exit
		printf "        cpu (tick-sampled): memwatch %.0f ms user + %.0f ms kernel; floor %.0f ms user + %.0f ms kernel\n",
		    mu / 1e6, (mc - mu) / 1e6, fu / 1e6, (fc - fu) / 1e6 }'
}

# start_workload NAME ARGS...: run it with stdin on a FIFO, wait for "ready".
start_workload() {
	nfifo=$((nfifo + 1))
	fifo=$tmp/in.$nfifo.${1##*/}
	out=$tmp/out.$nfifo.${1##*/}
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
	pids=$(echo $pids | tr ' ' '\n' | grep -vx "$wpid" | tr '\n' ' ')
}
# callgrind_total FILE: the program's instruction count.
callgrind_total() {
	callgrind_annotate "$1" 2>/dev/null |
	    awk '/PROGRAM TOTALS/ {gsub(",", "", $1); print $1; exit}'
}

echo "memwatch bench: $(uname -r), $(nproc) CPUs, $(date -u +%Y-%m-%dT%H:%M:%SZ), median of $repeat"
echo "load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
printf '%-36s %12s %12s %7s %5s %12s\n' "what" "floor" "memwatch" "wall" "" "cpu"

first=$(echo $sizes | awk '{print $1}')
last=$(echo $sizes | awk '{print $NF}')
# The instruction counts use 10,000 mappings when measured (a 60,000-row
# diff takes minutes under callgrind), else the largest size.
cgn=$last
for n in $sizes; do [ "$n" = 10000 ] && cgn=10000; done

base_rss=$(field 3 "$(measure "$mw" --version)")

for n in $sizes; do
	start_workload "$bin/manymaps" "$n"
	pid=$wpid
	if [ "$only" != diff ]; then
		pair cat /proc/$pid/smaps --- "$mw" "$pid"
		show_rss=$(field 3 "$it")
		eval "show_rss_$n=\$show_rss"
		row "show, $n mappings" "$fl" "$it" 1.2
		cpu_split "$fl" "$it"
		pair cat /proc/$pid/smaps --- "$mw" "$pid" snapshot
		snap_rss=$(field 3 "$it")
		row "snapshot JSON, $n mappings" "$fl" "$it" 1.6
		cpu_split "$fl" "$it"
		if command -v pmap >/dev/null; then
			pair cat /proc/$pid/smaps --- pmap -XX "$pid"
			row "(peer) pmap -XX, $n mappings" "$fl" "$it" -
	fi
	pair cat /proc/$pid/smaps_rollup --- "$mw" top -b -n 1 --json --pid "$pid"
	row "totals only (top row), $n mappings" "$fl" "$it" 1.2
	echo "    peak RSS: show $show_rss KiB ($(awk -v k="$show_rss" -v b="$base_rss" -v n="$n" 'BEGIN { printf "%.0f", (k - b) * 1024 / n }') B/mapping above start-up, fixed buffers included), snapshot $snap_rss KiB (target 8192 KiB), memwatch --version $base_rss KiB"
	fi
	if [ "$n" = "$cgn" ] && command -v valgrind >/dev/null; then
		# diff of two saved snapshots in instructions (callgrind:
		# repeatable on a busy machine), per mapping read.
		"$mw" "$pid" snapshot -o "$tmp/a.json"
		"$mw" "$pid" snapshot -o "$tmp/b.json"
		valgrind --tool=callgrind --callgrind-out-file="$tmp/cg.diff" \
		    "$mw" diff "$tmp/a.json" "$tmp/b.json" --json >/dev/null 2>&1
		total=$(callgrind_total "$tmp/cg.diff")
		echo "    diff of two $n-mapping snapshots: $total instructions, $(awk -v t="$total" -v n="$n" 'BEGIN { printf "%.0f", t / (2 * n) }') a mapping read (callgrind)"
	fi
	if [ "$n" = "$last" ]; then
		"$mw" "$pid" snapshot -o "$tmp/a.json"
		"$mw" "$pid" snapshot -o "$tmp/b.json"
		pair cat "$tmp/a.json" "$tmp/b.json" --- \
		    "$mw" diff "$tmp/a.json" "$tmp/b.json" --json
		row "diff of two $n-mapping files (vs cat)" "$fl" "$it" 3
		cpu_split "$fl" "$it"
		echo "        peak RSS: diff $(field 3 "$it") KiB (target 32768 KiB), the two files $(( ($(stat -c %s "$tmp/a.json") + $(stat -c %s "$tmp/b.json")) / 1024 )) KiB"
	fi
	stop_workload
done

# system diff: two system snapshots a second apart, against cat of the two.
"$mw" system snapshot -o "$tmp/s1.json"
sleep 1
"$mw" system snapshot -o "$tmp/s2.json"
pair cat "$tmp/s1.json" "$tmp/s2.json" --- \
    "$mw" diff "$tmp/s1.json" "$tmp/s2.json" --json
row "system diff of two snapshots (vs cat)" "$fl" "$it" -
echo "        peak RSS: diff $(field 3 "$it") KiB, the two files $(( ($(stat -c %s "$tmp/s1.json") + $(stat -c %s "$tmp/s2.json")) / 1024 )) KiB"
if [ "$only" = diff ]; then
	echo
	echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
	exit 0
fi

if [ "$first" != "$last" ]; then
	eval "a=\$show_rss_$first b=\$show_rss_$last"
	echo "table memory per mapping: $(awk -v a="$a" -v b="$b" -v m="$first" -v n="$last" 'BEGIN { printf "%.0f", (b - a) * 1024 / (n - m) }') B (peak RSS of show, $first to $last mappings; target 300 B)"
fi
if command -v valgrind >/dev/null && [ "$first" != "$cgn" ]; then
	# Instructions per mapping: the difference between two sizes, so
	# start-up and the fixed costs drop out.
	for what in show snapshot; do
		for n in "$first" "$cgn"; do
			start_workload "$bin/manymaps" "$n"
			valgrind --tool=callgrind --callgrind-out-file="$tmp/cg.$what.$n" \
			    "$mw" "$wpid" "$what" >/dev/null 2>&1
			eval "ir_$n=\$(callgrind_total \"$tmp/cg.$what.$n\")"
			stop_workload
		done
		eval "a=\$ir_$first b=\$ir_$cgn"
		echo "user instructions per mapping, $what: $(awk -v a="$a" -v b="$b" -v n="$cgn" -v m="$first" 'BEGIN { printf "%.0f", (b - a) / (n - m) }') (callgrind, $first to $cgn mappings; target 6000)"
	done
	echo "where show's instructions go ($cgn mappings, callgrind_annotate):"
	callgrind_annotate "$tmp/cg.show.$cgn" 2>/dev/null |
	    awk '/^ *[0-9,]+ \(/ && !/PROGRAM TOTALS/ { sub(/ \[.*/, ""); print "    " $0 }' | head -12
fi

# live_ratio: the live view (top -d 1 in a detached tmux pane) for 20 s
# against the naive floor (every smaps_rollup read once) run once a second
# in the same 20 s; CPU from /proc/PID/schedstat (nanoseconds).
live_ratio() {
	tmux -L "$sock" new-session -d -x 120 -y 40 "exec $mw top -d 1"
	sleep 3
	tpid=$(tmux -L "$sock" display-message -p '#{pane_pid}')
	t0=$(cut -d' ' -f1 /proc/$tpid/schedstat)
	w0=$(date +%s%N)
	fsum=0
	i=0
	while [ $i -lt 20 ]; do
		f=$(field 2 "$(measure_once "$bin/rollup-floor")")
		fsum=$((fsum + f))
		sleep 1
		i=$((i + 1))
	done
	t1=$(cut -d' ' -f1 /proc/$tpid/schedstat)
	w1=$(date +%s%N)
	tmux -L "$sock" kill-server
	awk -v a="$t0" -v b="$t1" -v w="$((w1 - w0))" -v f="$fsum" -v p="$1" -v t="$2" 'BEGIN {
		live = (b - a) / w; floor = f / 20 / 1e9
		r = floor > 0 ? live / floor : 0
		printf "live view at 1 s, %d processes: %.2f%% of a core, the floor (every rollup once a second) %.2f%%: %.2fx %s target %s\n",
		    p, live * 100, floor * 100, r, (r <= t ? "ok" : "OVER"), t }'
}
measure_once() {
	"$bin/measure" -r 1 -- "$@" | sed 's/[a-z_]*=//g'
}
# top_row LABEL: top -b -n 1 against reading every rollup and stat.
top_row() {
	pair "$bin/rollup-floor" -s --- "$mw" top -b -n 1
	row "top -b -n 1, $1, $(ls /proc | grep -c '^[0-9]') processes" "$fl" "$it" 1.1
}

echo
start_workload "$bin/farm" "$farm"
top_row "farm of $farm"
if command -v tmux >/dev/null; then
	live_ratio "$(ls /proc | grep -c '^[0-9]')" 0.5
fi
# leaks at 1 s over the same processes (and the slab caches): its CPU share,
# to hold against the live view's.
"$mw" leaks -i 1 -d 23 >/dev/null 2>&1 &
lpid=$!
pids="$pids $lpid"
sleep 2
t0=$(awk '{print $14 + $15}' /proc/$lpid/stat)
sleep 20
t1=$(awk '{print $14 + $15}' /proc/$lpid/stat)
wait "$lpid"
hz=$(getconf CLK_TCK)
echo "leaks at 1 s: $(awk -v a="$t0" -v b="$t1" -v hz="$hz" 'BEGIN { printf "%.1f", (b - a) / hz / 20 * 100 }')% of a core (target: no more than the live view)"
stop_workload
start_workload "$bin/farm" $large
top_row "$(echo $large | cut -d' ' -f1) of $(echo $large | cut -d' ' -f2) mappings"
stop_workload
if [ -n "$scale" ]; then
	start_workload "$bin/farm" "$(echo $scale | cut -d' ' -f1)"
	top_row "farm of $(echo $scale | cut -d' ' -f1)"
	stop_workload
	if command -v tmux >/dev/null; then
		start_workload "$bin/farm" "$(echo $scale | cut -d' ' -f2)"
		live_ratio "$(ls /proc | grep -c '^[0-9]')" 0.5
		stop_workload
	fi
fi

echo
# Each against cat of the files it reads: buddy reads pagetypeinfo too
# (where readable), slabs meminfo for the share of slab in memory.
for c in zones buddy slabs; do
	case $c in
	zones) files=/proc/zoneinfo ;;
	buddy) files="/proc/buddyinfo /proc/pagetypeinfo" ;;
	slabs) files="/proc/meminfo /proc/slabinfo" ;;
	esac
	readable=""
	for f in $files; do [ -r "$f" ] && readable="$readable $f"; done
	[ -n "$readable" ] || continue
	pair cat $readable --- "$mw" $c
	row "$c (cat$(echo "$readable" | sed 's| /proc/| |g'))" "$fl" "$it" 1.2
done
echo
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
