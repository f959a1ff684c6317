package lsp

import (
	"fmt"
	"net/url"
	"path/filepath"
	"runtime"
	"strings"
)

// uriToPath returns the absolute, cleaned file path named by a file:// URI.
func uriToPath(uri string) (string, error) {
	u, err := url.Parse(uri)
	if err != nil {
		return "", fmt.Errorf("bad document URI %q: %v", uri, err)
	}
	if u.Scheme != "file" {
		return "", fmt.Errorf("unsupported document URI %q: only file:// URIs are supported", uri)
	}
	p := u.Path
	if runtime.GOOS == "windows" {
		// file:///C:/dir/f.go has the path /C:/dir/f.go.
		p = strings.TrimPrefix(p, "/")
	}
	p = filepath.FromSlash(p)
	if !filepath.IsAbs(p) {
		return "", fmt.Errorf("document URI %q does not name an absolute path", uri)
	}
	return filepath.Clean(p), nil
}

// pathToURI returns the file:// URI of an absolute file path.
func pathToURI(path string) string {
	p := filepath.ToSlash(path)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // Windows: C:/dir → /C:/dir
	}
	return (&url.URL{Scheme: "file", Path: p}).String()
}
