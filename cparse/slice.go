package cparse

import "bytes"
import "fmt"
import "sort"

// sliceRelevant blanks the function definitions of a file that cannot
// matter to the analysis: those that mention no word of vocab and call no
// function of the file that does (transitively). Declarations, types and
// macros are kept, and so are the lines (positions hold). It returns the
// new text and how many functions were kept and dropped.
//
// This is what makes tolerant mode fast on large files: the frontend
// parses the few functions that touch the GUP API, and a construct it
// cannot read in an unrelated function no longer costs a recovery.
func sliceRelevant(src []byte, vocab, keep func(string) bool) ([]byte, slice) {
	drop, sl := irrelevantFuncs(src, vocab, keep)
	return blankRanges(src, drop), sl
}

// sliceBodies is sliceRelevant for precise mode: of a function that
// cannot matter only the body goes, and it stays declared. The chunk a
// function is in may begin with something else, a file-scope macro
// invocation without a semicolon (7.x's fs/exec.c:
// `DEFINE_CLASS(bprm, ...)` right before bprm_change_interp) that
// preprocessing expands into what later functions use; tolerant mode
// reads such invocations as unknown anyway (blankFileScopeMacros).
func sliceBodies(src []byte, vocab, keep func(string) bool) ([]byte, slice) {
	drop, sl := irrelevantFuncs(src, vocab, keep)
	return blankBodies(src, drop, func([]byte) bool { return true }), sl
}

// irrelevantFuncs returns the line ranges of the function definitions of
// src that cannot matter (see sliceRelevant), in order.
func irrelevantFuncs(src []byte, vocab, keep func(string) bool) ([][2]int, slice) {
	chunks := topLevelChunks(src)
	lines := bytes.SplitAfter(src, []byte("\n"))
	type fn struct {
		from, to int
		name     string
		idents   map[string]bool
		keep     bool
	}
	var fns []*fn
	var sl slice
	byName := map[string][]*fn{}
	for _, c := range chunks {
		text := joinLines(lines, c[0], c[1])
		name, ok := funcDefName(text)
		if !ok {
			sl.declHit = sl.declHit || anyIdent(identsOf(stripComments(text)), vocab)
			continue
		}
		f := &fn{from: c[0], to: c[1], name: name, idents: identsOf(stripComments(text))}
		f.keep = anyIdent(f.idents, vocab)
		fns = append(fns, f)
		byName[name] = append(byName[name], f)
	}
	// callers of kept functions are kept, to a fixpoint
	names := map[string]bool{}
	var queue []string
	for _, f := range fns {
		if f.keep && !names[f.name] {
			names[f.name] = true
			queue = append(queue, f.name)
		}
	}
	for len(queue) > 0 {
		n := queue[0]
		queue = queue[1:]
		for _, f := range fns {
			if !f.keep && f.idents[n] {
				f.keep = true
				if !names[f.name] {
					names[f.name] = true
					queue = append(queue, f.name)
				}
			}
		}
	}
	var drop [][2]int
	for _, f := range fns {
		if f.keep {
			sl.reaching++
		} else if keep != nil && anyIdent(f.idents, keep) {
			f.keep = true
		}
		if f.keep {
			sl.kept++
		} else {
			sl.dropped++
			drop = append(drop, [2]int{f.from, f.to})
		}
	}
	sort.Slice(drop, func(i, j int) bool { return drop[i][0] < drop[j][0] })
	return drop, sl
}

// slice is what sliceRelevant did.
type slice struct {
	kept, dropped int
	// reaching counts the kept functions that can reach the GUP API
	reaching int
	// declHit: a top-level declaration other than a function definition
	// (an initializer, a struct) mentions a vocabulary word
	declHit bool
}

// note says, for -v, what the slice left out; "" when nothing.
func (sl slice) note() string {
	if sl.dropped == 0 {
		return ""
	}
	return fmt.Sprintf("%d function(s) that cannot reach the GUP API skipped, %d analysed", sl.dropped, sl.kept)
}

func joinLines(lines [][]byte, from, to int) []byte {
	var b []byte
	for i := from; i <= to && i <= len(lines); i++ {
		b = append(b, lines[i-1]...)
	}
	return b
}

// funcDefName tells whether a top-level chunk is a function definition
// (its first '{' at depth 0 follows a ')') and returns its name: the
// identifier before the first '(' at depth 0.
func funcDefName(text []byte) (string, bool) {
	name, _, ok := funcDef(text)
	return name, ok
}

// funcDef is funcDefName that also returns the offset of the body's '{'.
func funcDef(text []byte) (string, int, bool) {
	text = stripComments(text)
	depth := 0
	firstParen := -1
	lastNonSpace := byte(0)
	for i := 0; i < len(text); i++ {
		c := text[i]
		switch c {
		case '(':
			if depth == 0 && firstParen < 0 {
				firstParen = i
			}
			depth++
		case ')':
			depth--
		case '{':
			if depth == 0 {
				if lastNonSpace != ')' || firstParen < 0 {
					return "", 0, false
				}
				j, e := identBefore(text, firstParen, " \t\n")
				if j == e {
					return "", 0, false
				}
				return string(text[j:e]), i, true
			}
		case '=', ';':
			if depth == 0 {
				return "", 0, false
			}
		}
		if c != ' ' && c != '\t' && c != '\n' && c != '\r' {
			if depth == 0 || c == ')' {
				lastNonSpace = c
			}
		}
		if depth > 0 && c != ')' {
			lastNonSpace = 0
		}
	}
	return "", 0, false
}

// stripComments blanks comments and preprocessor lines (keeping length and
// line breaks).
func stripComments(b []byte) []byte {
	out := append([]byte(nil), b...)
	atLineStart := true
	for i := 0; i < len(out); i++ {
		c := out[i]
		switch {
		case c == '\n':
			atLineStart = true
			continue
		case atLineStart && c == '#':
			for i < len(out) && out[i] != '\n' {
				if out[i] == '\\' && i+1 < len(out) && out[i+1] == '\n' {
					// a continued directive: its line breaks stay
					out[i] = ' '
					i += 2
					continue
				}
				out[i] = ' '
				i++
			}
			i--
			continue
		case c == '/' && i+1 < len(out) && out[i+1] == '/':
			for i < len(out) && out[i] != '\n' {
				out[i] = ' '
				i++
			}
			i--
			continue
		case c == '/' && i+1 < len(out) && out[i+1] == '*':
			for i < len(out) && !(out[i] == '*' && i+1 < len(out) && out[i+1] == '/') {
				if out[i] != '\n' {
					out[i] = ' '
				}
				i++
			}
			if i+1 < len(out) {
				out[i], out[i+1] = ' ', ' '
				i++
			}
			continue
		case c == ' ' || c == '\t':
			continue
		}
		atLineStart = false
	}
	return out
}

// anyIdent reports whether one of ids satisfies pred.
func anyIdent(ids map[string]bool, pred func(string) bool) bool {
	for id := range ids {
		if pred(id) {
			return true
		}
	}
	return false
}

func identsOf(b []byte) map[string]bool {
	m := map[string]bool{}
	for i := 0; i < len(b); {
		if IsIdentByte(b[i]) && !(b[i] >= '0' && b[i] <= '9') {
			j := i
			for j < len(b) && IsIdentByte(b[j]) {
				j++
			}
			m[string(b[i:j])] = true
			i = j
			continue
		}
		if b[i] >= '0' && b[i] <= '9' {
			for i < len(b) && IsIdentByte(b[i]) {
				i++
			}
			continue
		}
		i++
	}
	return m
}
