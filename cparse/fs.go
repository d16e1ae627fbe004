package cparse

import "bytes"
import "io/fs"
import "os"
import "path/filepath"
import "sort"
import "strings"
import "sync"
import "time"

// treeFS is the file system cc/v4 reads a translation unit through. It is
// where gupvet changes what the frontend sees without touching the disk:
// the tree's overlay (staged content, a patch under review), the
// line-preserving rewrites that work round cc/v4 gaps, and, in tolerant
// mode, stub headers and the prelude.
//
// cc/v4 opens files by absolute path, so Open accepts absolute names.
type treeFS struct {
	t *Tree
	// stubDir, when not "", is a synthetic directory: any file under it
	// opens as an empty file (tolerant mode's missing headers).
	stubDir string
	// virtual files by absolute path (prelude, forced includes).
	virtual map[string][]byte
	// rewrite is applied to every real file read.
	rewrite func(path string, b []byte) []byte
	// nest, when the unit has an include cycle, makes each turn of it
	// read a copy (see nest.go).
	nest *includeNest

	mu   sync.Mutex
	deps map[string]bool // real files read, for the result cache
}

// Deps returns the real files read through the file system, sorted.
func (f *treeFS) Deps() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make([]string, 0, len(f.deps))
	for p := range f.deps {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

func (f *treeFS) record(p string) {
	f.mu.Lock()
	if f.deps == nil {
		f.deps = map[string]bool{}
	}
	f.deps[p] = true
	f.mu.Unlock()
}

// FS returns the file system of the tree as precise mode reads it.
func (t *Tree) FS() fs.FS {
	return &treeFS{t: t, rewrite: rewriteKernelSource}
}

func (f *treeFS) Open(name string) (fs.File, error) {
	name = filepath.Clean(filepath.FromSlash(name))
	depth := 0
	if real, d, edge, ok := splitNest(name); ok {
		// a copy of a file in an include cycle
		if f.nest != nil && !f.nest.reached(d, edge) {
			return newMemFile(name, nil), nil
		}
		name, depth = real, d
	}
	b, err := f.read(name)
	if err != nil {
		return nil, err
	}
	if b == nil {
		return &memFile{name: name, dir: true}, nil
	}
	if f.nest != nil {
		b = f.nest.rewrite(name, depth, b)
	}
	return newMemFile(name, endSafely(b)), nil
}

// read returns the content of a file as the frontend reads it: virtual,
// stub, overlay or disk, rewritten; nil for a directory.
func (f *treeFS) read(name string) ([]byte, error) {
	if b, ok := f.virtual[name]; ok {
		if b == nil {
			b = []byte{}
		}
		return b, nil
	}
	if f.stubDir != "" && strings.HasPrefix(name, f.stubDir+string(filepath.Separator)) {
		return []byte{}, nil
	}
	f.t.mu.RLock()
	b, ok := f.t.overlay[name]
	f.t.mu.RUnlock()
	if !ok {
		fi, err := os.Stat(name)
		if err != nil {
			return nil, err
		}
		if fi.IsDir() {
			return nil, nil
		}
		if !fi.Mode().IsRegular() {
			return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
		}
		if b, err = os.ReadFile(name); err != nil {
			return nil, err
		}
	}
	f.record(name)
	if f.rewrite != nil {
		b = f.rewrite(name, b)
	}
	if b == nil {
		b = []byte{}
	}
	return b, nil
}

// findCycles sets nest to the include cycles of the unit of main, read
// through f with cfg's quote include paths.
func (f *treeFS) findCycles(main string, paths []string) {
	f.nest = nil
	f.nest = includeCycles(main, paths, f.stubDir, func(p string) ([]byte, bool) {
		b, err := f.read(filepath.Clean(p))
		return b, err == nil && b != nil
	})
}

// endSafely adds a final empty line to text that ends with a backslash
// (a line splice into end of file): cc/v4's scanner loops forever on an
// unterminated string or character literal that ends that way (found by
// FuzzParse; reproducer in TestBackslashAtEOF). Positions are unchanged.
func endSafely(b []byte) []byte {
	t := bytes.TrimRight(b, "\r\n")
	if len(t) > 0 && t[len(t)-1] == '\\' {
		return append(append([]byte(nil), b...), "\n\n"...)
	}
	return b
}

type memFile struct {
	name string
	r    *bytes.Reader
	size int64
	dir  bool
}

func newMemFile(name string, b []byte) *memFile {
	return &memFile{name: name, r: bytes.NewReader(b), size: int64(len(b))}
}

func (m *memFile) Read(p []byte) (int, error) {
	if m.dir {
		return 0, &fs.PathError{Op: "read", Path: m.name, Err: fs.ErrInvalid}
	}
	return m.r.Read(p)
}
func (m *memFile) Close() error               { return nil }
func (m *memFile) Stat() (fs.FileInfo, error) { return memInfo{m}, nil }

type memInfo struct{ m *memFile }

func (i memInfo) Name() string { return filepath.Base(i.m.name) }
func (i memInfo) Size() int64  { return i.m.size }
func (i memInfo) Mode() fs.FileMode {
	if i.m.dir {
		return fs.ModeDir | 0o555
	}
	return 0o444
}
func (i memInfo) ModTime() time.Time { return time.Time{} }
func (i memInfo) IsDir() bool        { return i.m.dir }
func (i memInfo) Sys() any           { return nil }
