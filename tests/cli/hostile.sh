#!/bin/sh
# tests/cli/hostile.sh: names that attack the terminal or JSON never reach
# either raw: comm with ESC and a newline, paths with an ANSI sequence and
# with the invalid UTF-8 bytes 0xff 0xfe, mapped by a live process.
set -u
. "${MW_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"
mw=$MEMWATCH

dir=$(mktemp -d /tmp/mw-hostile.XXXXXX) || bail_out "no temporary directory"
at_exit 'rm -rf "$dir"'
start_sample tests/helpers/hostile "$dir" || bail_out "the hostile helper did not start"
hp=$(sample_pid)

esc=$(printf '\033')
has_raw() { # file: true when a control byte (ESC, or a newline inside a line) is in it
	grep -q "$esc" "$1"
}

"$mw" $hp snapshot > "$dir/snap.json" 2> "$dir/err"
is $? 0 "snapshot of a process with hostile names"
python3 -c 'import json,sys; json.loads(open(sys.argv[1], "rb").read().decode("utf-8", "strict"))' "$dir/snap.json" 2>/dev/null
is $? 0 "the snapshot is valid UTF-8 JSON"
jq -e '.vmas[] | select(.path != null) | select(.path | endswith("bad-\\xff\\xfe-bytes"))' "$dir/snap.json" >/dev/null
is $? 0 "invalid bytes are escaped as \\xNN in JSON paths"
jq -e '.process.comm == "evil\u001b[2J\n"' "$dir/snap.json" >/dev/null
is $? 0 "comm keeps its bytes in JSON (escaped by the JSON encoder)"
python3 - "$dir/snap.json" "$dir" <<'PY'
import json, re, sys
doc = json.load(open(sys.argv[1]))
def unescape(s):
    """Undo memwatch's JSON escapes: a doubled backslash, and \\xNN."""
    out = bytearray(); i = 0; b = s.encode('utf-8')
    while i < len(b):
        if b[i:i+2] == b'\\\\': out.append(0x5c); i += 2
        elif b[i:i+2] == b'\\x' and re.match(rb'[0-9a-f]{2}', b[i+2:i+4]): out.append(int(b[i+2:i+4], 16)); i += 4
        else: out.append(b[i]); i += 1
    return bytes(out)
want = sys.argv[2].encode() + b'/bad-\xff\xfe-bytes'
paths = [unescape(v['path']) for v in doc['vmas'] if 'path' in v]
sys.exit(0 if want in paths else 1)
PY
is $? 0 "a script recovers the original path bytes by undoing the escapes"

for cmd in "" "explain" "pages"; do
	# shellcheck disable=SC2086
	"$mw" $hp $cmd > "$dir/text" 2>&1
	is $? 0 "memwatch PID $cmd runs"
	! has_raw "$dir/text"
	is $? 0 "memwatch PID $cmd prints no raw ESC"
done
# A file name holding an amount token of the sentences (1 TiB) is text.
"$mw" $hp explain > "$dir/text" 2>&1
grep -q 'amount-\\x1fb1099511627776\\x1e-forged' "$dir/text" && ! grep -q '1\.0T' "$dir/text"
is $? 0 "explain: a name holding an amount token shows it escaped, no amount"
"$mw" --json $hp explain > "$dir/explain.json" 2>&1
jq -e '[.. | strings | select(contains("amount-\u001fb1099511627776\u001e-forged"))] | length > 0' "$dir/explain.json" >/dev/null &&
    ! grep -q '1\.0T\|1099511627776 bytes' "$dir/explain.json"
is $? 0 "explain --json: the name's bytes kept, no amount made of them"
"$mw" 2>"$dir/err" $hp frob"$esc"x
! has_raw "$dir/err"
is $? 0 "an error quoting user input escapes it"

# A newline in a name or argument never starts a line of its own.
forged() { # file: true when a line starts like the fake mapping row
	grep -aq '^7f0000000000\|^ *FORGED' "$1"
}
for cmd in "" "explain" "pages"; do
	# shellcheck disable=SC2086
	"$mw" $hp $cmd > "$dir/text" 2>&1
	! forged "$dir/text"
	is $? 0 "memwatch PID $cmd: a newline in a path forges no row"
done
"$mw" 2>"$dir/err" "$(printf 'bad\n7f0000000000-7f0000001000 FORGED')"
rc=$?
[ $rc = 2 ] && [ "$(wc -l < "$dir/err")" = 1 ] && ! forged "$dir/err"
is $? 0 "an unknown command with a newline is one line on stderr, exit 2 (got $rc)"

# diff: text and JSON, against a snapshot taken above.
"$mw" $hp diff "$dir/snap.json" > "$dir/text" 2>&1
is $? 0 "memwatch PID diff FILE runs"
! has_raw "$dir/text" && ! forged "$dir/text"
is $? 0 "diff text prints no raw ESC and no forged row"
"$mw" diff "$dir/snap.json" "$dir/snap.json" > "$dir/text" 2>&1
is $? 0 "memwatch diff A B runs"
! has_raw "$dir/text"
is $? 0 "diff A B prints no raw ESC"
"$mw" --json $hp diff "$dir/snap.json" > "$dir/diff.json" 2>&1
python3 -c 'import json,sys; json.loads(open(sys.argv[1], "rb").read().decode("utf-8", "strict"))' "$dir/diff.json" 2>/dev/null
is $? 0 "diff JSON is valid UTF-8 JSON"

# top -b: the hostile process's row is one escaped line.
"$mw" top -b -n 1 > "$dir/text" 2>&1
is $? 0 "top -b runs"
! has_raw "$dir/text"
is $? 0 "top -b prints no raw ESC"
grep -aq "^ *$hp .*evil\\\\e\\[2J\\\\n" "$dir/text"
is $? 0 "top -b shows the comm escaped on the process's own row"
"$mw" --json top -b -n 1 > "$dir/top.json" 2>&1
python3 -c '
import json, sys
lines = open(sys.argv[1], "rb").read().decode("utf-8", "strict").splitlines()
rows = [p for l in lines for p in json.loads(l)["processes"] if p["pid"] == int(sys.argv[2])]
sys.exit(0 if rows and rows[0]["comm"] == "evil\x1b[2J\n" else 1)' "$dir/top.json" $hp 2>/dev/null
is $? 0 "top -b --json: one frame per line, comm kept by the JSON encoder"

# export: label values escaped per the exposition format.
"$mw" export --top 100000 > "$dir/prom" 2>&1
is $? 0 "export runs"
! has_raw "$dir/prom"
is $? 0 "export prints no raw ESC"
! grep -aq '^FORGED\|^\[2J' "$dir/prom" && grep -aq 'comm="evil\\\\x1b\[2J\\\\x0a"' "$dir/prom"
is $? 0 "export escapes the comm label and keeps one sample a line"

# capture: the tree reads back, the names still escaped.
"$mw" capture -o "$dir/cap" $hp > "$dir/text" 2>&1
is $? 0 "capture of the hostile process"
"$mw" --proc-root "$dir/cap" $hp > "$dir/text" 2>&1
is $? 0 "memwatch --proc-root CAPTURE PID reads it back"
! has_raw "$dir/text" && ! forged "$dir/text"
is $? 0 "the captured names are escaped too"
done_testing
