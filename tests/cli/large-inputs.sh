#!/bin/bash
# tests/cli/large-inputs.sh: inputs large enough for quadratic work to show.
#
# Each command runs under a timeout (a regression fails, it does not hang
# the suite) and must finish within a bound far below what an n^2 path
# took at the same size (measured before the fix, on 2 cores):
#   one 96 MiB line in smaps (snapshot)        before ~25 s, now ~1.5 s
#   100,000 slab caches (system diff -i 0)     before 184 s, now 0.4 s
#   two system snapshots of 50,000 caches each (diff A B)
#                                              before ~30 s, now ~4 s
. "${MW_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

command -v python3 >/dev/null || skip_all "python3 is not installed"
t=$MW_TMP
cap=$MW_SRCDIR/samples/proc/debian12-6.18-a
# A sanitizer build runs about three times slower: its bounds are 3x.
scale=${MW_LARGE_SCALE:-1}
grep -qa __asan_init "$MEMWATCH" 2>/dev/null && scale=${MW_LARGE_SCALE:-3}

# The bound is on the CPU time the command used (user + system): the
# wall clock of a machine whose cores are busy with other work says little
# about the path taken; the timeout bounds the wall clock at 3x.
timed() { # LIMIT_S DESC CMD...: exit 0 within LIMIT_S seconds of CPU
	local limit=$1 desc=$2 start ms wall rc TIMEFORMAT='%3U %3S'

	shift 2
	start=$(date +%s%N)
	{ time timeout -k 2 $((limit * scale * 3)) "$@" >"$t/out" 2>"$t/err"; \
	    echo $? >"$t/rc"; } 2>"$t/time"
	rc=$(cat "$t/rc")
	wall=$((($(date +%s%N) - start) / 1000000))
	ms=$(awk '{ printf "%d", ($1 + $2) * 1000 }' "$t/time")
	is "$rc" 0 "$desc: exit 0" || diag "$(head -c 300 "$t/err")"
	cmp_ok "$ms" -lt $((limit * scale * 1000)) \
	    "$desc: within $((limit * scale)) s of CPU (${ms} ms; ${wall} ms by the clock)"
}

# ---- one very long line in smaps ----------------------------------------
mkdir -p "$t/long/1185" && cp "$cap/1185/"* "$t/long/1185/" &&
    cp "$cap/kernel-release" "$cap/page-size" "$t/long/" || bail_out "copy"
python3 - "$t/long/1185/smaps" 96 <<'PY'
import sys
path, mb = sys.argv[1], int(sys.argv[2])
lines = open(path).read().split('\n')
lines[0] = lines[0].rstrip() + ' /' + 'x' * (mb << 20)
open(path, 'w').write('\n'.join(lines))
PY
timed 10 "snapshot of an smaps with one 96 MiB line" \
    "$MEMWATCH" --proc-root "$t/long" 1185 snapshot -o "$t/long.json"
is "$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["vmas"][0]["path"].count("x"))' "$t/long.json")" \
    $((96 << 20)) "... and its first path is whole"

# ---- 100,000 slab caches ---------------------------------------------------
mkdir "$t/slabs" && cp -r "$cap/." "$t/slabs/" || bail_out "copy"
python3 - "$t/slabs/slabinfo" 100000 <<'PY'
import sys
path, n = sys.argv[1], int(sys.argv[2])
head = open(path).read().split('\n')[:2]
rows = ["cache%06d %d 200 192 21 1 : tunables 0 0 0 : slabdata 10 10 0" % (i, 100 + i % 50)
        for i in range(n)]
open(path, 'w').write('\n'.join(head + rows) + '\n')
PY
timed 10 "system diff -i 0 over 100,000 slab caches" \
    "$MEMWATCH" --proc-root "$t/slabs" system diff -i 0

# ---- a diff of two system snapshots of 50,000 caches ----------------------
python3 - "$t/slabs/slabinfo" 50000 <<'PY'
import sys
path, n = sys.argv[1], int(sys.argv[2])
lines = open(path).read().split('\n')
open(path, 'w').write('\n'.join(lines[:2 + n]) + '\n')
PY
"$MEMWATCH" --proc-root "$t/slabs" system snapshot -o "$t/a.json" || bail_out "system snapshot"
sed 's/"active_objs": 1\([0-9]\)\([0-9]\)/"active_objs": 2\1\2/' "$t/a.json" >"$t/b.json"
timed 15 "diff A B of two system snapshots of 50,000 caches" \
    "$MEMWATCH" diff "$t/a.json" "$t/b.json"
like "$(cat "$t/out")" "more caches changed" "... and it lists the changed caches"

done_testing
