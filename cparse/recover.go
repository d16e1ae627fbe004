package cparse

import (
	"bytes"
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
	switch {
	case looksLikeTypeName(cur) && nextIsIdent:
		return cur
	case looksLikeTypeName(prev) && isIdent(cur) && !isKeyword(prev):
		return prev
	}
	return ""
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
// struct, variable) that contains line, by brace depth over the source
// with comments, strings and preprocessor lines skipped. It returns the
// first and last line of that chunk.
func topLevelChunk(src []byte, line int) (from, to int, ok bool) {
	depth := 0
	ln := 1
	start := 1          // first line of the current chunk
	startSet := false   // whether the current chunk has begun (non-space seen)
	atLineStart := true // only spaces so far on this line
	n := len(src)
	for i := 0; i < n; i++ {
		c := src[i]
		switch {
		case c == '\n':
			ln++
			atLineStart = true
			continue
		case atLineStart && c == '#':
			// preprocessor line (with continuations)
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
				// a function body or a struct ends here; a following ';'
				// (struct, initializer) belongs to the same chunk
				j := i + 1
				for j < n && (src[j] == ' ' || src[j] == '\t') {
					j++
				}
				if j < n && src[j] == ';' {
					continue
				}
				if line >= start && line <= ln {
					return start, ln, true
				}
				startSet = false
			}
		case ';':
			if depth == 0 {
				if line >= start && line <= ln {
					return start, ln, true
				}
				startSet = false
			}
		}
	}
	if startSet && line >= start {
		return start, ln, true
	}
	return 0, 0, false
}

// blankLines replaces lines from..to (1-based, inclusive) with empty lines,
// keeping preprocessor directives so conditionals stay balanced.
func blankLines(src []byte, from, to int) []byte {
	out := make([]byte, 0, len(src))
	ln := 1
	for len(src) > 0 {
		k := bytes.IndexByte(src, '\n')
		var l []byte
		if k < 0 {
			l, src = src, nil
		} else {
			l, src = src[:k+1], src[k+1:]
		}
		if ln >= from && ln <= to {
			t := bytes.TrimLeft(l, " \t")
			if len(t) > 0 && t[0] == '#' {
				out = append(out, l...)
			} else if l[len(l)-1] == '\n' {
				out = append(out, '\n')
			}
		} else {
			out = append(out, l...)
		}
		ln++
	}
	return out
}
