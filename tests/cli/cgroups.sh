#!/bin/bash
# tests/cli/cgroups.sh: memory cgroups, live on this machine's v1 memory
# controller (a cgroup made here, a helper that joins it and fills it with
# anonymous memory and page cache, an OOM kill under a small limit), and v2
# from the captured trees in samples/cgroup.
. "${MW_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

mw=$MEMWATCH
trees=$MW_SRCDIR/samples/cgroup

# --- v2, from captured trees: the same explanations as live v1 below ---

t=$trees/cgroup2-oom-6.1
out=$("$mw" --proc-root "$t" cgroups --json)
ok "v2 tree: cgroups --json runs" test -n "$out"
is "$(jq -r '.version' <<<"$out")" 2 "v2 tree: the unified hierarchy is picked"
is "$(jq -r '.cgroups[] | select(.path == "/user.slice/user-1000.slice/dans-slice") | .limit.bytes' <<<"$out")" \
    20971520 "v2 tree: the 20 MiB memory.max is the tightest limit"
is "$(jq -r '.cgroups[] | select(.path == "/user.slice/user-1000.slice/dans-slice") | .stat.anon' <<<"$out")" \
    20705280 "v2 tree: memory.stat anon read to the byte"
is "$(jq -r '.cgroups[] | select(.path == "/user.slice") | .limit' <<<"$out")" null \
    "v2 tree: no limit above the slice is null, not 0"
# The findings' texts, one a line (not wrapped), from explain --json.
findings() { "$mw" "$@" --json | jq -r '.findings[].text'; }
ex=$(findings --proc-root "$t" cgroup /user.slice/user-1000.slice/dans-slice explain --bytes)
like "$ex" "20971520 bytes \(memory.max, set here\)" "v2 explain: the limit and where it is set"
like "$ex" "1 process was OOM-killed" "v2 explain: the kill from memory.events"
like "$ex" "20705280 bytes anonymous" "v2 explain: anonymous memory named"
like "$ex" "cannot leave RAM: memory.swap.max is 0" "v2 explain: no swap allowed is said"
like "$ex" "slab [0-9]+ bytes, kernel stacks 16384 bytes, page tables 81920 bytes" \
    "v2 explain: the kernel's share split"
like "$("$mw" --proc-root "$t" cgroup user.slice/user-1000.slice/dans-slice)" \
    "memory.max +20M" "v2 show: a path without the leading slash works"

"$mw" --proc-root "$t" export >"$MW_TMP/om" 2>/dev/null
ok "v2 export: the tightest limit by cgroup path" grep -qx \
    'memwatch_cgroup_limit_bytes{cgroup="/user.slice/user-1000.slice/dans-slice"} 20971520' "$MW_TMP/om"
ok "v2 export: the OOM kill as a counter" grep -qx \
    'memwatch_cgroup_events_total{cgroup="/user.slice/user-1000.slice/dans-slice",event="oom_kill"} 1' "$MW_TMP/om"
ok "v2 export: the root's unknown usage is left out, not 0" \
    test "$(grep -c 'memwatch_cgroup_usage_bytes{cgroup="/"}' "$MW_TMP/om")" = 0

t=$trees/cgroup2-pagecache-5.10
ex=$(findings --proc-root "$t" cgroup /kubepods/pod1/ctr explain)
like "$ex" "above memory.high" "v2 explain: usage above memory.high is throttled"
like "$ex" "could be taken back" "v2 explain: page cache counted as reclaimable"
ex=$("$mw" --proc-root "$t" cgroup /kubepods/pod1/ctr --json)
is "$(jq -r '.cgroup.high' <<<"$ex"):$(jq -r '.cgroup.limit.file' <<<"$ex")" \
    "6442450944:high" "v2 show --json: memory.high is the tightest limit"

# --- errors ---

"$mw" --proc-root "$MW_SRCDIR/samples/proc/debian12-6.18-a" cgroups >/dev/null 2>"$MW_TMP/err"
is "$?" 1 "a tree without mountinfo: exit 1"
like "$(cat "$MW_TMP/err")" "mountinfo" "... naming the file"
"$mw" --proc-root "$trees/cgroup2-oom-6.1" cgroup /no/such >/dev/null 2>"$MW_TMP/err"
is "$?:$(wc -l <"$MW_TMP/err")" "1:1" "no such cgroup: exit 1, one line"
"$mw" cgroup >/dev/null 2>&1
is "$?" 2 "cgroup without a target: usage error"
"$mw" cgroup / frobnicate >/dev/null 2>&1
is "$?" 2 "an unknown cgroup command: usage error"
"$mw" cgroup /../etc >/dev/null 2>&1
is "$?" 2 "a path with '..': usage error"

# --- live, v1 ---

root=/sys/fs/cgroup/memory
if [ ! -w "$root" ] || [ ! -f "$root/memory.limit_in_bytes" ]; then
	skip "no writable v1 memory controller at $root" 17
	done_testing
fi
is "$("$mw" cgroups --depth 0 --json | jq -r '.version')" 1 \
    "live: the v1 memory hierarchy is picked (cgroup2 has no memory controller)"
cg=mw-cgtest-$$
dir=$root/$cg
kill_dir=$root/$cg-oom
cleanup_cg() {
	for d in "$dir" "$kill_dir"; do
		[ -d "$d" ] || continue
		while read -r p; do kill -KILL "$p" 2>/dev/null; done <"$d/cgroup.procs"
		wait_for -t 10 test ! -s "$d/cgroup.procs"
		rmdir "$d" 2>/dev/null
	done
}
trap 'stop_all; cleanup_cg' EXIT
mkdir "$dir" || bail_out "cannot create $dir"
echo $((64 << 20)) >"$dir/memory.limit_in_bytes"
start_sample tests/helpers/cg-fill "$dir" 24 "$MW_TMP/cache" 16 ||
	bail_out "cg-fill did not start"
pid=$(sample_pid cg-fill)
js=$("$mw" cgroup "/$cg" --json)
usage=$(cat "$dir/memory.usage_in_bytes")
is "$(jq -r '.kind' <<<"$js")" cgroup-snapshot "live: cgroup PATH --json is a cgroup-snapshot"
is "$(jq -r '.cgroup.max' <<<"$js")" $((64 << 20)) "live: limit_in_bytes to the byte"
near "$(jq -r '.cgroup.current' <<<"$js")" "$usage" $((4 << 20)) \
    "live: usage within 4 MiB of memory.usage_in_bytes read just after"
cmp_ok "$(jq -r '.cgroup.stat.total_rss' <<<"$js")" -ge $((24 << 20)) \
    "live: the 24 MiB written are charged as rss"
cmp_ok "$(jq -r '.cgroup.stat.total_cache' <<<"$js")" -ge $((15 << 20)) \
    "live: the 16 MiB file is charged as page cache"
is "$(jq -r '[.process_list[].pid] | join(",")' <<<"$js")" "$pid" \
    "live: the helper is the one process inside"
is "$("$mw" cgroup "$pid" --json | jq -r '.cgroup.path')" "/$cg" \
    "live: cgroup PID finds the process's cgroup"
is "$("$mw" cgroup "$dir" --json | jq -r '.cgroup.path')" "/$cg" \
    "live: the cgroup's directory is taken as its path"
ex=$(findings cgroup "/$cg" explain)
like "$ex" "64M \(memory.limit_in_bytes, set here\)" "live explain: the limit and where it is set"
like "$ex" "2[4-9]M anonymous" "live explain: the anonymous memory written"
like "$ex" "1[6-9]M of page cache" "live explain: the file written is page cache"
like "$ex" "Its 1 process adds? up to" "live explain: the processes' RSS against the usage"
"$mw" cgroup "/$cg" snapshot -o "$MW_TMP/cg.json"
ok "live: cgroup snapshot -o writes a file" test -s "$MW_TMP/cg.json"
step_sample cg-fill || diag "the helper did not step"
echo "more 8" >&"${mw_fd[cg-fill]}"
wait_for -t 20 grep -q '^step 2' "$MW_TMP/cg-fill.out"
d=$("$mw" cgroup "/$cg" diff "$MW_TMP/cg.json" --json)
cmp_ok "$(jq -r '.stat_delta.total_rss // 0' <<<"$d")" -ge $((8 << 20)) \
    "live: diff against the snapshot shows the 8 MiB added"
"$mw" export --top 100000 >"$MW_TMP/om"
ok "live export: the cgroup's limit_in_bytes" grep -qx \
    "memwatch_cgroup_max_bytes{cgroup=\"/$cg\"} $((64 << 20))" "$MW_TMP/om"
row=$("$mw" cgroups --json | jq -c ".cgroups[] | select(.path == \"/$cg\")")
is "$(jq -r '.limit.bytes' <<<"$row"):$(jq -r '.processes' <<<"$row")" \
    "$((64 << 20)):1" "live: cgroups lists it with its limit and one process"

# capture copies the hierarchy: the tree reads back as it was.
"$mw" capture -o "$MW_TMP/cap" >/dev/null 2>"$MW_TMP/cap.err"
ok "live: capture runs" test -f "$MW_TMP/cap/self/mountinfo"
js=$("$mw" --proc-root "$MW_TMP/cap" cgroup "/$cg" --json)
is "$(jq -r '.cgroup.max' <<<"$js"):$(jq -r '.cgroup.stat.total_rss > 0' <<<"$js")" \
    "$((64 << 20)):true" "captured tree: the cgroup's limit and memory.stat read back"

# An OOM kill: 48 MiB of anonymous memory under a 32 MiB limit, swap
# included (memsw), so that a swap file on the machine cannot absorb it.
mkdir "$kill_dir" || bail_out "cannot create $kill_dir"
echo $((32 << 20)) >"$kill_dir/memory.limit_in_bytes"
echo $((32 << 20)) >"$kill_dir/memory.memsw.limit_in_bytes" 2>/dev/null
# (through sh, so that the kill is its exit status and not a shell message)
sh -c '"$@"; exit $?' sh timeout 60 "$MW_BUILDDIR/tests/helpers/cg-fill" \
    "$kill_dir" 48 "$MW_TMP/c2" 0 </dev/null >/dev/null 2>&1
is "$?" 137 "live: the helper over its limit is killed (SIGKILL)"
ex=$(findings cgroup "/$cg-oom" explain)
like "$ex" "1 process was OOM-killed" "live explain: the OOM kill counted"
like "$ex" "Usage reached the limit|hit the limit [1-9][0-9]* times?" \
    "live explain: the limit was reached (failcnt, or the peak where the kernel does not count)"
cmp_ok "$("$mw" cgroup "/$cg-oom" --json | jq -r '.cgroup.peak')" -ge $((31 << 20)) \
    "live: the peak usage reached the 32 MiB limit"
done_testing
