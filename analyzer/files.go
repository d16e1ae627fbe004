package analyzer

import "go/token"
import "sync"

import "gupvet/cparse"

// Files registers C files in a token.FileSet on first use, so that
// analysis.Diagnostic positions (token.Pos) resolve to C lines and columns.
type Files struct {
	Fset *token.FileSet
	read func(path string) ([]byte, error)

	mu    sync.Mutex
	files map[string]*token.File
}

// NewFiles returns a registry reading file contents with read (the tree's
// reader, so overlays count).
func NewFiles(fset *token.FileSet, read func(string) ([]byte, error)) *Files {
	return &Files{Fset: fset, read: read, files: map[string]*token.File{}}
}

func (f *Files) file(name string) *token.File {
	f.mu.Lock()
	defer f.mu.Unlock()
	if tf, ok := f.files[name]; ok {
		return tf
	}
	b, err := f.read(name)
	if err != nil {
		f.files[name] = nil
		return nil
	}
	tf := f.Fset.AddFile(name, -1, len(b)+1)
	tf.SetLinesForContent(b)
	f.files[name] = tf
	return tf
}

// Pos returns the token.Pos of a cparse position, or token.NoPos when the
// file cannot be read or the position is outside it.
func (f *Files) Pos(p cparse.Pos) token.Pos {
	if !p.IsValid() {
		return token.NoPos
	}
	tf := f.file(p.File)
	if tf == nil || int(p.Line) > tf.LineCount() {
		return token.NoPos
	}
	off := int(tf.LineStart(int(p.Line))-token.Pos(tf.Base())) + int(p.Col) - 1
	if off < 0 {
		off = 0
	}
	if off > tf.Size() {
		off = tf.Size()
	}
	return tf.Pos(off)
}
