// Package testtree writes the small source trees tests build at run time
// (real trees come from internal/realtree).
package testtree

import "os"
import "path/filepath"
import "testing"

// Write writes files (path under root -> content) under root, making
// their directories.
func Write(tb testing.TB, root string, files map[string]string) {
	tb.Helper()
	for p, text := range files {
		f := filepath.Join(root, p)
		if err := os.MkdirAll(filepath.Dir(f), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(f, []byte(text), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
}

// Dir is Write into a new temporary directory, which it returns.
func Dir(tb testing.TB, files map[string]string) string {
	tb.Helper()
	dir := tb.TempDir()
	Write(tb, dir, files)
	return dir
}

// Replace writes file of the tree at root as a new inode (written beside
// it, then renamed over it, as an editor saves): a tree of hard links to
// a real tree stays unchanged.
func Replace(tb testing.TB, root, file, text string) {
	tb.Helper()
	p := filepath.Join(root, file)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(p+".new", []byte(text), 0o644); err != nil {
		tb.Fatal(err)
	}
	if err := os.Rename(p+".new", p); err != nil {
		tb.Fatal(err)
	}
}

// Seed adds the content of each file the patterns match (filepath.Glob)
// to a fuzz target's seed corpus.
func Seed(f *testing.F, patterns ...string) {
	f.Helper()
	for _, pat := range patterns {
		ms, _ := filepath.Glob(pat)
		for _, m := range ms {
			if b, err := os.ReadFile(m); err == nil {
				f.Add(b)
			}
		}
	}
}
