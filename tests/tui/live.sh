#!/bin/sh
# tests/tui/live.sh: the live view under tmux: header and rows, a process
# started here with its PSS, the / filter, Enter drill-down, resize, q and
# SIGTERM leaving a sane terminal, colour off with --color=never.
# Every wait is a bounded poll of capture-pane, never a fixed sleep.
MEMWATCH=${MEMWATCH:-./src/memwatch}
n=0 failed=0
ok() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; failed=$((failed + 1)); fi; }
diag() { echo "# $*"; }

if ! command -v tmux >/dev/null 2>&1; then
	echo "1..0 # SKIP tmux is not installed (apt-get install tmux)"
	exit 0
fi

sock="mwtest-$$"
T() { tmux -L "$sock" "$@"; }
tmp=$(mktemp -d) || exit 99
holder= gpid= hpid=
cleanup() {
	[ -n "$hpid" ] && kill "$hpid" 2>/dev/null
	T kill-server 2>/dev/null
	[ -n "$holder" ] && kill "$holder" 2>/dev/null
	[ -n "$gpid" ] && kill "$gpid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

# A name of this run's own, so that a holder of another run on the same
# machine cannot match the filter too.
hold=mwl$$
cp /bin/sleep "$tmp/$hold" || exit 99
"$tmp/$hold" 600 &
holder=$!
# Until it has exec'd, the child is a copy of this shell: wait for its name.
i=0
while [ "$(cat /proc/$holder/comm 2>/dev/null)" != $hold ] && [ $i -lt 100 ]; do
	sleep 0.05; i=$((i + 1))
done

# wait_for PATTERN [SECONDS]: poll the pane until grep -E finds PATTERN.
wait_for() {
	i=0 limit=$(( ${2:-10} * 10 ))
	while [ $i -lt $limit ]; do
		T capture-pane -p >"$tmp/pane" 2>/dev/null
		grep -Eq -- "$1" "$tmp/pane" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	diag "timed out waiting for '$1'; the pane was:"
	sed 's/^/#   /' "$tmp/pane"
	return 1
}

# The pane runs the view, then reports its status and the tty's modes.
run='"$0" top -d 0.3 "$@"; echo "EXIT=$?"; stty -a | tr " " "\n" | grep -Ex -- "-?(icanon|echo)" | tr -d "\n"; echo; sleep 600'
T new-session -d -x 100 -y 30 \
    sh -c "$run" "$MEMWATCH" --color=always || exit 99

wait_for '^memwatch top - [0-9]+ processes'
ok $? "the title appears"
wait_for 'PID USER +COMMAND +VSZ +RSS +PSS +USS +SWAP +GROWTH'
ok $? "column titles appear"
grep -Eq '^Mem \[' "$tmp/pane" && grep -Eq '^Swp \[' "$tmp/pane"
ok $? "memory and swap bars"
grep -Eq 'refresh [0-9.]+ ms' "$tmp/pane"
ok $? "the refresh's cost is shown"
T capture-pane -p -e >"$tmp/esc"
grep -q "$(printf '\033')\[3[0-7]m\|$(printf '\033')\[38;5" "$tmp/esc"
ok $? "--color=always: colour sequences"

T send-keys / $hold
wait_for "^ +$holder +[^ ]+ +$hold +[0-9.]+[KMGTPE]? +[0-9.]+[KMGTPE]? +[0-9.]+[KMGTPE]? "
ok $? "/ filter finds the test's process, PSS shown"
# The row may show before the last keys of the filter are read: wait for
# the frame drawn with the whole filter.
i=0
while rows=$(grep -Ec '^ +[0-9]+ ' "$tmp/pane"); [ "$rows" != 1 ] && [ $i -lt 50 ]; do
	sleep 0.1
	T capture-pane -p >"$tmp/pane" 2>/dev/null
	i=$((i + 1))
done
pss=$(awk -v p="$holder" '$1 == p { print $6 }' "$tmp/pane")
ok "$( [ -n "$pss" ] && [ "$pss" != "?" ]; echo $?)" "its PSS is a number ($pss)"
ok "$( [ "$rows" = 1 ]; echo $?)" "the filter leaves one row ($rows)"
T send-keys Enter
wait_for '^q quit +\? help'
ok $? "Enter keeps the filter and leaves the prompt"

T send-keys Enter
wait_for "^PID $holder $hold - mappings"
ok $? "Enter opens the mappings"
wait_for "PERM +SIZE +[+]/- +RSS +[+]/- +PSS +[+]/- +SWAP +[+]/- +PATH"
ok $? "mapping columns"
grep -q "$tmp/$hold" "$tmp/pane"
ok $? "the executable is listed"
T send-keys End
wait_for '\[stack\]'
ok $? "End scrolls to [stack]"

T send-keys Escape
wait_for 'PID USER +COMMAND'
ok $? "Esc goes back to the table"

T resize-window -x 60 -y 20
wait_for 'needs 80x24'
ok $? "below 80x24: one line asking for more room"
T resize-window -x 120 -y 40
wait_for '^memwatch top - .* [0-9]{2}:[0-9]{2}:[0-9]{2}$'
width=$(head -1 "$tmp/pane" | awk '{ print length($0) }')
ok "$( [ "$width" = 120 ]; echo $?)" "after resize the title spans 120 columns ($width)"

T send-keys '?'
wait_for 'Enter +Right +the selected process'
ok $? "? shows the help"
T send-keys Escape
wait_for 'PID USER +COMMAND'

T send-keys s
wait_for 'sort uss'
ok $? "s cycles the sort (pss -> uss)"
T send-keys r
wait_for 'sort uss \(reversed\)'
ok $? "r reverses it"
# Drill into a process that then grows: the change since opened shows.
grower=${MW_BUILDDIR:-$(dirname "$MEMWATCH")/..}/tests/tui/grower
if [ -x "$grower" ]; then
	"$grower" >"$tmp/grow.out" &
	gpid=$!
	i=0; while ! grep -q ready "$tmp/grow.out" && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	T send-keys Escape / grower Enter
	wait_for "^ +$gpid +[^ ]+ +grower "
	ok $? "the grower is listed"
	T send-keys Enter
	wait_for "^PID $gpid grower - mappings"
	ok $? "its mappings are open"
	kill -USR1 "$gpid"
	wait_for 'SIZE [0-9.]+[KMGTPE]? \(\+8\.0M\)'
	ok $? "8 MiB more shows as +8.0M in the totals since opened"
	wait_for ' \+8\.0M +[0-9.]+[KMGTPE]? +\+8\.0M'
	ok $? "the mapping's Size and Rss change show"
	T capture-pane -p -e >"$tmp/esc"
	grep '+8\.0M' "$tmp/esc" | grep -q "$(printf '\033')\[[0-9;]*31[;m]"
	ok $? "the change is highlighted"
	T send-keys Escape Escape
	wait_for 'PID USER +COMMAND'
	kill "$gpid" 2>/dev/null
else
	n=$((n + 1)); echo "ok $n # SKIP tests/tui/grower is not built"
fi

# Hostile names: the table and the mappings show them escaped.
hostile=${MW_BUILDDIR:-$(dirname "$MEMWATCH")/..}/tests/helpers/hostile
if [ -x "$hostile" ]; then
	mkdir "$tmp/h" && mkfifo "$tmp/h.in" && : >"$tmp/h.out"
	"$hostile" "$tmp/h" <"$tmp/h.in" >"$tmp/h.out" &
	hpid=$!
	exec 8>"$tmp/h.in"
	i=0; while ! grep -q ready "$tmp/h.out" && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	# Its own directory: the filter reads command lines, and another run's
	# helper may be named evil too.
	T send-keys Escape / "${tmp##*/}/h" Enter
	wait_for "^ +$hpid +[^ ]+ +evil\\\\e\\[2J\\\\n "
	ok $? "a hostile comm is shown escaped in the table"
	T send-keys Enter End
	wait_for '\\e\[31mred\\e\[0m file'
	ok $? "a hostile path is shown escaped in the mappings"
	T send-keys Escape Escape
	wait_for 'PID USER +COMMAND'
	exec 8>&-
	wait "$hpid" 2>/dev/null
else
	n=$((n + 1)); echo "ok $n # SKIP tests/helpers/hostile is not built"
	n=$((n + 1)); echo "ok $n # SKIP tests/helpers/hostile is not built"
fi

# The system views: zones, buddy, slabs; the key again goes back.
T send-keys z
wait_for '^memwatch top - zones'
ok $? "z shows the zones"
if [ -r /proc/zoneinfo ]; then
	zone=$(awk '/^Node/ { sub(",", "", $2); print $2, $4; exit }' /proc/zoneinfo)
	wait_for "^ +${zone% *} ${zone#* } +[0-9.]+[KMGTPE]? "
	ok $? "the first zone of /proc/zoneinfo is listed ($zone)"
fi
T send-keys b
wait_for '^memwatch top - buddy'
ok $? "b shows the buddy free lists"
wait_for '^ +10 +[0-9.]+M +[0-9]+ '
ok $? "per-order rows down to order 10"
T send-keys l
wait_for '^memwatch top - slab'
ok $? "l shows the slab caches"
if cat /proc/slabinfo >/dev/null 2>&1; then
	wait_for '^NAME +ACTIVE +OBJS'
	ok $? "slab columns (slabinfo readable)"
else
	wait_for 'slabinfo'
	ok $? "the reason slabinfo cannot be read"
fi
T send-keys l
wait_for 'PID USER +COMMAND'
ok $? "l again goes back to the table"

T send-keys p
wait_for 'PAUSED'
ok $? "p pauses"

T send-keys q
wait_for '^EXIT=0'
ok $? "q quits with status 0"
wait_for '^EXIT=0' >/dev/null; sleep 0.2
T capture-pane -p >"$tmp/pane"
modes=$(grep -A1 '^EXIT=' "$tmp/pane" | tail -1)
ok "$( [ "$modes" = "icanonecho" ] || [ "$modes" = "echoicanon" ]; echo $?)" "the terminal is sane again ($modes)"
! grep -q 'PID USER' "$tmp/pane"
ok $? "the alternate screen is gone"
T kill-server 2>/dev/null
sock="mwtest-$$-n"

# -n 3: three refreshes, then the view quits by itself.
T new-session -d -x 100 -y 30 sh -c "$run" "$MEMWATCH" -d 0.1 -n 3
wait_for '^EXIT=0'
ok $? "-n 3 quits after three refreshes"
T kill-server 2>/dev/null
sock="mwtest-$$-term"

# SIGTERM: the terminal is restored and the signal ends the process.
T new-session -d -x 100 -y 30 \
    sh -c "$run" "$MEMWATCH" --color=never
wait_for 'PID USER +COMMAND'
T capture-pane -p -e >"$tmp/esc"
! grep -q "$(printf '\033')\[3[0-7]m\|$(printf '\033')\[38;5" "$tmp/esc"
ok $? "--color=never: no colour sequences"
pid=$(pgrep -P "$(T display-message -p '#{pane_pid}')" -x memwatch || true)
if [ -n "$pid" ]; then
	kill -TERM "$pid"
	wait_for '^EXIT=143'
	ok $? "SIGTERM ends the view (status 143)"
	wait_for '^-?icanon-?echo$'	# the modes line after EXIT=, bounded
	modes=$(grep -A1 '^EXIT=' "$tmp/pane" | tail -1)
	ok "$( [ "$modes" = "icanonecho" ]; echo $?)" "after SIGTERM the terminal is sane ($modes)"
else
	ok 1 "found the view's pid for SIGTERM"
fi
T kill-server 2>/dev/null
sock="mwtest-$$-int"

# Ctrl-C (SIGINT from the terminal) restores it the same way; the shell
# around it catches SIGINT so that it lives on to report.
T new-session -d -x 100 -y 30 sh -c "trap : INT; $run" "$MEMWATCH"
wait_for 'PID USER +COMMAND'
T send-keys C-c
wait_for '^EXIT=130'
ok $? "Ctrl-C ends the view (status 130)"
wait_for '^-?icanon-?echo$'	# the modes line after EXIT=, bounded
modes=$(grep -A1 '^EXIT=' "$tmp/pane" | tail -1)
ok "$( [ "$modes" = "icanonecho" ]; echo $?)" "after Ctrl-C the terminal is sane ($modes)"
T kill-server 2>/dev/null

echo "1..$n"
[ $failed = 0 ]
