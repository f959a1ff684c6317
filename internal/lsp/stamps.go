package lsp

import (
	"crypto/sha256"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"golang.org/x/tools/go/packages"
)

// stamp is what tells that a file on disk changed.
type stamp struct {
	size    int64
	modTime time.Time
	missing bool
}

// stampOf returns the stamp of the file at path now.
func stampOf(path string) stamp {
	fi, err := os.Stat(path)
	if err != nil {
		return stamp{missing: true}
	}
	return stamp{size: fi.Size(), modTime: fi.ModTime()}
}

// inputs records what a full load of a directory read besides the Go
// files of its packages: the files of every dependency, on disk or open
// in the editor, the directory's files left out by build constraints,
// and the module files. If they are unchanged, the dependencies loaded
// then are still right, and so is the list of the packages' files.
type inputs struct {
	disk    map[string]stamp
	open    map[string][32]byte // dependency files read from the overlay, by content hash
	dirGo   []string            // the .go files of the directory, on disk or open
	dirPath string
	depDirs map[string]bool // the directories of the files in disk: a new file there may join a package
}

// recordInputs returns the inputs of a load of dir whose packages, apart
// from roots, are deps, made with overlay.
func recordInputs(dir string, roots, deps []*packages.Package, overlay map[string][]byte) *inputs {
	in := &inputs{disk: make(map[string]stamp), open: make(map[string][32]byte), dirPath: dir, depDirs: make(map[string]bool)}
	note := func(path string) {
		if b, ok := overlay[path]; ok {
			in.open[path] = sha256.Sum256(b)
		}
		in.disk[path] = stampOf(path)
		in.depDirs[filepath.Dir(path)] = true
	}
	for _, p := range deps {
		for _, list := range [][]string{p.GoFiles, p.CompiledGoFiles, p.OtherFiles, p.EmbedFiles} {
			for _, f := range list {
				note(f)
			}
		}
	}
	for _, p := range roots {
		// Files left out by build constraints may be edited into the
		// package; assembly and C files are not parsed again.
		for _, list := range [][]string{p.IgnoredFiles, p.OtherFiles, p.EmbedFiles} {
			for _, f := range list {
				note(f)
			}
		}
		if p.Module != nil && p.Module.GoMod != "" {
			note(p.Module.GoMod)
			note(filepath.Join(filepath.Dir(p.Module.GoMod), "go.sum"))
		}
	}
	in.dirGo = goFilesIn(dir, overlay)
	return in
}

// unchanged reports whether the inputs are as recorded, given the open
// files now.
func (in *inputs) unchanged(overlay map[string][]byte) bool {
	for path, h := range in.open {
		b, ok := overlay[path]
		if !ok || sha256.Sum256(b) != h {
			return false // closed (back to disk) or edited
		}
	}
	for path := range overlay {
		if _, noted := in.disk[path]; noted {
			if _, was := in.open[path]; !was {
				return false // opened since, maybe with unsaved changes
			}
		}
	}
	for path, st := range in.disk {
		if _, open := in.open[path]; open {
			continue // read from the editor, unchanged there: saving it changes nothing
		}
		if stampOf(path) != st {
			return false
		}
	}
	return slices.Equal(goFilesIn(in.dirPath, overlay), in.dirGo)
}

// affectedBy reports whether a change on disk of the file at path can
// make the load stale: a file of the directory, a file it was loaded from,
// or a new file beside those.
func (in *inputs) affectedBy(path string) bool {
	dir := filepath.Dir(path)
	_, read := in.disk[path]
	return dir == in.dirPath || read || in.depDirs[dir]
}

// goFilesIn returns the sorted paths of the Go files of dir, on disk or
// in overlay, by the go command's rules (isGoFileName); a name on disk
// counts if it is a regular file or a link to one. Emacs's lock files
// (.#name.go, a link to nowhere) and backups (#name.go#, name.go~) do not.
func goFilesIn(dir string, overlay map[string][]byte) []string {
	var files []string
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if !isGoFileName(e.Name()) {
			continue
		}
		path := filepath.Join(dir, e.Name())
		if fi, err := os.Stat(path); err == nil && fi.Mode().IsRegular() {
			files = append(files, path)
		}
	}
	for path := range overlay {
		if filepath.Dir(path) == dir && isGoFileName(filepath.Base(path)) && !slices.Contains(files, path) {
			files = append(files, path)
		}
	}
	slices.Sort(files)
	return files
}

// isGoFileName reports whether the go command may build a file of this
// name: it ends in .go and does not start with "." or "_", which go/build
// ignores (build.Context.MatchFile). Build constraints are not looked at:
// a file they leave out is still watched for edits that bring it in.
func isGoFileName(name string) bool {
	return strings.HasSuffix(name, ".go") && !strings.HasPrefix(name, ".") && !strings.HasPrefix(name, "_")
}
