package cparse

import "os"
import "path/filepath"

// Built reports whether the tree's configuration builds the file, as the
// kbuild files say; known is false without an object tree or when the
// file's directory has no kbuild file. A file that its directory's kbuild
// file (or an architecture's that includes it) lists in no selected list
// is not built: another architecture's driver, a selftest #included by
// another file, mm/nommu.c on an MMU kernel.
func (t *Tree) Built(path string) (built, known bool) {
	if t.Obj == "" {
		return false, false
	}
	abs := t.Abs(path)
	info := t.kbuild(abs)
	if info.Makefile != "" {
		return info.Built, true
	}
	// No kbuild file lists it: not built if the directory, or one of its
	// parents below the tree's root, has a kbuild file (the object would
	// be listed there); unknown otherwise.
	for dir := filepath.Dir(abs); dir != t.Src && len(dir) > len(t.Src); dir = filepath.Dir(dir) {
		for _, n := range []string{"Kbuild", "Makefile"} {
			if _, err := os.Stat(filepath.Join(dir, n)); err == nil {
				return false, true
			}
		}
	}
	return false, false
}
