#!/usr/bin/env bash
# run.sh: measure bodyclosecheck against a floor analyzer, against
# github.com/timakin/bodyclose, and inside golangci-lint against
# golangci-lint's bodyclose, on the Go standard library, on
# golang.org/x/tools and on generated modules of growing size (bench/gen).
# See bench/README.md for what each tool and column means.
#
# Every run is timed with /usr/bin/time -v (wall, user+sys CPU, peak RSS);
# the tools alternate (each round starts with the next tool) and the table
# shows medians. Writes raw.tsv, summary.tsv, results.md, plot.png (and
# vet.md, the go vet -vettool timings) to the output directory.
#
#   bash bench/run.sh            # full run, results in bench/results (about 40 minutes on 2 cores with warm
#                                # caches; about 75 on a fresh machine, see bench/README.md)
#   bash bench/run.sh -quick     # smoke test: 1 run, small generated modules (2.5 minutes)
#
# Options:
#   -runs N          runs per tool and input (default 3; -quick: 1)
#   -inputs "LIST"   among std xtools gen (default "std xtools gen"; -quick: gen)
#   -sizes "LIST"    package counts of the generated modules (default "50 200 500 1000 2000"; -quick: "10 40")
#   -tools "LIST"    among bodyclosecheck bodyclosecheck-warm bcc-singlechecker floor floor-fast bodyclose
#                    golangci-bodyclose golangci-bodyclosecheck (default all)
#   -stride S        passed to bench/gen (default 1: package i imports i-1 and i/2, one deep chain)
#   -vet N           size of the generated module for the go vet -vettool timings (default 500; -quick: 10; 0: skip)
#   -out DIR         output directory (default bench/results; -quick: a temporary directory)
#   -work DIR        scratch directory (default: a new temporary directory, removed at the end)
#   -keep            keep the scratch directory
#   -mem-guard MIB   kill a run when the machine's available memory falls below this (default 2048); a tool
#                    killed so is not run again on that input nor on larger generated modules
#   -report DIR      only rewrite summary.tsv, results.md and plot.png of an earlier run in DIR
#
# Environment: BENCH_CACHE (default ~/.cache/bodyclosecheck-bench) keeps the
# golangci-lint v2.15.0 binary and the generated modules between runs (so
# that the go build cache holds their compiled packages).
set -euo pipefail

usage() { sed -n '2,/^set -euo/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//'; }

args="$*"
root=$(cd "$(dirname "$0")/.." && pwd)
runs=3 quick=0 keep=0 out="" work="" vetsize="" guard_mib=2048 stride=1 report_dir=""
inputs="std xtools gen"
sizes="50 200 500 1000 2000"
all_tools="bodyclosecheck bodyclosecheck-warm bcc-singlechecker floor floor-fast bodyclose golangci-bodyclose golangci-bodyclosecheck"
tools=$all_tools
runs_set=0 inputs_set=0 sizes_set=0
while [ $# -gt 0 ]; do
	case $1 in
	-quick | --quick) quick=1 ;;
	-runs) runs=$2 runs_set=1; shift ;;
	-inputs) inputs=$2 inputs_set=1; shift ;;
	-sizes) sizes=$2 sizes_set=1; shift ;;
	-tools) tools=$2; shift ;;
	-vet) vetsize=$2; shift ;;
	-stride) stride=$2; shift ;;
	-out) out=$2; shift ;;
	-work) work=$2; shift ;;
	-keep) keep=1 ;;
	-mem-guard) guard_mib=$2; shift ;;
	-report) report_dir=$2; shift ;;
	-h | -help | --help) usage; exit 0 ;;
	*) echo "run.sh: unknown argument $1" >&2; usage >&2; exit 2 ;;
	esac
	shift
done
if [ "$quick" = 1 ]; then
	[ "$runs_set" = 1 ] || runs=1
	[ "$inputs_set" = 1 ] || inputs=gen
	[ "$sizes_set" = 1 ] || sizes="10 40"
	[ -n "$vetsize" ] || vetsize=10
fi
[ -n "$vetsize" ] || vetsize=500
for t in $tools; do
	case " $all_tools " in *" $t "*) ;; *) echo "run.sh: unknown tool $t" >&2; exit 2 ;; esac
done
for i in $inputs; do
	case $i in std | xtools | gen) ;; *) echo "run.sh: unknown input $i" >&2; exit 2 ;; esac
done

start_time=$(date +%s)
log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# --- reporting -----------------------------------------------------------------

median() { sort -g | awk '{a[NR]=$1} END {if (NR == 0) print "-"; else if (NR % 2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }

# report: writes summary.tsv and results.md in $out from $out/raw.tsv and
# the variables saved in $out/meta.env.
report() {
	local raw=$out/raw.tsv
	local summary=$out/summary.tsv
	printf 'input\tlabel\tpackages\tlines\texpected\ttool\truns\twall_s\tcpu_s\trss_mib\tfindings\tload1\tstatus\n' >"$summary"
	local input tool rows ok w c m l f meta st
	for input in "${input_list[@]}"; do
		for tool in "${tool_list[@]}"; do
			rows=$(awk -F'\t' -v i="$input" -v t="$tool" '$1 == i && $6 == t' "$raw")
			[ -n "$rows" ] || continue
			ok=$(awk -F'\t' '$12 == "ok"' <<<"$rows")
			meta=$(head -1 <<<"$rows" | cut -f2-5)
			if [ -z "$ok" ]; then # every run failed: say how
				st=$(cut -f12 <<<"$rows" | sort | uniq -c | awk '{
					s = $2; sub(/^failed:/, "", s)
					s = s == "memguard" ? "failed: killed by the memory guard" : s == "signal" ? "failed: killed by a signal" : \
						s == "skipped" ? "not run (killed by the memory guard on a smaller input)" : \
						s == "nocold" ? "not run (the cold run failed)" : "failed: exit " s
					printf "%s%s ×%d", (NR > 1 ? ", " : ""), s, $1
				}')
				printf '%s\t%s\t%s\t0\t-\t-\t-\t-\t-\t%s\n' "$input" "$meta" "$tool" "$st" >>"$summary"
				continue
			fi
			w=$(cut -f8 <<<"$ok" | median)
			c=$(cut -f9 <<<"$ok" | median)
			m=$(cut -f10 <<<"$ok" | median)
			l=$(cut -f13 <<<"$ok" | median)
			f=$(cut -f11 <<<"$ok" | tail -1)
			st=ok
			[ "$(wc -l <<<"$ok")" = "$(wc -l <<<"$rows")" ] || st="$(wc -l <<<"$ok") of $(wc -l <<<"$rows") ok"
			printf '%s\t%s\t%s\t%s\t%.2f\t%.2f\t%.0f\t%s\t%s\t%s\n' "$input" "$meta" "$tool" "$(wc -l <<<"$ok")" \
				"$w" "$c" "$(awk -v m="$m" 'BEGIN {print m/1024}')" "$f" "$l" "$st" >>"$summary"
		done
	done

	local md=$out/results.md
	{
		echo "Machine: $machine. Checkout: ${checkout:-unknown}."
		echo "Runs per tool and input: $runs (medians; the tools alternate). github.com/timakin/bodyclose $bodyclose_version; golangci-lint $gcl_version."
		echo "Median 1-minute load average during the runs: $(awk -F'\t' 'NR > 1 && $13 != "-" {print $13}' "$raw" | median) (the machine has $ncores cores)."
		echo
		echo "| input | packages | lines | tool | wall (s) | CPU (s) | peak RSS (MiB) | findings | ×floor wall / CPU | ×ref wall / CPU / RSS |"
		echo "|---|---|---|---|---|---|---|---|---|---|"
		awk -F'\t' '
			function ratio(a, b) { return b > 0 ? sprintf("%.2f", a / b) : "?" }
			NR == 1 { next }
			$13 != "-" && $8 != "-" { w[$1, $6] = $8 + 0; c[$1, $6] = $9 + 0; m[$1, $6] = $10 + 0 }
			{ rows[++n] = $0 }
			END {
				for (k = 1; k <= n; k++) {
					split(rows[k], f, "\t")
					in_ = f[1]; tool = f[6]
					label = f[2]; if (label == prev) label = ""; else prev = label
					pk = label == "" ? "" : f[3]; ln = label == "" ? "" : f[4]
					if (f[8] == "-") {
						printf "| %s | %s | %s | %s | %s | | | | | |\n", label, pk, ln, tool, f[13]
						continue
					}
					ref = ""
					if (tool ~ /^(bodyclosecheck|bcc-singlechecker)/) ref = "bodyclose"
					if (tool == "golangci-bodyclosecheck") ref = "golangci-bodyclose"
					xf = "-"; xr = "-"
					# the floor under the same driver: internal/driver for the
					# shipped command, the standard driver for the others
					fl = tool ~ /^bodyclosecheck/ ? "floor-fast" : "floor"
					if (tool ~ /^(bodyclosecheck|bcc-singlechecker|bodyclose$)/ && (in_ SUBSEP fl) in w)
						xf = ratio(f[8], w[in_, fl]) " / " ratio(f[9], c[in_, fl])
					if (ref != "" && (in_ SUBSEP ref) in w)
						xr = ratio(f[8], w[in_, ref]) " / " ratio(f[9], c[in_, ref]) " / " ratio(f[10], m[in_, ref])
					findings = f[11]
					if (f[5] != "-" && tool !~ /^floor/) findings = findings " (" f[5] ")"
					if (f[13] != "ok") findings = findings " [" f[13] "]"
					printf "| %s | %s | %s | %s | %.2f | %.2f | %d | %s | %s | %s |\n", label, pk, ln, tool, f[8], f[9], f[10], findings, xf, xr
				}
			}' "$summary"
		echo
		echo "×floor: over the wall time and CPU time of the floor under the same driver (floor-fast for bodyclosecheck and"
		echo "bodyclosecheck-warm, floor for bcc-singlechecker and bodyclose). ×ref: over bodyclose's (for bodyclosecheck, bodyclosecheck-warm"
		echo "and bcc-singlechecker) or over golangci-lint's bodyclose (for golangci-bodyclosecheck): wall time, CPU time, peak RSS."
		echo "Findings count diagnostics, not related-information lines; for generated modules the number of functions"
		echo "that leak on purpose is in parentheses. Failed runs (see failed-*.txt) are left out of the medians."
	} >"$md"
}

# plot: draws plot.png in $out from summary.tsv, for the generated modules.
plot() {
	local data=$out/plot.dat
	local tool
	for tool in "${tool_list[@]}"; do
		echo "\"$tool\""
		awk -F'\t' -v t="$tool" '$6 == t && $1 ~ /^gen-/ && $8 != "-" {print $3, $8, $9, $10}' "$out/summary.tsv" | sort -n
		printf '\n\n'
	done >"$data"
	[ "$(grep -c '^[0-9]' "$data")" -ge 2 ] || { log "fewer than 2 generated sizes: no plot"; return 0; }
	local n=${#tool_list[@]}
	gnuplot <<-EOF
		set terminal pngcairo size 1800,620 font "DejaVu Sans,12" noenhanced
		set output "$out/plot.png"
		set multiplot layout 1,3 title "Generated modules (bench/gen -stride $stride): medians of $runs run(s); $ncores cores, $goversion, median load $(awk -F'\t' 'NR > 1 && $1 ~ /^gen-/ && $13 != "-" {print $13}' "$out/raw.tsv" | median)"
		set key inside top left opaque box samplen 2 spacing 1.1
		set grid
		set xlabel "packages"
		set xrange [0:*]
		set yrange [0:*]
		set title "Wall time"
		set ylabel "wall time (s)"
		plot for [i=0:$((n - 1))] "$data" index i using 1:2 with linespoints lw 2 pt 7 title columnheader(1)
		unset key
		set title "CPU time (user + sys)"
		set ylabel "CPU time (s)"
		plot for [i=0:$((n - 1))] "$data" index i using 1:3 with linespoints lw 2 pt 7 title columnheader(1)
		set title "Peak memory"
		set ylabel "peak RSS (MiB)"
		plot for [i=0:$((n - 1))] "$data" index i using 1:4 with linespoints lw 2 pt 7 title columnheader(1)
		unset multiplot
	EOF
	log "plot written to $out/plot.png"
}

if [ -n "$report_dir" ]; then # only redo the reports of an earlier run
	out=$report_dir
	# shellcheck source=/dev/null
	. "$out/meta.env"
	report
	if command -v gnuplot >/dev/null; then plot || log "gnuplot failed: no plot"; fi
	cat "$out/results.md"
	exit 0
fi

# --- prerequisites -----------------------------------------------------------

apt_install() {
	local sudo=()
	[ "$(id -u)" = 0 ] || sudo=(sudo)
	command -v apt-get >/dev/null || return 1
	log "installing $* with apt-get"
	"${sudo[@]}" apt-get update -qq >/dev/null 2>&1 || true
	DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "$@" >/dev/null 2>&1
}
[ -x /usr/bin/time ] || apt_install time || { echo "run.sh: /usr/bin/time (GNU time) is required" >&2; exit 1; }
command -v gnuplot >/dev/null || apt_install gnuplot-nox || log "gnuplot unavailable: no plot will be drawn"

# --- directories ---------------------------------------------------------------

if [ -z "$out" ]; then
	if [ "$quick" = 1 ]; then out=$(mktemp -d /tmp/bench-quick.XXXXXX); else out=$root/bench/results; fi
fi
mkdir -p "$out"
out=$(cd "$out" && pwd)
if [ -z "$work" ]; then work=$(mktemp -d /tmp/bench-work.XXXXXX); else mkdir -p "$work"; fi
work=$(cd "$work" && pwd)
cleanup() {
	if [ "$keep" = 0 ]; then
		chmod -R u+w "$work" 2>/dev/null || true
		rm -rf "$work"
	fi
}
trap cleanup EXIT
bin=$work/bin
mkdir -p "$bin"
cache=${BENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/bodyclosecheck-bench}
mkdir -p "$cache"
goversion=$(go env GOVERSION)
# The generated modules are cached under a hash of the generator's output
# (for 64 packages), so that a change to the generator invalidates them and a
# change that does not alter its output does not.
gen_hash() {
	local d
	d=$(mktemp -d)
	(cd "$root" && go run ./bench/gen -n 64 -out "$d/m" 2>/dev/null)
	(cd "$d/m" && find . -type f | sort | xargs sha256sum) | sha256sum | cut -c1-12
	rm -rf "$d"
}
genhash=$(gen_hash)

# --- tools ---------------------------------------------------------------------

log "building bodyclosecheck, bcc-singlechecker and the floor from $root"
(
	cd "$root"
	go build -o "$bin/bodyclosecheck" ./cmd/bodyclosecheck
	go build -o "$bin/bcc-singlechecker" ./bench/singlechecker
	go build -o "$bin/floor" ./bench/floor
)

has_tool() { case " $tools " in *" $1 "*) return 0 ;; esac; return 1; }
drop_tool() { # drop_tool TOOL WHY
	if has_tool "$1"; then
		log "$2: the $1 column is skipped"
		tools=$(tr ' ' '\n' <<<"$tools" | grep -vx "$1" | tr '\n' ' ')
	fi
}
# The result cache of the scalable driver (issue #7): cold runs start from an
# empty one, warm runs from the one a cold run just filled.
grep -q BODYCLOSECHECK_CACHE "$bin/bodyclosecheck" ||
	drop_tool bodyclosecheck-warm "bodyclosecheck has no result cache (BODYCLOSECHECK_CACHE)"

if has_tool bodyclose; then
	log "installing github.com/timakin/bodyclose@latest"
	GOBIN=$bin go install github.com/timakin/bodyclose@latest
fi

# shellcheck source=lib/golangci.sh
. "$root/bench/lib/golangci.sh"
if has_tool golangci-bodyclose; then
	gcl_build_plain
fi
if has_tool golangci-bodyclosecheck; then
	if compgen -G "$root/gclplugin/*.go" >/dev/null; then
		gcl_build_custom
	else
		drop_tool golangci-bodyclosecheck "gclplugin/ not found in $root"
	fi
fi
gcl_configs

# set_command TOOL: sets cmd to the command that runs TOOL on ./... in the
# current directory, and gclcache to its golangci-lint cache (if any).
set_command() {
	gclcache=""
	case $1 in
	bodyclosecheck | bodyclosecheck-warm) cmd=("$bin/bodyclosecheck" ./...) ;;
	bcc-singlechecker | floor | bodyclose) cmd=("$bin/$1" ./...) ;;
	floor-fast) cmd=("$bin/floor" -driver=fast ./...) ;;
	golangci-bodyclose)
		cmd=("$bin/golangci-lint" run --config "$work/gcl-bodyclose.yml" "${gcl_flags[@]}")
		gclcache=$work/gcl-cache
		;;
	golangci-bodyclosecheck)
		cmd=("$bin/golangci-lint-custom" run --config "$work/gcl-bodyclosecheck.yml" "${gcl_flags[@]}")
		gclcache=$work/gcl-cache-custom
		;;
	esac
}

# --- inputs --------------------------------------------------------------------

# prepare INPUT: sets dir (where to run ./...), label, npkgs, nlines, expected.
prepare() {
	local input=$1
	expected=-
	case $input in
	std)
		dir=$(go env GOROOT)/src label=std
		;;
	xtools)
		local xdir
		xdir=$(go mod download -json golang.org/x/tools@v0.52.0 | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
		dir=$work/xtools label=x/tools
		if [ ! -d "$dir" ]; then
			cp -r "$xdir" "$dir"
			chmod -R u+w "$dir"
			(cd "$dir" && go mod download)
		fi
		;;
	gen-*)
		# Generated modules are kept in the cache, by the hash of the
		# generator, so that the go build cache stays valid between runs.
		local n=${input#gen-}
		dir=$cache/gen-$genhash-n$n-s$stride label="gen $n"
		[ -f "$dir/expected.txt" ] || (cd "$root" && go run ./bench/gen -n "$n" -stride "$stride" -out "$dir")
		expected=$(cat "$dir/expected.txt")
		;;
	esac
	npkgs=$(cd "$dir" && go list ./... 2>/dev/null | wc -l)
	# shellcheck disable=SC2016 # a go list template, not a shell expansion
	nlines=$(cd "$dir" && go list -f '{{$d := .Dir}}{{range .GoFiles}}{{$d}}/{{.}}{{"\n"}}{{end}}{{range .TestGoFiles}}{{$d}}/{{.}}{{"\n"}}{{end}}{{range .XTestGoFiles}}{{$d}}/{{.}}{{"\n"}}{{end}}' ./... 2>/dev/null | grep . | xargs cat | wc -l)
	# Compile export data for everything the loaders may ask for, so that
	# no timed run pays for compiling (golangci's own cache is cleared per run).
	log "$label: $npkgs packages, $nlines lines; warming the go build cache"
	(cd "$dir" && go list -e -export -deps -test -compiled ./... >/dev/null 2>&1) || true
}

# --- measuring -----------------------------------------------------------------

guard_kb=$((guard_mib * 1024))
mem_available_kb() { awk '/^MemAvailable:/ {print $2}' /proc/meminfo; }

# measure TOOL DIR INPUT: runs TOOL on DIR/... under /usr/bin/time -v; prints
# "wall cpu rss_kb findings status load".
measure() {
	local tool=$1 dir=$2 input=$3 tf=$work/time.txt of=$work/out.txt status pid
	local cmd gclcache
	set_command "$tool"
	if [ -n "$gclcache" ]; then # a cold run: clear golangci-lint's cache
		GOLANGCI_LINT_CACHE=$gclcache "${cmd[0]}" cache clean >/dev/null 2>&1
	fi
	# bodyclosecheck starts from an empty result cache; bodyclosecheck-warm
	# runs right after it, on the cache it filled.
	local bcccache=$work/bcc-cache
	[ "$tool" = bodyclosecheck-warm ] || rm -rf "$bcccache"
	rm -f "$tf" "$of"
	(cd "$dir" && GOLANGCI_LINT_CACHE=$gclcache BODYCLOSECHECK_CACHE=$bcccache \
		exec /usr/bin/time -v -o "$tf" "${cmd[@]}" >"$of" 2>&1) &
	pid=$!
	local killed=0
	while kill -0 "$pid" 2>/dev/null; do
		if [ "$(mem_available_kb)" -lt "$guard_kb" ]; then
			log "available memory below $guard_mib MiB: killing $tool (pid $pid's child)"
			local kids
			kids=$(cat /proc/"$pid"/task/*/children 2>/dev/null || true)
			# shellcheck disable=SC2086 # kids is a list of pids
			[ -z "$kids" ] || kill $kids 2>/dev/null || true
			killed=1
			break
		fi
		sleep 0.2
	done
	wait "$pid" 2>/dev/null || true
	local wall cpu rss rc n load
	load=$(cut -d' ' -f1 /proc/loadavg)
	wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,t,":"); s=0; for(i=1;i<=n;i++) s=s*60+t[i]; printf "%.2f", s}' "$tf")
	cpu=$(awk -F': ' '/User time/ {u=$2} /System time/ {s=$2} END {printf "%.2f", u+s}' "$tf")
	rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$tf")
	rc=$(awk -F': ' '/Exit status/ {print $2}' "$tf")
	rc=${rc:-signal}
	# Count diagnostics, not their related-information lines (a tab after
	# the position in go/analysis drivers; separate issues in golangci-lint).
	n=$(grep -E '\.go:[0-9]+:[0-9]+:? ' "$of" | grep -vE '\.go:[0-9]+:[0-9]+: 	' | grep -cv '(related information)' || true)
	status=ok
	[ "$killed" = 0 ] || rc=memguard
	case $tool:$rc in
	bodyclosecheck*:[03] | bcc-singlechecker:[03] | floor:[03] | floor-fast:0 | bodyclose:[03] | golangci-*:[01]) ;;
	*)
		status=failed:$rc
		log "$tool failed in $dir (exit $rc); end of its output:"
		tail -5 "$of" >&2
		cp "$of" "$out/failed-$tool-$input.txt"
		;;
	esac
	echo "$wall $cpu $rss $n $status $load"
}

# --- main loop -----------------------------------------------------------------

input_list=()
for i in $inputs; do
	if [ "$i" = gen ]; then
		for n in $sizes; do input_list+=("gen-$n"); done
	else
		input_list+=("$i")
	fi
done
read -r -a tool_list <<<"$tools"
# The tools that alternate: bodyclosecheck-warm always follows bodyclosecheck.
read -r -a rotation <<<"$(tr ' ' '\n' <<<"$tools" | grep -vx bodyclosecheck-warm | tr '\n' ' ')"
if has_tool bodyclosecheck-warm && ! has_tool bodyclosecheck; then
	rotation+=(bodyclosecheck)
	log "bodyclosecheck-warm needs cold bodyclosecheck runs before it: they are measured too"
	tool_list+=(bodyclosecheck)
fi
nrot=${#rotation[@]}

machine="$(nproc) cores ($(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)), $(awk '/^MemTotal:/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo) RAM, $goversion $(go env GOOS)/$(go env GOARCH), load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
bodyclose_version=-
[ ! -x "$bin/bodyclose" ] || bodyclose_version=$(go version -m "$bin/bodyclose" | awk '$1 == "mod" {print $3}')
log "machine: $machine"
ncores=$(nproc)
checkout=$(cd "$root" && git rev-parse --short HEAD 2>/dev/null || echo unknown)
[ -z "$(cd "$root" && git status --porcelain -- cmd internal passes gclplugin go.mod 2>/dev/null)" ] ||
	checkout="$checkout with uncommitted changes"
declare -p machine runs bodyclose_version gcl_version stride goversion ncores input_list tool_list checkout >"$out/meta.env"

raw=$out/raw.tsv
printf 'input\tlabel\tpackages\tlines\texpected\ttool\trun\twall_s\tcpu_s\trss_kb\tfindings\tstatus\tload1\n' >"$raw"
declare -A killed_at=() # tool -> input or generated size at which the memory guard killed it
too_big() {             # too_big TOOL INPUT: whether TOOL was killed on INPUT or a smaller generated module
	local at=${killed_at[$1]:-}
	[ -n "$at" ] || return 1
	[ "$at" = "$2" ] && return 0
	[[ $at == gen-* && $2 == gen-* ]] && [ "${2#gen-}" -ge "${at#gen-}" ]
}
for input in "${input_list[@]}"; do
	prepare "$input"
	for ((r = 0; r < runs; r++)); do
		for ((k = 0; k < nrot; k++)); do
			tools_now=("${rotation[$(((r + k) % nrot))]}")
			[ "${tools_now[0]}" != bodyclosecheck ] || ! has_tool bodyclosecheck-warm || tools_now+=(bodyclosecheck-warm)
			for tool in "${tools_now[@]}"; do
				if too_big "$tool" "$input"; then
					log "$label run $((r + 1))/$runs $tool: skipped, killed by the memory guard on ${killed_at[$tool]}"
					printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t-\t-\t0\t0\tskipped\t-\n' "$input" "$label" "$npkgs" "$nlines" "$expected" \
						"$tool" "$((r + 1))" >>"$raw"
					break # and bodyclosecheck-warm after bodyclosecheck
				fi
				read -r wall cpu rss n status load < <(measure "$tool" "$dir" "$input")
				[ "$status" != failed:memguard ] || killed_at[$tool]=$input
				log "$label run $((r + 1))/$runs $tool: ${wall}s wall, ${cpu}s cpu, $((rss / 1024)) MiB, $n findings, $status (load $load)"
				printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$input" "$label" "$npkgs" "$nlines" "$expected" \
					"$tool" "$((r + 1))" "$wall" "$cpu" "$rss" "$n" "$status" "$load" >>"$raw"
				if [ "$status" != ok ] && [ "${#tools_now[@]}" = 2 ] && [ "$tool" = bodyclosecheck ]; then
					printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t-\t-\t0\t0\tnocold\t-\n' "$input" "$label" "$npkgs" "$nlines" "$expected" \
						bodyclosecheck-warm "$((r + 1))" >>"$raw"
					break # no warm run after a failed cold run
				fi
			done
		done
	done
done

report
if command -v gnuplot >/dev/null; then plot || log "gnuplot failed: no plot"; fi

# --- go vet -vettool -----------------------------------------------------------

vet_section() {
	local n=$1
	local vdir=$work/vet-gen-$n gocache=$work/vet-gocache
	log "go vet -vettool on a generated module of $n packages, with a fresh GOCACHE"
	(cd "$root" && go run ./bench/gen -n "$n" -stride "$stride" -out "$vdir")
	rm -rf "$gocache"
	local first last
	first=$(cd "$vdir" && go list ./svc/*0000)
	last=$(cd "$vdir" && go list ./svc/*"$(printf %04d $((n - 1)))")
	vet_time() { # label: times go vet -vettool in vdir
		(cd "$vdir" && GOCACHE=$gocache /usr/bin/time -v -o "$work/vtime.txt" \
			go vet -vettool="$bin/bodyclosecheck" ./... >"$work/vout.txt" 2>&1) || true
		local w c m f
		w=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,t,":"); s=0; for(i=1;i<=n;i++) s=s*60+t[i]; printf "%.2f", s}' "$work/vtime.txt")
		c=$(awk -F': ' '/User time/ {u=$2} /System time/ {s=$2} END {printf "%.2f", u+s}' "$work/vtime.txt")
		m=$(awk -F': ' '/Maximum resident set size/ {printf "%d", $2/1024}' "$work/vtime.txt")
		f=$(grep -E '\.go:[0-9]+:[0-9]+: ' "$work/vout.txt" | grep -cvE '\.go:[0-9]+:[0-9]+: 	' || true)
		echo "| $1 | $w | $c | $m | $f |"
		log "vet: $1: ${w}s"
	}
	add_func() { # add an exported function to the package with import path $1
		local d=$vdir/${1#example.com/genmod/}
		printf '\n// Version%s is added by bench/run.sh to change the package.\nfunc Version%s() string { return "%s" }\n' \
			"$2" "$2" "$2" >>"$d/helpers.go"
	}
	{
		echo "go vet -vettool=bodyclosecheck on a generated module of $n packages ($(go env GOVERSION), $(nproc) cores)."
		echo "The module is changed between the runs as shown; GOCACHE is a fresh directory at the start."
		echo
		echo "| run | wall (s) | CPU (s) | peak RSS, largest process (MiB) | findings |"
		echo "|---|---|---|---|---|"
		vet_time "cold: empty GOCACHE (compiles the packages and std, then vets)"
		vet_time "unchanged re-run"
		add_func "$last" A
		vet_time "after adding a function to the last package (${last##*/}, nothing imports it)"
		add_func "$first" B
		vet_time "after adding a function to the first package (${first##*/}, every package depends on it)"
		vet_time "unchanged re-run"
		if [ "$quick" = 0 ]; then
			rm -rf "$gocache"
			(cd "$vdir" && GOCACHE=$gocache go list -e -export -deps -test -compiled ./... >/dev/null 2>&1) || true
			vet_time "fresh GOCACHE with the export data already compiled (vet work only)"
		fi
		echo
		echo "Standalone, for comparison (no cache): see the gen-$n row of results.md if it was measured."
	} >"$out/vet.md"
	rm -rf "$vdir" "$gocache"
}
if [ "$vetsize" != 0 ] && has_tool bodyclosecheck; then vet_section "$vetsize"; fi

elapsed=$(($(date +%s) - start_time))
echo "Harness runtime: $((elapsed / 60)) min $((elapsed % 60)) s (bash bench/run.sh $args)." >>"$out/results.md"
cat "$out/results.md"
[ ! -f "$out/vet.md" ] || { echo; cat "$out/vet.md"; }
log "results in $out (harness runtime $((elapsed / 60)) min $((elapsed % 60)) s)"
