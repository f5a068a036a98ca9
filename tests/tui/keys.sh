#!/bin/sh
# tests/tui/keys.sh: the live view's keys as top and htop users expect them:
# kernel threads apart (K), command lines (c), one user (u), the tree (t),
# totals per user and command (U, C), a sort change showing the top of the
# new order, F3 search, F4/F6/F10, M, an unknown key, the mappings' sort
# and help, a kernel thread's missing map, an exited process, and the
# request for a larger terminal fitting a small one. Bounded polls only.
MEMWATCH=${MEMWATCH:-./src/memwatch}
n=0 failed=0
ok() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; failed=$((failed + 1)); fi; }
diag() { echo "# $*"; }

if ! command -v tmux >/dev/null 2>&1; then
	echo "1..0 # SKIP tmux is not installed (apt-get install tmux)"
	exit 0
fi

sock="mwkeys-$$"
T() { tmux -L "$sock" "$@"; }
tmp=$(mktemp -d) || exit 99
chmod 755 "$tmp"		# nobody runs a copy of sleep from here
pids=
cleanup() {
	T kill-server 2>/dev/null
	for p in $pids; do kill -9 "$p" 2>/dev/null; done
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

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
# Escape, then a pause: a key within ncurses' ESCDELAY would make it Alt.
esc() { T send-keys Escape; sleep 0.2; }

# wait_comm PID NAME: until the child has exec'd.
wait_comm() {
	i=0
	while [ "$(cat /proc/$1/comm 2>/dev/null)" != "$2" ] && [ $i -lt 100 ]; do
		sleep 0.05; i=$((i + 1))
	done
}

# A parent whose two children carry this run's own name; the parent
# execs into sleep, which never reaps, so a killed child stays a zombie.
kid=mwk$$
cp /bin/sleep "$tmp/$kid" || exit 99
mark="602 1$$"		# sleep adds the two; the command line is the mark
sh -c "'$tmp/$kid' 600 & '$tmp/$kid' 601 & exec '$tmp/$kid' $mark" &
parent=$!
pids="$parent"
wait_comm "$parent" "$kid"
i=0
while [ "$(pgrep -c -P "$parent")" != 2 ] && [ $i -lt 100 ]; do
	sleep 0.05; i=$((i + 1))
done
kids=$(pgrep -P "$parent" | sort -n | tr '\n' ' ')
pids="$pids $kids"
set -- $kids
kid1=$1 kid2=$2

run='"$0" top -d 0.3 "$@"; echo "EXIT=$?"; sleep 600'
T new-session -d -x 120 -y 40 sh -c "$run" "$MEMWATCH" --color=never || exit 99

wait_for '^memwatch top - [0-9]+ processes, [0-9]+ kernel threads \(K\), [0-9]+ unreadable'
ok $? "the title counts kernel threads apart"
! grep -Eq '^ +2 +root +kthreadd ' "$tmp/pane"
ok $? "kthreadd is not listed by default"

# An unknown key, then K with a filter on kthreadd.
T send-keys x
wait_for 'unknown key x: \? for help'
ok $? "an unknown key says '? for help'"
T send-keys / kthreadd Enter
wait_for 'no process matches'
ok $? "filtered on kthreadd: nothing while kernel threads are hidden"
T send-keys K
wait_for '^ +2 +root +kthreadd '
ok $? "K lists kernel threads"
T send-keys Enter
wait_for 'kernel thread: no memory map of its own'
ok $? "Enter on a kernel thread says it has no memory map"
T send-keys K; esc
wait_for 'kernel threads \(K\)'

# c: command lines.
T send-keys / "$mark" Enter
wait_for "^ +$parent +[^ ]+ +$kid "
ok $? "the parent is found by its command line ($parent)"
T send-keys c
wait_for "COMMAND LINE"
ok $? "c: the COMMAND LINE column"
wait_for "^ +$parent +[^ ]+ +$tmp/$kid $mark "
ok $? "c: the parent's whole command line"
T send-keys c; esc

# t: the tree, children under the parent, the subtree's PSS.
T send-keys / "$kid" Enter t
wait_for 'TREE PSS'
ok $? "t: the tree and its TREE PSS column"
wait_for "^ +$kid1 +[^ ]+ +(\`-|\\|-|├─|└─) $kid "
ok $? "t: a child is drawn under its parent"
ppss=$(awk -v p="$parent" '$1 == p { print $NF }' "$tmp/pane")
own=$(awk -v p="$parent" '$1 == p { print $6 }' "$tmp/pane")
ok "$( [ -n "$ppss" ] && [ "$ppss" != "$own" ]; echo $?)" \
    "t: the parent's subtree PSS ($ppss) is more than its own ($own)"
T send-keys t; esc
wait_for 'PID USER +COMMAND '

# C: totals per command name; Enter opens a group (its processes under
# it), f lists that name's processes in the table.
T send-keys C
wait_for '^memwatch top - totals per command name:'
ok $? "C: totals per command name"
wait_for "^\\+ $kid +3 +0 "
ok $? "C: this test's three processes in one row"
T send-keys U
wait_for '^memwatch top - totals per user:'
ok $? "U: totals per user"
wait_for '^\+ root +[0-9]+ '
ok $? "U: a row for root"
T send-keys C
wait_for "^\\+ $kid +3 "
i=0; while [ $i -lt 200 ]; do
	T capture-pane -p >"$tmp/pane"
	sel=$(T capture-pane -p -e | grep "$kid" | grep -c "$(printf '\033')\[7m")
	[ "$sel" = 1 ] && break
	T send-keys Down; sleep 0.05; i=$((i + 1))
done
T send-keys Enter
wait_for "^- $kid +3 "
ok $? "Enter opens the group"
for p in $parent $kid1 $kid2; do
	wait_for "^ +$p $kid " || break
done
ok $? "its three processes listed under it"
T send-keys -- -
wait_for "^\\+ $kid +3 "
ok $? "- closes it"
T send-keys f
wait_for "PSS listed .* in 3 of 3 rows matching '$kid'"
ok $? "f on a group lists its processes in the table"
esc

# u: one user's processes.
setpriv --reuid=65534 --regid=65534 --clear-groups "$tmp/$kid" 603 &
nb=$!
pids="$pids $nb"
wait_comm "$nb" "$kid"
T send-keys u
wait_for '^user \(Enter; empty: every user\): '
ok $? "u asks for a user"
T send-keys C-u BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace nobody Enter
wait_for "of user nobody"
ok $? "u nobody: the header says so"
wait_for "^ +$nb +nobody "
# A capture may catch a frame half drawn: look again (bounded) before
# calling another user's row a failure.
i=0
while others=$(awk 'NR > 5 && $1 ~ /^[0-9]+$/ && $2 != "nobody"' "$tmp/pane" | wc -l)
    [ "$others" != 0 ] && [ $i -lt 20 ]; do
	sleep 0.2; T capture-pane -p >"$tmp/pane"; i=$((i + 1))
done
ok "$( [ "$others" = 0 ] && grep -Eq "^ +$nb +nobody " "$tmp/pane"; echo $?)" \
    "u nobody: only nobody's rows, the test's among them"
esc
wait_for 'PID USER +COMMAND '
! grep -q 'of user' "$tmp/pane"
ok $? "Esc clears the user"
T send-keys u C-u BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace 65534 Enter
wait_for "of user nobody"
ok $? "u 65534: a uid means its user"
esc

# A sort change shows the top of the new order, not the old row: paused,
# so that the order holds still, Enter opens the selected row's mappings.
T send-keys End p
wait_for 'PAUSED'
T send-keys M
wait_for 'sorted by pss'
first=$(awk 'NR == 6 { print $1 }' "$tmp/pane")
T send-keys Enter
wait_for "^PID $first "
ok $? "after End and M the first row of the new order ($first) is the selected one"
esc
T send-keys p
T send-keys F6
wait_for 'sorted by uss'
ok $? "F6 sorts by the next column"
T send-keys M

# F3: search jumps to the row, F4 filters.
T send-keys F3 "$kid"
wait_for 'search \(F3 next'
ok $? "F3 opens the search"
i=0; while [ $i -lt 30 ]; do
	T capture-pane -p -e | grep "$(printf '\033')\[7m" | grep -q "$kid" && break
	sleep 0.1; i=$((i + 1))
done
ok "$( [ $i -lt 30 ]; echo $?)" "F3: the selection jumps to the matching row"
T send-keys Enter F4
wait_for '^filter \(command'
ok $? "F4 filters"
esc

# The mappings: sort, own help; then an exited (zombie) process.
# Sorted by pid, kid1 is the first row the filter keeps: another pid that
# holds its digits (26729 for 2672) is a larger number.
T send-keys N
wait_for 'sorted by pid'
T send-keys / "$kid1" Enter
wait_for "^ +$kid1 "
T send-keys Enter
wait_for "^PID $kid1 $kid - mappings"
ok $? "the child's mappings open"
T send-keys s
wait_for 'mappings sorted by size'
ok $? "s sorts the mappings by size"
T send-keys '?'
wait_for "one process's mappings"
ok $? "? in the mappings shows their own keys"
esc
wait_for "^PID $kid1 $kid - mappings"
kill -9 "$kid1"
wait_for "^PID $kid1 $kid - mappings.* - exited"
ok $? "a process that exits says 'exited'"
! grep -q '0 mappings' "$tmp/pane"
ok $? "not '0 mappings'"
esc; esc

# z: the zones gauge is the one 'memwatch zones' draws (DMA hardly moves).
T send-keys z
wait_for '^ +0 DMA '
live=$(grep -E '^ +0 DMA ' "$tmp/pane" | grep -oE '\[[#.mlh]+\]')
text=$("$MEMWATCH" zones | awk '/^Node 0 DMA:/ { getline; print $1; exit }')
ok "$( [ -n "$live" ] && [ "$live" = "$text" ]; echo $?)" \
    "z: the DMA gauge is the one zones draws ($live, $text)"
T send-keys z

# 80x24: the title keeps its clock; the help pages on with Space.
T resize-window -x 80 -y 24
wait_for '^memwatch top - .* [0-9]{2}:[0-9]{2}:[0-9]{2}$'
ok $? "80x24: the title ends with its clock"
T send-keys '?'
wait_for 'Space or Down: more'
ok $? "80x24: the help says there is more"
T send-keys Space
wait_for 'the most its PSS can be'
ok $? "Space shows the rest of the help"
esc

# A small terminal: all of the request is visible.
T resize-window -x 40 -y 12
wait_for 'or q to quit'
ok $? "40x12: the request for a larger terminal fits"
grep -q 'enlarge the' "$tmp/pane" && grep -q 'needs 80x24' "$tmp/pane"
ok $? "40x12: every part of it is shown"
T resize-window -x 120 -y 40

T send-keys F10
wait_for '^EXIT=0'
ok $? "F10 quits"

echo "1..$n"
[ $failed = 0 ]
