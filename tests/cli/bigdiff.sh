#!/bin/bash
# tests/cli/bigdiff.sh: diff A B of large snapshot files, read as a stream.
#
# A snapshot file is never held whole, nor as a tree: diff's peak memory is
# that of the mappings it keeps (here mostly their long paths), not
# several times the text. And any valid document is read, not only what
# memwatch writes: the same diff whether the files are memwatch's own,
# compacted, or with every object's keys reordered.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"	# lib.sh needs bash
. "${MW_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

mw=$MEMWATCH
t=$MW_TMP
[ -x /usr/bin/time ] || skip_all "GNU time (/usr/bin/time) is needed for peak RSS"
command -v jq >/dev/null || skip_all "jq is needed to rewrite the documents"

# gen N PATHLEN PSS: a process snapshot of N mappings, each named by a
# path of PATHLEN bytes, in memwatch's own layout.
gen() {
	awk -v n="$1" -v len="$2" -v pss="$3" 'BEGIN {
		p = "/lib"; while (length(p) < len) p = p "/abcdefghijklmnopqrstuvwxyz"
		p = substr(p, 1, len)
		print "{\n  \"kind\": \"process-snapshot\",\n  \"schema\": 1,"
		print "  \"taken_at\": \"2026-01-01T00:00:00Z\","
		print "  \"process\": {\n    \"pid\": 4242,\n    \"comm\": \"big\"\n  },"
		print "  \"vmas\": ["
		for (i = 0; i < n; i++) {
			s = 4096 * (16 + 2 * i)
			printf "    {\n      \"start\": \"0x%x\",\n      \"end\": \"0x%x\",\n", s, s + 4096
			printf "      \"perms\": \"r--p\",\n      \"offset\": 0,\n      \"dev\": \"fe:00\",\n"
			printf "      \"inode\": %d,\n      \"path\": \"%s%d\",\n      \"kind\": \"file\",\n", i + 1, p, i
			printf "      \"size\": 4096,\n      \"rss\": 4096,\n      \"pss\": %d\n    }%s\n", \
			    (i % 100 == 0 ? pss : 4096), (i + 1 < n ? "," : "")
		}
		print "  ]\n}"
	}'
}

gen 8000 3000 4096 >"$t/a.json"
gen 8000 3000 2048 >"$t/b.json"
size=$(( $(stat -c %s "$t/a.json") + $(stat -c %s "$t/b.json") ))
cmp_ok "$size" -gt $((40 << 20)) "two files of over 20 MiB each"

/usr/bin/time -f %M -o "$t/rss" "$mw" diff "$t/a.json" "$t/b.json" --json \
    >"$t/out.json" 2>"$t/err"
is "$?" 0 "diff A B of the large files exits 0"
is "$(jq '[.vmas[] | select(.change == "changed")] | length' "$t/out.json")" \
    80 "the 80 mappings whose PSS moved are found"
rss=$(tail -n 1 "$t/rss")
# Held: the two snapshots' rows and paths, about the size of the text.
# AddressSanitizer's redzones and shadow take about as much again.
factor=1
nm "$mw" 2>/dev/null | grep -q '__asan_init' && factor=2
cmp_ok "$rss" -le $(( factor * size / 1024 + 32768 )) \
    "peak RSS ${rss} KiB stays within $factor x the files' size (+32 MiB), not a multiple"

# same_diff DESCRIPTION A B: diffs A and B (JSON) agree but for the names
# of their files.
same_diff() {
	ok "$1" cmp -s <(jq -c 'del(.before.file, .after.file)' "$2") \
	    <(jq -c 'del(.before.file, .after.file)' "$3")
}

# The same documents as any JSON writer might give them.
jq -c . "$t/a.json" >"$t/a-compact.json"
jq -S . "$t/b.json" >"$t/b-sorted.json"
"$mw" diff "$t/a-compact.json" "$t/b-sorted.json" --json >"$t/out2.json" 2>"$t/err"
is "$?" 0 "compacted and key-sorted documents read"
same_diff "the same diff from them" "$t/out.json" "$t/out2.json"

# Mappings the same on both sides are not kept (only counted): what is
# shown must be what --all shows, less the unchanged, with B in order, and
# out of order (every row kept then).
jq '.vmas[7].pss = 1 | del(.vmas[9]) | .vmas[20].path = "x"' "$t/a.json" >"$t/c.json"
jq '.vmas |= reverse' "$t/c.json" >"$t/r.json"
for b in c r; do
	"$mw" diff "$t/a.json" "$t/$b.json" --json >"$t/d.json"
	"$mw" diff --all "$t/a.json" "$t/$b.json" --json >"$t/all.json"
	ok "B $b: the changed mappings are those of --all" cmp -s \
	    <(jq -c '.vmas' "$t/d.json") \
	    <(jq -c '[.vmas[] | select(.change != "unchanged")]' "$t/all.json")
	ok "B $b: the counts are those of --all" cmp -s \
	    <(jq -c 'del(.vmas)' "$t/d.json") <(jq -c 'del(.vmas)' "$t/all.json")
done
is "$(jq -c '.counts | [.changed, .removed, .unchanged]' "$t/d.json")" \
    "[2,1,7997]" "two changed, one removed, the rest unchanged"

head -c $((3 << 20)) "$t/a.json" >"$t/cut.json"

# The same with A out of order, and with an empty mapping (end at start,
# which no kernel prints) once in A and twice in B: the pairs are not
# counted apart then, and the counts are those of --all.
jq '.vmas |= reverse' "$t/a.json" >"$t/ar.json"
jq '.vmas |= .[0:5] + [.[5] | .end = .start] + .[5:]' "$t/a.json" >"$t/za.json"
jq '.vmas |= .[0:5] + [(.[5] | .end = .start), (.[5] | .end = .start)] + .[5:]' \
    "$t/a.json" >"$t/zb.json"
for pair in "ar c" "za zb" "zb za"; do
	set -- $pair
	"$mw" diff "$t/$1.json" "$t/$2.json" --json >"$t/d.json"
	"$mw" diff --all "$t/$1.json" "$t/$2.json" --json >"$t/all.json"
	ok "$1 $2: the counts are those of --all" cmp -s \
	    <(jq -c 'del(.vmas)' "$t/d.json") <(jq -c 'del(.vmas)' "$t/all.json")
done

# Files on pipes are read one after the other: the same diff.
"$mw" diff "$t/a.json" "$t/c.json" --json >"$t/d.json"
"$mw" diff <(cat "$t/a.json") <(cat "$t/c.json") --json >"$t/p.json"
same_diff "files on pipes: the same diff" "$t/d.json" "$t/p.json"

# System snapshots on pipes (read twice: once for their kind) too.
for c in a b; do
	"$mw" --proc-root "$MW_SRCDIR/samples/proc/debian12-6.18-$c" system snapshot \
	    -o "$t/sys-$c.json"
done
"$mw" diff "$t/sys-a.json" "$t/sys-b.json" --json >"$t/sd.json"
"$mw" diff <(cat "$t/sys-a.json") <(cat "$t/sys-b.json") --json >"$t/sp.json"
same_diff "system snapshots on pipes: the same diff" "$t/sd.json" "$t/sp.json"
# A named pipe: opened once, its writer waited for, then read from memory.
# The writer is stopped afterwards: had memwatch not opened the FIFO, it
# would wait for a reader for ever.
mkfifo "$t/fifo"
cat "$t/sys-a.json" >"$t/fifo" &
writer=$!
timeout 30 "$mw" diff "$t/fifo" "$t/sys-b.json" --json >"$t/sf.json"
rc=$?
kill "$writer" 2>/dev/null
wait "$writer" 2>/dev/null
same_diff "a system snapshot on a named pipe: read, the same diff (exit $rc)" \
    "$t/sd.json" "$t/sf.json"
"$mw" diff <(cat "$t/sys-a.json") <(head -c 100 "$t/sys-b.json") >/dev/null 2>"$t/err"
like "$(cat "$t/err")" "^memwatch: /dev/fd/[0-9]+:[0-9]+:[0-9]+: not valid JSON" \
    "a cut system snapshot on a pipe: its own error"

# Both files bad: A's error is the one told, as when read one by one.
head -c $((1 << 20)) "$t/c.json" >"$t/cutb.json"
"$mw" diff "$t/cut.json" "$t/cutb.json" >/dev/null 2>"$t/err"
like "$(cat "$t/err")" "cut.json:[0-9]+:[0-9]+: not valid JSON" \
    "both cut: A's error is told"
"$mw" diff "$t/a.json" "$t/cutb.json" >/dev/null 2>"$t/err"
like "$(cat "$t/err")" "cutb.json:[0-9]+:[0-9]+: not valid JSON" \
    "B cut: B's error is told"

# A cut file still names the line and column, as it did.
"$mw" diff "$t/cut.json" "$t/b.json" >/dev/null 2>"$t/err"
is "$?" 1 "a file cut at 3 MiB: exit 1"
like "$(cat "$t/err")" "cut.json:[0-9]+:[0-9]+: not valid JSON \(.*truncated\?" \
    "the cut is placed, line and column"
done_testing
