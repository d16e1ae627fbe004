package cparse

import "bytes"
import "iter"
import "strings"

// The text scans of the rewrites and of the rules' reading of source
// text: where a string or a word occurs, and an edited copy of a text.

// scan yields the offset of each occurrence of s in b at or after *off,
// in order. It sets *off past the occurrence before yielding it; the loop
// body may move *off further on (past the part it rewrote).
func scan(b []byte, s string, off *int) iter.Seq[int] {
	return func(yield func(int) bool) {
		for *off <= len(b) {
			j := bytes.Index(b[*off:], []byte(s))
			if j < 0 {
				return
			}
			i := *off + j
			*off = i + len(s)
			if !yield(i) {
				return
			}
		}
	}
}

// scanWords is scan of the occurrences of w as a whole identifier.
func scanWords(b []byte, w string, off *int) iter.Seq[int] {
	return func(yield func(int) bool) {
		for i := range scan(b, w, off) {
			if isWordAt(b, i, w) && !yield(i) {
				return
			}
		}
	}
}

// Occurrences yields the offset of each occurrence of s in b, in order,
// none overlapping the one before.
func Occurrences(b []byte, s string) iter.Seq[int] {
	off := 0
	return scan(b, s, &off)
}

// Words yields the offset of each occurrence of the identifier w in b as
// a whole word (no identifier byte just before or after it).
func Words(b []byte, w string) iter.Seq[int] {
	off := 0
	return scanWords(b, w, &off)
}

// splice builds an edited copy of src: the text up to an offset, then
// what replaces the part from there, and so on.
type splice struct {
	src, out []byte
	last     int // src[:last] is in out, or was dropped
	edited   bool
}

// keep copies src from where the last edit ended up to i, and drops
// src[i:next]: the edit's replacement follows (add).
func (s *splice) keep(i, next int) {
	s.out = append(s.out, s.src[s.last:i]...)
	s.last, s.edited = next, true
}

// add appends replacement text.
func (s *splice) add(parts ...string) {
	for _, p := range parts {
		s.out = append(s.out, p...)
	}
}

// done returns the edited text, or src and false when nothing was edited.
func (s *splice) done() ([]byte, bool) {
	if !s.edited {
		return s.src, false
	}
	return append(s.out, s.src[s.last:]...), true
}

// Closing returns the offset of the bracket that closes the one at b[p]
// (a '(', '[' or '{'), or -1 when none does within limit bytes or a byte of
// stop comes first.
func Closing(b []byte, p, limit int, stop string) int {
	open, shut := b[p], byte(')')
	switch open {
	case '[':
		shut = ']'
	case '{':
		shut = '}'
	}
	depth := 0
	for k := p; k < len(b) && k < p+limit; k++ {
		switch c := b[k]; {
		case c == open:
			depth++
		case c == shut:
			if depth--; depth == 0 {
				return k
			}
		case strings.IndexByte(stop, c) >= 0:
			return -1
		}
	}
	return -1
}

// skipBlanks returns the offset of the first byte at or after i that is
// not a blank (space, tab).
func skipBlanks(b []byte, i int) int {
	for i < len(b) && isBlank(b[i]) {
		i++
	}
	return i
}
