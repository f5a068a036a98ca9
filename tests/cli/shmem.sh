#!/bin/bash
# tests/cli/shmem.sh: system diff and system explain say what shared memory
# is: a tmpfs of our own, filled between two snapshots, is named in the
# diff as shared memory, not droppable cache; older snapshots without the
# tmpfs mounts still load.
. "${MW_SRCDIR:-.}/tests/cli/lib.sh"
command -v jq >/dev/null || skip_all "jq is not installed"
[ "$(id -u)" = 0 ] || skip_all "mounting a tmpfs needs root"
mw=$MEMWATCH

mnt=$MW_TMP/shmem-tmpfs-$$
mkdir "$mnt" && mount -t tmpfs -o size=400m "mw-shmem-$$" "$mnt" ||
	bail_out "cannot mount a tmpfs"
# A second one named with an amount token of the sentences (1 TiB).
tok=$MW_TMP/tok-$(printf '\037')b1099511627776$(printf '\036')-$$
mkdir "$tok" && mount -t tmpfs -o size=4m "mw-tok-$$" "$tok" ||
	bail_out "cannot mount a tmpfs"
trap 'umount "$mnt" "$tok" 2>/dev/null; stop_all' EXIT

# the text wraps: its notes joined into one line each
notes() { "$@" 2>&1 | sed -n '/^notes/,$p' | awk '/^  - / { if (l != "") print l; l = substr($0, 5); next }
    { sub(/^ +/, ""); l = l " " $0 } END { if (l != "") print l }'; }
shmem() { awk '/^Shmem:/ { print $2 * 1024 }' /proc/meminfo; }

# Shmem is the whole machine's: another test's tmpfs filled or unmounted
# meanwhile moves it too. A round counts when meminfo's Shmem, read before
# the first snapshot and after the diff, moved by our 300 MiB (within
# 32 MiB); up to 5 rounds.
for round in 1 2 3 4 5; do
	rm -f "$mnt/fill"
	s0=$(shmem)
	"$mw" system snapshot -o "$MW_TMP/a.json"
	dd if=/dev/zero of="$mnt/fill" bs=1M count=300 status=none
	"$mw" system snapshot -o "$MW_TMP/b.json"
	out=$(notes "$mw" system diff "$MW_TMP/a.json")
	d=$(($(shmem) - s0 - (300 << 20)))
	[ "${d#-}" -le $((32 << 20)) ] && break
	diag "round $round: Shmem moved by $d bytes besides ours"
done
is "$(jq -r --arg m "$mnt" '.tmpfs[] | select(.mount == $m) | .used' "$MW_TMP/a.json")" 0 \
    "the snapshot carries our empty tmpfs, used 0"
is "$(jq -r --arg m "$mnt" '.tmpfs[] | select(.mount == $m) | .used' "$MW_TMP/b.json")" 314572800 \
    "after 300 MiB written: used 314572800"
like "$out" "^tmpfs $mnt grew by 300M: shared memory, not droppable cache" \
    "diff: the tmpfs grew by 300 MiB, shared memory, not droppable"
like "$out" "page cache [+-][0-9.]+[KMG]? \\(Cached\\), of which shared memory \\+[0-9.]+M \\(Shmem" \
    "diff: Cached's change split into Shmem and droppable cache"
unlike() {
	if printf '%s\n' "$1" | grep -Eq -- "$2"; then
		mw_result 1 "$3"
		diag "  got: '$1'" "  matches: $2"
	else
		mw_result 0 "$3"
	fi
}
unlike "$out" "^page cache [+-][0-9.]+ [KMG]?i?B \\(Cached\\)$" \
    "diff: no longer 'page cache +300 MiB (Cached)' alone"
out=$(notes "$mw" --bytes diff "$MW_TMP/a.json" "$MW_TMP/b.json")
like "$out" "tmpfs $mnt grew by 314572800 bytes: shared memory" "--bytes: the exact growth"
out=$("$mw" --json diff "$MW_TMP/a.json" "$MW_TMP/b.json")
like "$(printf '%s\n' "$out" | jq -r '.notes[]')" "tmpfs $mnt grew by 300M" "JSON: the note too"

# The mount named with a token is text in the account: escaped, no amount.
out=$("$mw" system account 2>&1)
case $out in *'tok-\x1fb1099511627776\x1e-'*) tok_said=escaped ;; *) tok_said=missing ;; esac
case $out in *1.0T*) tok_said=forged ;; esac
is "$tok_said" escaped "account: a mount point holding an amount token is no amount"
is "$("$mw" --json system account | jq -r --arg m "$tok" '[.. | strings | select(contains($m))] | length > 0')" \
    true "account --json: the mount point's bytes as they are"

# explain: Shmem is cache the kernel cannot drop, and which mounts hold it.
out=$("$mw" --json system explain)
f=$(printf '%s\n' "$out" | jq -r '.findings[] | select(.id == "shmem") | .text')
like "$f" "^Shared memory holds .* \\(meminfo Shmem\\), counted in the page cache .* not droppable" \
    "explain: shared memory is not droppable cache"
# our 300 MiB is named when it is among the three fullest tmpfs mounts
rank=$(df -B1 --output=used,target -t tmpfs -t ramfs 2>/dev/null | tail -n +2 | sort -rn |
    awk -v m="$mnt" '$2 == m { print NR }')
if [ -n "$rank" ] && [ "$rank" -le 3 ]; then
	like "$f" "tmpfs $mnt holds 300M" "explain: our tmpfs holds 300 MiB"
else
	skip "three other tmpfs mounts hold more"
fi
# meminfo read before and after explain, until the two agree (within
# 8 MiB): then no other test moved Shmem meanwhile; up to 10 tries.
for try in $(seq 10); do
	sh0=$(shmem)
	got=$("$mw" --json system explain | jq -r '.findings[] | select(.id == "shmem") | .bytes')
	sh1=$(shmem)
	d=$((sh1 - sh0))
	[ "${d#-}" -le $((8 << 20)) ] && break
done
near "$got" "$sh1" $((64 << 20)) "explain: its bytes are meminfo Shmem (read at the same moment, within 64 MiB)"

# An older snapshot, without tmpfs: it loads, and the diff still splits
# Cached by Shmem, naming no mount.
jq 'del(.tmpfs)' "$MW_TMP/a.json" >"$MW_TMP/old.json"
out=$(notes "$mw" diff "$MW_TMP/old.json" "$MW_TMP/b.json")
"$mw" diff "$MW_TMP/old.json" "$MW_TMP/b.json" >/dev/null 2>&1
is "$?" 0 "a snapshot without tmpfs loads"
unlike "$out" "tmpfs $mnt" "... and names no mount (one side did not measure)"
like "$out" "of which shared memory \\+[0-9.]+M \\(Shmem" "... and still splits Cached by Shmem"
jq '.tmpfs = 3' "$MW_TMP/a.json" >"$MW_TMP/bad.json"
out=$("$mw" diff "$MW_TMP/bad.json" "$MW_TMP/b.json" 2>&1)
is "$?" 1 "a tmpfs that is not an array: exit 1"
like "$out" "^memwatch: .*bad.json: tmpfs is not an array" "... saying so in one line"
jq '.tmpfs[0].used = -1' "$MW_TMP/a.json" >"$MW_TMP/bad.json"
"$mw" diff "$MW_TMP/bad.json" "$MW_TMP/b.json" >/dev/null 2>&1
is "$?" 1 "a negative used: exit 1"

# Unmounted between the snapshots: its bytes are free again.
umount "$mnt"
out=$(notes "$mw" system diff "$MW_TMP/b.json")
like "$out" "tmpfs $mnt unmounted: the 300M it held are free again" \
    "diff: an unmounted tmpfs gives its bytes back"

done_testing
