#!/bin/bash
# tests/cli/nobody.sh: every command as an unprivileged user (nobody).
#
# What nobody cannot read (root's smaps_rollup, slabinfo, pagetypeinfo)
# is shown as unknown with one note that says why and how to see it, or
# the command fails with one line naming root / CAP_SYS_PTRACE; it is
# never shown as 0. The process table still lists every process. Needs
# root (to drop to nobody) and setpriv; the binary is copied to a
# directory nobody can reach.
. "${MW_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

[ "$(id -u)" = 0 ] || skip_all "needs root to run memwatch as nobody"
command -v setpriv >/dev/null || skip_all "setpriv (util-linux) is not installed"
command -v jq >/dev/null || skip_all "jq is not installed"

d=$(mktemp -d /tmp/mw-nobody.XXXXXX) || bail_out "mktemp"
trap 'rm -rf "$d"; stop_all' EXIT
chmod 755 "$d"
cp "$MEMWATCH" "$d/memwatch" && chmod 755 "$d/memwatch" || bail_out "cp"
nb() { # ARGS...: memwatch as nobody, in $d; stdout $d/out, stderr $d/err
	(cd "$d" && timeout 60 setpriv --reuid=65534 --regid=65534 \
	    --clear-groups ./memwatch "$@" >"$d/out" 2>"$d/err")
}
nb --version || skip_all "cannot run a program as nobody here: $(cat "$d/err")"

# A root process that stays for the whole test.
sleep 600 &
rootp=$!
wait_for is_comm "$rootp" sleep
track_pid "$rootp"

# ---- process commands on root's process: one line, root / CAP_SYS_PTRACE
for cmd in show explain pages snapshot diff; do
	nb "$rootp" $cmd
	rc=$?
	if [ $rc = 1 ] && [ "$(wc -l <"$d/err")" = 1 ] && [ ! -s "$d/out" ] &&
	    grep -q "permission denied.*run as root or with CAP_SYS_PTRACE" "$d/err"; then
		mw_result 0 "nobody: memwatch ROOTPID $cmd: exit 1, says to run as root"
	else
		mw_result 1 "nobody: memwatch ROOTPID $cmd: exit 1, says to run as root"
		diag "  exit $rc: $(head -c 300 "$d/err")"
	fi
done

# ---- top: every process listed; root's unknown, not 0 ---------------------
ls /proc | grep -E '^[0-9]+$' | sort -n >"$d/before"
nb --json top -b -n 1 -K	# kernel threads too: every process
is "$?" 0 "nobody: top -b --json runs"
ls /proc | grep -E '^[0-9]+$' | sort -n >"$d/after"
jq -r '.processes[].pid' "$d/out" | sort -n >"$d/listed"
comm -12 "$d/before" "$d/after" >"$d/stable"
missing=$(comm -23 "$d/stable" "$d/listed" | tr '\n' ' ')
is "$missing" "" "nobody: top lists every process that lived through the frame"
is "$(jq -c ".processes[] | select(.pid == $rootp) | [.pss, .uss, .swap]" "$d/out")" \
    "[null,null,null]" "nobody: a root process's PSS, USS, swap are null, not 0"
zeros=$(jq '[.processes[] | select(.user != "nobody" and .pss == 0)] | length' "$d/out")
is "$zeros" 0 "nobody: no other user's process has PSS 0"
nb top -b -n 1
is "$?" 0 "nobody: top -b (text) runs"
row=$(grep -E "^ *$rootp " "$d/out")
like "$row" "^ *$rootp +root +sleep .* \? +\? +\? +\?$" "nobody: the root process's row shows ? for PSS USS SWAP GROWTH"
like "$(cat "$d/out")" "\? unknown: the smaps_rollup of [0-9]+ process(es)? is not readable by this user; run as root or with CAP_SYS_PTRACE" \
    "nobody: top -b says once what ? means and how to see it"

# ---- system commands ------------------------------------------------------
nb slabs
is "$?:$(wc -l <"$d/err")" "1:1" "nobody: slabs exits 1 with one line"
like "$(cat "$d/err")" "slabinfo \(permission denied, it is root-only\); run as root" \
    "nobody: ... saying slabinfo is root-only"
nb system
is "$?" 0 "nobody: system runs"
like "$(tr -s ' \n' '  ' <"$d/out")" "Slab caches unknown: cannot read /proc/slabinfo \(permission denied, it is root-only\); run as root" \
    "nobody: system says the slab caches are unknown and why"
nb --json system snapshot
is "$(jq -c '[has("slabs"), has("pagetypeinfo"), (.unavailable | has("slabs"))]' "$d/out")" \
    "[false,false,true]" "nobody: system snapshot leaves slabs out and says why"
nb buddy
is "$?" 0 "nobody: buddy runs"
like "$(tr -s ' \n' '  ' <"$d/out")" "Migrate types unknown: cannot read /proc/pagetypeinfo \(permission denied" \
    "nobody: buddy says the migrate types are unknown and why"
nb system explain
like "$(tr -s ' \n' '  ' <"$d/out")" "unknown: cannot read /proc/slabinfo" \
    "nobody: system explain says which slab caches dominate is unknown"
nb zones
is "$?" 0 "nobody: zones runs (zoneinfo is world-readable)"
nb export --top 100000
is "$?" 0 "nobody: export runs"
like "$(grep '^memwatch_scrape_unreadable{source="slabinfo"}' "$d/out")" " 1$" \
    "nobody: export flags slabinfo as unreadable"
is "$(grep -c "^memwatch_slab_" "$d/out")" 0 "nobody: export has no slab series (not zeros)"
is "$(grep -c "pid=\"$rootp\"" "$d/out")" 0 "nobody: export has no series for the root process"
mkdir "$d/w" && chmod 777 "$d/w"
nb capture -o "$d/w/cap" "$rootp"
is "$?" 0 "nobody: capture of a root process runs"
like "$(cat "$d/out")" "skipped: cannot read /proc/$rootp/smaps \(permission denied: another user.s process\)" \
    "nobody: capture lists what it could not read"
nb --proc-root "$d/w/cap" "$rootp"
is "$?:$(wc -l <"$d/err")" "1:1" "nobody: the capture without smaps: exit 1, one line"

done_testing
