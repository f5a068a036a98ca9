#!/bin/bash
# tests/cli/vanish.sh: processes that exit while memwatch reads them.
#
# Short-lived children come and go (hundreds a second) while top -b and
# export walk the process table: the ones that vanish are dropped from the
# table silently (no error, no half row, no exit status), every frame is
# whole. (A target that vanishes, and a zombie target, are in errors.sh.)
. "${MW_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

t=$MW_TMP
stop=$t/stop
# The churn: a loop of children that exit at once, until $stop exists.
(
	while [ ! -e "$stop" ]; do
		for i in 1 2 3 4 5 6 7 8; do /bin/true & done
		wait
	done
) &
churn=$!
track_pid "$churn"

"$MEMWATCH" top -b -n 5 -d 0.1 >"$t/top" 2>"$t/top.err"
is "$?" 0 "top -b -n 5 -d 0.1 while processes come and go: exit 0"
is "$(wc -c <"$t/top.err")" 0 "... nothing on stderr"
is "$(grep -c '^memwatch top ' "$t/top")" 5 "... five frames"
bad=$(awk '/^ *PID USER/ { on = 1; next } /^memwatch top / { on = 0 }
	on && NF > 0 && ($1 !~ /^[0-9]+$/ || $3 == "?") { print }' "$t/top")
is "$bad" "" "... every row a whole row of a process that was read"

"$MEMWATCH" --json top -b -n 5 -d 0.1 >"$t/top.json" 2>"$t/top.err"
is "$?:$(wc -c <"$t/top.err")" "0:0" "top -b --json while processes come and go: exit 0, no stderr"
is "$(jq -s 'length' "$t/top.json" 2>/dev/null)" 5 "... five whole JSON frames"
is "$(jq -s '[.[].processes[] | select(.comm == null)] | length' "$t/top.json")" 0 \
    "... no row without a name"

"$MEMWATCH" export --top 100000 >"$t/prom" 2>"$t/prom.err"
is "$?:$(wc -c <"$t/prom.err")" "0:0" "export while processes come and go: exit 0, no stderr"
like "$(tail -n1 "$t/prom")" "^# EOF$" "... the exposition is whole"

touch "$stop"
reap -t 30 "$churn" 2>/dev/null
done_testing
