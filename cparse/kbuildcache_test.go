package cparse

import "path/filepath"
import "testing"

import "gupvet/internal/testtree"

// What a tree's kbuild files say is read once per Tree: a second Tree at
// the same paths, after .config and scripts/Makefile.build changed, sees
// the new text (a process-wide cache keyed by path kept the old one).
func TestKbuildReadPerTree(t *testing.T) {
	src, obj := t.TempDir(), t.TempDir()
	// the same paths, written again before each new Tree
	for i, c := range []struct{ config, build, wantFoo, wantSrc string }{
		{"CONFIG_FOO=y\n", "src := $(obj)\n", "y", "src := $(obj)"},
		{"CONFIG_FOO=m\n", "src := $(srcroot)/$(obj)\n", "m", "src := $(srcroot)/$(obj)"},
	} {
		testtree.Write(t, "", map[string]string{filepath.Join(obj, ".config"): c.config, filepath.Join(src, "scripts/Makefile.build"): c.build})
		tr, err := NewTree(src, obj)
		if err != nil {
			t.Fatal(err)
		}
		if got := tr.kconfig()["CONFIG_FOO"]; got != c.wantFoo {
			t.Errorf("Tree %d: CONFIG_FOO = %q, want %s", i+1, got, c.wantFoo)
		}
		if got := tr.kbuildDirs().srcAssign; got != c.wantSrc {
			t.Errorf("Tree %d: %q, want %q", i+1, got, c.wantSrc)
		}
	}
}
