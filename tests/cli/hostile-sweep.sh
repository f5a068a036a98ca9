#!/bin/bash
# tests/cli/hostile-sweep.sh: every command against hostile input, bounded.
#
# Three families, each run under a timeout and counted by outcome:
#   special  every file of a captured tree (and pagemap, sys/, dev/) made
#            a FIFO, a character device, a socket, a directory, a symlink
#            out of the tree, empty, or a sparse 2 GiB file, read by every
#            command that reads it;
#   size     each file of the tree grown to 10^2 .. 10^K bytes of random
#            bytes, of one line, and of repeated valid records;
#   json     snapshots cut at many points, bytes flipped, nested deep,
#            numbers out of range, wrong types, huge, given to every
#            command that loads one.
# A run passes when it ends within its time, exits 0, 1 or 2, and says
# nothing of a sanitizer. MW_SWEEP=full runs all of it (sizes to 10^8,
# every command); the default is a sample that fits in about 30 s.
. "${MW_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

command -v python3 >/dev/null || skip_all "python3 is not installed"
t=$MW_TMP
cap=$MW_SRCDIR/samples/proc/debian12-6.18-a
pid=1185
full=0
[ "${MW_SWEEP:-}" = full ] && full=1
limit=${MW_SWEEP_LIMIT:-20}

declare -A outcome
runs=0 hangs=0 bad=0
one() { # KIND DESC ARGS...: one run of memwatch, counted
	local kind=$1 desc=$2 rc

	shift 2
	local t0=$(date +%s%N)
	timeout -k 2 "$limit" "$MEMWATCH" "$@" >"$t/out" 2>"$t/err" </dev/null
	rc=$?
	[ -n "${MW_SWEEP_SLOW:-}" ] && [ $(( ($(date +%s%N) - t0) / 1000000 )) -gt 300 ] &&
	    diag "slow $(( ($(date +%s%N) - t0) / 1000000 )) ms ($kind): $desc: $*"
	runs=$((runs + 1))
	outcome[$kind.$rc]=$((${outcome[$kind.$rc]:-0} + 1))
	if [ $rc = 124 ] || [ $rc = 137 ]; then
		hangs=$((hangs + 1))
		diag "hang ($kind): $desc: memwatch $*"
	elif [ $rc -gt 2 ] || grep -q "Sanitizer\|runtime error" "$t/err"; then
		bad=$((bad + 1))
		diag "exit $rc ($kind): $desc: memwatch $*: $(head -c 300 "$t/err")"
	fi
}

# Every command, reading a tree R (PID is the captured process).
tree_cmds=(
	"system" "system explain" "system snapshot" "system diff -i 0"
	"system account" "zones" "buddy" "slabs" "export --top 5"
	"$pid" "$pid explain" "$pid snapshot" "$pid pages" "$pid diff -i 0"
	"cgroups" "capture -o @OUT@ $pid"
)
[ $full = 1 ] || tree_cmds=("system" "slabs" "$pid snapshot" "$pid pages"
	"capture -o @OUT@ $pid")
run_tree() { # KIND DESC ROOT
	local c n=0

	for c in "${tree_cmds[@]}"; do
		n=$((n + 1))
		rm -rf "$t/capout"
		# shellcheck disable=SC2086
		one "$1" "$2" --proc-root "$3" ${c//@OUT@/$t/capout}
	done
}

fresh() { # a clean copy of the tree in $t/tree
	rm -rf "$t/tree"
	cp -r "$cap" "$t/tree"
}

# ---- special files in every position ---------------------------------------
positions=(meminfo zoneinfo buddyinfo slabinfo pagetypeinfo vmstat
	kernel-release page-size $pid/smaps $pid/smaps_rollup $pid/status
	$pid/stat $pid/statm $pid/cmdline $pid/comm $pid/oom_score
	$pid/pagemap sys dev self)
kinds=(fifo chr sock dir link empty sparse)
[ $full = 1 ] || { positions=(meminfo slabinfo $pid/smaps $pid/pagemap)
	kinds=(fifo chr sparse); }
mkspecial() { # KIND PATH
	rm -rf "$2"
	mkdir -p "$(dirname "$2")"
	case $1 in
	fifo) mkfifo "$2" ;;
	chr) mknod "$2" c 1 5 2>/dev/null || mkfifo "$2" ;;
	sock) python3 -c 'import socket,sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' "$2" ;;
	dir) mkdir "$2" ;;
	link) ln -s /etc/passwd "$2" ;;
	empty) : >"$2" ;;
	sparse) truncate -s 2G "$2" ;;
	esac
}
for pos in "${positions[@]}"; do
	for k in "${kinds[@]}"; do
		fresh
		mkspecial "$k" "$t/tree/$pos"
		run_tree special "$k as $pos" "$t/tree"
	done
done

counts() { # FAMILY: its outcomes so far, as a comment
	diag "$1: $(for rc in 0 1 2; do printf 'exit %s: %s  ' "$rc" "${outcome[$1.$rc]:-0}"; done)runs so far $runs, hangs $hangs, bad $bad"
}
counts special

# ---- sizes: 10^2 .. 10^K bytes and records ------------------------------------
maxexp=6
[ $full = 1 ] && maxexp=8
files=(meminfo zoneinfo buddyinfo slabinfo pagetypeinfo vmstat $pid/smaps $pid/status $pid/stat)
[ $full = 1 ] || files=(slabinfo $pid/smaps)
for f in "${files[@]}"; do
	for ((e = 2; e <= maxexp; e += (full ? 1 : 2))); do
		for shape in random line records; do
			fresh
			python3 - "$t/tree/$f" "$((10 ** e))" "$shape" <<'PY' || continue
import os, sys
path, size, shape = sys.argv[1], int(sys.argv[2]), sys.argv[3]
with open(path, 'rb') as fh:
    orig = fh.read()
with open(path, 'wb') as out:
    if shape == 'random':
        out.write(os.urandom(size))
    elif shape == 'line':
        out.write(b'7' * size)
    else:
        # the file's own records, over and over (numbers kept valid)
        lines = orig.split(b'\n')
        body = [l for l in lines[2:] if l] or lines
        block = b'\n'.join(body) + b'\n'
        head = b'\n'.join(lines[:2]) + b'\n' if path.endswith('slabinfo') else b''
        out.write(head)
        n = len(head)
        while n < size:
            out.write(block)
            n += len(block)
PY
			run_tree size "$f: 10^$e bytes ($shape)" "$t/tree"
		done
	done
done

counts size

# ---- malformed JSON ---------------------------------------------------------
"$MEMWATCH" --proc-root "$cap" "$pid" snapshot -o "$t/p.json" || bail_out "snapshot"
"$MEMWATCH" --proc-root "$cap" system snapshot -o "$t/s.json" || bail_out "system snapshot"
mkdir "$t/json"
python3 - "$t/p.json" "$t/s.json" "$t/json" "$full" <<'PY'
import json, os, random, sys
p, s, out, full = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4] == '1'
rnd = random.Random(42)
n = 0
def put(name, data):
    global n
    n += 1
    with open(os.path.join(out, '%04d-%s' % (n, name)), 'wb') as fh:
        fh.write(data)
for src in (p, s):
    text = open(src, 'rb').read()
    tag = 'p' if src == p else 's'
    cuts = 40 if full else 4
    for i in range(cuts):
        put(tag + '-cut', text[:rnd.randrange(len(text))])
    for i in range(cuts):
        b = bytearray(text)
        for _ in range(rnd.randrange(1, 20)):
            b[rnd.randrange(len(b))] = rnd.randrange(256)
        put(tag + '-flip', bytes(b))
    doc = json.loads(text)
    def mutate(d, path=()):
        # every scalar replaced by each hostile value, one at a time
        if isinstance(d, dict):
            for k in list(d):
                yield from mutate(d[k], path + (k,))
        elif isinstance(d, list) and d:
            yield from mutate(d[0], path + (0,))
        else:
            yield path
    paths = list(mutate(doc))
    if not full:
        paths = rnd.sample(paths, min(len(paths), 4))
    for path in paths:
        for v in (-1, 2**64, 1e308, "x" * 1000, None, [], {}, True, "\u202e\x1b[2J"):
            d = json.loads(text)
            o = d
            for k in path[:-1]:
                o = o[k]
            if path:
                o[path[-1]] = v
            put(tag + '-type', json.dumps(d).encode())
    put(tag + '-bom', b'\xef\xbb\xbf' + text)
    put(tag + '-trail', text + b'{}')
    put(tag + '-dup', text.replace(b'"schema": 1', b'"schema": 1, "schema": 1', 1))
put('deep', b'[' * 100000 + b']' * 100000)
put('deepobj', b'{"kind":' * 50000)
put('empty', b'')
put('nul', b'\0' * 1000)
big = json.loads(open(p, 'rb').read())
v0 = big['vmas'][0]
reps = 400000 if full else 20000
big['vmas'] = [dict(v0, start=hex(0x1000 * (i + 1)), end=hex(0x1000 * (i + 2))) for i in range(reps)]
put('manyvmas', json.dumps(big).encode())
PY
sw=$(ls "$t/json" | wc -l)
for f in "$t/json"/*; do
	one json "$(basename "$f")" diff "$f" "$t/p.json"
	case $f in
	*-s-*|*deep*|*empty*|*nul*)
		one json "$(basename "$f")" diff "$t/s.json" "$f"
		one json "$(basename "$f")" --proc-root "$cap" system diff "$f" ;;
	*) one json "$(basename "$f")" --proc-root "$cap" "$pid" diff "$f" ;;
	esac
done

for k in special size json; do
	diag "$k: $(for rc in 0 1 2; do printf 'exit %s: %s  ' "$rc" "${outcome[$k.$rc]:-0}"; done)"
done
diag "$runs runs ($sw JSON files), $hangs hangs, $bad crashes or bad exits"
is "$hangs" 0 "no run hangs ($runs runs)"
is "$bad" 0 "every run exits 0, 1 or 2, with no sanitizer report"

done_testing
