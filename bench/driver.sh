#!/usr/bin/env bash
# driver.sh: the large-repository figures of the README, measured with
# /usr/bin/time: bodyclosecheck's driver cold (empty result cache),
# unchanged re-run and after touching one file, next to the standard
# go/analysis driver, and to github.com/timakin/bodyclose standalone and as
# a go vet tool (a fresh tool each time, build cache warm), on a generated
# module and on golang.org/x/tools.
#
#   bash bench/driver.sh [packages-in-generated-module]   (default 500)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-500}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/bodyclosecheck" ./cmd/bodyclosecheck
GOBIN="$tmp" go install github.com/timakin/bodyclose@latest

go run ./bench/gen -n "$n" -out "$tmp/gen" >/dev/null
xt=$(go mod download -json golang.org/x/tools@v0.52.0 | sed -n 's/.*"Dir": "\(.*\)",/\1/p')
cp -r "$xt" "$tmp/xtools" && chmod -R u+w "$tmp/xtools"

# measure LABEL CMD...: prints one table row from /usr/bin/time -v.
measure() {
	local label=$1 out
	shift
	out=$(mktemp)
	/usr/bin/time -v "$@" >/dev/null 2>"$out" || true
	awk -F': ' -v label="$label" '
		/Elapsed \(wall clock\)/ {n=split($2,t,":"); w=0; for(i=1;i<=n;i++) w=w*60+t[i]}
		/User time/ {u=$2} /System time/ {s=$2}
		/Maximum resident set size/ {m=$2}
		END {printf "| %s | %.2f | %.2f | %d |\n", label, w, u+s, m/1024}' "$out"
	rm -f "$out"
}

# freshvet makes a copy of bodyclose with another content hash, so that
# the go command does not reuse vet results of an earlier run.
freshvet() {
	cp "$tmp/bodyclose" "$tmp/bodyclose-vet"
	date +%s%N >>"$tmp/bodyclose-vet"
}

for input in gen xtools; do
	dir=$tmp/$input
	(cd "$dir" && go build ./... && go vet ./... >/dev/null 2>&1 || true)
	files=$(find "$dir" -name '*.go' | wc -l)
	lines=$(find "$dir" -name '*.go' -print0 | xargs -0 cat | wc -l)
	pkgs=$(cd "$dir" && go list ./... | wc -l)
	echo
	echo "### $input: $pkgs packages, $files files, $lines lines"
	echo
	echo "| run | wall (s) | CPU (s) | peak RSS (MiB) |"
	echo "|---|---|---|---|"
	cache=$tmp/cache-$input
	cd "$dir"
	measure "bodyclosecheck, cold" env BODYCLOSECHECK_CACHE="$cache" "$tmp/bodyclosecheck" ./...
	measure "bodyclosecheck, unchanged re-run" env BODYCLOSECHECK_CACHE="$cache" "$tmp/bodyclosecheck" ./...
	touched=$(find . -name '*.go' ! -name '*_test.go' ! -path '*/testdata/*' | sort | awk 'NR==int(n/2)' n="$(find . -name '*.go' ! -name '*_test.go' ! -path '*/testdata/*' | wc -l)")
	echo "// touched" >>"$touched"
	measure "bodyclosecheck, after touching ${touched#./}" env BODYCLOSECHECK_CACHE="$cache" "$tmp/bodyclosecheck" ./...
	measure "bodyclosecheck -driver=standard" "$tmp/bodyclosecheck" -driver=standard ./...
	measure "bodyclose (standalone)" "$tmp/bodyclose" ./...
	freshvet
	measure "go vet -vettool=bodyclose, fresh tool" go vet -vettool="$tmp/bodyclose-vet" ./...
	measure "go vet -vettool=bodyclose, unchanged re-run" go vet -vettool="$tmp/bodyclose-vet" ./...
	cd - >/dev/null
done
echo
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(go version | cut -d' ' -f3-), load average $(cut -d' ' -f1-3 /proc/loadavg)"
