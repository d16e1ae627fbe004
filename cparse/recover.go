package cparse

import (
	"bytes"
	"regexp"
	"strings"
)

// unknownTypeName looks at a parse error position and, when the source
// there reads like a declaration whose type is an identifier the prelude
// does not know ("kvm_pfn_t pfn;", "foo_t *p"), returns that identifier.
func unknownTypeName(src []byte, line, col int) string {
	l := lineOf(src, line)
	if l == nil {
		return ""
	}
	// The error is usually reported at the token after the type name, or
	// at the type name itself. Look at the identifier(s) around col.
	i := col - 1
	if i > len(l) {
		i = len(l)
	}
	// candidate: identifier ending before i (skipping spaces and '*')
	j := i
	for j > 0 && (l[j-1] == ' ' || l[j-1] == '\t' || l[j-1] == '*') {
		j--
	}
	end := j
	for j > 0 && isIdentByte(l[j-1]) {
		j--
	}
	prev := string(l[j:end])
	// identifier at i
	k := i
	for k < len(l) && isIdentByte(l[k]) {
		k++
	}
	cur := ""
	if i >= 0 && i <= len(l) {
		cur = string(l[i:k])
	}
	// what follows cur
	m := k
	for m < len(l) && (l[m] == ' ' || l[m] == '\t' || l[m] == '*') {
		m++
	}
	nextIsIdent := m < len(l) && isIdentByte(l[m]) && !(l[m] >= '0' && l[m] <= '9')
	atStar := i < len(l) && l[i] == '*'
	switch {
	case isAttributeLike(cur) && (nextIsIdent || atStar):
		return cur
	case isAttributeLike(prev) && isIdent(cur):
		return prev
	case looksLikeTypeName(cur) && nextIsIdent:
		return cur
	case looksLikeTypeName(prev) && (isIdent(cur) || atStar) && !isKeyword(prev):
		return prev
	}
	return ""
}

// isAttributeLike tells the kernel's section and annotation macros
// (__init, __meminit, __init_memblock, __sched) from type names: in
// tolerant mode they are defined away instead of guessed as typedefs.
func isAttributeLike(s string) bool {
	if len(s) < 3 || s[0] != '_' || s[1] != '_' {
		return false
	}
	for i := 2; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c == '_' || c >= '0' && c <= '9') {
			return false
		}
	}
	return !strings.HasSuffix(s, "_t")
}

func looksLikeTypeName(s string) bool {
	if !isIdent(s) || isKeyword(s) || (s[0] >= '0' && s[0] <= '9') {
		return false
	}
	return true
}

func isKeyword(s string) bool {
	switch s {
	case "auto", "break", "case", "char", "const", "continue", "default", "do", "double", "else", "enum",
		"extern", "float", "for", "goto", "if", "inline", "int", "long", "register", "restrict", "return",
		"short", "signed", "sizeof", "static", "struct", "switch", "typedef", "union", "unsigned", "void",
		"volatile", "while", "_Bool", "bool", "typeof", "__typeof__", "__attribute__", "asm", "__asm__":
		return true
	}
	return false
}

func lineOf(src []byte, n int) []byte {
	if n < 1 {
		return nil
	}
	for i := 1; i < n; i++ {
		k := bytes.IndexByte(src, '\n')
		if k < 0 {
			return nil
		}
		src = src[k+1:]
	}
	if k := bytes.IndexByte(src, '\n'); k >= 0 {
		return src[:k]
	}
	return src
}

// topLevelChunk finds the top-level declaration (function definition,
// struct, variable) that contains line and returns its first and last line.
func topLevelChunk(src []byte, line int) (from, to int, ok bool) {
	for _, c := range topLevelChunks(src) {
		if line >= c[0] && line <= c[1] {
			return c[0], c[1], true
		}
		if c[0] > line {
			break
		}
	}
	return 0, 0, false
}

// topLevelChunks lists the line ranges of the file's top-level
// declarations, in one pass by brace depth over the source with comments,
// strings and preprocessor lines skipped.
func topLevelChunks(src []byte) [][2]int {
	var out [][2]int
	depth := 0
	ln := 1
	start := 1
	startSet := false
	atLineStart := true
	n := len(src)
	for i := 0; i < n; i++ {
		c := src[i]
		switch {
		case c == '\n':
			ln++
			atLineStart = true
			continue
		case atLineStart && c == '#':
			for i < n && src[i] != '\n' {
				if src[i] == '\\' && i+1 < n && src[i+1] == '\n' {
					ln++
					i++
				}
				i++
			}
			i--
			continue
		case c == '/' && i+1 < n && src[i+1] == '/':
			for i < n && src[i] != '\n' {
				i++
			}
			i--
			continue
		case c == '/' && i+1 < n && src[i+1] == '*':
			i += 2
			for i+1 < n && !(src[i] == '*' && src[i+1] == '/') {
				if src[i] == '\n' {
					ln++
				}
				i++
			}
			i++
			continue
		case c == '"' || c == '\'':
			q := c
			for i++; i < n && src[i] != q; i++ {
				if src[i] == '\\' {
					i++
				}
				if i < n && src[i] == '\n' {
					ln++
				}
			}
		case c == ' ' || c == '\t' || c == '\r' || c == '\f':
			continue
		}
		atLineStart = false
		if !startSet && depth == 0 {
			start = ln
			startSet = true
		}
		switch c {
		case '{', '(', '[':
			depth++
		case '}', ')', ']':
			if depth > 0 {
				depth--
			}
			if depth == 0 && c == '}' {
				j := i + 1
				for j < n && (src[j] == ' ' || src[j] == '\t') {
					j++
				}
				if j < n && src[j] == ';' {
					continue
				}
				out = append(out, [2]int{start, ln})
				startSet = false
			}
		case ';':
			if depth == 0 {
				out = append(out, [2]int{start, ln})
				startSet = false
			}
		}
	}
	if startSet {
		out = append(out, [2]int{start, ln})
	}
	return out
}

// blankLines replaces lines from..to (1-based, inclusive) with empty lines,
// keeping preprocessor directives, with their continuation lines, so
// conditionals stay balanced and a multi-line #if stays whole.
func blankLines(src []byte, from, to int) []byte {
	return blankRanges(src, [][2]int{{from, to}})
}

// blankRanges is blankLines for several line ranges, sorted by their
// first line, in one pass (slicing a large file blanks hundreds).
func blankRanges(src []byte, ranges [][2]int) []byte {
	out := make([]byte, 0, len(src))
	ln := 1
	inDirective := false // the previous kept line was a directive ending in '\'
	for len(src) > 0 {
		k := bytes.IndexByte(src, '\n')
		var l []byte
		if k < 0 {
			l, src = src, nil
		} else {
			l, src = src[:k+1], src[k+1:]
		}
		body := bytes.TrimRight(l, "\r\n")
		for len(ranges) > 0 && ranges[0][1] < ln {
			ranges = ranges[1:]
		}
		if len(ranges) > 0 && ln >= ranges[0][0] && ln <= ranges[0][1] {
			t := bytes.TrimLeft(l, " \t")
			if inDirective || (len(t) > 0 && t[0] == '#') {
				out = append(out, l...)
				inDirective = bytes.HasSuffix(body, []byte("\\"))
			} else if l[len(l)-1] == '\n' {
				out = append(out, '\n')
			}
		} else {
			out = append(out, l...)
			t := bytes.TrimLeft(l, " \t")
			inDirective = (inDirective || (len(t) > 0 && t[0] == '#')) && bytes.HasSuffix(body, []byte("\\"))
		}
		ln++
	}
	return out
}

// bisectPanic finds the first top-level declaration such that the file
// cut after it makes parse report a crash.
//
// outside reports that the crash does not depend on the file's
// declarations (it happens with all of them blanked): its cause is in
// what the file includes.
func bisectPanic(src []byte, crashes func([]byte) bool) (from, to int, ok, outside bool) {
	chunks := topLevelChunks(src)
	if len(chunks) == 0 {
		return 0, 0, false, crashes(src)
	}
	total := 1 + bytes.Count(src, []byte("\n"))
	cut := func(k int) []byte { // keep chunks[0..k]
		if k+1 >= len(chunks) {
			return src
		}
		return blankLines(src, chunks[k+1][0], total)
	}
	lo, hi := -1, len(chunks)-1 // cut(lo) does not crash (lo=-1: nothing), cut(hi) crashes
	if !crashes(cut(hi)) {
		return 0, 0, false, false
	}
	if crashes(cut(lo)) {
		return 0, 0, false, true
	}
	for hi-lo > 1 {
		m := (lo + hi) / 2
		if crashes(cut(m)) {
			hi = m
		} else {
			lo = m
		}
	}
	return chunks[hi][0], chunks[hi][1], true, false
}

var fileScopeMacroRx = regexp.MustCompile(`^(?:static\s+|extern\s+)?([A-Z][A-Z0-9_]+)\s*\(`)

// blankFileScopeMacros blanks invocations, at file scope, of macros that
// tolerant mode cannot expand (RB_DECLARE_CALLBACKS_MAX(...),
// static DECLARE_WORK(...);): without their definitions they read as
// old-style function declarators and derail the declarations after them.
// It returns the new text and the names blanked.
func blankFileScopeMacros(src []byte, known func(string) bool) ([]byte, []string) {
	var names []string
	lines := bytes.SplitAfter(src, []byte("\n"))
	for _, ch := range topLevelChunks(src) {
		from := ch[0]
		if from < 1 || from > len(lines) {
			continue
		}
		// text of the chunk from its first line
		var text []byte
		for i := from; i <= ch[1] && i <= len(lines); i++ {
			text = append(text, lines[i-1]...)
		}
		t := bytes.TrimLeft(text, " \t")
		m := fileScopeMacroRx.FindSubmatchIndex(t)
		if m == nil {
			continue
		}
		name := string(t[m[2]:m[3]])
		if known(name) {
			continue
		}
		// find the matching parenthesis
		depth, end := 0, -1
		for i := m[1] - 1; i < len(t); i++ {
			if t[i] == '(' {
				depth++
			} else if t[i] == ')' {
				depth--
				if depth == 0 {
					end = i
					break
				}
			}
		}
		if end < 0 {
			continue
		}
		rest := t[end+1:]
		k := 0
		for k < len(rest) && (rest[k] == ' ' || rest[k] == '\t') {
			k++
		}
		if k < len(rest) && rest[k] == ';' {
			k++
		} else if k < len(rest) && rest[k] != '\n' {
			continue
		}
		last := from + bytes.Count(t[:end+1], []byte("\n"))
		src = blankLines(src, from, last)
		lines = bytes.SplitAfter(src, []byte("\n"))
		names = append(names, name)
	}
	return src, names
}
