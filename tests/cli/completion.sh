#!/bin/bash
# tests/cli/completion.sh: the bash completion (contrib/completion/
# memwatch.bash) driven as bash drives it, through COMP_WORDS and
# COMP_CWORD, and the zsh one with its builtins stood in for; every
# candidate checked against what memwatch accepts and against /proc.
. "${MW_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"

bc=/usr/share/bash-completion/bash_completion
[ -r "$bc" ] || skip_all "bash-completion is not installed (scripts/setup --tests)"
M=$MEMWATCH
tree=$MW_SRCDIR/samples/proc/debian12-6.18-a
t=$MW_TMP

# shellcheck disable=SC1090
set +u
. "$bc"
. "$MW_SRCDIR/contrib/completion/memwatch.bash"

# comp WORD...: complete the last word as bash would, the candidates one
# per line. COMP_LINE joins the words as typed ("--color=al" is the three
# words --color, = and al for bash).
comp() {
	local w line="" last=""

	for w in "$@"; do
		if [[ -z $line ]]; then line=$w
		elif [[ $w == = || $last == = ]]; then line+=$w
		else line+=" $w"; fi
		last=$w
	done
	COMP_WORDS=("$@")
	COMP_CWORD=$(($# - 1))
	COMP_LINE=$line
	COMP_POINT=${#line}
	COMPREPLY=()
	_memwatch 2>"$t/comp.err"
	[[ -s $t/comp.err ]] && sed 's/^/stderr: /' "$t/comp.err"
	((${#COMPREPLY[@]})) && printf '%s\n' "${COMPREPLY[@]}" | sort
}
# One line: the candidates sorted, space-separated.
line() { comp "$@" | tr '\n' ' ' | sed 's/ $//'; }

# ---- commands: those --help lists, each of them accepted -----------------
help=$("$M" --help)
want=$(awk '/^Other commands/ { s = 1; next } /^[^ ]/ { s = 0 }
    s && /^  [a-z]/ { print $1 }' <<<"$help" | sort | tr '\n' ' ')
is "$(line "$M" '')" "$(echo $want self system | tr ' ' '\n' | sort | tr '\n' ' ' | sed 's/ $//')" \
    "first word: self, system and every other command of --help"
bad=
for c in $(comp "$M" ''); do
	case $c in self | system) continue ;; esac
	"$M" "$c" --help >/dev/null 2>&1 || bad="$bad $c"
done
is "$bad" "" "first word: every command offered has a --help"
is "$(line "$M" sl)" "slabs" "first word 'sl': slabs"

pc=$(comp "$M" self '')
is "$(echo $pc)" "$(awk '/^Process commands/ { s = 1; next } /^[^ ]/ { s = 0 }
    s && /^  PID/ { print $2 }' <<<"$help" | sort | tr '\n' ' ' | sed 's/ $//')" \
    "after self: the process commands of --help"
bad=
for c in $pc; do "$M" self "$c" --help >/dev/null 2>&1 || bad="$bad $c"; done
is "$bad" "" "after self: each is a process command"
sc=$(comp "$M" system '')
bad=
for c in $sc; do "$M" system "$c" --help >/dev/null 2>&1 || bad="$bad $c"; done
is "$(echo $sc)" "$(awk '/^System commands/ { s = 1; next } /^[^ ]/ { s = 0 }
    s && /^  system/ { print $2 }' <<<"$help" | sort | tr '\n' ' ' | sed 's/ $//')" \
    "after system: the system commands of --help"
is "$bad" "" "after system: each is a system command"
is "$(line "$M" --json system ex)" "explain" "after a global option, system ex: explain"
is "$(line "$M" 1 ex)" "explain" "after a pid, ex: explain"

# ---- options: the command's own and the global ones ----------------------
opts=$(line "$M" top -)
for o in --delay --sort --reverse --filter --pid --batch --iterations --top --json --bytes --color= --proc-root --help; do
	case " $opts " in *" $o "*) ;; *) bad="$bad $o" ;; esac
done
is "${bad-}" "" "top -: top's options and the global ones"
like "$(line "$M" slabs -)" "(^| )--interval( |$)" "slabs -: --interval"
unlike() { if grep -Eq -- "$2" <<<"$1"; then is "$1" "(not $2)" "$3"; else is ok ok "$3"; fi; }
unlike "$(line "$M" slabs -)" "--delay|--batch" "slabs -: not top's options"
is "$(line "$M" diff --a)" "--all" "diff --a: --all"
is "$(line "$M" 1 --k)" "--kind" "pid --k: show's --kind (show is the default)"
is "$(line "$M" --)" "--bytes --color= --help --json --proc-root --version" \
    "first word --: the global options"
# Each long option offered is one memwatch accepts: a flag before --help
# exits 0, an option taking a value exits 0 with one.
bad=
for o in $(comp "$M" top --); do
	case $o in
	--color=) "$M" top --color=never --help >/dev/null 2>&1 || bad="$bad $o" ;;
	--delay | --sort | --filter | --pid | --iterations | --top | --proc-root | \
	    --user | --by) ;;
	*) "$M" top "$o" --help >/dev/null 2>&1 || bad="$bad $o" ;;
	esac
done
is "$bad" "" "top --: each flag offered is accepted"
unlike "$opts" "--version" "top -: no --version (it works only alone)"

# ---- values: sort keys, --color, kinds, formats ---------------------------
keys=$(comp "$M" top --sort '')
is "$(echo $keys)" "comm growth pid pss rss swap user uss vsz" "top --sort: its sort keys"
bad=
for k in $keys; do
	"$M" top -b -n 1 --top 1 --pid $$ --sort "$k" >/dev/null 2>&1 || bad="$bad $k"
done
is "$bad" "" "top --sort: memwatch accepts each key"
# The keys --help names, every one offered.
for k in $("$M" top --help | sed -n 's/.*--sort KEY *//p' | tr -d ',()' ); do
	case $k in default) continue ;; esac
	case " $(echo $keys) " in *" $k "*) ;; *) bad="$bad $k" ;; esac
done
is "$bad" "" "top --sort: every key of top --help is offered"
keys=$(comp "$M" slabs -s '')
is "$(echo $keys)" "active name objs size util" "slabs -s: its sort keys"
bad=
for k in $keys; do
	"$M" --proc-root "$tree" slabs --sort "$k" >/dev/null 2>&1 || bad="$bad $k"
done
is "$bad" "" "slabs -s: memwatch accepts each key"
keys=$(comp "$M" 1185 --sort '')
is "$(echo $keys)" "addr pss rss size swap" "PID --sort: show's sort keys"
bad=
for k in $keys; do
	"$M" --proc-root "$tree" 1185 --sort "$k" >/dev/null 2>&1 || bad="$bad $k"
done
is "$bad" "" "PID --sort: memwatch accepts each key"
is "$(line "$M" top --sort = p)" "pid pss" "top --sort=p: pid, pss"
is "$(line "$M" --color = '')" "always auto never" "--color=: auto, always, never"
is "$(line "$M" zones --color = al)" "always" "zones --color=al: always"
is "$(line "$M" 1 --kind heap,s)" "heap,shmem heap,special heap,stack" \
    "--kind heap,s: the kinds after the comma"
bad=
for k in $(comp "$M" 1 --kind '' | sed 's/.*,//'); do
	"$M" --proc-root "$tree" 1185 --kind "$k" >/dev/null 2>&1 || bad="$bad $k"
done
is "$bad" "" "--kind: memwatch accepts each kind"
is "$(line "$M" export --format '')" "openmetrics prometheus" "export --format: both"
is "$(line "$M" 1 stacks --mode '')" "faults malloc" "PID stacks --mode: faults, malloc"
bad=
for m in $(comp "$M" 1 stacks -m ''); do
	"$M" self stacks --help | grep -Eq "(^| )$m( \(default\))?:" || bad="$bad $m"
done
is "$bad" "" "PID stacks -m: each mode is one stacks --help describes"

# ---- pids with their names ------------------------------------------------
# A tree of our own: two processes, kthreadd and one of its threads.
mkdir -p "$t/tree/4242" "$t/tree/4243" "$t/tree/2" "$t/tree/4244" "$t/tree/sys"
echo "4242 (my prog) S 1 4242 4242 0 -1 0" >"$t/tree/4242/stat"
echo "4243 (other) S 4242 4243 4243 0 -1 0" >"$t/tree/4243/stat"
echo "2 (kthreadd) S 0 0 0 0 -1 0" >"$t/tree/2/stat"
echo "4244 (kworker/0:1) I 2 0 0 0 -1 0" >"$t/tree/4244/stat"
is "$(comp "$M" --proc-root "$t/tree" 42)" "4242 (my prog)
4243 (other)" "--proc-root: its pids with their names, no kernel thread"
is "$(line "$M" --proc-root "$t/tree" 4243)" "4243" "a single pid is inserted alone"
is "$(line "$M" --proc-root "$t/tree" 2)" "" "kthreadd is not offered"
is "$(comp "$M" --proc-root "$t/tree" top -p 4242,42)" "4242,4242 (my prog)
4242,4243 (other)" "top -p LIST,: pids after the comma"
is "$(comp "$M" --proc-root "$t/tree" capture 4)" "4242 (my prog)
4243 (other)" "capture: pids"

# A live process of the test's own, by its name from /proc.
start_sample lazy-alloc || bail_out "lazy-alloc did not start"
p=$(sample_pid)
cands=$(comp "$M" "$p")
if [ "$(wc -l <<<"$cands")" -eq 1 ]; then
	is "$cands" "$p" "a live pid: inserted alone"
else
	like "$cands" "^$p \(lazy-alloc\)\$" "a live pid: offered with its name"
fi
is "$(comp "$M" 2 | grep -c '^2 (kthreadd)$')" 0 "live: kthreadd is not offered"
quiet() { "$@" >/dev/null 2>&1; }
ok "the pid offered is one memwatch shows" quiet "$M" "$p" --top 1

# ---- files: snapshots for diff, directories for --proc-root --------------
mkdir -p "$t/files/sub"
"$M" "$p" snapshot -o "$t/files/a.json" || bail_out "snapshot failed"
: >"$t/files/notes.txt"
cd "$t/files" || bail_out "cannot enter $t/files"
is "$(line "$M" diff '')" "a.json sub" "diff: the .json files and directories"
is "$(line "$M" diff a.json '')" "a.json sub" "diff A: the second snapshot"
is "$(line "$M" "$p" diff '')" "a.json sub" "PID diff: snapshot files"
is "$(line "$M" system diff '')" "a.json sub" "system diff: snapshot files"
is "$(line "$M" --proc-root '')" "sub" "--proc-root: directories only"
is "$(line "$M" "$p" snapshot -o '')" "a.json notes.txt sub" "snapshot -o: any file"
is "$(line "$M" oom '')" "a.json notes.txt sub" "oom: a saved kernel log, any file"
is "$(line "$M" oom --record '')" "sub" "oom --record: directories"
cd - >/dev/null || bail_out "cannot go back"
ok "diff of the snapshot offered runs" quiet "$M" diff "$t/files/a.json" "$t/files/a.json"

# ---- cgroup paths, from the tree's mountinfo --------------------------------
cg=$MW_SRCDIR/samples/cgroup/cgroup2-pagecache-5.10
is "$(line "$M" --proc-root "$cg" cgroups '')" "/ /kubepods/" "cgroups: the v2 tree's cgroups"
is "$(line "$M" --proc-root "$cg" cgroup /kubepods/)" "/kubepods/pod1/" \
    "cgroup /kubepods/: the cgroups below it"
is "$(line "$M" --proc-root "$cg" cgroup /kubepods/pod1/c)" "/kubepods/pod1/ctr/" \
    "cgroup /kubepods/pod1/c: two levels down"
bad=
for c in $(comp "$M" --proc-root "$cg" cgroup /) $(comp "$M" --proc-root "$cg" cgroup /kubepods/pod1/); do
	"$M" --proc-root "$cg" cgroup "$c" >/dev/null 2>&1 || bad="$bad $c"
done
is "$bad" "" "cgroup: memwatch accepts each path offered"
sub=$(comp "$M" --proc-root "$cg" cgroup /kubepods/ '')
like "$(echo $sub)" "^diff explain show snapshot$" "cgroup PATH: its commands"
bad=
for c in $sub; do
	"$M" cgroup --help | grep -q "^  $c" || bad="$bad $c"
done
is "$bad" "" "cgroup PATH: each command is in cgroup --help"
is "$(line "$M" --proc-root "$cg" cgroup /kubepods/ snapshot -o x.json '')" "" \
    "cgroup PATH snapshot -o FILE: nothing more"
# A v1 hierarchy of our own: the memory controller's mount wins.
mkdir -p "$t/v1/self" "$t/v1/sys/fs/cgroup/memory/app/web" "$t/v1/sys/fs/cgroup/unified/other"
printf '%s\n' "30 24 0:26 / /sys/fs/cgroup/unified rw - cgroup2 cgroup2 rw" \
    "31 24 0:27 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory" >"$t/v1/self/mountinfo"
is "$(line "$M" --proc-root "$t/v1" cgroup /app/)" "/app/web/" "cgroup: v1 memory hierarchy, below a path"
is "$(line "$M" --proc-root "$t/v1" cgroups --depth 2 /a)" "/app/" "cgroups --depth N /a: /app/"
is "$(comp "$M" --proc-root "$t/tree" cgroup 42)" "4242 (my prog)
4243 (other)" "cgroup: pids for digits"

# memwatch on PATH when the word typed is not a path to it.
PATH=$MW_BUILDDIR/src:$PATH
is "$(line memwatch sl)" "slabs" "memwatch from PATH"

# ---- zsh: the same answers from _memwatch ---------------------------------
if ! command -v zsh >/dev/null; then
	skip "zsh is not installed (scripts/setup --tests)" 9
else
	cat >"$t/z.zsh" <<'EOF'
setopt extendedglob
fpath=($MW_SRCDIR/contrib/completion $fpath)
autoload -Uz _memwatch
# The completion system's builtins, stood in for: print what would be
# offered (after matching the word typed), with the display strings.
compadd() {
	local sfx=" " dname="" m i=0
	while (( $# )); do
		case $1 in
		--) shift; break ;;
		-d) dname=$2; shift 2 ;;
		-S) sfx=$2; shift 2 ;;
		-V|-J|-P|-X) shift 2 ;;
		-*) shift ;;
		*) break ;;
		esac
	done
	for m in "$@"; do
		(( i++ ))
		[[ $m == ${PREFIX}* ]] || continue
		if [[ -n $dname ]]; then print -r -- "$IPREFIX$m	${${(P)dname}[i]}"
		else print -r -- "$IPREFIX$m${sfx:#" "}"; fi
	done
}
compset() {
	[[ $1 == -P ]] || return 1
	if [[ $PREFIX == (#b)(${~2})(*) ]]; then IPREFIX+=$match[1]; PREFIX=$match[2]; return 0; fi
	return 1
}
_files() { print -r -- "_files $*" }
words=("$@"); CURRENT=$#; PREFIX=${words[CURRENT]}; IPREFIX=""; SUFFIX=""
_memwatch | sort
EOF
	z() { zsh -f "$t/z.zsh" "$@" 2>&1; }
	like "$(z "$M" sl)" "^slabs	slabs +-- slab caches" "zsh: commands with their summaries"
	is "$(z "$M" top --sort=p)" "--sort=pid
--sort=pss" "zsh: top --sort=p"
	is "$(z "$M" --color=a)" "--color=always
--color=auto" "zsh: --color=a"
	is "$(z "$M" --proc-root "$t/tree" 42)" "4242	4242  my prog
4243	4243  other" "zsh: pids with their names, no kernel thread"
	is "$(z "$M" 1 --kind heap,s)" "heap,shmem
heap,special
heap,stack" "zsh: --kind after the comma"
	is "$(z "$M" diff '')" "_files -g *.json" "zsh: diff completes .json files"
	is "$(z "$M" 1 stacks --mode '')" "faults
malloc" "zsh: PID stacks --mode"
	is "$(z "$M" --proc-root "$t/v1" cgroup /app/)" "/app/web/" "zsh: cgroup paths"
	is "$(z "$M" --proc-root "$cg" cgroup /kubepods/ '')" "diff
explain
show
snapshot" "zsh: cgroup PATH: its commands"
fi
done_testing
