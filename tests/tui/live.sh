#!/bin/sh
# tests/tui/live.sh: the live view under tmux: header and rows, a process
# started here with its PSS, the / filter, Enter drill-down, resize, q and
# SIGTERM leaving a sane terminal, colour off with --color=never.
# Every wait is a bounded poll of capture-pane, never a fixed sleep.
. "${MW_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"
. "$MW_SRCDIR/tests/tui/tmux-lib.sh"

# A name of this run's own, so that a holder of another run on the same
# machine cannot match the filter too.
hold=mwl$$
cp /bin/sleep "$MW_TMP/$hold" || bail_out "cannot copy sleep"
"$MW_TMP/$hold" 600 &
holder=$!
track_pid "$holder"
# Until it has exec'd, the child is a copy of this shell: wait for its name.
wait_for -t 5 is_comm "$holder" "$hold"

tmux_start 100 30 --color=always || bail_out "tmux did not start"

ok "the title appears" pane_wait '^memwatch top - [0-9]+ processes'
ok "column titles appear" pane_wait 'PID USER +COMMAND +VSZ +RSS +PSS +USS +SWAP +GROWTH'
grep -Eq '^Mem \[' "$MW_PANE" && grep -Eq '^Swp \[' "$MW_PANE"
is $? 0 "memory and swap bars"
grep -Eq 'refresh [0-9.]+ ms' "$MW_PANE"
is $? 0 "the refresh's cost is shown"
T capture-pane -p -e >"$MW_TMP/esc"
grep -q "$(printf '\033')\[3[0-7]m\|$(printf '\033')\[38;5" "$MW_TMP/esc"
is $? 0 "--color=always: colour sequences"

send_filter "$hold"
ok "/ filter finds the test's process, PSS shown" pane_wait "^ +$holder +[^ ]+ +$hold +[0-9.]+[KMGTPE]? +[0-9.]+[KMGTPE]? +[0-9.]+[KMGTPE]? "
# The row may show before the last keys of the filter are read: wait for
# the frame drawn with the whole filter.
one_row() { pane_capture && [ "$(pane_rows)" = 1 ]; }
wait_for -t 5 one_row
rows=$(pane_rows)
pss=$(awk -v p="$holder" '$1 == p { print $6 }' "$MW_PANE")
like "$pss" '^[^?]+$' "its PSS is a number ($pss)"
is "$rows" 1 "the filter leaves one row ($rows)"
T send-keys Enter
ok "Enter keeps the filter and leaves the prompt" pane_wait '^q quit +\? help'

T send-keys Enter
ok "Enter opens the mappings" pane_wait "^PID $holder $hold - mappings"
ok "mapping columns" pane_wait "PERM +SIZE +[+]/- +RSS +[+]/- +PSS +[+]/- +SWAP +[+]/- +PATH"
grep -q "$MW_TMP/$hold" "$MW_PANE"
is $? 0 "the executable is listed"
T send-keys End
ok "End scrolls to [stack]" pane_wait '\[stack\]'

T send-keys Escape
ok "Esc goes back to the table" pane_wait 'PID USER +COMMAND'

T resize-window -x 60 -y 20
ok "below 80x24: one line asking for more room" pane_wait 'needs 80x24'
T resize-window -x 120 -y 40
pane_wait '^memwatch top - .* [0-9]{2}:[0-9]{2}:[0-9]{2}$'
width=$(head -1 "$MW_PANE" | awk '{ print length($0) }')
is "$width" 120 "after resize the title spans 120 columns ($width)"

T send-keys '?'
ok "? shows the help" pane_wait 'Enter +Right +the selected process'
T send-keys Escape
pane_wait 'PID USER +COMMAND'

T send-keys s
ok "s cycles the sort (pss -> uss)" pane_wait 'sort uss'
T send-keys r
ok "r reverses it" pane_wait 'sort uss \(reversed\)'
# Drill into a process that then grows: the change since opened shows.
# A copy in this run's directory: the filter on that path matches it and
# no grower of another run.
grower=$MW_BUILDDIR/tests/helpers/grower
if [ -x "$grower" ] && cp "$grower" "$MW_TMP/grower"; then
	"$MW_TMP/grower" >"$MW_TMP/grow.out" &
	gpid=$!
	track_pid "$gpid"
	wait_for -t 10 grep -q ready "$MW_TMP/grow.out"
	T send-keys Escape
	send_filter "${MW_TMP##*/}/grower"
	T send-keys Enter
	ok "the grower is listed" pane_wait "^ +$gpid +[^ ]+ +grower "
	wait_for -t 5 one_row
	T send-keys Enter
	ok "its mappings are open" pane_wait "^PID $gpid grower - mappings"
	kill -USR1 "$gpid"
	ok "8 MiB more shows as +8.0M in the totals since opened" pane_wait 'SIZE [0-9.]+[KMGTPE]? \(\+8\.0M\)'
	ok "the mapping's Size and Rss change show" pane_wait ' \+8\.0M +[0-9.]+[KMGTPE]? +\+8\.0M'
	T capture-pane -p -e >"$MW_TMP/esc"
	grep '+8\.0M' "$MW_TMP/esc" | grep -q "$(printf '\033')\[[0-9;]*31[;m]"
	is $? 0 "the change is highlighted"
	T send-keys Escape Escape
	pane_wait 'PID USER +COMMAND'
	kill "$gpid" 2>/dev/null
else
	skip "tests/helpers/grower is not built" 5
fi

# Hostile names: the table and the mappings show them escaped.
hostile=${MW_BUILDDIR:-$(dirname "$MEMWATCH")/..}/tests/helpers/hostile
if [ -x "$hostile" ]; then
	mkdir "$MW_TMP/h" && mkfifo "$MW_TMP/h.in" && : >"$MW_TMP/h.out"
	"$hostile" "$MW_TMP/h" <"$MW_TMP/h.in" >"$MW_TMP/h.out" &
	hpid=$!
	track_pid "$hpid"
	exec 8>"$MW_TMP/h.in"
	wait_for -t 10 grep -q ready "$MW_TMP/h.out"
	# Its own directory: the filter reads command lines, and another run's
	# helper may be named evil too.
	T send-keys Escape
	send_filter "${MW_TMP##*/}/h"
	T send-keys Enter
	ok "a hostile comm is shown escaped in the table" pane_wait "^ +$hpid +[^ ]+ +evil\\\\e\\[2J\\\\n "
	wait_for -t 5 one_row
	T send-keys Enter End
	pane_wait 'Esc back +s sort' >/dev/null
	# Where its row is depends on the address space's layout (a sanitizer
	# build's is another): paged up to from the end. The path column may
	# cut the name after "f".
	ok "a hostile path is shown escaped in the mappings" \
	    pane_page_to '\\e\[31mred\\e\[0m f'
	T send-keys Escape Escape
	pane_wait 'PID USER +COMMAND'
	exec 8>&-
	reap -t 10 "$hpid" 2>/dev/null
else
	skip "tests/helpers/hostile is not built" 2
fi

# The system views: zones, buddy, slabs; the key again goes back.
T send-keys z
ok "z shows the zones" pane_wait '^memwatch top - zones'
if [ -r /proc/zoneinfo ]; then
	zone=$(awk '/^Node/ { sub(",", "", $2); print $2, $4; exit }' /proc/zoneinfo)
	ok "the first zone of /proc/zoneinfo is listed ($zone)" pane_wait "^ +${zone% *} ${zone#* } +[0-9.]+[KMGTPE]? "
fi
T send-keys b
ok "b shows the buddy free lists" pane_wait '^memwatch top - buddy'
ok "per-order rows down to order 10" pane_wait '^ +10 +[0-9.]+M +[0-9]+ '
T send-keys l
ok "l shows the slab caches" pane_wait '^memwatch top - slab'
if cat /proc/slabinfo >/dev/null 2>&1; then
	ok "slab columns (slabinfo readable)" pane_wait '^NAME +ACTIVE +OBJS'
else
	ok "the reason slabinfo cannot be read" pane_wait 'slabinfo'
fi
T send-keys l
ok "l again goes back to the table" pane_wait 'PID USER +COMMAND'

T send-keys p
ok "p pauses" pane_wait 'PAUSED'

T send-keys q
ok "q quits with status 0" pane_wait '^EXIT=0'
pane_wait '^-?(icanon|echo)-?(icanon|echo)$' >/dev/null	# the modes line
modes=$(grep -A1 '^EXIT=' "$MW_PANE" | tail -1)
like "$modes" '^(icanonecho|echoicanon)$' "the terminal is sane again ($modes)"
! grep -q 'PID USER' "$MW_PANE"
is $? 0 "the alternate screen is gone"

# -n 3: three refreshes, then the view quits by itself.
tmux_restart 100 30 -d 0.1 -n 3
ok "-n 3 quits after three refreshes" pane_wait '^EXIT=0'

# SIGTERM: the terminal is restored and the signal ends the process.
tmux_restart 100 30 --color=never
pane_wait 'PID USER +COMMAND'
T capture-pane -p -e >"$MW_TMP/esc"
! grep -q "$(printf '\033')\[3[0-7]m\|$(printf '\033')\[38;5" "$MW_TMP/esc"
is $? 0 "--color=never: no colour sequences"
pid=$(pgrep -P "$(T display-message -p '#{pane_pid}')" -x memwatch || true)
if [ -n "$pid" ]; then
	kill -TERM "$pid"
	ok "SIGTERM ends the view (status 143)" pane_wait '^EXIT=143'
	pane_wait '^-?icanon-?echo$'	# the modes line after EXIT=, bounded
	modes=$(grep -A1 '^EXIT=' "$MW_PANE" | tail -1)
	is "$modes" icanonecho "after SIGTERM the terminal is sane ($modes)"
else
	ok "found the view's pid for SIGTERM" false
fi

# Ctrl-C (SIGINT from the terminal) restores it the same way; the shell
# around it catches SIGINT so that it lives on to report.
MW_TOP_RUN="trap : INT; $MW_TOP_RUN" tmux_restart 100 30
pane_wait 'PID USER +COMMAND'
T send-keys C-c
ok "Ctrl-C ends the view (status 130)" pane_wait '^EXIT=130'
pane_wait '^-?icanon-?echo$'	# the modes line after EXIT=, bounded
modes=$(grep -A1 '^EXIT=' "$MW_PANE" | tail -1)
is "$modes" icanonecho "after Ctrl-C the terminal is sane ($modes)"

done_testing
