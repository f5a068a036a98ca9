#!/bin/sh
# tests/cli/system.sh: zones, buddy, slabs, system and capture on captured
# trees (every number checked against the file it came from, in bytes, with
# jq) and on the live machine (against procps' slabtop and meminfo).
set -u
: "${MEMWATCH:?}" "${MW_SRCDIR:?}"
M=$MEMWATCH
. "$MW_SRCDIR/tests/cli/lib.sh"
tmp=$MW_TMP

# same NAME FILE1 FILE2: the two files are identical (and not empty).
same() {
	if [ -s "$2" ] && cmp -s "$2" "$3"; then
		ok "$1" true
	else
		ok "$1" false
		diff "$2" "$3" | head -20 | diag
	fi
}

command -v jq >/dev/null || skip_all "jq is not installed"

page_size() { # the page size memwatch must use for a tree
	if [ -f "$1/page-size" ]; then cat "$1/page-size"; else echo 4096; fi
}

# Expected zone rows from zoneinfo itself, pages times the page size.
want_zones() {
	awk -v ps="$2" '
	function out() {
		if (zone != "")
			print node, zone, v["free"], v["min"], v["low"], v["high"],
			    v["managed"], v["present"], v["spanned"]
	}
	function b(x) { return sprintf("%.0f", x * ps) }
	$1 == "Node" { out(); node = $2 + 0; zone = $4
		split("free min low high managed present spanned", k, " ")
		for (i in k) v[k[i]] = "null"; next }
	$1 == "pages" && $2 == "free" { v["free"] = b($3); next }
	$1 == "min" || $1 == "low" || $1 == "high" || $1 == "managed" ||
	$1 == "present" || $1 == "spanned" { if (NF == 2) v[$1] = b($2) }
	END { out() }' "$1/zoneinfo"
}

want_buddy() {
	awk -v ps="$2" '$1 == "Node" {
		s = ""; f = 0
		for (i = 5; i <= NF; i++) {
			s = s (i > 5 ? "," : "") $i
			f += $i * 2 ^ (i - 5)
		}
		printf "%d %s %s %.0f\n", $2, $4, s, f * ps }' "$1/buddyinfo"
}

want_slabs() {
	awk -v ps="$2" '/^slabinfo/ || /^#/ || NF == 0 { next }
	{
		for (c = 1; c <= NF; c++) if ($c == ":") break
		for (d = c; d <= NF; d++) if ($d == "slabdata") break
		name = $1
		for (i = 2; i <= c - 6; i++) name = name " " $i
		printf "%s %d %d %d %.0f\n", name, $(c-5), $(c-4), $(c-3),
		    $(d+2) * $(c-1) * ps
	}' "$1/slabinfo" | sort
}

want_meminfo() {
	awk '/:/ { k = $1; sub(/:$/, "", k)
		if ($3 == "kB") printf "%s %.0f\n", k, $2 * 1024
		else if (NF == 2) printf "%s %s\n", k, $2 }' "$1/meminfo"
}

# check_tree NAME DIR: every number memwatch prints equals the file's.
check_tree() {
	name=$1 dir=$2
	ps=$(page_size "$dir")
	if [ -f "$dir/zoneinfo" ]; then
		want_zones "$dir" "$ps" > "$tmp/want"
		"$M" --proc-root "$dir" --json --bytes zones |
		    jq -r '.zones[] | "\(.node) \(.zone) \(.free) \(.min) \(.low) \(.high) \(.managed) \(.present) \(.spanned)"' > "$tmp/got"
		same "$name: zones equal zoneinfo in bytes" "$tmp/want" "$tmp/got"
		"$M" --proc-root "$dir" zones > "$tmp/out" 2>&1
		is $? 0 "$name: zones as text"
	fi
	if [ -f "$dir/buddyinfo" ]; then
		want_buddy "$dir" "$ps" > "$tmp/want"
		"$M" --proc-root "$dir" --json --bytes buddy |
		    jq -r '.zones[] | "\(.node) \(.zone) \(.free_blocks | map(tostring) | join(",")) \(.free)"' > "$tmp/got"
		same "$name: buddy equals buddyinfo in bytes" "$tmp/want" "$tmp/got"
		"$M" --proc-root "$dir" buddy > /dev/null 2>&1
		is $? 0 "$name: buddy as text"
	fi
	if [ -f "$dir/slabinfo" ]; then
		want_slabs "$dir" "$ps" > "$tmp/want"
		"$M" --proc-root "$dir" --json --bytes slabs |
		    jq -r '.caches[] | "\(.name) \(.active_objs) \(.num_objs) \(.objsize) \(.size)"' |
		    sort > "$tmp/got"
		same "$name: slabs equal slabinfo (size = num_slabs*pagesperslab*page)" "$tmp/want" "$tmp/got"
		total=$(awk '{ s += $5 } END { printf "%.0f", s }' "$tmp/want")
		got=$("$M" --proc-root "$dir" --json slabs -n 3 | jq '.totals.size')
		[ "$got" = "$total" ]
		is $? 0 "$name: slab total $total counts every cache even with -n 3"
	fi
	if [ -f "$dir/meminfo" ]; then
		want_meminfo "$dir" > "$tmp/want"
		"$M" --proc-root "$dir" --json system snapshot |
		    jq -r '.meminfo | to_entries[] | "\(.key) \(.value)"' > "$tmp/got"
		same "$name: snapshot meminfo equals the file in bytes" "$tmp/want" "$tmp/got"
	fi
	"$M" --proc-root "$dir" system > "$tmp/out" 2>&1
	is $? 0 "$name: system show"
	"$M" --proc-root "$dir" system explain > "$tmp/out" 2>&1
	is $? 0 "$name: system explain"
}

for d in "$MW_SRCDIR"/samples/proc/*/; do
	check_tree "samples/proc/$(basename "$d")" "${d%/}"
done

pub=${MW_PUBLIC_SAMPLES:-}
if [ -n "$pub" ] && [ -d "$pub" ]; then
	for d in this-machine-6.18 prometheus-procfs node-exporter \
	    pcp-qa/meminfo-root-002 pcp-qa/meminfo-root-004 \
	    pcp-qa/meminfo-root-007 pcp-qa/collectl-rhel6.4-2.6.32-220-8node \
	    pcp-qa/collectl-debian-3.2.0-4-rt-686-pae telegraf; do
		check_tree "public $d" "$pub/$d/proc"
	done
	# The 6.18 capture: page size from KernelPageSize of its smaps.
	"$M" --proc-root "$pub/this-machine-6.18/proc" --json system snapshot > "$tmp/s.json"
	jq -e '.page_size == 4096 and (.page_size_source | test("KernelPageSize"))' "$tmp/s.json" > /dev/null
	is $? 0 "page size from a captured mapping's KernelPageSize"
	# Two nodes, pre-4.8: the node 1 Normal zone and its watermarks.
	"$M" --proc-root "$pub/pcp-qa/meminfo-root-002/proc" --json zones |
	    jq -e '.zones[3] | .node == 1 and .zone == "Normal" and .free == 11093906 * 4096 and .start_pfn == 17301504' > /dev/null
	is $? 0 "pre-4.8 zoneinfo, node 1"
	# SLAB: tunables are kept.
	"$M" --proc-root "$pub/pcp-qa/collectl-rhel6.4-2.6.32-220-8node/proc" --json slabs |
	    jq -e '.allocator == "SLAB" and ([.caches[] | select(.name == "size-4194304(DMA)")][0].pagesperslab == 1024)' > /dev/null
	is $? 0 "SLAB slabinfo, name with parentheses"
	# HighMem 32-bit buddyinfo: a 4 MiB block is there (358 order-10 blocks).
	"$M" --proc-root "$pub/pcp-qa/collectl-debian-3.2.0-4-rt-686-pae/proc" buddy |
	    grep -q 'a 4.0M allocation (order 10) can be served now: 358 such blocks'
	is $? 0 "HighMem zone: order-10 blocks counted"
	# Trees with pagetypeinfo only (CMA column; pre-4.4 with Reserve): the
	# buddy counts are the migrate types' counts summed, blocks as printed.
	for t in elastic-beats/meta-testdata-cma kernel-docs-example; do
		dir=$pub/$t/proc
		awk '$1 == "Node" && $5 == "type" { k = ($2 + 0) " " $4; sub(/,$/, "", k)
			if (!(k in row)) { keys[++n] = k; row[k] = 1 }
			for (i = 7; i <= NF; i++) c[k, i - 7] += $i; m = NF - 7 }
			END { for (j = 1; j <= n; j++) { s = ""
				for (i = 0; i <= m; i++) s = s (i ? "," : "") c[keys[j], i]
				print keys[j], s } }' "$dir/pagetypeinfo" > "$tmp/want"
		"$M" --proc-root "$dir" --json buddy |
		    jq -r '.zones[] | "\(.node) \(.zone) \(.free_blocks | map(tostring) | join(","))"' > "$tmp/got"
		same "public $t: buddy from pagetypeinfo sums the migrate types" "$tmp/want" "$tmp/got"
		awk '/^Number of blocks type/ { for (i = 5; i <= NF; i++) h[i] = $i; nh = NF; next }
			/^Node/ && NF >= 5 && $5 != "type" { z = $4
				for (i = 5; i <= nh; i++) printf "%d %s %s %d\n", $2, z, h[i], $(i)
			}' "$dir/pagetypeinfo" > "$tmp/want"
		"$M" --proc-root "$dir" --json buddy |
		    jq -r '.pagetypeinfo.blocks[] | . as $r | .blocks | to_entries[] | "\($r.node) \($r.zone) \(.key) \(.value)"' > "$tmp/got"
		same "public $t: pageblocks per migrate type as printed" "$tmp/want" "$tmp/got"
	done
	"$M" --proc-root "$pub/kernel-docs-example/proc" --json buddy |
	    jq -e '.source == "pagetypeinfo" and .pagetypeinfo.migrate_types == ["Unmovable","Reclaimable","Movable","Reserve","Isolate"]' > /dev/null
	is $? 0 "pre-4.4 migrate types in the file's order"
else
	skip "MW_PUBLIC_SAMPLES not set: public corpus trees not checked"
fi

# --bytes: the sentences give exact byte counts too.
"$M" --proc-root "$MW_SRCDIR/samples/proc/debian12-6.18-a" --bytes system explain > "$tmp/out"
want=$(awk '/^MemAvailable:/ { printf "%.0f", $2 * 1024 }' "$MW_SRCDIR/samples/proc/debian12-6.18-a/meminfo")
tr '\n' ' ' < "$tmp/out" | grep -q "estimates $want  *bytes"
is $? 0 "explain --bytes: MemAvailable as $want bytes"

# Page size: the capture's file wins, else 4096 with a note.
mkdir -p "$tmp/nops" && cp "$MW_SRCDIR/samples/proc/debian12-6.18-a/buddyinfo" "$tmp/nops/"
"$M" --proc-root "$tmp/nops" system explain > "$tmp/out" 2>&1
tr '\n' ' ' < "$tmp/out" | grep -q '4096 bytes  *assumed' 
is $? 0 "no page size in a tree: 4096 assumed, and said"
echo 65536 > "$tmp/nops/page-size"
"$M" --proc-root "$tmp/nops" --json buddy | jq -e '.page_size == 65536 and .zones[0].free_blocks[10] == 3 and .zones[0].free == 3840 * 65536' > /dev/null
is $? 0 "page-size file honoured (64 KiB pages)"

# A missing file: exit 1 and a message saying what to do.
"$M" --proc-root "$tmp/nops" zones > /dev/null 2> "$tmp/err"
[ $? -eq 1 ] && grep -q '^memwatch: cannot read .*zoneinfo' "$tmp/err"
is $? 0 "zones without zoneinfo: exit 1 and a message"

# Usage errors exit 2.
"$M" slabs --sort bogus > /dev/null 2>&1; [ $? -eq 2 ]; is $? 0 "slabs --sort bogus: exit 2"
"$M" slabs -n 0 > /dev/null 2>&1; [ $? -eq 2 ]; is $? 0 "slabs -n 0: exit 2"
"$M" zones extra > /dev/null 2>&1; [ $? -eq 2 ]; is $? 0 "zones extra: exit 2"
"$M" system diff -i x > /dev/null 2>&1; [ $? -eq 2 ]; is $? 0 "system diff -i x: exit 2"
"$M" system diff -i 1 file > /dev/null 2>&1; [ $? -eq 2 ]; is $? 0 "system diff -i and FILE: exit 2"
for c in zones buddy slabs capture "system show" "system explain" "system snapshot" "system diff"; do
	# shellcheck disable=SC2086
	"$M" $c --help > "$tmp/out" 2>&1 && grep -q '^Usage: memwatch' "$tmp/out"
	is $? 0 "$c --help"
done
"$M" slabs --help | grep -q -- '--sort KEY'; is $? 0 "slabs --help lists --sort"
# Every long option of these commands' --help is in memwatch(1).
man1=$MW_SRCDIR/man/memwatch.1
r=0
for c in zones buddy slabs capture "system snapshot" "system diff"; do
	# shellcheck disable=SC2086
	for o in $("$M" $c --help | sed -n '/^Options:/,/^Global/p' | grep -o -- '--[a-z-]*'); do
		grep -q -- "$(echo "$o" | sed 's/-/\\\\-/g')" "$man1" || { echo "# $c $o not in memwatch.1"; r=1; }
	done
done
is "$r" 0 "every option of the system commands is in memwatch(1)"
if command -v man > /dev/null; then
	out=$(man --warnings -l "$man1" 2>&1 > /dev/null; man --warnings -l "$MW_SRCDIR/man/memwatch-json.5" 2>&1 > /dev/null)
	[ -z "$out" ]
	is $? 0 "man pages format without warnings"
else
	skip "man is not installed"
fi

# Snapshots: written atomically, read back, compared.
tree=$MW_SRCDIR/samples/proc/debian12-6.18-a
"$M" --proc-root "$tree" system snapshot -o "$tmp/a.json"
is $? 0 "system snapshot -o FILE"
jq -e '.kind == "system-snapshot" and .schema == 1 and (.memwatch | length > 0) and (.taken_at | test("Z$")) and .kernel == "6.18.44-fc-v657" and .page_size == 4096 and (.zones | length) == 5 and (.buddy | length) == 3 and (.slabs.caches | length) > 100' "$tmp/a.json" > /dev/null
is $? 0 "snapshot has kind, schema, stamp, zones, buddy, slabs"
"$M" --proc-root "$tree" --json system diff "$tmp/a.json" > "$tmp/d.json"
is $? 0 "system diff FILE against the same tree"
jq -e '.kind == "diff" and ([.totals[] | select(. != 0)] | length) == 0 and (.slabs | length) == 0 and ([.zones[].free_blocks[] | select(. != 0)] | length) == 0' "$tmp/d.json" > /dev/null
is $? 0 "a snapshot against its own tree: every delta 0"
"$M" --proc-root "$MW_SRCDIR/samples/proc/debian12-6.18-b" --json system diff "$tmp/a.json" > "$tmp/d.json"
want=$(( $(awk '/^MemFree:/ { print $2 }' "$MW_SRCDIR/samples/proc/debian12-6.18-b/meminfo") - $(awk '/^MemFree:/ { print $2 }' "$tree/meminfo") ))
jq -e --argjson w "$want" '.totals.MemFree == $w * 1024' "$tmp/d.json" > /dev/null
is $? 0 "diff of capture a and b: MemFree delta $want kB in bytes"
# diff A B of two system snapshots: the process reader stops at "kind"
# and the system reader reads them, wherever "kind" stands.
"$M" --proc-root "$MW_SRCDIR/samples/proc/debian12-6.18-b" system snapshot -o "$tmp/b.json"
"$M" --json diff "$tmp/a.json" "$tmp/b.json" > "$tmp/ab.json"
is $? 0 "diff A B of two system snapshots"
jq -S . "$tmp/a.json" > "$tmp/a-sorted.json"
"$M" --json diff "$tmp/a-sorted.json" "$tmp/b.json" | sed 's/a-sorted.json/a.json/' > "$tmp/ab2.json"
cmp -s "$tmp/ab.json" "$tmp/ab2.json"
is $? 0 "... the same with A's keys sorted (\"kind\" after the zones, buddy and slabs)"
jq 'del(.page_size)' "$tmp/a.json" > "$tmp/bad.json"
"$M" system diff "$tmp/bad.json" > /dev/null 2> "$tmp/err"
[ $? -eq 1 ] && grep -q 'page_size is missing' "$tmp/err"
is $? 0 "snapshot without page_size: exit 1, names the field"
jq '.zones[1].free = "x"' "$tmp/a.json" > "$tmp/bad.json"
"$M" system diff "$tmp/bad.json" > /dev/null 2> "$tmp/err"
[ $? -eq 1 ] && grep -q 'zones\[1\].free' "$tmp/err"
is $? 0 "snapshot with a string free: exit 1, names zones[1].free"
"$M" --proc-root "$tree" --json zones > "$tmp/z.json"
"$M" system diff "$tmp/z.json" > /dev/null 2> "$tmp/err"
[ $? -eq 1 ] && grep -q '"zones" document' "$tmp/err"
is $? 0 "a zones document is not a snapshot"

# Capture: a tree --proc-root reads back with the same numbers.
"$M" capture -o "$tmp/cap" $$ > "$tmp/out" 2>&1
is $? 0 "capture -o DIR PID"
[ "$(cat "$tmp/cap/page-size")" = "$(getconf PAGESIZE)" ] &&
    [ "$(cat "$tmp/cap/kernel-release")" = "$(uname -r)" ] &&
    [ -s "$tmp/cap/$$/status" ] && [ -s "$tmp/cap/meminfo" ]
is $? 0 "capture has page-size, kernel-release, meminfo, PID/status"
check_tree "capture" "$tmp/cap"
"$M" --proc-root "$tmp/cap" capture -o "$tmp/cap2" $$ > /dev/null 2>&1
is $? 0 "a capture of a capture"
r=0
for f in meminfo zoneinfo buddyinfo kernel-release page-size $$/status $$/stat; do
	cmp -s "$tmp/cap/$f" "$tmp/cap2/$f" || r=1
done
is "$r" 0 "the capture of a capture is byte-identical"
"$M" capture -o "$tmp/cap" > /dev/null 2> "$tmp/err"
[ $? -eq 1 ] && grep -q -- '--force' "$tmp/err"
is $? 0 "capture into an earlier capture needs --force"
"$M" capture -o "$tmp/cap" --force > /dev/null 2>&1
is $? 0 "capture --force refreshes an earlier capture"
mkdir -p "$tmp/other" && echo x > "$tmp/other/file"
"$M" capture -o "$tmp/other" --force > /dev/null 2> "$tmp/err"
[ $? -eq 1 ] && [ "$(ls "$tmp/other")" = "file" ]
is $? 0 "capture never writes into another non-empty directory"
"$M" capture -o "$tmp/cap3" 999999999 > /dev/null 2> "$tmp/err"
[ $? -eq 1 ] && grep -q 'no such process 999999999' "$tmp/err" && [ ! -e "$tmp/cap3" ]
is $? 0 "capture of a pid that does not exist: exit 1, nothing written"

# Live machine.
"$M" --json --bytes zones > "$tmp/z.json"
is $? 0 "live zones"
want=$(awk '$1 == "managed" { s += $2 } END { printf "%.0f", s }' /proc/zoneinfo)
jq -e --argjson w "$want" --argjson ps "$(getconf PAGESIZE)" '[.zones[].managed] | add == $w * $ps' "$tmp/z.json" > /dev/null
is $? 0 "live zones: managed equals /proc/zoneinfo"
"$M" --json buddy | jq -e '(.zones | length) > 0 and (.zones[0].free_blocks | length) > 0' > /dev/null
is $? 0 "live buddy"
"$M" --json system diff -i 0.2 | jq -e '.kind == "diff" and .target == "system" and (.totals | has("MemFree")) and (.notes | length) > 0' > /dev/null
is $? 0 "live system diff -i 0.2"
"$M" system explain > "$tmp/out"
grep -q 'kswapd' "$tmp/out" && grep -q 'A 2.0M block' "$tmp/out"
is $? 0 "live explain speaks of kswapd and 2 MiB blocks"
if [ -r /proc/slabinfo ] && head -c1 /proc/slabinfo > /dev/null 2>&1; then
	# procps (libproc2) sums object slots: num_objs * objsize ("Total
	# Size") and active_objs * objsize; memwatch gives both besides the
	# pages held. Equal within the live drift between the two reads.
	if command -v slabtop > /dev/null; then
		r=1
		for try in $(seq 20); do
			theirs=$(slabtop -o | awk -F'[:/(]' '/Total Size/ { gsub(/[ K]/, "", $4); gsub(/[ K]/, "", $5); printf "%.0f %.0f", $4 * 1024, $5 * 1024 }')
			ours=$("$M" --json slabs -n 1 | jq -r '"\(.totals.active_size) \(.totals.objs_size)"')
			echo "$ours $theirs" | awk '{ for (i = 1; i <= 2; i++) { d = $i - $(i + 2); if (d < 0) d = -d; if (!($(i + 2) > 0 && d <= $(i + 2) / 200)) exit 1 } }' && { r=0; break; }
		done
		is "$r" 0 "live slab active/total object bytes $ours equal slabtop's $theirs (within 0.5%)"
	else
		skip "slabtop (procps) not installed"
	fi
	"$M" --json slabs -i 0.2 -n 5 | jq -e '.sort == "change" and .interval == 0.2 and (.caches | length) == 5 and (.caches[0] | has("delta_size") and has("delta_active_objs")) and (.totals | has("delta_size"))' > /dev/null
	is $? 0 "slabs -i: the change of each cache and of the total"
	"$M" slabs -i 0.2 -n 3 --sort name | grep -q '^Change over 0.2 s'
	is $? 0 "slabs -i as text"
	slab=$(awk '/^Slab:/ { print $2 * 1024 }' /proc/meminfo)
	ours=$("$M" --json slabs | jq '.totals.size')
	awk -v a="$ours" -v b="$slab" 'BEGIN { exit !(a > b / 2 && a < b * 2) }'
	is $? 0 "live slabs total $ours is of the order of meminfo Slab $slab"
else
	skip "/proc/slabinfo not readable: live slab checks need root"
fi

# Denied: slabinfo is root-only; as an ordinary user slabs says so, exit 1.
if [ "$(id -u)" -eq 0 ] && command -v setpriv > /dev/null &&
    setpriv --reuid=65534 --regid=65534 --clear-groups "$M" --version > /dev/null 2>&1; then
	asuser="setpriv --reuid=65534 --regid=65534 --clear-groups"
elif [ "$(id -u)" -ne 0 ]; then
	asuser=""
else
	asuser="-"
fi
if [ "$asuser" = "-" ]; then
	skip "cannot run as an ordinary user here (setpriv missing or binary not reachable)"
else
	$asuser "$M" slabs > /dev/null 2> "$tmp/err"
	[ $? -eq 1 ] && grep -q 'slabinfo (permission denied.*run as root' "$tmp/err"
	is $? 0 "slabs as an ordinary user: exit 1, run as root"
	$asuser "$M" --json system snapshot > "$tmp/u.json" 2> /dev/null
	jq -e '(.slabs == null) and (.unavailable.slabs | test("permission denied")) and (.zones | length) > 0' "$tmp/u.json" > /dev/null
	is $? 0 "snapshot as an ordinary user: slabs unavailable, not zero"
fi

done_testing
