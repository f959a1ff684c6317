# golangci.sh: building golangci-lint for the benchmarks, sourced by
# run.sh and coldcache.sh. Expects root (this repository), work (scratch),
# bin (where binaries go) and cache (kept between runs) to be set, and a
# log function.

gcl_version=v2.15.0
plugin_name=bodyclosecheck

# gcl_src DIR: a writable copy of the golangci-lint sources in DIR.
gcl_src() {
	local dir
	dir=$(go mod download -json "github.com/golangci/golangci-lint/v2@$gcl_version" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
	rm -rf "$1"
	cp -r "$dir" "$1"
	chmod -R u+w "$1"
}

# gcl_build_plain: $bin/golangci-lint, built once per Go version and kept
# in $cache.
gcl_build_plain() {
	local goversion cached
	goversion=$(go env GOVERSION)
	cached=$cache/golangci-lint-$gcl_version-$goversion
	if [ ! -x "$cached" ]; then
		log "building golangci-lint $gcl_version (once; kept in $cache)"
		mkdir -p "$cache"
		gcl_src "$work/gcl"
		(cd "$work/gcl" && go build -o "$cached.tmp" ./cmd/golangci-lint && mv "$cached.tmp" "$cached")
	fi
	cp "$cached" "$bin/golangci-lint"
}

# gcl_build_custom: $bin/golangci-lint-custom, golangci-lint with the
# gclplugin module plugin of this repository; sets plugin_name.
gcl_build_custom() {
	log "building golangci-lint $gcl_version with the gclplugin module plugin"
	gcl_src "$work/gcl-custom"
	cat >"$work/gcl-custom/cmd/golangci-lint/plugins.go" <<-'EOF'
		package main

		// This file is used to declare module plugins.

		import _ "github.com/bodyclosecheck/bodyclosecheck/gclplugin"
	EOF
	(
		cd "$work/gcl-custom"
		go mod edit -replace "github.com/bodyclosecheck/bodyclosecheck=$root" \
			-require github.com/bodyclosecheck/bodyclosecheck@v0.0.0
		go mod tidy >/dev/null 2>&1 || go mod tidy
		go build -o "$bin/golangci-lint-custom" ./cmd/golangci-lint
	)
	local name
	name=$(grep -hoE 'register\.Plugin\("[^"]+"|const Name = "[^"]+"' "$root"/gclplugin/*.go | head -1 | cut -d'"' -f2 || true)
	[ -z "$name" ] || plugin_name=$name
}

# gcl_config FILE DEFAULT [LINTER]: a configuration with golangci-lint's
# DEFAULT linter set (none, standard) and LINTER enabled (bodyclose, or
# our plugin), tests included, no limits on issues.
gcl_config() {
	local file=$1 default=$2 linter=${3:-}
	{
		printf 'version: "2"\nrun:\n  tests: true\nlinters:\n  default: %s\n' "$default"
		[ -z "$linter" ] || printf '  enable:\n    - %s\n' "$linter"
		if [ "$linter" = "$plugin_name" ]; then
			printf '  settings:\n    custom:\n      %s:\n        type: module\n' "$plugin_name"
			printf '        description: HTTP response bodies not closed on every path\n'
		fi
		printf 'issues:\n  max-issues-per-linter: 0\n  max-same-issues: 0\n  uniq-by-line: false\n'
	} >"$file"
}

# gcl_configs: $work/gcl-bodyclose.yml and $work/gcl-bodyclosecheck.yml,
# each enabling only that linter.
gcl_configs() {
	gcl_config "$work/gcl-bodyclose.yml" none bodyclose
	gcl_config "$work/gcl-bodyclosecheck.yml" none "$plugin_name"
}

# gcl_standard_configs: $work/gcl-standard.yml, golangci-lint's standard
# linter set (errcheck, govet, ineffassign, staticcheck, unused), and
# $work/gcl-standard-bodyclosecheck.yml, the same with our plugin: the
# plugin's cost in a realistic configuration.
gcl_standard_configs() {
	gcl_config "$work/gcl-standard.yml" standard
	gcl_config "$work/gcl-standard-bodyclosecheck.yml" standard "$plugin_name"
}

# gcl_flags: the command-line flags of every golangci-lint run.
gcl_flags=(--max-issues-per-linter 0 --max-same-issues 0
	--output.tab.path stdout --output.tab.colors=false --show-stats=false ./...)
