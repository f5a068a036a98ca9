# bash completion for memwatch (needs bash-completion)
#
# Commands and options are read from memwatch's own --help (the binary
# being completed, else memwatch on PATH), so they follow the version
# installed. Completes: commands after a pid, 'self' or 'system', each
# command's options, pids with their command names (from the --proc-root
# tree when one is given), snapshot files for diff, cgroup paths, sort
# keys, mapping kinds, --color values and the exposition formats.

# Sort keys of the commands that take --sort.
_memwatch_sort_keys() {
	case $1 in
	top) echo "pid user comm vsz rss pss uss swap growth" ;;
	show) echo "addr size rss pss swap" ;;
	slabs) echo "size objs active util name" ;;
	esac
}

# The help text of memwatch ARGS..., on stdout.
_memwatch_help() {
	"$_memwatch_bin" "$@" --help 2>/dev/null
}

# Lines "KIND NAME" from the top-level help: p (after a pid), s (after
# system) and o (on their own).
_memwatch_commands() {
	_memwatch_help | awk '
		/^Process commands/ { s = "p"; next }
		/^System commands/ { s = "s"; next }
		/^Other commands/ { s = "o"; next }
		/^[^ ]/ { s = "" }
		s != "" && /^  [A-Za-z]/ { print s, (s == "o" ? $1 : $2) }'
}

# Lines "OPTION ARG" (ARG empty for a flag) from a command's help; ARG
# "=WHEN" for an option whose value must follow an equals sign.
_memwatch_options() {
	_memwatch_help "$@" | awk '
		/^ +-/ {
			sub(/^ +/, "")
			split($0, part, /  +/)
			n = split(part[1], t, /,? /)
			arg = ""; k = 0
			for (i = 1; i <= n; i++) {
				if (t[i] ~ /^-/) {
					if (match(t[i], /\[=[A-Z]+\]$/)) {
						arg = "=" substr(t[i], RSTART + 2, RLENGTH - 3)
						t[i] = substr(t[i], 1, RSTART - 1)
					}
					opt[++k] = t[i]
				} else {
					arg = t[i]
				}
			}
			for (i = 1; i <= k; i++)
				print opt[i], arg
		}'
}

# Pids below the proc root that start with $2, after the prefix $1 (the
# pids already typed in a list), without kernel threads (which have no
# memory map); several are shown with their command names, and a single
# one is inserted alone.
_memwatch_pids() {
	local prefix=$1 want=$2 d p st name rest
	local -a pids=() names=()

	for d in "$_memwatch_root"/[1-9]*; do
		p=${d##*/}
		[[ $p == "$want"* && $p != *[!0-9]* ]] || continue
		st=
		read -r st 2>/dev/null <"$d/stat" || continue
		# PID (NAME) STATE PPID ...: kthreadd is 2, its children are
		# the kernel's threads.
		rest=${st##*") "}
		rest=${rest#* }
		[[ $p == 2 || ${rest%% *} == 2 ]] && continue
		name=${st#*"("}
		name=${name%")"*}
		pids+=("$p")
		names+=("${name//[![:print:]]/?}")
	done
	if ((${#pids[@]} == 1)); then
		COMPREPLY=("$prefix${pids[0]}")
		return
	fi
	for ((d = 0; d < ${#pids[@]}; d++)); do
		COMPREPLY+=("$prefix${pids[d]} (${names[d]:-?})")
	done
}

# The directory of the memory cgroup hierarchy, from the proc root's
# mountinfo: a v1 memory mount if there is one (as memwatch picks), else
# the cgroup2 mount; below the tree's root for --proc-root.
_memwatch_cgroup_dir() {
	local line rest fs v2="" base=""
	local -a f

	[[ $_memwatch_root != /proc ]] && base=$_memwatch_root
	while read -r line; do
		rest=${line#* - }
		fs=${rest%% *}
		read -r -a f <<<"$line"
		if [[ $fs == cgroup && ,${rest##* }, == *,memory,* ]]; then
			echo "$base${f[4]}"
			return
		fi
		[[ $fs == cgroup2 && -z $v2 ]] && v2=${f[4]}
	done <"$_memwatch_root/self/mountinfo" 2>/dev/null
	[[ -n $v2 ]] && echo "$base$v2"
}

# Cgroup paths (/a/b/) below the hierarchy that start with the word.
_memwatch_cgroups() {
	local dir d want=${cur:-/}

	dir=$(_memwatch_cgroup_dir)
	[[ -n $dir && -d $dir && $want == /* ]] || return
	for d in "$dir${want%/*}"/*/; do
		[[ -d $d ]] || continue
		d=${d%/}
		d=${d#"$dir"}
		[[ $d == "$want"* ]] && COMPREPLY+=("$d/")
	done
	[[ $want == / ]] && COMPREPLY+=(/)
	compopt -o nospace 2>/dev/null
}

# The value of option $1 (argument name $2) of command $3.
_memwatch_value() {
	local opt=$1 arg=$2 cmd=$3 head

	case $opt:$arg in
	--color:* | *:=WHEN)
		COMPREPLY=($(compgen -W "auto always never" -- "$cur")) ;;
	--sort:* | -s:KEY)
		COMPREPLY=($(compgen -W "$(_memwatch_sort_keys "$cmd")" -- "$cur")) ;;
	--kind:* | -k:*)
		head=${cur%"${cur##*,}"}
		COMPREPLY=($(compgen -P "$head" -W "heap stack anon shmem file code vdso vvar vsyscall guard hugetlb special" -- "${cur##*,}")) ;;
	--format:*)
		COMPREPLY=($(compgen -W "openmetrics prometheus" -- "$cur")) ;;
	--mode:* | -m:MODE)
		COMPREPLY=($(compgen -W "faults malloc" -- "$cur")) ;;
	--listen:* | -l:*)
		COMPREPLY=($(compgen -W "127.0.0.1:9842 0.0.0.0:9842 [::1]:9842" -- "$cur")) ;;
	*:PID*)
		head=${cur%"${cur##*,}"}
		_memwatch_pids "$head" "${cur##*,}" ;;
	*:DIR)
		_filedir -d ;;
	*:FILE)
		_filedir ;;
	esac
}

_memwatch() {
	local cur prev words cword split
	_init_completion -s || return

	if [[ $split == true && $prev == --color ]]; then
		COMPREPLY=($(compgen -W "auto always never" -- "$cur"))
		return
	fi

	local _memwatch_bin=${words[0]} _memwatch_root=/proc
	[[ $_memwatch_bin == "~"/* ]] && _memwatch_bin=$HOME/${_memwatch_bin#"~/"}
	type -P -- "$_memwatch_bin" >/dev/null 2>&1 || _memwatch_bin=memwatch

	# The words before the cursor: global options, then the target and
	# command, then the command's own words.
	local i w target="" cmd="" at=0
	for ((i = 1; i < cword; i++)); do
		w=${words[i]}
		case $w in
		--proc-root)
			((i + 1 < cword)) && _memwatch_root=${words[i + 1]}
			((i++))
			continue ;;
		--proc-root=*)
			_memwatch_root=${w#*=}
			continue ;;
		esac
		if [[ -z $target && -z $cmd ]]; then
			[[ $w == -* ]] && continue
			case $w in
			self | [0-9]*) target=$w ;;
			system) target=system ;;
			*) cmd=$w; at=$i; break ;;
			esac
		elif [[ -n $target && -z $cmd ]]; then
			# The command follows the target, or show is meant.
			if [[ $w == -* ]]; then
				cmd=show
				at=$i
			else
				cmd=$w
				at=$i
			fi
			break
		fi
	done
	_memwatch_root=${_memwatch_root/#"~"/$HOME}

	# The word after a target: its commands (or show's options).
	if [[ -n $target && -z $cmd ]]; then
		if [[ $cur == -* ]]; then
			cmd=show
		else
			local kind=p
			[[ $target == system ]] && kind=s
			COMPREPLY=($(compgen -W "$(_memwatch_commands | awk -v k=$kind '$1 == k { print $2 }')" -- "$cur"))
			return
		fi
	fi

	# The first word: a command, self, system, a pid, a global option.
	if [[ -z $cmd ]]; then
		if [[ $prev == --proc-root ]]; then
			_filedir -d
		elif [[ $cur == -* ]]; then
			_memwatch_global_options
		elif [[ $cur == [0-9]* ]]; then
			_memwatch_pids "" "$cur"
		else
			COMPREPLY=($(compgen -W "self system $(_memwatch_commands | awk '$1 == "o" { print $2 }')" -- "$cur"))
		fi
		return
	fi

	# Inside a command: the help of "memwatch [self|system] CMD".
	local -a helpcmd=("$cmd")
	if [[ $target == system ]]; then
		helpcmd=(system "$cmd")
	elif [[ -n $target ]]; then
		helpcmd=(self "$cmd")
	fi
	local opts
	# --version works only on its own.
	opts=$(_memwatch_options "${helpcmd[@]}" | awk '$1 != "-V" && $1 != "--version"')

	# An option's value: after "--opt" (or "--opt=" split off).
	if [[ $prev == -* ]]; then
		local arg
		arg=$(awk -v o="$prev" '$1 == o { print $2; exit }' <<<"$opts")
		if [[ -n $arg && $arg != =* ]] || [[ $split == true && $arg == =* ]]; then
			_memwatch_value "$prev" "$arg" "$cmd"
			return
		fi
	fi
	$split && return

	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$(awk '{ print $1 ($2 ~ /^=/ ? "=" : "") }' <<<"$opts")" -- "$cur"))
		[[ ${COMPREPLY-} == *= ]] && compopt -o nospace 2>/dev/null
		return
	fi

	# Operands: the words after the command that are not options.
	local -a operands=()
	for ((i = at + 1; i < cword; i++)); do
		w=${words[i]}
		if [[ $w == -* ]]; then
			# Skip an option's separate value.
			[[ $w != *=* ]] && [[ -n $(awk -v o="$w" '$1 == o && $2 != "" && $2 !~ /^=/' <<<"$opts") ]] && ((i++))
			continue
		fi
		operands+=("$w")
	done
	case $target:$cmd in
	:diff | [0-9]*:diff | self:diff | system:diff)
		_filedir json ;;
	:capture)
		_memwatch_pids "" "$cur" ;;
	:oom)
		((${#operands[@]} == 0)) && _filedir ;;
	:cgroups)
		((${#operands[@]} == 0)) && _memwatch_cgroups ;;
	:cgroup)
		case ${#operands[@]}:$cur in
		0:[0-9]*) _memwatch_pids "" "$cur" ;;
		0:*) _memwatch_cgroups ;;
		1:*) COMPREPLY=($(compgen -W "$(_memwatch_help cgroup |
			awk '/^  [a-z]+( |$)/ { print $1 }')" -- "$cur")) ;;
		2:*) [[ ${operands[1]} == diff ]] && _filedir json ;;
		esac ;;
	esac
}

# The global options, for the first word.
_memwatch_global_options() {
	local opts
	opts=$(_memwatch_options)
	COMPREPLY=($(compgen -W "$(awk '{ print $1 ($2 ~ /^=/ ? "=" : "") }' <<<"$opts")" -- "$cur"))
	[[ ${COMPREPLY-} == *= ]] && compopt -o nospace 2>/dev/null
}

complete -F _memwatch memwatch
