#!/usr/bin/env bash
# coldcache.sh: the runs a CI pipeline sees. Runs bodyclosecheck,
# github.com/timakin/bodyclose, go vet -vettool with each, and
# golangci-lint with each (our module plugin; its own bodyclose) on the
# same modules, in three states, with the same warm module cache:
#
#   empty   a new, empty GOCACHE and no cache of the tool's own: the first
#           run on a fresh CI runner;
#   warm    a GOCACHE that holds the compiled dependencies (go list -export
#           -deps -test ./...), no cache of the tool's own (golangci-lint's,
#           bodyclosecheck's results, go vet's results all empty): a
#           developer's first run, or CI with the build cache restored;
#   rerun   the same run again, nothing changed: everything cached.
#
# The tools alternate (each round starts with the next one) and the table
# shows medians of wall time (s) and peak RSS (MiB, /usr/bin/time -v) and
# the number of findings.
#
#   bash bench/coldcache.sh [-runs N] [-tools "LIST"] [-states "LIST"] [DIR|gen...]
#
# DIRs are module roots; "gen" (the default) is a generated module of 200
# packages (bench/gen -n 200). Tools: bodyclosecheck bodyclose
# vet-bodyclosecheck vet-bodyclose golangci-bodyclosecheck
# golangci-bodyclose (default all); also gclstd and gclstd-bodyclosecheck,
# golangci-lint's standard linter set without and with our plugin.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
runs=3
tools=(bodyclosecheck bodyclose vet-bodyclosecheck vet-bodyclose golangci-bodyclosecheck golangci-bodyclose)
states=(empty warm rerun)
while [ $# -gt 0 ]; do
	case $1 in
	-runs) runs=$2; shift 2 ;;
	-tools) read -ra tools <<<"$2"; shift 2 ;;
	-states) read -ra states <<<"$2"; shift 2 ;;
	*) break ;;
	esac
done
bin=$(mktemp -d)
work=$(mktemp -d)
cache=${BENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/bodyclosecheck-bench}
log() { echo "coldcache: $*" >&2; }
# cleanup removes the temporary directories. A command that fails in an
# EXIT trap becomes the script's exit status: after the table has been
# printed, a file that cannot be removed (read-only module or build cache
# files written by a tool) only deserves a warning, not exit status 1.
cleanup() {
	chmod -R u+w "$bin" "$work" 2>/dev/null || true
	rm -rf "$bin" "$work" 2>/dev/null || log "left $bin or $work behind: remove it by hand"
}
trap cleanup EXIT

(cd "$root" && go build -o "$bin/bodyclosecheck" ./cmd/bodyclosecheck)
# bodyclose's own go.mod pins an x/tools too old for Go 1.26: build it in
# a module that requires a newer one.
(cd "$work" && mkdir bc && cd bc && go mod init example.com/bc >/dev/null 2>&1 &&
	go get github.com/timakin/bodyclose@latest golang.org/x/tools@v0.30.0 >/dev/null 2>&1 &&
	go build -o "$bin/bodyclose" github.com/timakin/bodyclose)
# shellcheck source=lib/golangci.sh
. "$root/bench/lib/golangci.sh"
case " ${tools[*]} " in *" golangci-bodyclose "* | *" gclstd "*) gcl_build_plain ;; esac
case " ${tools[*]} " in *" golangci-bodyclosecheck "* | *" gclstd-bodyclosecheck "*) gcl_build_custom ;; esac
gcl_configs
gcl_standard_configs

[ $# -eq 0 ] && set -- gen
dirs=()
for d in "$@"; do
	if [ "$d" = gen ]; then
		(cd "$root" && go run ./bench/gen -n 200 -out "$work/gen200" >/dev/null)
		(cd "$work/gen200" && go mod download)
		d=$work/gen200
	fi
	dirs+=("$(cd "$d" && pwd)")
done

# command TOOL: sets cmd to the command line of TOOL on ./...
command_of() {
	case $1 in
	bodyclosecheck | bodyclose) cmd=("$bin/$1" ./...) ;;
	vet-*) cmd=(go vet -vettool="$bin/${1#vet-}" ./...) ;;
	golangci-bodyclose) cmd=("$bin/golangci-lint" run --config "$work/gcl-bodyclose.yml" "${gcl_flags[@]}") ;;
	golangci-bodyclosecheck) cmd=("$bin/golangci-lint-custom" run --config "$work/gcl-bodyclosecheck.yml" "${gcl_flags[@]}") ;;
	gclstd) cmd=("$bin/golangci-lint" run --config "$work/gcl-standard.yml" "${gcl_flags[@]}") ;;
	gclstd-bodyclosecheck) cmd=("$bin/golangci-lint-custom" run --config "$work/gcl-standard-bodyclosecheck.yml" "${gcl_flags[@]}") ;;
	esac
}

# warm_cache DIR: a GOCACHE holding the compiled dependencies of DIR,
# made once; each warm run gets a hard-linked copy of it (the go command
# only adds files to its cache), so that no run sees another's results.
warm_cache() {
	local w=$work/warm-$(basename "$1")
	if [ ! -d "$w" ]; then
		mkdir -p "$w"
		(cd "$1" && GOCACHE=$w go list -e -export -deps -test -compiled ./... >/dev/null 2>&1) || true
	fi
	echo "$w"
}

# timed STATE TOOL DIR: prints "wall_seconds max_rss_kb findings" of one
# run of TOOL in DIR in STATE.
timed() {
	local state=$1 tool=$2 dir=$3 out tf gocache own
	out=$(mktemp) tf=$(mktemp)
	gocache=$(mktemp -d -p "$work") own=$(mktemp -d -p "$work")
	[ "$state" = empty ] || cp -al "$(warm_cache "$dir")/." "$gocache/"
	command_of "$tool"
	run() {
		(cd "$dir" && GOCACHE=$gocache BODYCLOSECHECK_CACHE=$own GOLANGCI_LINT_CACHE=$own \
			/usr/bin/time -v -o "$tf" "${cmd[@]}" >"$out" 2>&1) || true
	}
	local wall rss n
	run
	# Diagnostics, not their related-information lines (a tab after the
	# position in go/analysis drivers; separate issues in golangci-lint),
	# and the diagnostics of go vet's JSON (timakin/bodyclose under go vet
	# prints JSON); counted on the first run: go vet does not print
	# cached results again.
	n=$(($(grep -E '\.go:[0-9]+:[0-9]+:? ' "$out" | grep -vE '\.go:[0-9]+:[0-9]+: 	' | grep -cv '(related information)' || true) +
		$(grep -cP '^\t{4}"posn": ' "$out" || true)))
	[ "$state" != rerun ] || run
	wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,t,":"); s=0; for(i=1;i<=n;i++) s=s*60+t[i]; printf "%.2f", s}' "$tf")
	rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$tf")
	echo "$wall $rss $n"
	chmod -R u+w "$gocache" "$own" 2>/dev/null
	rm -rf "$gocache" "$own" "$out" "$tf"
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

echo "| module | state | tool | wall (s, median of $runs) | peak RSS (MiB) | findings |"
echo "|---|---|---|---|---|---|"
for dir in "${dirs[@]}"; do
	for state in "${states[@]}"; do
		declare -A walls=() rsss=() finds=()
		for ((i = 0; i < runs; i++)); do
			for ((j = 0; j < ${#tools[@]}; j++)); do
				tool=${tools[$(((i + j) % ${#tools[@]}))]} # each round starts with the next tool
				log "$(basename "$dir") $state $tool, round $((i + 1))"
				read -r w r n < <(timed "$state" "$tool" "$dir")
				walls[$tool]+="$w " rsss[$tool]+="$r " finds[$tool]=$n
			done
		done
		for tool in "${tools[@]}"; do
			w=$(tr ' ' '\n' <<<"${walls[$tool]}" | grep . | median)
			r=$(tr ' ' '\n' <<<"${rsss[$tool]}" | grep . | median)
			echo "| $(basename "$dir") | $state | $tool | $w | $((r / 1024)) | ${finds[$tool]} |"
		done
		unset walls rsss finds
	done
done
echo
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(go version | cut -d' ' -f3-); golangci-lint $gcl_version"
