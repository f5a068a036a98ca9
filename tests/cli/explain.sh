#!/bin/sh
# tests/cli/explain.sh: memwatch PID explain on the lazy-allocation
# experiment (malloc 1575936 then 8388999 bytes, both ends written) and on
# the captured trees.
. "${MW_SRCDIR:-.}/tests/cli/process-lib.sh"
need_jq

start_layout lazy
pid=$LAYOUT_PID
a=$(addr_of malloc8388999)
set -- $(vma_of "$pid" "$a")
vstart=$1 vend=$2 vrss=$3
size=$((vend - vstart))
mib=$(awk -v s="$size" 'BEGIN { printf "%.1fM", s / 1048576 }')
pages=$((vrss / 4096))

run "$pid" explain
is "$rc" 0 "explain exits 0"
like "$out" "^Address space and resident memory$" "a section on address space"
like "$out" "^Largest untouched reservations$" "a section on the largest reservations"
like "$out" "^Heap \\(brk\\) and anonymous mmap$" "a section on heap and mmap"
like "$out" "^Out-of-memory killer$" "a section on the OOM killer"

run "$pid" explain --json
is "$(printf '%s\n' "$out" | jq -r .kind)" explain "--json: an explain document"
is "$(printf '%s\n' "$out" | jq -r .schema)" 1 "schema 1"
first=$(printf '%s\n' "$out" | jq -r '[.findings[] | select(.id == "untouched-mapping")][0]')
text=$(printf '%s\n' "$first" | jq -r .text)
like "$text" "^$(printf '%x' "$vstart")-$(printf '%x' "$vend") " \
    "the largest reservation is the malloc blocks' mapping"
like "$text" "$mib reserved" "it is $mib reserved"
like "$text" "\\($pages pages\\)" "with $pages pages resident, as smaps says"
# Both ends of two blocks: 4 pages, a few more when the kernel merged the
# blocks with a small anonymous mapping next to them.
like "$pages" "^[4-8]$" "a handful of pages resident ($pages)"
is "$(printf '%s\n' "$first" | jq -r .bytes)" "$((size - vrss))" \
    "its bytes: reserved minus resident"
like "$text" "128K malloc mmap threshold" "and says why: the mmap threshold"
lazy=$(printf '%s\n' "$out" | jq -r '.findings[] | select(.id == "untouched-anon") | .text')
like "$lazy" "allocates lazily" "lazy allocation is the reason"
thr=$(printf '%s\n' "$out" | jq -r '.findings[] | select(.id == "mmap-threshold") | .text')
like "$thr" "128K by default" "the malloc threshold is explained"
is "$(printf '%s\n' "$out" | jq -r .facts.rss)" "$(kb_field /proc/$pid/smaps_rollup Rss)" \
    "facts.rss is the rollup's Rss"
is "$(printf '%s\n' "$out" | jq -r .facts.vsz)" "$(kb_field /proc/$pid/status VmSize)" \
    "facts.vsz is status VmSize"
is "$(printf '%s\n' "$out" | jq -r .facts.oom_score)" "$(cat /proc/$pid/oom_score)" \
    "facts.oom_score"
oom=$(printf '%s\n' "$out" | jq -r '.findings[] | select(.id == "oom") | .text')
like "$oom" "oom_score is $(cat /proc/$pid/oom_score)" "the OOM finding quotes the score"
nonum=$(printf '%s\n' "$out" | jq -r '.findings[] | select(.text | test("[0-9]") | not) | .id')
is "${nonum:-none}" none "every finding carries a number"
is "$(printf '%s\n' "$out" | jq -r '[.findings[] | select(.id == "" or .text == "")] | length')" 0 \
    "no finding without id or text"

# Where the memory lives: numa_maps, summed here independently.
nm_sum() { awk '{ kb = 0; n = 0
	for (i = 3; i <= NF; i++) { if ($i ~ /^N[0-9]+=/) { split($i, f, "="); n += f[2] }
	    if ($i ~ /^kernelpagesize_kB=/) { split($i, f, "="); kb = f[2] } }
	s += n * kb * 1024 } END { print s + 0 }' "$1"; }
cp /proc/$pid/numa_maps "$t_tmp/numa_maps"
run "$pid" explain --json
cp /proc/$pid/numa_maps "$t_tmp/numa_maps.after"
numa=$(printf '%s\n' "$out" | jq -r '.findings[] | select(.id == "numa-nodes")')
if cmp -s "$t_tmp/numa_maps" "$t_tmp/numa_maps.after"; then
	is "$(printf '%s\n' "$numa" | jq -r .bytes)" "$(nm_sum "$t_tmp/numa_maps")" \
	    "numa-nodes: its bytes are numa_maps' pages on every node"
else
	skip "numa_maps moved while explain read it"
fi
nodes=$(grep -o ' N[0-9]*=' "$t_tmp/numa_maps" | sort -u | wc -l)
if [ "$nodes" -eq 1 ]; then
	node=$(grep -o ' N[0-9]*=' "$t_tmp/numa_maps" | sort -u | tr -dc 0-9)
	like "$(printf '%s\n' "$numa" | jq -r .text)" "^All .* resident pages are on NUMA node $node, every mapping under the default policy" \
	    "one node: said in one sentence, with its policy"
else
	like "$(printf '%s\n' "$numa" | jq -r .text)" "on $nodes NUMA nodes: node" "every node named"
fi
if [ "$(uname -m)" = x86_64 ]; then
	like "$(printf '%s\n' "$out" | jq -r '.findings[] | select(.id == "no-highmem") | .text')" \
	    "large malloc .* and the heap .* same zones.* no HighMem zone on a 64-bit kernel" \
	    "x86-64: a large malloc and the heap come from the same zones"
else
	skip "not x86-64"
fi
run "$pid" explain
like "$out" "^Where the memory lives \\(NUMA nodes\\)$" "a section on NUMA nodes"

# Two nodes, several policies: a captured process given a numa_maps.
tree=$t_tmp/numa-tree
mkdir -p "$tree"
cp -r "$MW_SRCDIR/samples/proc/debian12-6.18-a/1185" "$tree/"
chmod -R u+w "$tree"
awk '/^[0-9a-f]+-[0-9a-f]+ / { split($1, r, "-"); a = r[1]; next }
	/^Rss:/ { n++; p = $2 / 4
	    pol = n == 3 ? "bind:1" : "default"
	    if (p > 0) printf "%s %s N0=%d N1=%d kernelpagesize_kB=4\n", a, pol, p - int(p / 4), int(p / 4)
	    else printf "%s %s\n", a, pol }' "$tree/1185/smaps" >"$tree/1185/numa_maps"
run --proc-root "$tree" 1185 explain --json
text=$(printf '%s\n' "$out" | jq -r '.findings[] | select(.id == "numa-nodes") | .text')
n0=$(awk '{ for (i = 3; i <= NF; i++) if ($i ~ /^N0=/) { split($i, f, "="); s += f[2] } } END { print s * 4096 }' "$tree/1185/numa_maps")
n1=$(awk '{ for (i = 3; i <= NF; i++) if ($i ~ /^N1=/) { split($i, f, "="); s += f[2] } } END { print s * 4096 }' "$tree/1185/numa_maps")
is "$(printf '%s\n' "$out" | jq -r '.findings[] | select(.id == "numa-nodes") | .bytes')" "$((n0 + n1))" \
    "two nodes: the bytes are both nodes' pages"
like "$text" "on 2 NUMA nodes: node 0 .*, node 1 " "two nodes: each named"
like "$text" "policies: default in [0-9]+ mappings .*, bind:1 in 1 mapping" "two nodes: each policy with its mappings"
run --proc-root "$tree" --bytes 1185 explain
like "$out" "node 1 $n1 bytes" "--bytes: node 1's exact bytes"

# The same on the captured trees.
for cap in debian12-6.18-a/1185 debian12-6.18-b/2684; do
	root="$MW_SRCDIR/samples/proc/${cap%/*}"
	p=${cap#*/}
	run --proc-root "$root" "$p" explain --json
	is "$(printf '%s\n' "$out" | jq -r .facts.pss)" "$(kb_field "$root/$p/smaps_rollup" Pss)" \
	    "capture $cap: facts.pss is the capture's Pss"
	like "$(printf '%s\n' "$out" | jq -r '.findings[].id' | tr '\n' ' ')" \
	    "vsz-rss .*rss-pss .*oom" "capture $cap: the main findings"
done
run --proc-root "$MW_SRCDIR/samples/proc/debian12-6.18-a" 2 explain
like "$out" "0 mappings" "a kernel thread is explained in one line"

run "$pid" explain extra
is "$rc" 2 "explain takes no argument"

done_testing
