package cparse

import "bytes"
import "path/filepath"
import "strings"

import "modernc.org/cc/v4"

// positions maps cc/v4 token positions back to what a user wants to read:
// a path relative to the tree and the token's real column.
//
// cc/v4 reports every token produced by a macro expansion, including the
// tokens written in the macro's arguments, at the position of the outermost
// macro name (line kept, column shifted). The real column is recovered by
// looking for the token's spelling on that line.
type positions struct {
	root  string                       // tree root, absolute; "" = keep paths
	read  func(string) ([]byte, error) // reads a file as the frontend saw it
	lines map[string][][]byte
}

func newPositions(root string, read func(string) ([]byte, error)) *positions {
	return &positions{root: root, read: read, lines: map[string][][]byte{}}
}

func (p *positions) rel(file string) string {
	file = unnest(file) // a copy of a file in an include cycle
	if p.root == "" || !filepath.IsAbs(file) {
		return file
	}
	if r, err := filepath.Rel(p.root, file); err == nil && !strings.HasPrefix(r, "..") {
		return r
	}
	return file
}

func (p *positions) line(file string, n int) []byte {
	ls, ok := p.lines[file]
	if !ok {
		if b, err := p.read(file); err == nil {
			ls = bytes.Split(b, []byte("\n"))
		}
		p.lines[file] = ls
	}
	if n < 1 || n > len(ls) {
		return nil
	}
	return ls[n-1]
}

func (p *positions) of(t cc.Token) Pos {
	return p.ofName(t, t.SrcStr())
}

// ofName returns the position of t, whose spelling in the source is name
// (the macro name, for a literal that came from an object-like macro).
func (p *positions) ofName(t cc.Token, name string) Pos {
	tp := t.Position()
	if !tp.IsValid() {
		return Pos{}
	}
	pos := Pos{File: p.rel(tp.Filename), Line: int32(tp.Line), Col: int32(tp.Column)}
	if name == "" {
		return pos
	}
	if c := findColumn(p.line(tp.Filename, tp.Line), name, tp.Column); c > 0 {
		pos.Col = int32(c)
	}
	return pos
}

// findColumn returns the 1-based column of name on line: col itself when
// the text there matches, else the nearest whole-word occurrence at or
// after col, else the first one; 0 when name is not on the line.
func findColumn(line []byte, name string, col int) int {
	if line == nil {
		return 0
	}
	at := func(i int) bool {
		if i < 0 || i+len(name) > len(line) || string(line[i:i+len(name)]) != name {
			return false
		}
		if isIdent(name) {
			if i > 0 && IsIdentByte(line[i-1]) {
				return false
			}
			if j := i + len(name); j < len(line) && IsIdentByte(line[j]) {
				return false
			}
		}
		return true
	}
	if at(col - 1) {
		return col
	}
	first := 0
	for i := 0; i+len(name) <= len(line); i++ {
		if at(i) {
			if i >= col-1 {
				return i + 1
			}
			if first == 0 {
				first = i + 1
			}
		}
	}
	return first
}

// IsIdentByte reports whether b may stand in a C identifier.
func IsIdentByte(b byte) bool {
	return b == '_' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9'
}

// identBefore finds the identifier that ends before b[i], past the bytes
// of space right before it: b[start:end] ("" when start == end).
func identBefore(b []byte, i int, space string) (start, end int) {
	for i > 0 && strings.IndexByte(space, b[i-1]) >= 0 {
		i--
	}
	end = i
	for i > 0 && IsIdentByte(b[i-1]) {
		i--
	}
	return i, end
}

func isIdent(s string) bool {
	for i := 0; i < len(s); i++ {
		if !IsIdentByte(s[i]) {
			return false
		}
	}
	return s != ""
}
