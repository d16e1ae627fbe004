package cparse

import (
	"path/filepath"
	"testing"

	"gupvet/internal/testtree"
)

// What a tree's kbuild files say is read once per Tree: a second Tree at
// the same paths, after .config and scripts/Makefile.build changed, sees
// the new text (a process-wide cache keyed by path kept the old one).
func TestKbuildReadPerTree(t *testing.T) {
	src, obj := t.TempDir(), t.TempDir()
	write := func(p, s string) { t.Helper(); testtree.Write(t, "", map[string]string{p: s}) }
	write(filepath.Join(obj, ".config"), "CONFIG_FOO=y\n")
	write(filepath.Join(src, "scripts/Makefile.build"), "src := $(obj)\n")
	t1, err := NewTree(src, obj)
	if err != nil {
		t.Fatal(err)
	}
	if got := t1.kconfig()["CONFIG_FOO"]; got != "y" {
		t.Fatalf("CONFIG_FOO = %q, want y", got)
	}
	if got := t1.kbuildDirs().srcAssign; got != "src := $(obj)" {
		t.Fatalf("src := %q, want $(obj)", got)
	}
	write(filepath.Join(obj, ".config"), "CONFIG_FOO=m\n")
	write(filepath.Join(src, "scripts/Makefile.build"), "src := $(srcroot)/$(obj)\n")
	t2, err := NewTree(src, obj)
	if err != nil {
		t.Fatal(err)
	}
	if got := t2.kconfig()["CONFIG_FOO"]; got != "m" {
		t.Errorf("a new Tree: CONFIG_FOO = %q, want m", got)
	}
	if got := t2.kbuildDirs().srcAssign; got != "src := $(srcroot)/$(obj)" {
		t.Errorf("a new Tree: src := %q, want $(srcroot)/$(obj)", got)
	}
}
