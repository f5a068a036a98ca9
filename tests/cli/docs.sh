#!/bin/bash
# tests/cli/docs.sh: the man pages against the program.
#
# (a) both pages render without a single warning from man/groff;
# (b) every option a command's --help prints (its option table) is in
#     memwatch(1), and every long option memwatch(1) names is in a --help;
# (c) every top-level key of every JSON document kind, made live by
#     running the commands on samples/proc trees and on memwatch itself,
#     is named in memwatch-json(5), and so is every nested key but the
#     kernel's own names (meminfo keys, zone counters).
. "${MW_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

man1=$MW_SRCDIR/man/memwatch.1
man5=$MW_SRCDIR/man/memwatch-json.5
tree_a=$MW_SRCDIR/samples/proc/debian12-6.18-a
tree_b=$MW_SRCDIR/samples/proc/debian12-6.18-b

# The man source as plain words: "\-\-sort" and "\fB\-\-sort\fR" both
# become "--sort".
plain() {
	sed -e 's/\\f[BIRP]//g' -e 's/\\f(..//g' -e 's/\\-/-/g' \
	    -e 's/\\(dq/"/g' -e 's/\\&//g' -e 's/\\://g' "$1"
}
plain1=$(plain "$man1")
plain5=$(plain "$man5")

# ---- (a) man --warnings ------------------------------------------------

if ! command -v man >/dev/null 2>&1; then
	skip "man is not installed" 4
else
	for page in "$man1" "$man5"; do
		name=${page##*/}
		out=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$page" \
		    2>"$MW_TMP/man.err")
		# A page that renders to nothing would be silent too.
		like "$out" "^NAME" "$name renders (NAME section)"
		err=$(cat "$MW_TMP/man.err")
		is "$err" "" "$name: man --warnings prints nothing"
	done
fi

# ---- (b) every --help long option in memwatch(1) ----------------------

# Each command's help, as memwatch prints it: every command memwatch
# --help lists (a process command as "self COMMAND"), so a new command is
# checked without being named here.
helps=("--help")
while read -r first second _; do
	case $first in
	PID) helps+=("self $second --help") ;;
	system) helps+=("system $second --help") ;;
	*) helps+=("$first --help") ;;
	esac
done < <("$MEMWATCH" --help | sed -n '/^Process commands/,/^Global options/p' |
    grep -E '^  [a-zA-Z]')
cmp_ok "${#helps[@]}" -ge 27 "every command's help is checked (${#helps[@]})"
nopts=0
alltext=
for h in "${helps[@]}"; do
	# shellcheck disable=SC2086
	if ! text=$("$MEMWATCH" $h 2>&1); then
		ok "memwatch $h exits 0" false
		continue
	fi
	alltext="$alltext$text"$'\n'
	missing=
	for opt in $(printf '%s\n' "$text" |
	    grep -oE -- '(^|[ [(,])--[a-z][a-z-]*' | grep -oE -- '--[a-z-]+' |
	    sort -u); do
		nopts=$((nopts + 1))
		printf '%s\n' "$plain1" | grep -qF -- "$opt" ||
		    missing="$missing $opt"
	done
	# An option with no long name ("-n N" of slabs) by its letter.
	for opt in $(printf '%s\n' "$text" | sed -n '/^Options:/,/^Global/p' |
	    grep -oE '^  -[a-zA-Z] [A-Z]' | grep -oE -- '-[a-zA-Z]'); do
		printf '%s\n' "$plain1" | grep -qE -- "(^|[^a-z-])$opt( |\$|,)" ||
		    missing="$missing $opt"
	done
	is "$missing" "" "memwatch $h: every option is in memwatch.1"
done
# And the other way: every long option memwatch.1 names is one some
# --help prints, but for other programs' options it quotes.
foreign="--enable-bpf --now --time-format"
missing=
for opt in $(printf '%s\n' "$plain1" |
    grep -oE -- '(^|[^a-zA-Z0-9-])--[a-z][a-z-]*' | grep -oE -- '--[a-z-]+' |
    sort -u); do
	case " $foreign " in *" $opt "*) continue ;; esac
	printf '%s\n' "$alltext" | grep -qF -- "$opt" ||
	    missing="$missing $opt"
done
is "$missing" "" "every long option in memwatch.1 is in some --help"
# The long options above cannot all have been missed by the pattern.
cmp_ok "$nopts" -ge 40 "long options found in the help texts ($nopts)"

# Every command heading the help lists has a heading in memwatch(1).
for c in show explain pages snapshot diff system zones buddy slabs top \
    export serve capture pressure watch leaks oom; do
	like "$(grep -c "^\\.\\\\\" $c\$" "$man1")" '^[1-9]' \
	    "memwatch.1 has a '.\\\" $c' heading"
done

# ---- (c) every top-level JSON key in memwatch-json(5) ------------------

declare -A seen_kind
check_keys() { # DESC FILE
	local desc=$1 file=$2 kind keys missing= k

	if ! kind=$(jq -r .kind "$file" 2>/dev/null) || [ -z "$kind" ] ||
	    [ "$kind" = null ]; then
		ok "$desc: a JSON document" false
		return
	fi
	seen_kind[$kind]=1
	keys=$(jq -r 'keys_unsorted[]' "$file")
	for k in $keys; do
		printf '%s\n' "$plain5" | grep -qE "(^|[^a-z_])$k([^a-z_]|\$)" ||
		    missing="$missing $k"
	done
	is "$missing" "" "$desc ($kind): every top-level key is in memwatch-json.5"
	# Nested keys too, but for the kernel's own names: meminfo keys,
	# zone and node counters, vmstat counters, the files of khugepaged
	# and zswap's parameters, smaps fields memwatch does not know, the
	# files in unavailable, and migrate types (capitalised).
	missing=
	keys=$(jq -r '[paths | select(.[-1] | type == "string")
	    | select(map(tostring) | join(".")
	      | test("(^|\\.)(meminfo|meminfo_counts|counters|stats|extra|unavailable|vmstat|moved|khugepaged|parameters)(\\.|$)")
	      | not)
	    | .[-1] | select(test("^[a-z]"))] | unique | .[]' "$file")
	for k in $keys; do
		printf '%s\n' "$plain5" | grep -qE "(^|[^a-z_])$k([^a-z_]|\$)" ||
		    missing="$missing $k"
	done
	is "$missing" "" "$desc ($kind): every nested key is in memwatch-json.5"
	like "$(printf '%s\n' "$plain5" | grep -c -- "$kind")" '^[1-9]' \
	    "$desc: kind '$kind' is named in memwatch-json.5"
}

if ! command -v jq >/dev/null 2>&1; then
	skip "jq is not installed" 1
	done_testing
fi

J=$MW_TMP/json
mkdir -p "$J"
run_json() { # NAME ARGS...: memwatch ARGS > $J/NAME.json, 0 on success
	local name=$1

	shift
	"$MEMWATCH" "$@" >"$J/$name.json" 2>"$J/$name.err" || {
		diag "memwatch $*: $(cat "$J/$name.err")"
		return 1
	}
}

# One of each kind, from captures (the same on every machine) and live.
ok "show on a capture" run_json proc-tree --proc-root "$tree_b" 2684 --json
ok "show on self" run_json proc-self self --json
ok "oom on a cgroup v2 report" run_json oom-memcg oom --json \
    "$MW_SRCDIR/tests/data/oom/linux-5.15-memcg-v2-oomgroup.syslog"
ok "oom on a system report" run_json oom-system oom --json \
    "$MW_SRCDIR/tests/data/oom/linux-5.8-global-syslog.log"
ok "explain on a capture" run_json explain-tree \
    --proc-root "$tree_b" 2684 explain --json
ok "explain on self" run_json explain-self self explain --json
ok "pages on self" run_json pages-self self pages --json
ok "zones on a capture" run_json zones-tree --proc-root "$tree_a" zones --json
ok "buddy on a capture" run_json buddy-tree --proc-root "$tree_a" buddy --json
ok "slabs on a capture" run_json slabs-tree --proc-root "$tree_a" slabs --json
ok "system on a capture" run_json system-tree --proc-root "$tree_a" system --json
ok "system explain on a capture" run_json sysexplain-tree \
    --proc-root "$tree_a" system explain --json
ok "zones live" run_json zones-live zones --json
ok "buddy live" run_json buddy-live buddy --json
ok "top -b -n 1 --json" run_json top-live top -b -n 1 --json -p $$
ok "pressure on a capture" run_json pressure-tree \
    --proc-root "$tree_a" pressure -i 0.1 --json
ok "pressure live" run_json pressure-live pressure -i 0.2 --json

# A buddy document read from pagetypeinfo alone (no buddyinfo).
cp -r "$tree_a" "$MW_TMP/nobuddy"
rm -f "$MW_TMP/nobuddy/buddyinfo"
ok "buddy from pagetypeinfo" run_json buddy-pti \
    --proc-root "$MW_TMP/nobuddy" buddy --json

# Diffs: two snapshots of captured processes (--force: two pids), two
# system snapshots of two captures, and a live interval on self.
ok "snapshot of a capture (a)" "$MEMWATCH" --proc-root "$tree_a" 1185 \
    snapshot -o "$J/snap-a.snap"
ok "snapshot of a capture (b)" "$MEMWATCH" --proc-root "$tree_b" 2684 \
    snapshot -o "$J/snap-b.snap"
ok "diff of two process snapshots" run_json diff-files \
    diff --force "$J/snap-a.snap" "$J/snap-b.snap" --json
ok "diff -i on self" run_json diff-self self diff -i 0.1 --json
ok "system snapshot of capture a" "$MEMWATCH" --proc-root "$tree_a" \
    system snapshot -o "$J/sys-a.snap"
ok "system snapshot of capture b" "$MEMWATCH" --proc-root "$tree_b" \
    system snapshot -o "$J/sys-b.snap"
ok "diff of two system snapshots" run_json sysdiff-files \
    diff "$J/sys-a.snap" "$J/sys-b.snap" --json
ok "capture of a capture" run_json capture-tree \
    --proc-root "$tree_a" capture -o "$MW_TMP/cap" 1185 --json
ok "watch on self, recorded" run_json watch-self self watch -i 0.1 -d 0.6 \
    --json --record "$MW_TMP/w.rec"
ok "leaks, recorded" run_json leaks-live leaks -i 0.2 -d 0.6 --json \
    --record "$MW_TMP/l.rec"
# The recordings' lines: a header, a sample with places, a round.
head -n 1 "$MW_TMP/w.rec" >"$J/rec-header.json"
grep -m1 '"places"' "$MW_TMP/w.rec" >"$J/rec-sample.json"
sed -n 2p "$MW_TMP/l.rec" >"$J/rec-round.json"
tail -n 1 "$MW_TMP/l.rec" >"$J/rec-end.json"
cp "$J/snap-a.snap" "$J/snapshot-file.json"
cp "$J/sys-a.snap" "$J/system-snapshot-file.json"

for f in "$J"/*.json; do
	n=${f##*/}
	check_keys "${n%.json}" "$f"
done

# Every kind the contract names was produced, so (c) covered them all.
for k in process-snapshot system-snapshot diff explain pages zones buddy \
    slabs top-frame capture pressure watch leaks watch-sample oom; do
	is "${seen_kind[$k]:-}" 1 "a '$k' document was checked"
done

done_testing
