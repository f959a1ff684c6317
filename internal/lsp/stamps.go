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
}

// recordInputs returns the inputs of a load of dir whose packages, apart
// from roots, are deps, made with overlay.
func recordInputs(dir string, roots, deps []*packages.Package, overlay map[string][]byte) *inputs {
	in := &inputs{disk: make(map[string]stamp), open: make(map[string][32]byte), dirPath: dir}
	note := func(path string) {
		if b, ok := overlay[path]; ok {
			in.open[path] = sha256.Sum256(b)
		}
		in.disk[path] = stampOf(path)
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
		if stampOf(path) != st {
			return false
		}
	}
	return slices.Equal(goFilesIn(in.dirPath, overlay), in.dirGo)
}

// goFilesIn returns the sorted paths of the .go files of dir, on disk or
// in overlay.
func goFilesIn(dir string, overlay map[string][]byte) []string {
	var files []string
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if !e.IsDir() && strings.HasSuffix(e.Name(), ".go") {
			files = append(files, filepath.Join(dir, e.Name()))
		}
	}
	for path := range overlay {
		if filepath.Dir(path) == dir && strings.HasSuffix(path, ".go") && !slices.Contains(files, path) {
			files = append(files, path)
		}
	}
	slices.Sort(files)
	return files
}
