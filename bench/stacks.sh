#!/bin/bash
# bench/stacks.sh: the cost of 'memwatch PID stacks' to the traced program.
#
# bench/mallocs makes N small allocations and frees and times its own loop.
# Each round runs it alone, under 'memwatch PID stacks --mode malloc',
# under bcc's memleak (memleak-bpfcc -p PID, when installed) and under
# 'memwatch PID stacks --mode faults', in turn, so the machine's load falls
# on all four alike; a tracer is started first and the loop begins once
# the tracer's probes are attached. Printed: each mode's slowdown (its time
# over the time alone in the same round), median and range over the rounds,
# of the loop's CPU time (user and system: the traps and BPF programs run
# for the program count, the time it waited while other programs held the
# CPUs does not; the targets are judged on it) and of its wall time.
# --mode faults costs nothing per allocation, so its run is longer (and so
# measurable): STACKS_FAULTS_N pairs, against its own run alone.
# Environment: MEMWATCH, BENCH_BIN, STACKS_N (default 100000 allocations),
# STACKS_FAULTS_N (default 10000000), STACKS_ROUNDS (default 5). Needs root
# (eBPF); skipped otherwise.
set -u
mw=${MEMWATCH:?}
bin=${BENCH_BIN:?}
n=${STACKS_N:-100000}
nf=${STACKS_FAULTS_N:-10000000}
rounds=${STACKS_ROUNDS:-5}

echo
echo "stacks: $n malloc+free pairs ($nf under --mode faults), $rounds rounds"
if [ "$(id -u)" != 0 ]; then
	echo "stacks: skipped (eBPF needs root)"
	exit 0
fi
tmp=$(mktemp -d /tmp/memwatch-bench-stacks.XXXXXX)
prog=""
tracer=""
cleanup() {
	[ -n "$tracer" ] && kill "$tracer" 2>/dev/null
	[ -n "$prog" ] && kill "$prog" 2>/dev/null
	wait 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

# memleak compiles its probes against the kernel's headers: without
# /lib/modules/RELEASE/build, Debian's linux-headers-*-common and its
# architecture's package, merged (as symbolic links) into one tree.
memleak=$(command -v memleak-bpfcc || true)
if [ -n "$memleak" ] && [ ! -d "/lib/modules/$(uname -r)/build" ]; then
	common=$(ls -d /usr/src/linux-headers-*-common 2>/dev/null | sort -V | tail -1)
	arch=${common%-common}-$(dpkg --print-architecture 2>/dev/null)
	if [ -n "$common" ] && [ -d "$arch" ]; then
		cp -as "$common/." "$tmp/khdr/" 2>/dev/null ||
		    { mkdir -p "$tmp/khdr" && cp -as "$common/." "$tmp/khdr/"; }
		cp -as --remove-destination "$arch/." "$tmp/khdr/"
		export BCC_KERNEL_SOURCE=$tmp/khdr
		echo "memleak: headers of $(basename "$arch") (no /lib/modules/$(uname -r)/build)"
	else
		echo "memleak: no kernel headers (install linux-headers-$(dpkg --print-architecture))"
		memleak=""
	fi
fi
[ -n "$memleak" ] || echo "memleak: not installed (Debian bpfcc-tools); its column is left out"

# probes PID: the tracer's perf events (one per uprobe or per thread).
probes() { ls -l "/proc/$1/fd" 2>/dev/null | grep -c 'perf_event\]'; }

# run MODE N: one run of the program under MODE; its loop's CPU and wall
# ns into $ns and $wall.
run() {
	local mode=$1 i last=-1 now steady
	attached=true
	mkfifo "$tmp/go"
	"$bin/mallocs" "$2" <"$tmp/go" >"$tmp/out" &
	prog=$!
	exec 8>"$tmp/go"
	rm -f "$tmp/go"
	case $mode in
	alone) ;;
	malloc|faults)
		"$mw" "$prog" stacks --mode "$mode" -d 1h >"$tmp/tracer.out" 2>&1 &
		tracer=$! ;;
	memleak)
		"$memleak" -p "$prog" 3600 >"$tmp/tracer.out" 2>&1 &
		tracer=$! ;;
	esac
	# attached: its probes counted, and the count steady for 3 s (memleak
	# attaches one probe at a time, each after reading the library's
	# symbols)
	if [ -n "$tracer" ]; then
		steady=0
		for i in $(seq 1 1200); do
			kill -0 "$tracer" 2>/dev/null || break
			now=$(probes "$tracer")
			if [ "$now" -gt 0 ] && [ "$now" = "$last" ]; then
				steady=$((steady + 1))
				[ "$steady" -ge 6 ] && break
			else
				steady=0
			fi
			last=$now
			sleep 0.5
		done
		if [ "$(probes "$tracer")" -eq 0 ]; then
			echo "stacks: $mode did not attach:" >&2
			tail -3 "$tmp/tracer.out" >&2
			attached=false
		fi
	fi
	echo go >&8
	exec 8>&-
	wait "$prog"
	prog=""
	if [ -n "$tracer" ]; then
		# memwatch ends its window on SIGINT; memleak, started in the
		# background of a script, ignores SIGINT: SIGTERM then
		kill -INT "$tracer" 2>/dev/null
		[ "$mode" = memleak ] && kill "$tracer" 2>/dev/null
		for i in $(seq 1 100); do
			kill -0 "$tracer" 2>/dev/null || break
			sleep 0.1
		done
		kill "$tracer" 2>/dev/null
		wait "$tracer" 2>/dev/null
		tracer=""
	fi
	wall=$(sed -n 's/^ns \([0-9]*\) cpu [0-9]*$/\1/p' "$tmp/out")
	ns=$(sed -n 's/^ns [0-9]* cpu \([0-9]*\)$/\1/p' "$tmp/out")
	ns=${ns:-0}
	wall=${wall:-0}
	$attached || { ns=0; wall=0; }
}
# measured MODE N: run, tried again (twice) when the tracer did not attach.
measured() {
	local try
	for try in 1 2 3; do
		run "$1" "$2"
		[ "$ns" != 0 ] && return
	done
}

modes="malloc faults"
[ -n "$memleak" ] && modes="malloc memleak faults"
: >"$tmp/ratios"
ratio() { awk -v t="$1" -v b="$2" 'BEGIN { printf "%.4f", (b > 0 && t > 0 ? t / b : 0) }'; }
for r in $(seq 1 "$rounds"); do
	run alone "$n"
	base=$ns bwall=$wall
	line="alone $base/$bwall"
	for m in malloc memleak; do
		case " $modes " in *" $m "*) ;; *) continue ;; esac
		measured "$m" "$n"
		line="$line $m $ns/$wall"
		echo "$m $(ratio "$ns" "$base") $(ratio "$wall" "$bwall")" >>"$tmp/ratios"
	done
	run alone "$nf"
	base=$ns bwall=$wall
	line="$line; alone $base/$bwall"
	measured faults "$nf"
	line="$line faults $ns/$wall"
	echo "faults $(ratio "$ns" "$base") $(ratio "$wall" "$bwall")" >>"$tmp/ratios"
	echo "round $r (cpu/wall ns): $line"
done
# median and range of each mode's ratio; the targets: malloc at most
# memleak's, faults under 5%
# summary MODE FIELD (2 cpu, 3 wall): "median min max"
summary() { grep "^$1 " "$tmp/ratios" | cut -d' ' -f"$2" | grep -v '^0.0000$' | sort -g |
    awk '{ v[NR] = $1 } END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
	printf "%.3f %.3f %.3f", m, v[1], v[NR] }'; }
printf '%-40s %9s %19s %11s %19s\n' "slowdown of bench/mallocs" "cpu" "range" "wall" "range"
for m in $modes; do
	set -- $(summary "$m" 2) $(summary "$m" 3)
	case $m in
	malloc) what="memwatch stacks --mode malloc, $n" ;;
	memleak) what="memleak-bpfcc -p PID, $n" ;;
	faults) what="memwatch stacks --mode faults, $nf" ;;
	esac
	printf '%-40s %8sx %8sx-%sx %10sx %8sx-%sx\n' "$what" "$1" "$2" "$3" "$4" "$5" "$6"
	eval "med_$m=$1"
done
if [ -n "$memleak" ]; then
	awk -v a="$med_malloc" -v b="$med_memleak" 'BEGIN { printf "--mode malloc / memleak: %.3f (target at most 1): %s\n", a / b, (a <= b ? "ok" : "OVER") }'
fi
awk -v f="$med_faults" 'BEGIN { printf "--mode faults: %+.1f%% (target under 5%%): %s\n", (f - 1) * 100, (f < 1.05 ? "ok" : "OVER") }'
