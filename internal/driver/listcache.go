package driver

import (
	"bytes"
	"crypto/sha256"
	"encoding/gob"
	"encoding/json"
	"fmt"
	"go/types"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"golang.org/x/mod/modfile"
	"golang.org/x/tools/go/packages"
)

// The package list (go list -deps -test) costs the go command seconds on
// a large module even when nothing changed: on an unchanged re-run it is
// most of the time. saveList and loadList keep it, keyed by everything
// that can change it: the go command's configuration, the patterns, and
// the name, size and modification time of every Go and module file of
// the main module and of the directories it replaces modules with. It is
// used only for patterns inside the main module.

// listedPackage is the part of packages.Package the driver uses.
type listedPackage struct {
	ID, PkgPath, Name, ForTest                                     string
	GoFiles, CompiledGoFiles, OtherFiles, IgnoredFiles, EmbedFiles []string
	Imports                                                        map[string]string // import path -> ID
	Module                                                         *packages.Module
	DepOnly, Root                                                  bool
}

// listed is a cached package list.
type listed struct {
	Arch     string
	Packages []listedPackage
	Export   map[string]string
}

// goEnv is the part of the go command's configuration that listKey reads;
// the key hashes all of "go env -json" (GOAMD64 and the like select files
// too, and CC decides cgo).
type goEnv struct {
	GOVERSION, GOOS, GOARCH, GOFLAGS, CGO_ENABLED, GOEXPERIMENT, GOROOT, GOMOD, GOWORK, GOPATH, GO111MODULE, CC string
}

// buildDir matches the temporary directory in GOGCCFLAGS
// (-ffile-prefix-map=/tmp/go-build1582428326=/tmp/go-build).
var buildDir = regexp.MustCompile(`go-build[0-9]+`)

// goEnvironment is the go command's configuration: "go env -json" as
// printed, and parsed.
type goEnvironment struct {
	raw []byte
	goEnv
	GOMODCACHE string
}

// readGoEnv runs "go env -json"; ok is false if it fails.
func readGoEnv() (env goEnvironment, ok bool) {
	out, err := exec.Command("go", "env", "-json").Output()
	if err != nil || json.Unmarshal(out, &env) != nil {
		return goEnvironment{}, false
	}
	env.raw = out
	return env, true
}

// resultKey is the part of env that the results of a package depend on
// (the toolchain, the target, build flags and tags, experiments), without
// the places that differ between machines or runs and not the contents:
// the build cache, the module cache, temporary directories.
func (env goEnvironment) resultKey() string {
	var m map[string]any
	if json.Unmarshal(env.raw, &m) != nil {
		return ""
	}
	for _, k := range []string{"GOCACHE", "GOMODCACHE", "GOTMPDIR", "GOENV", "GOTELEMETRY", "GOTELEMETRYDIR"} {
		delete(m, k)
	}
	if f, ok := m["GOGCCFLAGS"].(string); ok {
		m["GOGCCFLAGS"] = buildDir.ReplaceAllString(f, "go-build")
	}
	data, _ := json.Marshal(m) // sorted keys
	return fmt.Sprintf("%x", sha256.Sum256(data))
}

// listKey returns the cache key of the package list for patterns and the
// target architecture, or "" if the list cannot be cached (GOPATH mode,
// workspaces, patterns outside the module).
func listKey(env goEnvironment, patterns []string, tests bool, toolID string) (key, arch string) {
	if env.raw == nil || env.GOMOD == "" || env.GOMOD == os.DevNull || env.GOWORK != "" {
		return "", ""
	}
	out := env.raw
	for _, p := range patterns {
		if !strings.HasPrefix(p, ".") {
			return "", "" // std, or an import path: its files are not fingerprinted
		}
	}
	h := sha256.New()
	// GOGCCFLAGS names a temporary directory that is new at every call.
	stable := buildDir.ReplaceAll(out, []byte("go-build"))
	fmt.Fprintf(h, "list v3 %s %q %t\n%s\n", toolID, patterns, tests, stable)
	for _, k := range []string{"CC", "CGO_CFLAGS", "CGO_LDFLAGS", "PKG_CONFIG"} {
		fmt.Fprintf(h, "%s=%s\n", k, os.Getenv(k))
	}
	if cc := strings.Fields(env.CC); env.CGO_ENABLED == "1" && len(cc) > 0 {
		// go list runs cgo with the C compiler that PATH finds: without
		// one, it reports an error that a cached list would hide.
		path, err := exec.LookPath(cc[0])
		fmt.Fprintf(h, "cc %s %t\n", path, err == nil)
	}
	root := filepath.Dir(env.GOMOD)
	dirs := append([]string{root}, replacedDirs(env.GOMOD, root)...)
	for _, d := range dirs {
		if fingerprint(h, d) != nil {
			return "", ""
		}
	}
	return fmt.Sprintf("%x", h.Sum(nil)), env.GOARCH
}

// replacedDirs returns the local directories that go.mod replaces
// modules with.
func replacedDirs(gomod, root string) []string {
	data, err := os.ReadFile(gomod)
	if err != nil {
		return nil
	}
	f, err := modfile.ParseLax(gomod, data, nil)
	if err != nil {
		return nil
	}
	var dirs []string
	for _, r := range f.Replace {
		if modfile.IsDirectoryPath(r.New.Path) {
			dir := r.New.Path
			if !filepath.IsAbs(dir) {
				dir = filepath.Join(root, dir)
			}
			dirs = append(dirs, dir)
		}
	}
	return dirs
}

// fingerprint writes the name, size and time of every file under dir
// that can change the package list.
func fingerprint(w io.Writer, dir string) error {
	return filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if path != dir && (strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(name, ".go") && !strings.HasPrefix(name, "go.") && name != "modules.txt" &&
			!strings.HasSuffix(name, ".s") && !strings.HasSuffix(name, ".c") && !strings.HasSuffix(name, ".h") {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "%s %d %d\n", path, info.Size(), info.ModTime().UnixNano())
		return nil
	})
}

// saveList stores the package list of g under key.
func saveList(dir, key string, roots []*packages.Package, export map[string]string, arch string) {
	if dir == "" || key == "" {
		return
	}
	l := listed{Arch: arch, Export: export}
	isRoot := make(map[*packages.Package]bool)
	for _, r := range roots {
		isRoot[r] = true
	}
	packages.Visit(roots, nil, func(p *packages.Package) {
		lp := listedPackage{ID: p.ID, PkgPath: p.PkgPath, Name: p.Name, ForTest: p.ForTest, GoFiles: p.GoFiles,
			CompiledGoFiles: p.CompiledGoFiles, OtherFiles: p.OtherFiles, IgnoredFiles: p.IgnoredFiles,
			EmbedFiles: p.EmbedFiles, Imports: make(map[string]string), Module: p.Module, Root: isRoot[p]}
		for path, imp := range p.Imports {
			lp.Imports[path] = imp.ID
		}
		l.Packages = append(l.Packages, lp)
	})
	var buf bytes.Buffer
	if gob.NewEncoder(&buf).Encode(l) == nil {
		writeCacheBytes(dir, "list-"+key, buf.Bytes(), nil)
	}
}

// loadList returns the cached package list for key, if any and if the
// export data it names is still in the go command's cache.
func loadList(dir, key string) ([]*packages.Package, map[string]string, bool) {
	if dir == "" || key == "" {
		return nil, nil, false
	}
	data, err := os.ReadFile(cacheFile(dir, "list-"+key))
	if err != nil {
		return nil, nil, false
	}
	var l listed
	if gob.NewDecoder(bytes.NewReader(data)).Decode(&l) != nil {
		return nil, nil, false
	}
	for _, file := range l.Export {
		if _, err := os.Stat(file); err != nil {
			return nil, nil, false // the go command's cache was trimmed
		}
	}
	return rebuild(l), l.Export, true
}

// rebuild turns a cached list back into packages, roots first.
func rebuild(l listed) []*packages.Package {
	sizes := types.SizesFor("gc", l.Arch)
	byID := make(map[string]*packages.Package, len(l.Packages))
	for _, lp := range l.Packages {
		byID[lp.ID] = &packages.Package{ID: lp.ID, PkgPath: lp.PkgPath, Name: lp.Name, ForTest: lp.ForTest, GoFiles: lp.GoFiles,
			CompiledGoFiles: lp.CompiledGoFiles, OtherFiles: lp.OtherFiles, IgnoredFiles: lp.IgnoredFiles,
			EmbedFiles: lp.EmbedFiles, Imports: make(map[string]*packages.Package), Module: lp.Module, TypesSizes: sizes}
	}
	var roots []*packages.Package
	for _, lp := range l.Packages {
		p := byID[lp.ID]
		for path, id := range lp.Imports {
			p.Imports[path] = byID[id]
		}
		if lp.Root {
			roots = append(roots, p)
		}
	}
	slices.SortFunc(roots, func(a, b *packages.Package) int { return strings.Compare(a.ID, b.ID) })
	return roots
}
