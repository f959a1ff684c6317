#!/usr/bin/env bash
# coldcache.sh: the first run on a fresh CI runner. Runs bodyclosecheck and
# github.com/timakin/bodyclose on the same modules, each run with a new,
# empty GOCACHE (as on a new runner) and the same warm module cache,
# alternating the tools, and prints a Markdown table of the medians (wall
# time, peak RSS from /usr/bin/time -v) and the number of findings.
#
#   bash bench/coldcache.sh [-runs N] [DIR|gen...]
#
# DIRs are module roots; "gen" (the default) is a generated module of 200
# packages (bench/gen -n 200). bodyclosecheck runs with -cache=off, so that neither
# tool has a cache of its own.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
runs=3
if [ "${1:-}" = -runs ]; then runs=$2; shift 2; fi
bin=$(mktemp -d)
work=$(mktemp -d)
trap 'rm -rf "$bin" "$work"' EXIT
(cd "$root" && go build -o "$bin/bodyclosecheck" ./cmd/bodyclosecheck)
# bodyclose's own go.mod pins an x/tools too old for Go 1.26: build it in
# a module that requires a newer one.
(cd "$work" && mkdir bc && cd bc && go mod init example.com/bc >/dev/null 2>&1 &&
	go get github.com/timakin/bodyclose@latest golang.org/x/tools@v0.30.0 >/dev/null 2>&1 &&
	go build -o "$bin/bodyclose" github.com/timakin/bodyclose)
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

# measure TOOL DIR: prints "wall_seconds max_rss_kb findings", run in DIR
# with an empty build cache.
measure() {
	local tool=$1 dir=$2 out cache args=()
	out=$(mktemp)
	cache=$(mktemp -d)
	[ "$tool" = bodyclosecheck ] && args=(-cache=off)
	(cd "$dir" && GOCACHE=$cache /usr/bin/time -v "$bin/$tool" "${args[@]}" ./... >"$out" 2>&1 || true)
	local wall rss n
	wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,t,":"); s=0; for(i=1;i<=n;i++) s=s*60+t[i]; print s}' "$out")
	rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$out")
	n=$(grep -E '\.go:[0-9]+:[0-9]+: ' "$out" | grep -cvE ': 	' || true)
	echo "$wall $rss $n"
	chmod -R u+w "$cache" && rm -rf "$cache" "$out"
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

tools=(bodyclosecheck bodyclose)
echo "| module | tool | wall (s, median of $runs) | peak RSS (MiB) | findings |"
echo "|---|---|---|---|---|"
for dir in "${dirs[@]}"; do
	declare -A walls=() rsss=() finds=()
	for ((i = 0; i < runs; i++)); do
		for ((j = 0; j < ${#tools[@]}; j++)); do
			tool=${tools[$(((i + j) % ${#tools[@]}))]} # each round starts with the next tool
			read -r w r n < <(measure "$tool" "$dir")
			walls[$tool]+="$w "; rsss[$tool]+="$r "; finds[$tool]=$n
		done
	done
	for tool in "${tools[@]}"; do
		w=$(tr ' ' '\n' <<<"${walls[$tool]}" | grep . | median)
		r=$(tr ' ' '\n' <<<"${rsss[$tool]}" | grep . | median)
		echo "| $(basename "$dir") | $tool | $w | $((r / 1024)) | ${finds[$tool]} |"
	done
	unset walls rsss finds
done
echo
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(go version | cut -d' ' -f3-); GOCACHE empty at every run"
