#!/bin/sh
# tests/tui/keys.sh: the live view's keys as top and htop users expect them:
# kernel threads apart (K), command lines (c), one user (u), the tree (t),
# totals per user and command (U, C), a sort change showing the top of the
# new order, F3 search, F4/F6/F10, M, an unknown key, the mappings' sort
# and help, a kernel thread's missing map, an exited process, and the
# request for a larger terminal fitting a small one. Bounded polls only.
. "${MW_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"
. "$MW_SRCDIR/tests/tui/tmux-lib.sh"
chmod 755 "$MW_TMP"		# nobody runs a copy of sleep from here

# A parent whose two children carry this run's own name; the parent
# execs into sleep, which never reaps, so a killed child stays a zombie.
kid=mwk$$
cp /bin/sleep "$MW_TMP/$kid" || bail_out "cannot copy sleep"
mark="602 1$$"		# sleep adds the two; the command line is the mark
sh -c "'$MW_TMP/$kid' 600 & '$MW_TMP/$kid' 601 & exec '$MW_TMP/$kid' $mark" &
parent=$!
track_pid "$parent"
wait_for -t 5 is_comm "$parent" "$kid"
two_kids() { [ "$(pgrep -c -P "$parent")" = 2 ]; }
wait_for -t 5 two_kids
kids=$(pgrep -P "$parent" | sort -n | tr '\n' ' ')
track_pid $kids
set -- $kids
kid1=$1 kid2=$2

tmux_start 120 40 --color=never || bail_out "tmux did not start"

ok "the title counts kernel threads apart" pane_wait '^memwatch top - [0-9]+ processes, [0-9]+ kernel threads \(K\), [0-9]+ unreadable'
! grep -Eq '^ +2 +root +kthreadd ' "$MW_PANE"
is $? 0 "kthreadd is not listed by default"

# An unknown key, then K with a filter on kthreadd.
T send-keys x
ok "an unknown key says '? for help'" pane_wait 'unknown key x: \? for help'
send_filter kthreadd
T send-keys Enter
ok "filtered on kthreadd: nothing while kernel threads are hidden" pane_wait 'no process matches'
T send-keys K
ok "K lists kernel threads" pane_wait '^ +2 +root +kthreadd '
T send-keys Enter
ok "Enter on a kernel thread says it has no memory map" pane_wait 'kernel thread: no memory map of its own'
T send-keys K; esc
pane_wait 'kernel threads \(K\)'

# c: command lines.
send_filter "$mark"
T send-keys Enter
ok "the parent is found by its command line ($parent)" pane_wait "^ +$parent +[^ ]+ +$kid "
T send-keys c
ok "c: the COMMAND LINE column" pane_wait "COMMAND LINE"
ok "c: the parent's whole command line" pane_wait "^ +$parent +[^ ]+ +$MW_TMP/$kid $mark "
T send-keys c; esc

# t: the tree, children under the parent, the subtree's PSS.
T send-keys / "$kid" Enter t
ok "t: the tree and its TREE PSS column" pane_wait 'TREE PSS'
ok "t: a child is drawn under its parent" pane_wait "^ +$kid1 +[^ ]+ +(\`-|\\|-|├─|└─) $kid "
ppss=$(awk -v p="$parent" '$1 == p { print $NF }' "$MW_PANE")
own=$(awk -v p="$parent" '$1 == p { print $6 }' "$MW_PANE")
ok "t: the parent's subtree PSS ($ppss) is more than its own ($own)" \
    eval '[ -n "$ppss" ] && [ "$ppss" != "$own" ]'
T send-keys t; esc
pane_wait 'PID USER +COMMAND '

# C: totals per command name; Enter opens a group (its processes under
# it), f lists that name's processes in the table.
T send-keys C
ok "C: totals per command name" pane_wait '^memwatch top - totals per command name:'
ok "C: this test's three processes in one row" pane_wait "^\\+ $kid +3 +0 "
T send-keys U
ok "U: totals per user" pane_wait '^memwatch top - totals per user:'
ok "U: a row for root" pane_wait '^\+ root +[0-9]+ '
T send-keys C
pane_wait "^\\+ $kid +3 "
# Down until this test's row is the selected one; each Down waits for the
# selection to move, so that a slow frame is never overshot.
# The selected row: in reverse video, like the column titles.
selected() {
	T capture-pane -p -e | grep -n "$(printf '\033')\[7m" |
	    grep -Ev 'PID +USER|(COMMAND|USER) +PROCS' | head -n1
}
moved() { [ "$(selected)" != "$1" ]; }
for ((i = 0; i < 200; i++)); do
	sel=$(selected)
	case $sel in *"$kid"*) break ;; esac
	T send-keys Down
	wait_for -t 2 moved "$sel" || break
done
T send-keys Enter
ok "Enter opens the group" pane_wait "^- $kid +3 "
listed() {
	for p in $parent $kid1 $kid2; do
		pane_wait "^ +$p $kid " || return 1
	done
}
ok "its three processes listed under it" listed
T send-keys -- -
ok "- closes it" pane_wait "^\\+ $kid +3 "
T send-keys f
ok "f on a group lists its processes in the table" pane_wait "PSS listed .* in 3 of 3 rows matching '$kid'"
esc

# u: one user's processes.
setpriv --reuid=65534 --regid=65534 --clear-groups "$MW_TMP/$kid" 603 &
nb=$!
track_pid "$nb"
wait_for -t 5 is_comm "$nb" "$kid"
T send-keys u
ok "u asks for a user" pane_wait '^user \(Enter; empty: every user\): '
T send-keys C-u BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace nobody Enter
ok "u nobody: the header says so" pane_wait "of user nobody"
pane_wait "^ +$nb +nobody "
# A capture may catch a frame half drawn: look again (bounded) before
# calling another user's row a failure.
only_nobody() {
	pane_capture
	[ "$(awk 'NR > 5 && $1 ~ /^[0-9]+$/ && $2 != "nobody"' "$MW_PANE" | wc -l)" = 0 ] &&
	    grep -Eq "^ +$nb +nobody " "$MW_PANE"
}
ok "u nobody: only nobody's rows, the test's among them" wait_for -t 4 only_nobody
esc
pane_wait 'PID USER +COMMAND '
! grep -q 'of user' "$MW_PANE"
is $? 0 "Esc clears the user"
T send-keys u C-u BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace 65534 Enter
ok "u 65534: a uid means its user" pane_wait "of user nobody"
esc

# A sort change shows the top of the new order, not the old row: paused,
# so that the order holds still, Enter opens the selected row's mappings.
T send-keys End p
pane_wait 'PAUSED'
T send-keys M
pane_wait 'sorted by pss'
first=$(awk 'NR == 6 { print $1 }' "$MW_PANE")
T send-keys Enter
ok "after End and M the first row of the new order ($first) is the selected one" pane_wait "^PID $first "
esc
T send-keys p
T send-keys F6
ok "F6 sorts by the next column" pane_wait 'sorted by uss'
T send-keys M

# F3: search jumps to the row, F4 filters.
T send-keys F3 "$kid"
ok "F3 opens the search" pane_wait 'search \(F3 next'
kid_selected() { selected | grep -q "$kid"; }
ok "F3: the selection jumps to the matching row" wait_for -t 3 kid_selected
T send-keys Enter F4
ok "F4 filters" pane_wait '^filter \(command'
esc

# The mappings: sort, own help; then an exited (zombie) process.
# Sorted by pid, kid1 is the first row the filter keeps: another pid that
# holds its digits (26729 for 2672) is a larger number.
T send-keys N
pane_wait 'sorted by pid'
send_filter "$kid1"
T send-keys Enter
pane_wait "^ +$kid1 "
T send-keys Enter
ok "the child's mappings open" pane_wait "^PID $kid1 $kid - mappings"
T send-keys s
ok "s sorts the mappings by size" pane_wait 'mappings sorted by size'
T send-keys '?'
ok "? in the mappings shows their own keys" pane_wait "one process's mappings"
esc
pane_wait "^PID $kid1 $kid - mappings"
kill -9 "$kid1"
ok "a process that exits says 'exited'" pane_wait "^PID $kid1 $kid - mappings.* - exited"
! grep -q '0 mappings' "$MW_PANE"
is $? 0 "not '0 mappings'"
esc; esc

# z: the zones gauge is the one 'memwatch zones' draws (DMA hardly moves).
T send-keys z
pane_wait '^ +0 DMA '
# The zone may move between the frame and the command: a few tries.
dma_same() {
	pane_capture
	live=$(grep -E '^ +0 DMA ' "$MW_PANE" | grep -oE '\[[#.mlh]+\]')
	text=$("$MEMWATCH" zones | awk '/^Node 0 DMA:/ { getline; print $1; exit }')
	[ -n "$live" ] && [ "$live" = "$text" ]
}
wait_for -t 5 dma_same
is $? 0 "z: the DMA gauge is the one zones draws ($live, $text)"
T send-keys z

# 80x24: the title keeps its clock; the help pages on with Space.
T resize-window -x 80 -y 24
ok "80x24: the title ends with its clock" pane_wait '^memwatch top - .* [0-9]{2}:[0-9]{2}:[0-9]{2}$'
T send-keys '?'
ok "80x24: the help says there is more" pane_wait 'Space or Down: more'
T send-keys Space
ok "Space shows the rest of the help" pane_wait 'the most its PSS can be'
esc

# A small terminal: all of the request is visible.
T resize-window -x 40 -y 12
ok "40x12: the request for a larger terminal fits" pane_wait 'or q to quit'
grep -q 'enlarge the' "$MW_PANE" && grep -q 'needs 80x24' "$MW_PANE"
is $? 0 "40x12: every part of it is shown"
T resize-window -x 120 -y 40

T send-keys F10
ok "F10 quits" pane_wait '^EXIT=0'

done_testing
