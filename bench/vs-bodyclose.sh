#!/usr/bin/env bash
# vs-bodyclose.sh: measure bodyclosecheck against github.com/timakin/bodyclose
# with /usr/bin/time -v, alternating the tools, on this repository's
# fixtures and on the Go standard library. Prints a Markdown table of the
# medians (wall time, peak RSS) and the number of findings.
#
#   bash bench/vs-bodyclose.sh [runs]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
bin=$(mktemp -d)
export BODYCLOSECHECK_CACHE=off # cold runs: no result cache
go build -o "$bin/bodyclosecheck" ./cmd/bodyclosecheck
GOBIN="$bin" go install github.com/timakin/bodyclose@latest
fixtures="basic branches loops closures transfer noreturn samepkg crosspkg/... typeparams fix"

# measure TOOL INPUT: prints "wall_seconds max_rss_kb findings"
measure() {
	local tool=$1 input=$2 out
	out=$(mktemp)
	if [ "$input" = fixtures ]; then
		(cd passes/bodyclose/testdata && GO111MODULE=off GOPATH=$PWD \
			/usr/bin/time -v "$bin/$tool" $fixtures >"$out" 2>&1 || true)
	else
		/usr/bin/time -v "$bin/$tool" std >"$out" 2>&1 || true
	fi
	local wall rss n
	wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,t,":"); s=0; for(i=1;i<=n;i++) s=s*60+t[i]; print s}' "$out")
	rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$out")
	n=$(grep -E '\.go:[0-9]+:[0-9]+: ' "$out" | grep -cvE ': 	' || true)
	echo "$wall $rss $n"
	rm -f "$out"
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

echo "| input | tool | wall (s, median of $runs) | peak RSS (MiB) | findings |"
echo "|---|---|---|---|---|"
for input in fixtures std; do
	declare -A walls=() rsss=() finds=()
	for ((i = 0; i < runs; i++)); do
		for tool in bodyclosecheck bodyclose; do
			read -r w r n < <(measure "$tool" "$input")
			walls[$tool]+="$w "; rsss[$tool]+="$r "; finds[$tool]=$n
		done
	done
	for tool in bodyclosecheck bodyclose; do
		w=$(tr ' ' '\n' <<<"${walls[$tool]}" | grep . | median)
		r=$(tr ' ' '\n' <<<"${rsss[$tool]}" | grep . | median)
		echo "| $input | $tool | $w | $((r / 1024)) | ${finds[$tool]} |"
	done
done
echo
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(go version | cut -d' ' -f3-)"
