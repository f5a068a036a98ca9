#!/bin/sh
# tests/cli/pages.sh: memwatch PID pages [ADDR] against a process that
# mmaps 64 MiB and writes 5 pages, and on the error paths.
. "${MW_SRCDIR:-.}/tests/cli/process-lib.sh"
need_jq

start_layout mmap64 lazy guard
pid=$LAYOUT_PID
m=$(addr_of mmap64)

run "$pid" pages "0x$m" --json
is "$rc" 0 "pages ADDR exits 0"
is "$(printf '%s\n' "$out" | jq -r .kind)" pages "--json: a pages document"
is "$(printf '%s\n' "$out" | jq -r '.vmas | length')" 1 "ADDR selects one mapping"
v=$(printf '%s\n' "$out" | jq -c '.vmas[0]')
is "$(printf '%s\n' "$v" | jq -r .start)" "0x$m" "the one holding ADDR"
is "$(printf '%s\n' "$v" | jq -r .pages)" 16384 "64 MiB is 16384 pages"
is "$(printf '%s\n' "$v" | jq -r .present)" 5 "exactly 5 pages present"
is "$(printf '%s\n' "$v" | jq -r .swapped)" 0 "none swapped"
is "$(printf '%s\n' "$v" | jq -r .untouched)" 16379 "16379 never touched"
is "$(printf '%s\n' "$v" | jq -r .exclusive)" 5 "the 5 pages are exclusive"

run "$pid" pages "$m"
is "$rc" 0 "ADDR without 0x"
like "$out" "^total \\(1 mapping\\) +16384 +5 +0 +0 +16379$" "text totals: 16384 pages, 5 present"
like "$out" "1 character = [0-9]+ pages" "the map gives its scale"
like "$out" "'#' every page present" "and its legend"
cells=$(printf '%s\n' "$out" | awk '/^    [0-9a-f]+ [.:o#sg]+$/ { n += length($2) } END { print n + 0 }')
like "$cells" "^[1-9][0-9]*$" "the map has cells ($cells)"
marked=$(printf '%s\n' "$out" | awk '/^    [0-9a-f]+ [.:o#sg]+$/ { s = $2; n += gsub(/[:o#]/, "", s) } END { print n + 0 }')
like "$marked" "^[1-5]$" "the written pages show in 1 to 5 cells ($marked)"

# Every mapping: counts agree with smaps where they must.
run "$pid" pages --json
is "$rc" 0 "pages (all) exits 0"
is "$(printf '%s\n' "$out" | jq -r '.vmas | length')" "$(grep -c '^[0-9a-f]*-' /proc/$pid/maps)" \
    "one row per mapping"
is "$(printf '%s\n' "$out" | jq -r '[.vmas[] | select(.read == false) | .kind] | join(",")')" vsyscall \
    "[vsyscall] is listed, not read"
a=$(addr_of malloc8388999)
set -- $(vma_of "$pid" "$a")
is "$(printf '%s\n' "$out" | jq -r --arg s "$(printf '0x%x' "$1")" '.vmas[] | select(.start == $s) | .present')" \
    "$(($3 / 4096))" "the malloc blocks: present pages = smaps Rss / 4096"
is "$(printf '%s\n' "$out" | jq -r '[.vmas[] | select(.read) | (.present + .swapped + .guard + .untouched == .pages)] | all')" \
    true "present + swapped + guard + untouched = pages, every row"
is "$(printf '%s\n' "$out" | jq -r '.totals.pages')" \
    "$(printf '%s\n' "$out" | jq -r '[.vmas[] | select(.read) | .pages] | add')" "totals sum the rows"

# A 4 GiB mapping goes through PAGEMAP_SCAN where the kernel has it.
start_layout big
b=$(awk '$1 == "big" { sub(/^0x/, "", $2); print $2 }' "$LAYOUT_OUT")
run "$LAYOUT_PID" pages "$b" --json
v=$(printf '%s\n' "$out" | jq -c '.vmas[0]')
is "$(printf '%s\n' "$v" | jq -r '[.pages, .present, .swapped, .untouched] | join(" ")')" \
    "1048576 3 0 1048573" "4 GiB with 3 pages written: 3 present"
case $(printf '%s\n' "$v" | jq -r .method) in
pagemap_scan)
	is "$(printf '%s\n' "$v" | jq -r 'has("exclusive")')" false \
	    "PAGEMAP_SCAN: per-page flags are absent, not 0" ;;
*)
	is "$(printf '%s\n' "$v" | jq -r .exclusive)" 3 \
	    "read entry by entry (no PAGEMAP_SCAN): 3 exclusive" ;;
esac
run "$LAYOUT_PID" pages "$b"
like "$out" "^    [0-9a-f]+ [#o:][.]+" "the map shows the written pages at the start"

# Sparse mappings of every size up to 1 TiB: present pages = smaps Rss,
# whether read entry by entry or by PAGEMAP_SCAN, whose walk flushes its
# buffer every 512 regions and fills the vector at 4096.
start_layout sparse=512:1024 sparse=2048:600 sparse=2048:1024 \
    sparse=8192:20000 sparse=1048576:5000
for spec in 512:1024 2048:600 2048:1024 8192:20000 1048576:5000; do
	a=$(awk -v k="sparse=$spec" '$1 == k { sub(/^0x/, "", $2); print $2 }' "$LAYOUT_OUT")
	set -- $(vma_of "$LAYOUT_PID" "$a")
	run "$LAYOUT_PID" pages "$a" --json
	is "$(printf '%s\n' "$out" | jq -r '.vmas[0] | [.pages, .present] | join(" ")')" \
	    "$((${spec%:*} * 256)) $(($3 / 4096))" \
	    "${spec%:*} MiB with ${spec#*:} pages written: present = smaps Rss / 4096 (${spec#*:})"
done

# Text at 80 columns.
COLUMNS=80 "$MEMWATCH" "$pid" pages >"$t_tmp/narrow"
is "$(awk 'length($0) > 80' "$t_tmp/narrow" | wc -l)" 0 "at 80 columns no line is wider"

# Errors.
run "$pid" pages 0x1000
is "$rc" 1 "an address no mapping holds exits 1"
like "$err" "^memwatch: no mapping of process $pid holds address 0x1000" "and says so"
run "$pid" pages xyz
is "$rc" 2 "a malformed address is a usage error"
run "$pid" pages 1 2
is "$rc" 2 "one address at most"
run --proc-root "$MW_SRCDIR/samples/proc/debian12-6.18-a" 1185 pages
is "$rc" 1 "a capture has no pagemap: exit 1"
like "$err" "^memwatch: cannot read .*1185/pagemap" "and the message names pagemap"
run self pages --json
is "$(printf '%s\n' "$out" | jq -r .process.comm)" memwatch "self pages is memwatch's own"

cmd=$(unprivileged)
if [ -n "$cmd" ] && [ "$(stat -c %u /proc/1)" = 0 ]; then
	$cmd "$MEMWATCH" 1 pages >"$t_tmp/out" 2>"$t_tmp/err"
	is "$?" 1 "unprivileged pages of pid 1 exits 1"
	like "$(cat "$t_tmp/err")" "permission denied.*CAP_SYS_PTRACE" "naming CAP_SYS_PTRACE"
	# Its own process needs no privilege: PFNs are not needed.
	$cmd "$MEMWATCH" self pages --json >"$t_tmp/out" 2>"$t_tmp/err"
	is "$?" 0 "unprivileged pages of itself works"
else
	skip "no way to run unprivileged against a foreign process"
	skip "no way to run unprivileged against a foreign process"
	skip "no way to run unprivileged against a foreign process"
fi

done_testing
