#!/bin/bash
# tests/cli/sysfacts.sh: the figures and claims of system explain, system
# show and buddy against the files they come from: small blocks summed
# from the free lists, zone reserves (lowmem_reserve), what a zone spans,
# capped pagetypeinfo counts, a tree with pagetypeinfo alone, plurals and
# ranges, SLAB or SLUB.
. "${MW_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

P=$MW_SRCDIR/samples/proc
mw() { "$MEMWATCH" "$@" 2>"$MW_TMP/err"; }

# Blocks below 2 MiB (orders 0-8 with 4 KiB pages), summed from buddyinfo
# by awk, against the sentence in bytes, for every zone.
for z in DMA DMA32 Normal; do
	want=$(awk -v z="$z" '$4 == z { s = 0; for (o = 0; o < 9; o++) s += $(5 + o) * 4096 * 2 ^ o; printf "%.0f\n", s }' \
	    "$P/debian12-6.18-a/buddyinfo")
	got=$(mw --bytes --proc-root "$P/debian12-6.18-a" system explain --json |
	    jq -r --arg z "$z" '.findings[] | select(.id == "fragmentation" and (.text | startswith("Node 0 " + $z + ":"))) | .text' |
	    grep -o '[0-9]* bytes of the free memory' | grep -o '^[0-9]*')
	is "$got" "$want" "$z: bytes in blocks below 2 MiB are summed from the free lists ($want)"
done
out=$(mw --proc-root "$P/debian12-6.18-a" system explain | tr "\n" " " | tr -s " ")
like "$out" "Node 0 DMA: .* 1.0M of the free memory \\(unusable index 0\\.066\\)" \
    "DMA: 1 MiB (256 pages of order 8), not worked back from the rounded index"

# Zone reserves: DMA keeps 25 MiB from Normal and movable requests and has
# 15 MiB free, so neither a huge page nor a 4 MiB kernel block comes from it.
out=$(mw --proc-root "$P/reserve-6.18" system explain --json)
thp=$(printf '%s\n' "$out" | jq -r '.findings[] | select(.id == "thp") | .text')
b4=$(printf '%s\n' "$out" | jq -r '.findings[] | select(.id == "block-4mib") | .text')
like "$thp" "can be served now: 8 such blocks could be cut from the free lists of node 0 DMA32 \\(4\\), node 0 Normal \\(4\\)\\." \
    "THP: DMA's 7 blocks are not counted as servable"
like "$thp" "Held back .*node 0 DMA \\(7 such blocks: .*protection 25M\\)" \
    "THP: DMA's blocks are held back by its protection"
like "$b4" "1 such block could be cut from the free lists of node 0 DMA32 \\(1\\)\\. Not in node 0 Normal\\." \
    "4 MiB: one block, in the singular; DMA held back"
wm=$(printf '%s\n' "$out" | jq -r '.findings[] | select(.id == "watermarks" and (.text | startswith("Node 0 DMA:"))) | .text')
like "$wm" "25M from requests that may use Normal or higher, which cannot take pages here now" \
    "DMA watermarks: Normal and movable requests cannot take its pages"
like "$wm" "12M from requests that may use DMA32, which can take 2.9M before low" \
    "DMA watermarks: DMA32 requests may take what is above low plus 11.8 MiB"
# The same rule on the live machine, worked out by awk from zoneinfo
# and buddyinfo read at the same moment as far as the test can.
cp /proc/zoneinfo "$MW_TMP/zoneinfo" && cp /proc/buddyinfo "$MW_TMP/buddyinfo" &&
    getconf PAGESIZE >"$MW_TMP/page-size"
if [ "$(cat "$MW_TMP/page-size")" = 4096 ]; then
	want=$(awk '
	FNR == 1 { f++ }
	f == 1 && /^Node/ { n = $2 + 0; z = $4; idx[n] = (n in idx) ? idx[n] + 1 : 0; zi[n, z] = idx[n]; cur = n SUBSEP z; name[n, idx[n]] = z }
	f == 1 && $1 == "pages" && $2 == "free" { fr[cur] = $3 }
	f == 1 && $1 == "low" { lo[cur] = $2 }
	f == 1 && $1 == "protection:" { gsub(/[(),]/, " "); for (i = 2; i <= NF; i++) pr[cur, i - 2] = $i }
	f == 2 { n = $2 + 0; z = $4; c = 0; for (o = 9; o + 5 <= NF; o++) c += $(o + 5) * 2 ^ (o - 9)
		top = ((n, "Movable") in zi) ? zi[n, "Movable"] : zi[n, "Normal"]
		k = n SUBSEP z; res = (zi[n, z] < top) ? pr[k, top] : 0
		if (zi[n, z] <= top && fr[k] - 511 > lo[k] + res) t += c }
	END { printf "%.0f\n", t }' "$MW_TMP/zoneinfo" "$MW_TMP/buddyinfo")
	got=$(mw --proc-root "$MW_TMP" system explain --json |
	    jq -r '.findings[] | select(.id == "thp") | .text' | grep -o '[0-9]* such block' | head -n1 | grep -o '^[0-9]*')
	is "${got:-0}" "$want" "live: THP blocks counted only where the watermark and protection allow ($want)"
else
	skip "the live check assumes 4 KiB pages"
fi

# What a zone spans, and its purpose by architecture.
cp "$P/reserve-6.18/"* "$MW_TMP/" 2>/dev/null
rm -f "$MW_TMP/machine"
zones=$(mw --proc-root "$MW_TMP" system explain --json | jq -r '.findings[] | select(.id == "zones") | .text')
like "$zones" "node 0 DMA has 15M managed \\(spans 4.0K to 16M of physical addresses; for devices whose DMA reach is limited" \
    "DMA without a known architecture: its span, no x86 claim"
is "$(printf '%s\n' "$zones" | grep -c '24 bits')" 0 "no 24-bit claim when the architecture is unknown"
echo x86_64 >"$MW_TMP/machine"
like "$(mw --proc-root "$MW_TMP" system explain --json | jq -r '.findings[] | select(.id == "zones") | .text')" \
    "DMA has 15M managed \\(spans 4.0K to 16M of physical addresses; on x86, kept for old devices that can only address 24 bits\\)" \
    "x86_64: the 24-bit purpose"
# An arm64 DMA zone spanning 1 GiB to 4 GiB.
echo aarch64 >"$MW_TMP/machine"
awk '/zone +DMA$/ { d = 1 } /zone +DMA32$/ { d = 0 }
    d && $1 == "spanned" { $0 = "        spanned  786432" }
    d && $1 == "start_pfn:" { $0 = "  start_pfn:           262144" }
    { print }' "$P/reserve-6.18/zoneinfo" >"$MW_TMP/zoneinfo"
zones=$(mw --proc-root "$MW_TMP" system explain --json | jq -r '.findings[] | select(.id == "zones") | .text')
like "$zones" "DMA has 15M managed \\(spans 1.0G to 4.0G of physical addresses; for devices whose DMA reach is limited" \
    "aarch64: the DMA zone's span from start_pfn and spanned"
is "$(printf '%s\n' "$zones" | grep -c 'first 16M\|24 bits')" 0 "aarch64: no 'first 16 MiB' or 24-bit claim"

# A zone without its high and managed lines: unknown, never 0.
rm -f "$MW_TMP/machine"
awk '/zone +Normal$/ { n = 1 } /zone +Movable$/ { n = 0 }
    n && ($1 == "high" || $1 == "managed") { next } { print }' \
    "$P/reserve-6.18/zoneinfo" >"$MW_TMP/zoneinfo"
out=$(mw --proc-root "$MW_TMP" system explain --json)
wm=$(printf '%s\n' "$out" | jq -r '.findings[] | select(.id == "watermarks" and (.text | startswith("Node 0 Normal:"))) | .text')
like "$wm" "free of an unknown amount managed; watermarks min .*, high unknown\\. Free memory is above low;" \
    "no high or managed line: said unknown, not 0"
like "$(printf '%s\n' "$out" | jq -r '.findings[] | select(.id == "zones") | .text')" \
    "at least 3.0G managed in all: .* node 0 Normal \\(managed memory unknown\\)" "zones: managed unknown, the total a lower bound"

# Plurals and ranges: Normal's largest block is order 9 of 10.
frag=$(mw --proc-root "$P/reserve-6.18" system explain | tr '\n' ' ' | tr -s ' ')
like "$frag" "Order 10 cannot be served; fragmentation index at order 10" "one order: 'Order 10', not 'Orders 10 to 10'"
is "$(printf '%s\n' "$frag" | grep -c 'Orders 10 to 10\|1 such blocks')" 0 "no 'Orders 10 to 10', no '1 such blocks'"

head -n 3 "$P/debian12-6.18-a/slabinfo" >"$MW_TMP/slabinfo"
like "$(mw --proc-root "$MW_TMP" system explain --json | jq -r '.findings[] | select(.id == "slab") | .text')" \
    "(^|\. )1 cache holds [^;]* in slabs" "one slab cache: '1 cache holds'"
rm -f "$MW_TMP/slabinfo"

# pagetypeinfo alone, with two counts capped at >100000.
mw --proc-root "$MW_SRCDIR/tests/data/capped-6.18" system explain >"$MW_TMP/out"
is "$?" 0 "system explain works on a tree with pagetypeinfo only"
out=$(tr '\n' ' ' <"$MW_TMP/out" | tr -s ' ')
like "$out" "Node 0 DMA32: at least 391G free" "explain: a capped zone's free memory is a lower bound"
like "$out" "Node 0 Normal: at least .* At least 427M of the free memory" "explain: a capped small-block sum is a lower bound"
like "$out" "at least 200083 such blocks could be cut .* node 0 DMA32 \\(>=200002\\)" "explain: capped block counts are lower bounds"
like "$out" "zoneinfo is unknown here" "and says what is missing"
show=$(mw --proc-root "$MW_SRCDIR/tests/data/capped-6.18" system show)
like "$show" "^Free blocks per order \\(pagetypeinfo summed over migrate types, >= a lower bound;" \
    "system show names pagetypeinfo as the source"
like "$show" "node 0 DMA32 +>=391G: 1 2 4 2 5 4 3 3 4 2 >=100000; largest 4.0M; 2.0M blocks >=200002, 4.0M blocks >=100000" \
    "system show: the capped count and what depends on it are lower bounds"
like "$show" "node 0 DMA +15M: 0 0 0 0 0 0 0 0 1 1 3; largest 4.0M; 2.0M blocks 7, 4.0M blocks 3" \
    "system show: an uncapped zone stays exact"
buddy=$(mw --proc-root "$MW_SRCDIR/tests/data/capped-6.18" buddy)
like "$buddy" "10 +4.0M +>= +100000 " "buddy: the capped order is marked"
like "$buddy" "a 4.0M allocation \\(order 10\\) can be served now: at least 100000 such blocks free" \
    "buddy: the 4 MiB line is a lower bound"
snap=$(mw --proc-root "$MW_SRCDIR/tests/data/capped-6.18" system snapshot --json)
is "$(printf '%s\n' "$snap" | jq -c '[.buddy_source, [.buddy[] | .lower_bound_orders]]')" \
    '["pagetypeinfo",[null,[10],[0]]]' "system snapshot keeps the source and the capped orders"

# JSON reals: the shortest text that reads back as the same double.
j=$(mw --proc-root "$P/debian12-6.18-a" buddy --json)
is "$(printf '%s\n' "$j" | grep -cE '[0-9]\.[0-9]{12,}')" 0 "buddy --json: no 17-digit reals"
is "$(printf '%s\n' "$j" | jq -c '.zones[0].unusable_index[9:]')" "[0.066,0.2]" "the DMA zone's indices read as 0.066 and 0.2"
like "$(printf '%s\n' "$j" | tr -d ' \n')" '"unusable_index":\[0\.0,0\.0,0\.0,0\.0,0\.0,0\.0,0\.0,0\.0,0\.0,0\.066,0\.2\]' \
    "written 0.066 and 0.2 (and 0.0 stays a real)"

like "$(mw --proc-root "$MW_SRCDIR/tests/data/capped-6.18" export | grep '^# HELP memwatch_buddy_free_blocks ')" \
    "pagetypeinfo .*a lower bound" "export names pagetypeinfo and the lower bound in its help"

# A system diff of two capped trees keeps the counts lower bounds.
cp -r "$MW_SRCDIR/tests/data/capped-6.18" "$MW_TMP/capped2"
sed -i 's/^\(Node    0, zone    DMA32, type      Movable\)      1 /\1      5 /' "$MW_TMP/capped2/pagetypeinfo"
mw --proc-root "$MW_SRCDIR/tests/data/capped-6.18" system snapshot -o "$MW_TMP/c1.json"
mw --proc-root "$MW_TMP/capped2" system snapshot -o "$MW_TMP/c2.json"
is "$(mw diff "$MW_TMP/c1.json" "$MW_TMP/c2.json" --json | jq -c '[.zones[] | select(.zone == "DMA32") | .lower_bound_orders]')" \
    '[[10]]' "system diff: the capped orders are marked"
like "$(mw diff "$MW_TMP/c1.json" "$MW_TMP/c2.json")" "node 0 DMA32 .* o0:\+4" "system diff: an uncapped order's change is exact"

# SLAB or SLUB: one tuned row among SLUB rows settles nothing on an old
# kernel; a 6.8+ kernel has no SLAB.
cp "$P/debian12-6.18-a/slabinfo" "$MW_TMP/slabinfo"
sed -i '3s/tunables    0    0    0/tunables  120   60    8/' "$MW_TMP/slabinfo"
echo 6.18.44 >"$MW_TMP/kernel-release"
is "$(mw --proc-root "$MW_TMP" slabs --json | jq -r '.allocator')" SLUB "6.18 with one tuned row: SLUB (SLAB left in 6.8)"
echo 5.10.0 >"$MW_TMP/kernel-release"
is "$(mw --proc-root "$MW_TMP" slabs --json | jq -r 'has("allocator")')" false "5.10 with one tuned row: unknown, absent"
cp "$P/debian12-6.18-a/slabinfo" "$MW_TMP/slabinfo"
is "$(mw --proc-root "$MW_TMP" slabs --json | jq -r '.allocator')" SLUB "5.10 with every row zero: SLUB"

# top's "used" is free(1)'s: total - available (procps 4), read between
# two runs of free; memory moves meanwhile, so within their range and 32 MiB.
if command -v free >/dev/null 2>&1; then
	u1=$(free -b | awk '$1 == "Mem:" { print $3 }')
	got=$(mw top -b -n 1 --bytes | awk '$1 == "Mem:" { print $4 }')
	u2=$(free -b | awk '$1 == "Mem:" { print $3 }')
	lo=$((u1 < u2 ? u1 : u2)) hi=$((u1 > u2 ? u1 : u2))
	[ "${got:-0}" -ge $((lo - 33554432)) ] && [ "${got:-0}" -le $((hi + 33554432)) ]
	ok "top's Mem used ($got) is free's used ($u1 .. $u2)" test $? = 0
else
	skip "free(1) is not installed"
fi

done_testing
