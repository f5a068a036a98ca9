#!/bin/bash
# tests/cli/large.sh: a process whose smaps is many chunks long.
#
# Such a file is read and parsed a chunk at a time, mappings cut at
# chunk ends: every mapping and every amount memwatch reports must still
# be what the kernel's smaps says. bench/manymaps waits on its input, so
# its mappings stand still while they are compared.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"	# lib.sh needs bash
. "${MW_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

mw=$MEMWATCH
t=$MW_TMP
command -v jq >/dev/null || skip_all "jq is needed to read the documents"

ok "manymaps 4000 starts" start_sample bench/manymaps 4000 ||
    bail_out "bench/manymaps did not start"
pid=$(sample_pid)
smaps=/proc/$pid/smaps
cat "$smaps" >"$t/smaps"
cmp_ok "$(wc -c <"$t/smaps")" -gt 1048576 \
    "its smaps is over 1 MiB: four chunks and more"

# The kernel's mappings as "0xSTART 0xEND", and its sums of two fields.
awk '$1 ~ /^[0-9a-f]+-[0-9a-f]+$/ { split($1, a, "-"); print "0x" a[1], "0x" a[2] }' \
    "$t/smaps" >"$t/kernel"
kb_sum() {
	awk -v k="$1:" '$1 == k { s += $2 } END { printf "%.0f\n", s * 1024 }' "$t/smaps"
}

"$mw" --json "$pid" >"$t/show.json" 2>"$t/err"
is "$?:$(wc -c <"$t/err")" "0:0" "show --json exits 0, says nothing"
jq -r '.vmas[] | "\(.start) \(.end)"' "$t/show.json" >"$t/mine"
ok "every mapping, in order, as the kernel lists it" cmp -s "$t/kernel" "$t/mine"
is "$(jq '.totals.mappings' "$t/show.json")" "$(wc -l <"$t/kernel")" \
    "totals.mappings counts them all"
for f in Size Rss Private_Dirty Anonymous Referenced; do
	j=$(echo "$f" | tr 'A-Z' 'a-z')
	is "$(jq "[.vmas[].$j] | add" "$t/show.json")" "$(kb_sum "$f")" \
	    "the mappings' $j adds up to the kernel's"
done
is "$(jq '.totals.rss' "$t/show.json")" \
    "$(awk '$1 == "Rss:" { print $2 * 1024 }' "/proc/$pid/smaps_rollup")" \
    "total RSS is smaps_rollup's"
is "$(jq '[.vmas[] | select(.vmflags | index("wr"))] | length' "$t/show.json")" \
    "$(grep -c '^VmFlags:.* wr ' "$t/smaps")" "every VmFlags line read (wr)"

"$mw" "$pid" snapshot -o "$t/snap.json" 2>"$t/err"
is "$?:$(wc -c <"$t/err")" "0:0" "snapshot -o exits 0, says nothing"
is "$(jq -c '[.vmas[] | [.start, .end, .rss, .size]]' "$t/snap.json")" \
    "$(jq -c '[.vmas[] | [.start, .end, .rss, .size]]' "$t/show.json")" \
    "the snapshot has the same mappings and amounts"

rows=$("$mw" --bytes "$pid" | grep -Ec '^[0-9a-f]+-[0-9a-f]+ ')
is "$rows" "$(wc -l <"$t/kernel")" "the table has a row per mapping"
is "$("$mw" --bytes "$pid" --sort size --top 3 | grep -Ec '^[0-9a-f]+-[0-9a-f]+ ')" 3 \
    "--sort size --top 3: three rows"

ok "manymaps ends at end of input" stop_sample
done_testing
