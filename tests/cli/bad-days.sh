#!/bin/bash
# tests/cli/bad-days.sh: wrong input that must give honest output.
#
# A captured tree with negative numbers in zoneinfo: text and JSON agree
# that the values are unknown (text "?", JSON absent), and no zone of
# unknown size is called empty.
. "${MW_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

command -v jq >/dev/null || skip_all "jq is not installed"
t=$MW_TMP
cap=$MW_SRCDIR/samples/proc/debian12-6.18-a
lacks() { ! grep -q -- "$1" "$2"; }
not_raw() { ! raw "$1"; }

# ---- negative numbers in zoneinfo -------------------------------------
cp -r "$cap" "$t/neg" || bail_out "cannot copy $cap"
sed -i 's/^  pages free     \([0-9]*\)/  pages free     -\1/;
    s/^\(        managed  \)\([0-9]*\)/\1-\2/;
    s/^\(        present  \)\([0-9]*\)/\1-\2/' "$t/neg/zoneinfo"
"$MEMWATCH" --proc-root "$t/neg" zones >"$t/z.txt" 2>"$t/err"
is "$?" 0 "zones with negative numbers: exit 0"
"$MEMWATCH" --proc-root "$t/neg" --json zones >"$t/z.json"
is "$(jq -c '[.zones[] | select(has("free") or has("managed") or has("present"))] | length' "$t/z.json")" 0 \
    "JSON: free, managed and present are absent (unknown)"
is "$(jq -c '[.zones[] | select(has("populated"))] | length' "$t/z.json")" 0 \
    "JSON: no zone is called populated or empty"
is "$(jq -c '[.zones[] | select(has("min"))] | length' "$t/z.json")" \
    "$(grep -c '^        min ' "$t/neg/zoneinfo")" \
    "JSON: every zone keeps its min watermark"
ok "text: no zone is listed as empty" lacks "Empty zones" "$t/z.txt"
is "$(grep -c '^Node .*: free ? managed ? present ? spanned [0-9]' "$t/z.txt")" \
    "$(grep -c '^Node' "$t/neg/zoneinfo")" \
    "text: every zone shows free, managed and present as ?"
ok "text: no headroom from an unknown free count" lacks "headroom" "$t/z.txt"
"$MEMWATCH" --proc-root "$t/neg" system explain >"$t/x.txt"
ok "system explain: no zone has '0 bytes managed'" lacks "0 bytes managed" "$t/x.txt"

# ---- a refused file gives no time --------------------------------------
# meminfo a symlink out of the tree (refused when read) to a file of 2001;
# the tree's own files are of 2020: taken_at is 2020, never 2001.
mkdir "$t/ts" && cp -r "$cap/." "$t/ts/" || bail_out "cannot copy $cap"
echo "MemTotal: 1 kB" >"$t/outside" && touch -d 2001-01-01T00:00:00Z "$t/outside"
ln -sf "$t/outside" "$t/ts/meminfo"
find "$t/ts" -type f -exec touch -d 2020-01-01T00:00:00Z {} +
"$MEMWATCH" --proc-root "$t/ts" --json system snapshot >"$t/s.json" 2>/dev/null
is "$(jq -r .taken_at "$t/s.json")" "2020-01-01T00:00:00Z" \
    "taken_at from the tree's files, not a refused symlink's target"

# ---- pagemap: an absurd range over a huge sparse file -------------------
# A mapping of 128 TiB in smaps and a 1 TiB sparse pagemap: bounded, the
# mapping is reported too large, not read for minutes.
mkdir "$t/pm" && cp -r "$cap/." "$t/pm/" || bail_out "cannot copy $cap"
pid=1185
{
	echo "000000000000-7fffffffffff rw-p 00000000 00:00 0"
	echo "Size:           137438953468 kB"
	echo "Rss:                   4 kB"
	echo "VmFlags: rd wr mr mw me ac"
} >"$t/pm/$pid/smaps"
truncate -s 1T "$t/pm/$pid/pagemap" || bail_out "truncate"
start=$(date +%s%N)
timeout -k 2 20 "$MEMWATCH" --proc-root "$t/pm" --json "$pid" pages >"$t/pm.json" 2>"$t/err"
rc=$?
ms=$((($(date +%s%N) - start) / 1000000))
is "$rc" 0 "pages over a 128 TiB mapping and a 1 TiB sparse pagemap: exit 0"
cmp_ok "$ms" -lt 5000 "... within 5 s (${ms} ms)"
is "$(jq -c '.vmas[0] | [.read, .too_large]' "$t/pm.json")" "[false,true]" \
    "... the mapping is marked too large, not read"
timeout -k 2 20 "$MEMWATCH" --proc-root "$t/pm" "$pid" pages >"$t/pm.txt" 2>&1
like "$(cat "$t/pm.txt")" "not read: too large to read page by page" "... and the text says so"

# ---- invisible format characters in names -------------------------------
# A program whose name holds U+202E (right-to-left override), U+2066 (an
# isolate) and U+200B (zero-width space): its comm and path reach the
# terminal as \xNN in show, top and the live view, never raw.
rlo=$(printf '\342\200\256') lri=$(printf '\342\201\246') zws=$(printf '\342\200\213')
prog="$t/a${rlo}b${lri}c${zws}d"
cp "$(command -v sleep)" "$prog" || bail_out "cannot copy sleep"
"$prog" 600 &
sp=$!
track_pid "$sp"
wait_for is_comm "$sp" "a${rlo}b${lri}c${zws}d"
raw() { grep -q -e "$rlo" -e "$lri" -e "$zws" "$1"; }
"$MEMWATCH" "$sp" >"$t/show.txt" 2>&1
ok "show: no raw direction or invisible character" not_raw "$t/show.txt"
like "$(cat "$t/show.txt")" 'a\\xe2\\x80\\xaeb\\xe2\\x81\\xa6c\\xe2\\x80\\x8bd' \
    "... they are shown as \\xNN"
"$MEMWATCH" top -b -n 1 -p "$sp" >"$t/top.txt" 2>&1
ok "top -b: no raw direction or invisible character" not_raw "$t/top.txt"
like "$(cat "$t/top.txt")" 'a\\xe2\\x80\\xaeb' "... shown as \\xNN"
"$MEMWATCH" "$sp" --json >"$t/show.json"
is "$(jq -r .process.comm "$t/show.json")" "a${rlo}b${lri}c${zws}d" \
    "JSON keeps the characters (valid UTF-8)"
if command -v tmux >/dev/null; then
	sock=mw-bad-days-$$
	tmux -L "$sock" new-session -d -x 120 -y 30 \
	    "$MEMWATCH" top -d 0.3 --color=never -f "$sp" 2>/dev/null
	wait_for -t 10 sh -c 'tmux -L "$1" capture-pane -p | grep -q "a.xe2"' _ "$sock"
	tmux -L "$sock" capture-pane -p >"$t/pane.txt"
	tmux -L "$sock" kill-server 2>/dev/null
	like "$(cat "$t/pane.txt")" 'a\\xe2\\x80\\xaeb' "live view: shown as \\xNN"
	ok "live view: no raw direction or invisible character" not_raw "$t/pane.txt"
else
	skip "tmux is not installed" 2
fi

# ---- diff hints -----------------------------------------------------------
"$MEMWATCH" self snapshot -o "$t/a.json" || bail_out "self snapshot"
{ cat "$t/a.json"; echo '{}'; } >"$t/trail.json"
"$MEMWATCH" diff "$t/a.json" "$t/trail.json" >/dev/null 2>"$t/err"
like "$?:$(cat "$t/err")" "^1:memwatch: .*trail.json:.*trailing data after the document" \
    "diff: extra data after a document is trailing data"
lacks_trunc() { ! grep -q "truncated" "$t/err"; }
ok "... not 'truncated?'" lacks_trunc
head -c 700 "$t/a.json" >"$t/cut.json"
"$MEMWATCH" diff "$t/a.json" "$t/cut.json" >/dev/null 2>"$t/err"
like "$?:$(cat "$t/err")" "^1:memwatch: .*cut.json:.*truncated\?" "diff: a cut file is 'truncated?'"
{ printf '\357\273\277'; cat "$t/a.json"; } >"$t/bom.json"
"$MEMWATCH" diff "$t/a.json" "$t/bom.json" >/dev/null 2>"$t/err"
like "$?:$(cat "$t/err")" "^1:memwatch: cannot load .*bom.json \(it starts with a UTF-8 byte-order mark" \
    "diff: a byte-order mark is named"
sed 's/"kind": "process-snapshot"/"kind": "system-snapshot"/' "$t/a.json" >"$t/k1.json"
cp "$t/k1.json" "$t/k2.json"
"$MEMWATCH" diff "$t/k1.json" "$t/k2.json" >"$t/out" 2>"$t/err"
like "$?:$(cat "$t/err")" "^1:memwatch: .*k1.json says it is a system snapshot but holds a process snapshot" \
    "diff: a process snapshot whose kind says system-snapshot is refused"
"$MEMWATCH" system diff "$t/k1.json" >"$t/out" 2>"$t/err"
is "$?" 1 "system diff FILE: the same, exit 1"

done_testing
