package cparse

import "fmt"
import "os"
import "path/filepath"
import "strings"
import "sync"

// Tree is a kernel source tree and, when there is one, its configured
// object tree (kbuild's O=): everything needed to know how a file compiles.
type Tree struct {
	// Src is the source tree root, absolute.
	Src string
	// Obj is the object tree root (.config, include/generated), absolute,
	// or "" when there is none.
	Obj string
	// Arch is the kernel architecture directory name ("x86").
	Arch string
	// CompDB holds exact per-file compiler flags from compile_commands.json,
	// keyed by absolute source path, or nil.
	CompDB map[string]*CompileCommand
	// CompDBPath is the compile_commands.json CompDB was read from.
	CompDBPath string

	// overlay replaces file contents (absolute path -> content): staged
	// content for pre-commit, a patch applied in memory for review.
	mu      sync.RWMutex
	overlay map[string][]byte

	// autoconf is the object tree's include/generated/autoconf.h, read
	// once, by option (tolerant.go).
	autoconfOnce sync.Once
	autoconf     *autoconf

	// What the kbuild files say, read once per Tree, not per process: a
	// long-lived process (a test binary, a parse worker) sees trees whose
	// .config or Makefiles change between runs at the same path.
	kconfigOnce sync.Once
	kconf       map[string]string // kbuild.go
	archOnce    sync.Once
	archIdx     map[string][]string // kbuild.go: kbuild file -> included dirs
	dirsOnce    sync.Once
	dirs        *kbuildDirs // kbuilddirs.go
	// the include directories' GUP words (headerwords.go), the headers'
	// text in precise mode (headertext.go)
	hwords headerWordsCache
	htexts headerTexts
}

// CompileCommand is one entry of compile_commands.json, its arguments split.
type CompileCommand struct {
	Directory string
	File      string
	Args      []string
}

// NewTree opens a source tree and, if obj is not "", its object tree.
func NewTree(src, obj string) (*Tree, error) {
	abs, err := dirAbs(src, "source tree")
	if err != nil {
		return nil, err
	}
	t := &Tree{Src: abs, Arch: "x86"}
	if obj != "" {
		o, err := dirAbs(obj, "object tree")
		if err != nil {
			return nil, err
		}
		if _, err := os.Stat(filepath.Join(o, ".config")); err != nil {
			return nil, fmt.Errorf("object tree %s: no .config (is it a configured kbuild O= directory?)", obj)
		}
		t.Obj = o
	}
	return t, nil
}

// dirAbs is the absolute path of a directory the command line named, or
// an error that says which (what) is missing or is not a directory.
func dirAbs(dir, what string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	fi, err := os.Stat(abs)
	if err != nil {
		return "", fmt.Errorf("%s: %v", what, err)
	}
	if !fi.IsDir() {
		return "", fmt.Errorf("%s %s: not a directory", what, dir)
	}
	return abs, nil
}

// Abs returns the absolute path of a tree-relative path.
func (t *Tree) Abs(rel string) string {
	if filepath.IsAbs(rel) {
		return filepath.Clean(rel)
	}
	return filepath.Join(t.Src, rel)
}

// Rel returns the tree-relative form of an absolute path, or the path
// itself when it is outside the tree.
func (t *Tree) Rel(abs string) string {
	if r, err := filepath.Rel(t.Src, abs); err == nil && !strings.HasPrefix(r, "..") {
		return r
	}
	return abs
}

// SetOverlay makes the tree read content instead of the file at path
// (tree-relative or absolute). Nothing on disk changes.
func (t *Tree) SetOverlay(path string, content []byte) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.overlay == nil {
		t.overlay = map[string][]byte{}
	}
	t.overlay[t.Abs(path)] = content
}

// ReadFile reads a file of the tree, honouring the overlay.
func (t *Tree) ReadFile(path string) ([]byte, error) {
	abs := t.Abs(path)
	t.mu.RLock()
	b, ok := t.overlay[abs]
	t.mu.RUnlock()
	if ok {
		return b, nil
	}
	return os.ReadFile(abs)
}

// ResetOverlay replaces the whole overlay.
func (t *Tree) ResetOverlay(m map[string][]byte) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.overlay = m
}

// Overlay returns a copy of the overlay (absolute path -> content).
func (t *Tree) Overlay() map[string][]byte {
	t.mu.RLock()
	defer t.mu.RUnlock()
	m := make(map[string][]byte, len(t.overlay))
	for k, v := range t.overlay {
		m[k] = v
	}
	return m
}

// Overlaid reports whether path has overlay content.
func (t *Tree) Overlaid(path string) bool {
	t.mu.RLock()
	defer t.mu.RUnlock()
	_, ok := t.overlay[t.Abs(path)]
	return ok
}
