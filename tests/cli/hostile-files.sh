#!/bin/bash
# tests/cli/hostile-files.sh: --proc-root trees and saved files that lie.
#
# Symlinks that lead out of the tree, enormous files (300 MB of repeated
# valid mappings, 300 MB of random bytes), absurd numbers, NUL bytes and
# missing headers: memwatch refuses or skips them with one clear line,
# never crashes, and its memory stays bounded (peak RSS from
# /usr/bin/time -f %M; the bound is generous, it catches unbounded growth,
# not a few per cent). The big files need about 700 MB in $TMPDIR.
. "${MW_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

mw=$MEMWATCH
t=$MW_TMP
tree=$MW_SRCDIR/samples/proc/debian12-6.18-a
pid=1185
[ -d "$tree/$pid" ] || bail_out "$tree/$pid is missing"

run() { # OUT ERR ARGS...: memwatch's exit status, bounded in time
	local out=$1 err=$2

	shift 2
	timeout 120 "$mw" "$@" >"$out" 2>"$err"
}

# ---- symlinks out of the tree ----------------------------------------
r=$t/links
cp -r "$tree" "$r"
ln -sf /etc/shadow "$r/$pid/smaps"
ln -sf ../../../../../../../../etc/shadow "$r/zoneinfo"
ln -s /etc "$r/4242"
for args in "$pid" "$pid snapshot" "$pid explain" "zones" "4242"; do
	# shellcheck disable=SC2086
	run "$t/out" "$t/err" --proc-root "$r" $args
	rc=$?
	if [ $rc = 1 ] && [ "$(wc -l <"$t/err")" = 1 ] &&
	    grep -q "(it leads outside the proc root)" "$t/err" &&
	    ! grep -q 'root:' "$t/out"; then
		mw_result 0 "a symlink out of the tree is refused: $args"
	else
		mw_result 1 "a symlink out of the tree is refused: $args"
		diag "  exit $rc: $(head -c 300 "$t/err")"
	fi
done
run "$t/out" "$t/err" --proc-root "$r" capture -o "$t/cap" "$pid"
! grep -rqs 'root:' "$t/cap"
ok "capture from such a tree copies nothing from outside it" test $? = 0
like "$(cat "$t/out")" "skipped: .*$pid/smaps.*outside the proc root" \
    "... and lists the refused file as skipped"

# ---- absurd content ----------------------------------------------------
r=$t/absurd
mkdir -p "$r/77"
cp "$tree/$pid"/{stat,status,cmdline,comm} "$r/77/"
printf '00400000-00401000 r-xp 00000000 08:01 1 /bin/a\nSize:  99999999999999999999999 kB\nRss:  -4 kB\nPss:  18446744073709551615 kB\nPrivate_Dirty: 12\000 kB\n00500000-00501000 rw-p 00000000 00:00 0\nSize: 4 kB\nRss: 4 kB\n' >"$r/77/smaps"
run "$t/out" "$t/err" --proc-root "$r" --json 77 snapshot
is "$?" 0 "absurd numbers in smaps: the snapshot is still taken"
is "$(jq -c '[.vmas[0] | has("size", "rss", "pss", "private_dirty")]' "$t/out")" \
    '[false,false,false,false]' \
    "numbers beyond 64 bits, negative, overflowing or with a NUL are absent, not 0"
run "$t/out" "$t/err" --proc-root "$r" 77
like "$(grep '^PSS by type' "$t/out")" "anon -  file -  shmem -" \
    "unknown PSS is not split into zeros by type"
printf 'Size: 4 kB\nRss: 4 kB\n' >"$r/77/smaps"
run "$t/out" "$t/err" --proc-root "$r" 77
is "$?:$(wc -l <"$t/err")" "1:1" "smaps without a header line: exit 1, one line"
like "$(cat "$t/err")" "cannot parse $r/77/smaps \(no usable mapping" "... naming the file"
head -c 4096 /dev/urandom >"$r/meminfo"
printf '\000\000\000' >"$r/zoneinfo"
run "$t/out" "$t/err" --proc-root "$r" zones
is "$?:$(wc -l <"$t/err")" "1:1" "NUL bytes as zoneinfo: exit 1, one line"
run "$t/out" "$t/err" --proc-root "$r" system
rc=$?
[ $rc -lt 128 ]
ok "random bytes as meminfo: no crash (exit $rc)" test $? = 0
if [ $rc = 0 ]; then
	like "$(cat "$t/out")" "(Memory|Zones) unknown: " \
	    "system names what it could not read instead of leaving it out"
else
	like "$(cat "$t/err")" "^memwatch: " "system fails with one line"
fi

# ---- enormous files ----------------------------------------------------
avail=$(df -Pk "$t" | awk 'NR == 2 { print $4 }')
if ! [ -x /usr/bin/time ]; then
	skip "/usr/bin/time is not installed (peak RSS)" 11
elif [ "${avail:-0}" -lt 1500000 ]; then
	skip "less than 1.5 GB free in $t for the 300 MB files" 11
else
	r=$t/big
	cp -r "$tree" "$r"
	big=$r/$pid/smaps
	# 300 MB: the real smaps repeated (valid rows, out of order).
	python3 - "$big" <<'PY'
import sys
p = sys.argv[1]
data = open(p, 'rb').read()
with open(p, 'wb') as f:
    n = 0
    while n < 300 << 20:
        f.write(data)
        n += len(data)
PY
	size_kb=$(($(stat -c %s "$big") / 1024))
	# Twice the file (the read buffer grows by doubling); AddressSanitizer
	# adds shadow memory and keeps freed buffers in quarantine: 4 times.
	factor=2
	nm "$MEMWATCH" 2>/dev/null | grep -q '__asan_init' && factor=4
	want=$(grep -c '^[0-9a-f]*-[0-9a-f]* ' "$tree/$pid/smaps")
	for args in "$pid" "$pid snapshot"; do
		# shellcheck disable=SC2086
		/usr/bin/time -f %M -o "$t/rss" timeout 120 "$mw" --proc-root "$r" $args >"$t/out" 2>"$t/err"
		rc=$?
		peak=$(tail -n1 "$t/rss")
		is "$rc" 0 "300 MB of repeated mappings: $args completes"
		cmp_ok "$peak" -lt $((size_kb * factor)) \
		    "... in bounded memory (peak ${peak} KB for a ${size_kb} KB file)"
	done
	"$mw" --proc-root "$r" --json "$pid" snapshot >"$t/out" 2>/dev/null
	is "$(jq '.vmas | length' "$t/out")" "$want" \
	    "the repeated rows are skipped: $want mappings, as in the real file"
	head -c $((300 << 20)) /dev/urandom >"$big"
	/usr/bin/time -f %M -o "$t/rss" timeout 120 "$mw" --proc-root "$r" "$pid" >"$t/out" 2>"$t/err"
	rc=$?
	peak=$(tail -n1 "$t/rss")
	is "$rc:$(wc -l <"$t/err")" "1:1" "300 MB of random bytes as smaps: exit 1, one line"
	cmp_ok "$peak" -lt $((size_kb * factor)) "... in bounded memory (peak ${peak} KB)"
	mv "$big" "$r/meminfo"
	/usr/bin/time -f %M -o "$t/rss" timeout 120 "$mw" --proc-root "$r" system >"$t/out" 2>"$t/err"
	rc=$?
	peak=$(tail -n1 "$t/rss")
	is "$rc" 0 "300 MB as meminfo: system still shows the rest"
	like "$(tr -s ' \n' '  ' <"$t/out")" "Memory unknown: cannot read $r/meminfo \(larger than 64 MiB\)" \
	    "... and says meminfo is too large to be a /proc file"
	cmp_ok "$peak" -lt 200000 "... without reading it (peak ${peak} KB)"
	/usr/bin/time -f %M -o "$t/rss" timeout 120 "$mw" diff "$r/meminfo" "$r/meminfo" >"$t/out" 2>"$t/err"
	rc=$?
	peak=$(tail -n1 "$t/rss")
	is "$rc:$(wc -l <"$t/err")" "1:1" "300 MB of random bytes as a snapshot: exit 1, one line"
	cmp_ok "$peak" -lt 200000 "... refused before it is read (peak ${peak} KB)"
	rm -rf "$r"
fi

done_testing
