#!/bin/bash
# tests/cli/oom.sh: memwatch oom on the collected reports (tests/data/oom),
# on a captured tree, without permission, and live: samples/oom-hog in a
# memory cgroup of this test's own is OOM-killed while oom --follow
# --record watches; oom then names it, the cgroup, the limit and sizes.
. "${MW_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

command -v jq >/dev/null || skip_all "jq is not installed"
data=$MW_SRCDIR/tests/data/oom
mw() { "$MEMWATCH" "$@"; }

# --- Reports from files -------------------------------------------------
for f in "$data"/linux-*; do
	n=$(mw oom --json "$f" | jq '.kills | length')
	cmp_ok "${n:-0}" -ge 1 "$(basename "$f"): at least one kill or verdict"
done

j=$(mw oom --json "$data/linux-5.15-memcg-v2-oomgroup.syslog")
is "$(jq -r '.kind' <<<"$j")" oom "the document's kind"
is "$(jq '.kills[0].victim.pid' <<<"$j")" 7788 "5.15: the victim"
is "$(jq '.kills[0].memcg.memory.limit' <<<"$j")" $((7464436 * 1024)) \
    "5.15: the cgroup's limit in bytes"
is "$(jq -r '.kills[0].memcg.path' <<<"$j")" /kubepods.slice "5.15: the cgroup"
is "$(jq '.kills[0].group_kills | length' <<<"$j")" 5 "5.15: oom.group's kills"
is "$(jq '.kills[0].memcg.stats.anon' <<<"$j")" 7601418240 "5.15: v2 stats"
is "$(jq -r '.kills[0].candidates[0].comm' <<<"$j")" bash \
    "5.15: the victim has the highest badness"

j=$(mw oom --json "$data/linux-5.8-global-syslog.log")
is "$(jq -r '.kills[0].constraint' <<<"$j")" none "5.8: the whole machine"
is "$(jq '.kills[0].zones | length' <<<"$j")" 3 "5.8: three zones"
is "$(jq '.kills[0].victim.swap' <<<"$j")" $((30779 * 4096)) \
    "5.8: the victim's swap from the task table"
is "$(jq '[.kills[0].findings[].id] | index("reclaim") != null' <<<"$j")" \
    true "5.8: why reclaim could not help"

j=$(mw oom --json "$data/linux-4.13-global-order2.dmesg")
is "$(jq '[.kills[].order]' -c <<<"$j")" '[2,2]' "4.13: two order-2 kills"
is "$(jq -r '.kills[0].victim.comm' <<<"$j")" systemd-logind \
    "4.13: newest first"
like "$(mw oom "$data/linux-4.13-global-order2.dmesg")" \
    'contiguous pages, but every zone was' "4.13: not fragmentation, short"

j=$(mw oom --json "$data/linux-4.7-global-order3.dmesg")
is "$(jq -c '[.kills[0].order, .kills[0].fragmentation]' <<<"$j")" '[3,true]' \
    "4.7: order 3 with no 32 KiB block free: fragmentation"
like "$(mw oom "$data/linux-4.7-global-order3.dmesg")" \
    'fragmentation more than a lack of memory' "4.7: said in words"

t=$(mw oom "$data/linux-5.12-global-nokill.dmesg")
like "$t" 'nothing could be killed' "5.12: no victim, said so"

t=$(mw oom - <"$data/linux-6.18-memcg-v1-local.kmsg")
like "$t" 'pid 9667 python3 killed: memory cgroup /oomprobe28392' \
    "kmsg records from standard input"
like "$(mw oom <(cat "$data/linux-6.18-memcg-v1-local.dmesg"))" \
    'pid 9667 python3 killed' "a pipe as FILE (process substitution)"

is "$(mw oom --json --since 2000-01-01T00:00:00Z \
    "$data/linux-5.15-memcg-v2-oomgroup.syslog" | jq '.kills | length')" 1 \
    "--since an old time keeps the kill"
is "$(mw oom --json --since 2099-01-01T00:00:00Z \
    "$data/linux-5.15-memcg-v2-oomgroup.syslog" | jq '.kills | length')" 0 \
    "--since a later time leaves it out"
is "$(mw oom --json --since 1h "$data/linux-4.4-memcg-v1-docker.dmesg" |
    jq '.kills | length')" 1 "a kill of unknown time stays with --since"

like "$(mw oom "$data/PROVENANCE")" '^No OOM kill in ' "a log without kills"

# Hostile names: kmsg escapes undone, then escaped again for the terminal
# (ESC as \e) and made valid UTF-8 for JSON (0xff as \xff).
printf '%s\n' \
    '4,1,10,-;x invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0' \
    '3,2,11,-;Out of memory: Killed process 5 (a\x1b[31mb\xff) total-vm:8kB, anon-rss:4kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:4kB oom_score_adj:0' \
    >"$MW_TMP/hostile.kmsg"
t=$(mw oom --color=always "$MW_TMP/hostile.kmsg")
like "$t" 'pid 5 a\\e\[31mb\\xff' "a hostile comm is escaped in text"
ok "no raw ESC from the log reaches the terminal" \
    eval '! mw oom "$MW_TMP/hostile.kmsg" | grep -q "$(printf "\033")"'
is "$(mw oom --json "$MW_TMP/hostile.kmsg" | jq -r '.kills[0].victim.comm')" \
    "$(printf 'a\033[31mb\\xff')" "JSON: valid UTF-8, the bad byte as \\xff"

# A comm holding an amount token of memwatch's sentences stays text.
printf '%s\n' \
    '4,1,10,-;x invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0' \
    '3,2,11,-;Out of memory: Killed process 5 (a\x1fb1099511627776\x1ez) total-vm:8kB, anon-rss:4kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:4kB oom_score_adj:0' \
    >"$MW_TMP/token.kmsg"
t=$(mw oom "$MW_TMP/token.kmsg")
case $t in *'a\x1fb1099511627776\x1ez'*) tok=escaped ;; *) tok=missing ;; esac
case $t in *1.0T*) tok=forged ;; esac
is "$tok" escaped "a comm holding an amount token is shown escaped, not as an amount"

# --- Errors -------------------------------------------------------------
mw oom --since yesterday "$data/PROVENANCE" >/dev/null 2>"$MW_TMP/err"
is "$?" 2 "--since with a bad time: usage error"
like "$(cat "$MW_TMP/err")" '^memwatch: --since takes a duration' \
    "--since: one line saying what it takes"
mw oom --record "$MW_TMP" >/dev/null 2>&1
is "$?" 2 "--record without --follow: usage error"
mw oom "$MW_TMP/none" >/dev/null 2>"$MW_TMP/err"
is "$?" 1 "a missing file: exit 1"
is "$(wc -l <"$MW_TMP/err")" 1 "a missing file: one line"
mw oom "$MW_TMP" >/dev/null 2>&1
is "$?" 1 "a directory: exit 1"
timeout 10 "$MEMWATCH" oom /dev/null >/dev/null 2>"$MW_TMP/err"
is "$?" 1 "a device as FILE (it could block): refused, no hang"
like "$(cat "$MW_TMP/err")" 'give no FILE to read the kernel log' \
    "a device as FILE: says what to do"

# --- A captured tree: DIR/dev/kmsg -------------------------------------
cap=$MW_TMP/cap
mkdir -p "$cap/dev" && cp "$data/linux-6.18-memcg-v1-local.kmsg" "$cap/dev/kmsg"
j=$(mw --proc-root "$cap" oom --json)
is "$(jq '.kills[0].victim.pid' <<<"$j")" 9667 "--proc-root: DIR/dev/kmsg"
mw --proc-root "$cap" oom --follow >/dev/null 2>&1
is "$?" 2 "--follow refuses a captured tree"

# --- Without permission -------------------------------------------------
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null &&
    [ "$(cat /proc/sys/kernel/dmesg_restrict 2>/dev/null)" = 1 ]; then
	nbdir=$(mktemp -d /tmp/mw-oom-nobody.XXXXXX)
	chmod 755 "$nbdir"
	cp "$MEMWATCH" "$data/linux-5.8-global-syslog.log" "$nbdir/"
	chmod 755 "$nbdir/memwatch"
	chmod 644 "$nbdir/linux-5.8-global-syslog.log"
	(cd "$nbdir" && timeout 60 setpriv --reuid=65534 --regid=65534 \
	    --clear-groups ./memwatch oom >out 2>err)
	is "$?" 1 "as nobody: the kernel log is refused, exit 1"
	is "$(wc -l <"$nbdir/err")" 1 "as nobody: one line"
	like "$(cat "$nbdir/err")" 'CAP_SYSLOG.*dmesg_restrict=0' \
	    "as nobody: says what would give access"
	(cd "$nbdir" && timeout 60 setpriv --reuid=65534 --regid=65534 \
	    --clear-groups ./memwatch oom linux-5.8-global-syslog.log >out 2>err)
	is "$?" 0 "as nobody: oom FILE still works"
	like "$(cat "$nbdir/out")" 'kwin_x11 killed' "as nobody: the kill"
	rm -rf "$nbdir"
else
	skip "needs root, setpriv and kernel.dmesg_restrict=1" 5
fi

# --- Live: a memory cgroup's OOM kill -----------------------------------
# PID (a timeout(1) running memwatch) waits in poll(2): --follow has read
# the log to its end and taken its first sample.
polling() {
	local p

	for p in $(pgrep -P "$1"); do
		case $(cat "/proc/$p/wchan" 2>/dev/null) in
		*poll*) return 0 ;;
		esac
	done
	return 1
}

live() {
	local cg=$1 limit=$((48 << 20)) fpid hog rec=$MW_TMP/rec t0 f

	echo "$limit" >"$cg/memory.limit_in_bytes" 2>/dev/null ||
	    echo "$limit" >"$cg/memory.max" || return 1
	[ -e "$cg/memory.memsw.limit_in_bytes" ] &&
	    echo "$limit" >"$cg/memory.memsw.limit_in_bytes"
	[ -e "$cg/memory.swap.max" ] && echo 0 >"$cg/memory.swap.max"
	mkdir "$rec"
	timeout 120 "$MEMWATCH" serve --listen 127.0.0.1:0 -i 0.3 \
	    >"$MW_TMP/serve.out" 2>&1 &
	spid=$!
	track_pid "$spid"
	timeout 120 "$MEMWATCH" oom --follow --record "$rec" -i 0.3 \
	    >"$MW_TMP/follow.out" 2>"$MW_TMP/follow.err" &
	fpid=$!
	track_pid "$fpid"
	wait_for -t 30 grep -q '^serving ' "$MW_TMP/serve.out"
	wait_for -t 30 polling "$fpid"
	sleep 1		# a few more samples (one each 0.3 s) before the kill
	t0=$(date -u +%Y-%m-%dT%H:%M:%SZ)
	start_sample oom-hog --cgroup "$cg" --max 512M ||
	    { diag "oom-hog did not start"; return 1; }
	hog=$(sample_pid oom-hog)
	step_sample oom-hog >/dev/null 2>&1	# it dies in the step
	wait_for -t 30 eval '! kill -0 '"$hog"' 2>/dev/null'
	ok "oom-hog was killed" eval '! kill -0 '"$hog"' 2>/dev/null'

	j=$("$MEMWATCH" oom --json --since "$t0")
	v=$(jq --argjson p "$hog" '[.kills[] | select(.victim.pid == $p)][0]' \
	    <<<"$j")
	is "$(jq -r '.victim.comm' <<<"$v")" oom-hog "oom names the process"
	is "$(jq -r '.memcg.path' <<<"$v")" "/${cg##*/}" "oom names the cgroup"
	is "$(jq '.memcg.memory.limit' <<<"$v")" "$limit" "the limit set"
	# The report's usage is read as the kill starts: per-cpu charge
	# batches and reclaim in flight may leave it a few pages short.
	near "$(jq '.memcg.memory.usage' <<<"$v")" "$limit" $((1 << 20)) \
	    "usage at the limit (within 1 MiB)"
	a=$(jq '.victim.anon_rss' <<<"$v")
	near "${a:-0}" $((limit - (2 << 20))) $((3 << 20)) \
	    "anonymous RSS is the limit, less the binary's pages"
	cmp_ok "$(jq '.victim.total_vm' <<<"$v")" -ge "${a:-0}" \
	    "total-vm covers the RSS"
	like "$("$MEMWATCH" oom --since "$t0")" \
	    "pid $hog oom-hog killed: memory cgroup /${cg##*/} at its limit" \
	    "the text's headline"

	wait_for -t 20 eval 'ls "$rec"/oom-*-'"$hog"'.json >/dev/null 2>&1'
	f=$(ls "$rec"/oom-*-"$hog".json 2>/dev/null | head -1)
	ok "--follow --record wrote the kill" test -s "$f"
	is "$(jq '.kills[0].victim.pid' "$f" 2>/dev/null)" "$hog" \
	    "the record's victim"
	like "$(jq -r '.report' "$f" 2>/dev/null)" 'oom-hog invoked oom-killer' \
	    "the record holds the report"
	cmp_ok "$(jq '.samples | length' "$f" 2>/dev/null)" -ge 2 \
	    "the record holds samples"
	is "$(jq --arg t "$(jq -r '.kills[0].time' "$f")" \
	    '[.samples[] | select(.taken_at <= $t)] | length > 1' "$f" \
	    2>/dev/null)" true "samples taken before the kill"
	like "$(cat "$MW_TMP/follow.out")" "pid $hog oom-hog killed" \
	    "--follow printed the kill"
	like "$(jq -r '.kills[0].findings[] | select(.id == "growing") |
	    .text' "$f" 2>/dev/null)" 'MemAvailable went from' \
	    "--record: what changed in the samples before the kill"
	kill -TERM "$fpid" 2>/dev/null
	reap "$fpid"
	is "$?" 0 "--follow ends cleanly on SIGTERM"

	"$MEMWATCH" capture -o "$MW_TMP/cap2" >/dev/null 2>&1
	is "$("$MEMWATCH" --proc-root "$MW_TMP/cap2" oom --json |
	    jq --argjson p "$hog" '[.kills[] | select(.victim.pid == $p)] |
	    length')" 1 "capture keeps the kernel log: oom --proc-root finds it"

	port=$(grep -o '127\.0\.0\.1:[0-9]*' "$MW_TMP/serve.out")
	m='memwatch_oom_kills{cgroup="/'"${cg##*/}"'",comm="oom-hog"} 1'
	wait_for -t 20 eval 'curl -s -m 5 "http://$port/metrics" | grep -qF "$m"'
	ok "serve counts the kill by cgroup and command" \
	    eval 'curl -s -m 5 "http://$port/metrics" | grep -qF "$m"'
	last=$(curl -s -m 5 "http://$port/metrics" |
	    awk '/^memwatch_oom_last_kill_timestamp_seconds / { printf "%d", $2 }')
	near "${last:-0}" "$(date +%s)" 60 "serve: the time of the last kill"
	kill -TERM "$spid" 2>/dev/null
	reap "$spid"

	# --follow --json -n 1: one compact document, then exit 0 (the kill
	# may be another test's: any kill will do here).
	timeout 60 "$MEMWATCH" oom --follow --json -n 1 >"$MW_TMP/f2.out" &
	f2=$!
	track_pid "$f2"
	wait_for -t 30 polling "$f2"
	start_sample oom-hog --cgroup "$cg" --max 512M &&
	    step_sample "$MW_LAST" >/dev/null 2>&1
	reap -t 70 "$f2"
	is "$?" 0 "--follow -n 1 exits 0 after one kill"
	is "$(wc -l <"$MW_TMP/f2.out")" 1 "--follow --json: one line"
	is "$(jq -r '.kind + " " + (.kills | length | tostring)' \
	    "$MW_TMP/f2.out" 2>/dev/null)" "oom 1" "--follow --json: an oom document"
}

if [ "$(id -u)" != 0 ]; then
	skip "the live test needs root (a cgroup, the kernel log)" 22
elif [ -d /sys/fs/cgroup/memory ] && [ -w /sys/fs/cgroup/memory ]; then
	cg=/sys/fs/cgroup/memory/mw-oomtest-$$
	mkdir "$cg" || bail_out "cannot make $cg"
	trap 'stop_all; rmdir "$cg" 2>/dev/null' EXIT
	live "$cg"
elif [ -w /sys/fs/cgroup/cgroup.subtree_control ] &&
    grep -qw memory /sys/fs/cgroup/cgroup.controllers 2>/dev/null; then
	cg=/sys/fs/cgroup/mw-oomtest-$$
	mkdir "$cg" || bail_out "cannot make $cg"
	trap 'stop_all; rmdir "$cg" 2>/dev/null' EXIT
	live "$cg"
else
	skip "no memory cgroup controller to write to" 22
fi

done_testing
