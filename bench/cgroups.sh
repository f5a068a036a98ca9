#!/bin/sh
# bench/cgroups.sh: 'memwatch cgroups' over 1,000 memory cgroups against
# reading their memory files once (cat of exactly the files it reads), in
# one run, alternating rounds (bench/measure). Needs root and a writable
# v1 memory hierarchy or a v2 one with the memory controller; skipped, with
# the reason, elsewhere. Environment: MEMWATCH, BENCH_BIN, REPEAT (7),
# CGROUPS (1000).
set -u
mw=${MEMWATCH:?}
bin=${BENCH_BIN:?}
repeat=${REPEAT:-7}
n=${CGROUPS:-1000}

root=""
if [ -f /sys/fs/cgroup/memory/memory.limit_in_bytes ] && [ -w /sys/fs/cgroup/memory ]; then
	root=/sys/fs/cgroup/memory
	files="cgroup.procs memory.usage_in_bytes memory.max_usage_in_bytes
memory.limit_in_bytes memory.soft_limit_in_bytes memory.memsw.usage_in_bytes
memory.memsw.limit_in_bytes memory.memsw.max_usage_in_bytes
memory.kmem.usage_in_bytes memory.kmem.limit_in_bytes memory.failcnt
memory.memsw.failcnt memory.stat memory.oom_control"
elif grep -qw memory /sys/fs/cgroup/cgroup.controllers 2>/dev/null && [ -w /sys/fs/cgroup ]; then
	root=/sys/fs/cgroup
	files="cgroup.procs memory.current memory.peak memory.min memory.low
memory.high memory.max memory.swap.current memory.swap.max memory.swap.peak
memory.zswap.current memory.zswap.max memory.stat memory.events
memory.events.local memory.pressure"
fi
if [ -z "$root" ] || [ "$(id -u)" != 0 ]; then
	echo "cgroups: skipped (needs root and a writable memory cgroup hierarchy)"
	exit 0
fi
top=$root/mwbench-$$
list=$(mktemp /tmp/memwatch-bench-cg.XXXXXX)
cleanup() {
	rmdir "$top"/g* "$top" 2>/dev/null
	rm -f "$list"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP
mkdir "$top" || exit 1
i=0
while [ $i -lt "$n" ]; do
	mkdir "$top/g$i" || exit 1
	i=$((i + 1))
done
for d in "$top" "$top"/g*; do
	for f in $files; do [ -e "$d/$f" ] && echo "$d/$f"; done
done >"$list"
out=$("$bin/measure" -r "$repeat" -- sh -c "xargs cat <'$list' >/dev/null" \
    --- "$mw" cgroups --json "/mwbench-$$" | sed 's/[a-z_]*=//g')
fl=$(echo "$out" | sed -n 1p)
it=$(echo "$out" | sed -n 2p)
cpu_x=$(echo "$it" | cut -d' ' -f6)
awk -v n="$n" -v fc="$(echo "$fl" | cut -d' ' -f2)" \
    -v c="$(echo "$it" | cut -d' ' -f2)" -v x="$cpu_x" \
    -v rss="$(echo "$it" | cut -d' ' -f3)" 'BEGIN {
	r = x / 1000
	printf "cgroups, %d cgroups: cat of their files %.2f ms cpu, memwatch cgroups --json %.2f ms cpu: %.2fx %s (target 1.5x), peak RSS %d kB\n",
	    n, fc / 1e6, c / 1e6, r, r <= 1.5 ? "ok" : "OVER", rss
}'
