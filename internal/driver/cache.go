package driver

import (
	"github.com/bodyclosecheck/bodyclosecheck/internal/report"

	"bytes"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"golang.org/x/tools/go/packages"
)

// output is what a unit's analysis produces, and what the cache stores.
type output struct {
	Facts    []byte
	Findings []report.Finding
	Counts   map[string]int // the root analyzer's Counter, if its result is one
}

// cacheKey computes the key of u from the tool, the go command's
// configuration, u's files and the keys of everything it imports (of
// source units, or from api). Source dependencies must have their keys
// already.
func cacheKey(u *unit, toolID string, files [32]byte, api *apiKeys) string {
	h := sha256.New()
	goVersion := ""
	if u.pkg.Module != nil {
		goVersion = u.pkg.Module.GoVersion // the type checker's language version
	}
	fmt.Fprintf(h, "bodyclosecheck driver v8\ntool %s\nenv %s\npkg %s\ngo %s\nfacts-only %v\nfiles %x\n", toolID, api.env, u.pkg.ID, goVersion, u.factsOnly, files)
	var deps []string
	for _, d := range slices.Concat(u.srcDeps, u.helperDeps) {
		deps = append(deps, d.pkg.ID+" "+d.key)
	}
	slices.Sort(deps) // srcDeps comes from map iteration
	for _, d := range deps {
		fmt.Fprintf(h, "src %s\n", d)
	}
	var paths []string
	for path := range u.pkg.Imports {
		paths = append(paths, path)
	}
	slices.Sort(paths)
	for _, path := range paths {
		fmt.Fprintf(h, "import %s %s\n", path, api.of(u.pkg.Imports[path]))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// apiKeys identifies the packages that are not source units by what they
// are, not by where their types came from (export data or source give the
// same results, and a CI runner restores the result cache without the
// build cache): a standard library package by its path (the toolchain is
// in the environment key), a package of a module in the module cache,
// whose contents never change, by module path and version, any other (a
// module replaced by a directory, vendored code) by the names, sizes and
// modification times of its files; each with the keys of its imports.
type apiKeys struct {
	env      string // goEnvironment.resultKey
	modCache string
	mu       sync.Mutex
	memo     map[*packages.Package]string
}

func newAPIKeys(env goEnvironment) *apiKeys {
	return &apiKeys{env: env.resultKey(), modCache: env.GOMODCACHE, memo: make(map[*packages.Package]string)}
}

// of returns the key of p.
func (k *apiKeys) of(p *packages.Package) string {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.keyOf(p)
}

// keyOf is of with k.mu held.
func (k *apiKeys) keyOf(p *packages.Package) string {
	if key, ok := k.memo[p]; ok {
		return key
	}
	k.memo[p] = "" // import cycles cannot happen, but be safe
	h := sha256.New()
	switch m := p.Module; {
	case m == nil:
		fmt.Fprintf(h, "std %s\n", p.PkgPath)
	case k.immutable(m):
		fmt.Fprintf(h, "module %s@%s %s\n", m.Path, m.Version, p.PkgPath)
		if m.Replace != nil {
			fmt.Fprintf(h, "=> %s@%s\n", m.Replace.Path, m.Replace.Version)
		}
	default:
		fmt.Fprintf(h, "files %s\n", p.PkgPath)
		for _, name := range p.CompiledGoFiles {
			if fi, err := os.Stat(name); err == nil {
				fmt.Fprintf(h, "%s %d %d\n", name, fi.Size(), fi.ModTime().UnixNano())
			} else {
				fmt.Fprintf(h, "%s missing\n", name)
			}
		}
	}
	for _, path := range slices.Sorted(maps.Keys(p.Imports)) {
		fmt.Fprintf(h, "import %s %s\n", path, k.keyOf(p.Imports[path]))
	}
	key := hex.EncodeToString(h.Sum(nil))
	k.memo[p] = key
	return key
}

// immutable reports whether m's files are in the module cache, where the
// go command never changes them.
func (k *apiKeys) immutable(m *packages.Module) bool {
	dir, version := m.Dir, m.Version
	if m.Replace != nil {
		dir, version = m.Replace.Dir, m.Replace.Version
	}
	return version != "" && k.modCache != "" && strings.HasPrefix(dir, k.modCache+string(filepath.Separator))
}

// cacheFile returns the file of key in dir.
func cacheFile(dir, key string) string {
	return filepath.Join(dir, key[len(key)-2:], key)
}

// readCache returns the cached output for key, if any.
func readCache(dir, key string) (*output, bool) {
	if dir == "" {
		return nil, false
	}
	data, err := os.ReadFile(cacheFile(dir, key))
	if err != nil {
		return nil, false
	}
	var out output
	if gob.NewDecoder(bytes.NewReader(data)).Decode(&out) != nil {
		return nil, false // corrupt or from another version: recompute
	}
	return &out, true
}

// writeCache stores out under key in dir, atomically; failures only cost
// speed. made records the directories known to exist (nil: check each
// time).
func writeCache(dir, key string, out *output, made map[string]bool) {
	var buf bytes.Buffer
	if gob.NewEncoder(&buf).Encode(out) != nil {
		return
	}
	writeCacheBytes(dir, key, buf.Bytes(), made)
}

// writeCacheBytes stores data under key, atomically.
func writeCacheBytes(dir, key string, data []byte, made map[string]bool) {
	file := cacheFile(dir, key)
	sub := filepath.Dir(file)
	if !made[sub] {
		if os.MkdirAll(sub, 0o755) != nil {
			return
		}
		if made != nil {
			made[sub] = true
		}
	}
	tmp, err := os.CreateTemp(sub, "tmp-*")
	if err != nil {
		return
	}
	_, err = tmp.Write(data)
	if cerr := tmp.Close(); err == nil && cerr == nil {
		err = os.Rename(tmp.Name(), file)
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
}

// cacheWriter writes results to the cache on one goroutine of its own, so
// that the file system's latency stays off the analysis's critical path.
type cacheWriter struct {
	dir  string
	q    chan *unit
	done chan struct{}
}

func startCacheWriter(dir string, capacity int) *cacheWriter {
	w := &cacheWriter{dir: dir, q: make(chan *unit, capacity), done: make(chan struct{})}
	go func() {
		defer close(w.done)
		made := make(map[string]bool)
		for u := range w.q {
			writeCache(w.dir, u.key, u.out, made)
		}
	}()
	return w
}

// add queues u's output; u.key and u.out must not change afterwards.
func (w *cacheWriter) add(u *unit) { w.q <- u }

// wait waits until everything queued is written.
func (w *cacheWriter) wait() {
	close(w.q)
	<-w.done
}
