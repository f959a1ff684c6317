package driver

import (
	"bytes"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"slices"
)

// output is what a unit's analysis produces, and what the cache stores.
type output struct {
	Facts       []byte
	Diagnostics []Diagnostic
	Counts      map[string]int // the root analyzer's Counter, if its result is one
}

// cacheKey computes the key of u from the tool, u's files and the keys (or
// export data) of everything it imports. Source dependencies must have
// their keys already.
func cacheKey(u *unit, toolID string, files [32]byte, export map[string]string) string {
	h := sha256.New()
	goVersion := ""
	if u.pkg.Module != nil {
		goVersion = u.pkg.Module.GoVersion // the type checker's language version
	}
	fmt.Fprintf(h, "bodyclosecheck driver v6\ntool %s\npkg %s\ngo %s\nfacts-only %v\nfiles %x\n", toolID, u.pkg.ID, goVersion, u.factsOnly, files)
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
		// Export files are named by the hash of their contents in the
		// go command's build cache; source units are covered above.
		fmt.Fprintf(h, "import %s %s\n", path, export[u.pkg.Imports[path].PkgPath])
	}
	return hex.EncodeToString(h.Sum(nil))
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
