package main_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The tests in this file drive real editors against bodyclosecheck lsp
// with the configurations the documentation gives (editors/), as a user
// would: open the README's 403 example (testdata/lspmod), wait for the
// finding, apply the quick fix, save, see the finding clear. .ci/run
// installs the editors; elsewhere a test is skipped when its editor is
// missing.

// editorModule copies lspmod into a new directory and returns it with a
// PATH on which bodyclosecheck is the command under test.
func editorModule(t *testing.T) (dir, path string) {
	t.Helper()
	bin := buildTool(t)
	dir = t.TempDir()
	if err := os.CopyFS(dir, os.DirFS(filepath.Join("testdata", "lspmod"))); err != nil {
		t.Fatal(err)
	}
	return dir, filepath.Dir(bin) + string(os.PathListSeparator) + os.Getenv("PATH")
}

// repoFile returns the absolute path of a file of the repository.
func repoFile(t *testing.T, rel string) string {
	t.Helper()
	p, err := filepath.Abs(filepath.Join("..", "..", rel))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestNeovim runs headless Neovim (0.7 or later) with editors/nvim-0.7.lua,
// the configuration for Neovim 0.7 to 0.10.
func TestNeovim(t *testing.T) {
	nvim, err := exec.LookPath("nvim")
	if err != nil {
		t.Skip("nvim not installed (Debian: apt-get install neovim); .ci/run installs it")
	}
	dir, path := editorModule(t)
	init := filepath.Join(t.TempDir(), "init.lua")
	if err := os.WriteFile(init, []byte("vim.cmd('filetype on')\ndofile("+luaString(repoFile(t, "editors/nvim-0.7.lua"))+")\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(nvim, "--headless", "-u", init, "-i", "NONE",
		"-c", "luafile "+repoFile(t, "cmd/bodyclosecheck/testdata/editors/nvim-test.lua"), "items.go")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "PATH="+path, "BODYCLOSECHECK_CACHE=off")
	cmd.WaitDelay = 5 * time.Second
	out, err := cmd.CombinedOutput()
	t.Logf("%s", out)
	if err != nil {
		t.Fatalf("nvim: %v", err)
	}
	checkEditorSteps(t, string(out), dir)
}

// TestEmacsEglot runs Emacs with eglot and editors/eglot.el in a terminal
// under tmux: eglot sends changes from idle timers, which never run in
// --batch. The server's -v log must show that the edits after the first
// load, the save and Emacs's lock and backup files among them, reuse the
// loaded dependencies instead of loading the package again.
func TestEmacsEglot(t *testing.T) {
	emacs, errE := exec.LookPath("emacs")
	tmux, errT := exec.LookPath("tmux")
	if errE == nil {
		errE = exec.Command(emacs, "--batch", "-q", "--eval", "(require 'eglot)").Run()
	}
	if errE != nil || errT != nil {
		t.Skip("emacs with eglot, or tmux, not installed (Debian: apt-get install emacs-nox elpa-eglot tmux); .ci/run installs them")
	}
	dir, path := editorModule(t)
	logs := t.TempDir()
	steps, server := filepath.Join(logs, "steps.log"), filepath.Join(logs, "server.log")
	session := "bodyclosecheck-test-" + filepath.Base(logs)
	script := strings.Join([]string{
		"cd " + shQuote(dir) + " &&",
		"PATH=" + shQuote(path), "BODYCLOSECHECK_CACHE=off", "BCC_EDIT_AFTER_SAVE=1",
		"BCC_LOG=" + shQuote(steps), "BCC_SERVER_LOG=" + shQuote(server), "BCC_FILE=items.go", "BCC_CONFIG=" + shQuote(repoFile(t, "editors/eglot.el")),
		"BCC_SERVER=" + shQuote("exec bodyclosecheck lsp -v 2>>"+shQuote(server)),
		shQuote(emacs), "-nw", "-q", "-l", shQuote(repoFile(t, "cmd/bodyclosecheck/testdata/editors/emacs-test.el")), "items.go",
	}, " ")
	if out, err := exec.Command(tmux, "new-session", "-d", "-s", session, "-x", "150", "-y", "40", script).CombinedOutput(); err != nil {
		t.Fatalf("tmux: %v\n%s", err, out)
	}
	defer exec.Command(tmux, "kill-session", "-t", session).Run()
	deadline := time.Now().Add(3 * time.Minute)
	for exec.Command(tmux, "has-session", "-t", session).Run() == nil {
		if time.Now().After(deadline) {
			screen, _ := exec.Command(tmux, "capture-pane", "-p", "-t", session).Output()
			t.Fatalf("Emacs still running after 3 minutes; screen:\n%s", screen)
		}
		time.Sleep(250 * time.Millisecond)
	}
	out, _ := os.ReadFile(steps)
	log, _ := os.ReadFile(server)
	t.Logf("steps:\n%s\nserver log:\n%s", out, log)
	checkEditorSteps(t, string(out), dir)
	if !strings.Contains(string(out), "ANALYSED") {
		t.Errorf("the edit after the save was not analysed")
	}
	var analyses []string
	for _, l := range strings.Split(string(log), "\n") {
		if strings.Contains(l, " findings (") {
			analyses = append(analyses, l)
		}
	}
	if len(analyses) < 3 || !strings.Contains(analyses[0], "full load") {
		t.Fatalf("analyses %q: want a full load, then those of the fix and of the edit after the save", analyses)
	}
	for _, a := range analyses[1:] {
		if !strings.Contains(a, "cached dependencies") {
			t.Errorf("a later analysis loaded the package again: %s", a)
		}
	}
}

// checkEditorSteps checks the steps an editor test printed and the file
// it saved: the 403 finding, the fix applied (the defer moved above the
// status check), saved, cleared.
func checkEditorSteps(t *testing.T, out, dir string) {
	t.Helper()
	for _, step := range []string{"DIAGNOSTIC 18", "resp.Body is not closed on every path: leaks at the return on line 23", "FIX", "SAVED", "CLEARED"} {
		if !strings.Contains(out, step) {
			t.Errorf("no %q in the editor's steps:\n%s", step, out)
		}
	}
	saved, err := os.ReadFile(filepath.Join(dir, "items.go"))
	if err != nil {
		t.Fatal(err)
	}
	want := "\tif err != nil {\n\t\treturn nil, err\n\t}\n\tdefer resp.Body.Close()\n\tif resp.StatusCode"
	if !strings.Contains(string(saved), want) {
		t.Errorf("items.go as saved:\n%s\nwant it to contain:\n%s", saved, want)
	}
}

// luaString quotes s for Lua.
func luaString(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s) + "'"
}

// shQuote quotes s for sh.
func shQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }
