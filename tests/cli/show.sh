#!/bin/sh
# tests/cli/show.sh: memwatch PID [show] against live processes with a
# known layout and against the captured trees.
. "${MW_SRCDIR:-.}/tests/cli/process-lib.sh"

start_layout mmap64 lazy guard
pid=$LAYOUT_PID

# Totals against the kernel's own files, read here independently. PSS and
# USS move whenever another process maps or unmaps the same files (tests
# run in parallel): try until a run agrees with the kernel's values read
# just before it, which must also hold just after it. PSS is smaps_rollup's
# where show read it (it says so in "PSS by type"), else the sum of the
# mappings' Pss lines.
snap() { cat /proc/$pid/smaps_rollup /proc/$pid/status | grep -E '^(Rss|Pss|Swap|Private_Clean|Private_Dirty|VmSize):'; sum_kb /proc/$pid/smaps Pss; }
field() { printf '%s\n' "$ident" | awk -v k="$1" '{ for (i = 1; i < NF; i++) if ($i == k) print $(i + 1) }'; }
sum_kb() {	# FILE KEY: the sum of KEY's lines in bytes
	awk -v k="$2:" '$1 == k { s += $2 } END { printf "%.0f\n", s * 1024 }' "$1"
}
# want_pss ROLLUP SMAPS: the PSS show must print, by the source it names.
want_pss() {
	case $(printf '%s\n' "$out" | grep '^PSS by type') in
	*"(smaps_rollup)"*) kb_field "$1" Pss ;;
	*) sum_kb "$2" Pss ;;
	esac
}
i=0
while :; do
	cp /proc/$pid/smaps_rollup "$t_tmp/rollup"
	cp /proc/$pid/status "$t_tmp/status"
	cp /proc/$pid/smaps "$t_tmp/smaps"
	before=$({ cat "$t_tmp/rollup" "$t_tmp/status" | grep -E '^(Rss|Pss|Swap|Private_Clean|Private_Dirty|VmSize):'; sum_kb "$t_tmp/smaps" Pss; })
	run "$pid" --bytes
	ident=$(printf '%s\n' "$out" | sed -n 3p)
	[ "$before" = "$(snap)" ] &&
	    [ "$(field PSS)" = "$(want_pss "$t_tmp/rollup" "$t_tmp/smaps")" ] &&
	    [ "$(field USS)" = "$(( $(kb_field "$t_tmp/rollup" Private_Clean) + $(kb_field "$t_tmp/rollup" Private_Dirty) ))" ] &&
	    break
	i=$((i + 1))
	[ $i -lt 50 ] || break
done
is "$rc" 0 "show exits 0"
is "$(field VSZ)" "$(kb_field "$t_tmp/status" VmSize)" "VSZ equals status VmSize"
is "$(field RSS)" "$(kb_field "$t_tmp/rollup" Rss)" "RSS equals smaps_rollup Rss to the byte"
is "$(field PSS)" "$(want_pss "$t_tmp/rollup" "$t_tmp/smaps")" \
    "PSS equals smaps_rollup Pss where read, else the sum of smaps' Pss lines"
is "$(field Swap)" "$(kb_field "$t_tmp/rollup" Swap)" "Swap equals smaps_rollup Swap"
uss=$(( $(kb_field "$t_tmp/rollup" Private_Clean) + $(kb_field "$t_tmp/rollup" Private_Dirty) ))
is "$(field USS)" "$uss" "USS is Private_Clean + Private_Dirty"
total=$(printf '%s\n' "$out" | grep '^total (')
is "$(printf '%s\n' "$total" | awk '{ print $4, $5, $6 }')" \
    "$(kb_field "$t_tmp/status" VmSize) $(kb_field "$t_tmp/rollup" Rss) $(want_pss "$t_tmp/rollup" "$t_tmp/smaps")" \
    "the totals line carries VSZ, RSS, PSS"
nmaps=$(grep -c '^[0-9a-f]*-[0-9a-f]* ' /proc/$pid/maps)
like "$total" "^total \\($nmaps mappings\\)" "the totals line counts $nmaps mappings"

# Rows: the 64 MiB mapping, its kind, size, resident share.
a=$(addr_of mmap64)
row=$(printf '%s\n' "$out" | grep "^0*$a")
like "$row" "^[0-9a-f]+-[0-9a-f]+ rw-p anon +67108864 +20480 +20480 +20480 +0 +<1%" \
    "the 64 MiB mapping: anon, 67108864 bytes, 5 pages resident"
g=$(addr_of guard)
gend=$(printf '%x' $((0x$g + 16384)))
like "$(printf '%s\n' "$out" | grep "^0*$gend-")" " ---p guard +16384 +0 " \
    "the PROT_NONE pages are a guard mapping"
like "$(printf '%s\n' "$out" | sed -n 6p)" "^Range +Perm Kind +Size +Rss +Pss +Dirty +Swap Res% Path" \
    "a header line names the columns"

# Options.
run "$pid" --kind guard
kinds=$(printf '%s\n' "$out" | awk '/^[0-9a-f]+(-[0-9a-f]+)? / { print $3 }' | sort -u)
is "$kinds" "guard" "--kind guard shows guard rows only"
like "$out" "^shown \\(1 of $nmaps\\)" "a filtered view has a shown line"
run "$pid" --kind anon,heap --kind stack
kinds=$(printf '%s\n' "$out" | awk '/^[0-9a-f]+(-[0-9a-f]+)? / { print $3 }' | sort -u | tr '\n' ' ')
is "$kinds" "anon heap stack " "--kind takes lists and repeats"
run "$pid" --sort size --top 1 --bytes
first=$(printf '%s\n' "$out" | awk '/^[0-9a-f]+(-[0-9a-f]+)? / { print $4; exit }')
is "$first" 67108864 "--sort size --top 1: the 64 MiB mapping"
is "$(printf '%s\n' "$out" | grep -c '^[0-9a-f]*-[0-9a-f]* ')" 1 "--top 1 prints one row"
run "$pid" --sort rss --bytes
printf '%s\n' "$out" | awk '/^[0-9a-f]+(-[0-9a-f]+)? / { print $5 }' >"$t_tmp/rss"
sort -rn "$t_tmp/rss" | cmp -s - "$t_tmp/rss"
is $? 0 "--sort rss orders rows by Rss, largest first"
run "$pid" --sort bogus
is "$rc" 2 "--sort bogus is a usage error"
like "$err" "^memwatch: --sort takes addr, size, rss, pss or swap" "and says which keys exist"
run "$pid" --kind nothing
is "$rc" 2 "--kind nothing is a usage error"
run "$pid" --top 0
is "$rc" 2 "--top 0 is a usage error"
run "$pid" show --help
like "$out" "--sort KEY" "show --help lists --sort"

# 80 columns: no line wider, numbers whole.
COLUMNS=80 "$MEMWATCH" "$pid" >"$t_tmp/narrow"
wide=$(awk 'length($0) > 80' "$t_tmp/narrow" | wc -l)
is "$wide" 0 "at 80 columns no line is wider"
COLUMNS=200 "$MEMWATCH" "$pid" >"$t_tmp/widest"
is "$(grep '^total' "$t_tmp/narrow" | tr -s ' ')" \
    "$(grep '^total' "$t_tmp/widest" | tr -s ' ')" \
    "numbers are never cut: the totals line reads the same at 80 and 200 columns"

# JSON: the process-snapshot document.
if command -v jq >/dev/null 2>&1; then
run "$pid" --json
is "$(printf '%s\n' "$out" | jq -r .kind)" process-snapshot "--json prints a process-snapshot"
is "$(printf '%s\n' "$out" | jq -r .totals.rss)" "$(kb_field /proc/$pid/smaps_rollup Rss)" "JSON totals.rss"
is "$(printf '%s\n' "$out" | jq -r '.vmas | length')" "$nmaps" "JSON has every mapping"
run "$pid" --json --kind guard
is "$(printf '%s\n' "$out" | jq -r '[.vmas[].kind] | unique | join(",")')" guard "JSON honours --kind"
# Where pages are: numa_maps, read here independently. The 64 MiB mapping
# has its 5 pages on some node; every listed mapping's nodes sum to what
# numa_maps says.
nm=$(awk -v a="$a" '$1 == a' /proc/$pid/numa_maps)
want=$(printf '%s\n' "$nm" | awk '{ kb = 0; n = 0
	for (i = 3; i <= NF; i++) { if ($i ~ /^N[0-9]+=/) { split($i, f, "="); n += f[2] }
	    if ($i ~ /^kernelpagesize_kB=/) { split($i, f, "="); kb = f[2] } }
	print n * kb * 1024 }')
pol=$(printf '%s\n' "$nm" | awk '{ print $2 }')
for json in "--json" "--json --kind anon"; do
	# shellcheck disable=SC2086
	run "$pid" $json
	is "$(printf '%s\n' "$out" | jq -r --arg a "0x$a" '.vmas[] | select(.start == $a) | "\(.numa.policy) \([.numa.nodes[]] | add)"')" \
	    "$pol 20480" "$json: the 64 MiB mapping's 5 pages on its nodes, policy $pol ($want in numa_maps)"
done
is "$want" 20480 "numa_maps says the same 5 pages"
run "$pid" --json
is "$(printf '%s\n' "$out" | jq '[.vmas[] | select(has("numa"))] | length')" \
    "$(grep -c . /proc/$pid/numa_maps)" "every mapping numa_maps lists has \"numa\""
is "$(printf '%s\n' "$out" | jq '[.vmas[] | select(.kind == "heap" or .kind == "anon") | .numa.nodes[]?] | add')" \
    "$(printf '%s\n' "$out" | jq '[.vmas[] | select(.kind == "heap" or .kind == "anon") | .rss] | add')" \
    "private anonymous mappings: pages on nodes equal their Rss"
# The table reads no numa_maps at all.
if command -v strace >/dev/null 2>&1; then
	strace -f -e trace=openat,openat2 -o "$t_tmp/trace" "$MEMWATCH" "$pid" >/dev/null 2>&1
	is "$(grep -c numa_maps "$t_tmp/trace")" 0 "the plain table does not read numa_maps"
else
	skip "strace is not installed"
fi
# A captured tree without numa_maps: no "numa", never an empty guess.
is "$("$MEMWATCH" --proc-root "$MW_SRCDIR/samples/proc/debian12-6.18-a" 2 show --json 2>/dev/null | jq '[.vmas[] | select(has("numa"))] | length')" \
    0 "numa_maps unreadable: no mapping has \"numa\""
else
	for i in 1 2 3 4 5 6 7 8 9; do skip "jq is not installed"; done
fi

# self.
run self --bytes
like "$out" "^process [0-9]+ memwatch" "self is memwatch itself"
is "$rc" 0 "self exits 0"

# A process that is gone.
sh -c 'exit 0' &
gone=$!
reap "$gone"
run "$gone"
is "$rc" 1 "a vanished pid exits 1"
like "$err" "^memwatch: no such process $gone" "and says so in one line"
is "$(printf '%s\n' "$err" | wc -l)" 1 "one line of error"

# Permission denied: an unprivileged caller against a root process.
cmd=$(unprivileged)
if [ -n "$cmd" ] && [ "$(stat -c %u /proc/1)" = 0 ]; then
	$cmd "$MEMWATCH" 1 >"$t_tmp/out" 2>"$t_tmp/err"
	rc=$?
	is "$rc" 1 "unprivileged against pid 1 exits 1"
	like "$(cat "$t_tmp/err")" "^memwatch: cannot read .*permission denied.*root.*CAP_SYS_PTRACE" \
	    "and names root and CAP_SYS_PTRACE"
else
	skip "no way to run unprivileged against a foreign process"
	skip "no way to run unprivileged against a foreign process"
fi

# Untrusted paths: control bytes are escaped, never sent raw.
esc=$(printf '\033')
evil="$t_tmp/evil${esc}[2Jname"
head -c 4096 /dev/zero >"$evil"
start_layout "file=$evil"
epid=$LAYOUT_PID
run "$epid"
like "$out" 'evil\\e\[2Jname' "a path with ESC shows as \\e"
case $out in
*"$esc"*) ok "no raw ESC byte reaches the terminal" false ;;
*) ok "no raw ESC byte reaches the terminal" true ;;
esac

# Captured trees: totals from the capture's own files.
for cap in debian12-6.18-a/1185 debian12-6.18-a/2683 debian12-6.18-b/2684; do
	root="$MW_SRCDIR/samples/proc/${cap%/*}"
	p=${cap#*/}
	run --proc-root "$root" "$p" --bytes
	ident=$(printf '%s\n' "$out" | sed -n 3p)
	is "$(field RSS) $(field PSS) $(field VSZ)" \
	    "$(kb_field "$root/$p/smaps_rollup" Rss) $(want_pss "$root/$p/smaps_rollup" "$root/$p/smaps") $(kb_field "$root/$p/status" VmSize)" \
	    "capture $cap: RSS, PSS, VSZ as the capture's files say"
done
run --proc-root "$MW_SRCDIR/samples/proc/debian12-6.18-a" 2
like "$out" "PSS by type: anon -  file -  shmem -" "a kernel thread's PSS split is unknown, not 0"
is "$rc" 0 "capture: a kernel thread shows"
like "$out" "^total \\(0 mappings\\)" "with no mappings"
run --proc-root "$MW_SRCDIR/samples/proc/debian12-6.18-b" 1
is "$rc" 1 "capture without smaps exits 1"
like "$err" "smaps \\(not in the tree\\)" "and says the file is not in the tree"

# The table of every mapping in address order and the one --top N (N
# above the count) selects must give the same rows, also for a process
# whose last mapping is not [vsyscall]: a copy of a capture without it.
t=$(mktemp -d "${TMPDIR:-/tmp}/mw-show.XXXXXX")
cp -r "$MW_SRCDIR/samples/proc/debian12-6.18-a" "$t/tree"
chmod -R u+w "$t/tree"
awk '/^[0-9a-f]+-[0-9a-f]+ / { keep = ($0 !~ /\[vsyscall\]$/) } keep' \
    "$MW_SRCDIR/samples/proc/debian12-6.18-a/1185/smaps" >"$t/tree/1185/smaps"
for case in "$MW_SRCDIR/samples/proc/debian12-6.18-a 1185 with" \
    "$t/tree 1185 without"; do
	set -- $case
	for opts in "" "--color=always"; do
		"$MEMWATCH" --proc-root "$1" $opts "$2" >"$t/early" 2>&1
		"$MEMWATCH" --proc-root "$1" $opts "$2" --top 1000000 >"$t/late" 2>&1
		grep -v 'shown (' "$t/late" >"$t/late.rows"
		ok "every row = --top every row, $3 [vsyscall] ${opts:-(plain)}" \
		    cmp -s "$t/early" "$t/late.rows"
	done
done
like "$(grep -c vsyscall "$t/early")" '^0$' "... the copy has no [vsyscall] row"

# No rollup, and one mapping's Rss line unreadable: the sum over the
# others is no total, so RSS is unknown, not an undercount.
rm "$t/tree/1185/smaps_rollup"
awk '/^Rss:/ && !done { print "Rss: x kB"; done = 1; next } { print }' \
    "$MW_SRCDIR/samples/proc/debian12-6.18-a/1185/smaps" >"$t/tree/1185/smaps"
out=$("$MEMWATCH" --proc-root "$t/tree" 1185)
like "$(printf '%s\n' "$out" | sed -n 3p)" '^VSZ [^ ]+  RSS -  PSS [0-9]' \
    "one Rss line unreadable, no rollup: RSS unknown, PSS still summed"
if command -v jq >/dev/null; then
	is "$("$MEMWATCH" --proc-root "$t/tree" --json 1185 | jq -c '.totals | has("rss"), has("pss")' | tr '\n' ' ')" \
	    "false true " "... absent from the JSON totals"
else
	skip "jq is needed to read the document"
fi

# The second walk (smaps_rollup) only where the sums of smaps cannot give
# what show prints: a capture whose rollup says a PSS no sum gives shows
# the sum while every mapping is summed and the split by type is exact,
# and the rollup's once a file mapping holds anonymous pages that may be
# shared (Shared_Dirty), or a mapping printed no Swap line.
cp -r "$MW_SRCDIR/samples/proc/debian12-6.18-b" "$t/b"
chmod -R u+w "$t/b"
sed -i 's/^Pss: .*/Pss:              999999 kB/' "$t/b/2684/smaps_rollup"
out=$("$MEMWATCH" --proc-root "$t/b" 2684 --bytes)
ident=$(printf '%s\n' "$out" | sed -n 3p)
is "$(field PSS)" "$(sum_kb "$t/b/2684/smaps" Pss)" "no mixed mapping: PSS summed from smaps, the rollup not read"
like "$(printf '%s\n' "$out" | grep '^PSS by type')" "\\(by kind\\)" "... and the split by kind"
awk '/^[0-9a-f]+-[0-9a-f]+ / { file = (NF >= 6 && $6 ~ /^\//) }
	$1 == "Shared_Dirty:" { sd = NR }
	{ line[NR] = $0 }
	$1 == "Anonymous:" && file && $2 > 0 && !done { line[sd] = "Shared_Dirty:          4 kB"; done = 1 }
	END { for (i = 1; i <= NR; i++) print line[i] }' \
    "$MW_SRCDIR/samples/proc/debian12-6.18-b/2684/smaps" >"$t/b/2684/smaps"
out=$("$MEMWATCH" --proc-root "$t/b" 2684 --bytes)
ident=$(printf '%s\n' "$out" | sed -n 3p)
is "$(field PSS)" "$((999999 * 1024))" "a file mapping's anonymous pages shared: PSS from the rollup"
like "$(printf '%s\n' "$out" | grep '^PSS by type')" "\\(smaps_rollup\\)" "... and its split"
awk '/^Swap:/ && !done { done = 1; next } { print }' \
    "$MW_SRCDIR/samples/proc/debian12-6.18-b/2684/smaps" >"$t/b/2684/smaps"
out=$("$MEMWATCH" --proc-root "$t/b" 2684 --bytes)
ident=$(printf '%s\n' "$out" | sed -n 3p)
is "$(field PSS) $(field Swap)" "$((999999 * 1024)) 0" "a mapping without a Swap line: totals from the rollup"
rm -rf "$t"

done_testing
