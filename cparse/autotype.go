package cparse

import "bytes"

// ---- for (auto x = init; ...) ---------------------------------------------

// maxForInit bounds the text from auto to the end of the initializer
// that rewriteForAuto copies (the kernel's are under 100 bytes); a longer
// one is left as it is, and cc/v4's error names it.
const maxForInit = 512

// rewriteForAuto rewrites a for loop whose first clause declares a
// variable with auto or __auto_type,
//
//	for (auto _tmpptr = __scoped_user_access_begin(mode, uptr, size, elbl); ...
//	for (const auto uptr __cleanup(...) = _tmpptr; ...
//
// (7.x include/linux/uaccess.h __scoped_user_access(), behind
// scoped_user_read_access() and get_user_inline()), into
//
//	for (__typeof__(((void)0, (INIT))) _tmpptr = INIT; ...
//
// cc/v4 reads __auto_type only where a declaration starts a block item or
// the file; in a for clause it parses an expression and stops at the name
// ("unexpected '__auto_type', expected ';'", testdata/gaps/for_auto_type.c).
// The type of a comma expression is its right operand's after lvalue
// conversion (arrays and functions decay), which is what __auto_type
// gives (cc/v4 itself does not decay an array there; the kernel's
// initializers of this shape are pointers); typeof does not evaluate its
// operand. The initializer's copy is
// written on one line (comments and line breaks become blanks), so lines
// are kept; the rest of the line moves right.
func rewriteForAuto(b []byte) ([]byte, bool) {
	s := splice{src: b}
	off := 0
	for i := range scanWords(b, "for", &off) {
		kw, kwEnd, init, initEnd := forAutoDecl(b, i+len("for"))
		if kw < 0 || inStringOrLineComment(b, i) {
			continue
		}
		s.keep(kw, kwEnd)
		s.add("__typeof__(((void)0, (")
		s.out = appendOneLine(s.out, b[init:initEnd])
		s.add(")))")
		off = kwEnd
	}
	return s.done()
}

// forAutoDecl matches "( [const|volatile]... auto NAME [attributes] =
// INIT ;" from offset p, right after a for keyword, and returns the span
// of the auto keyword and of INIT, or -1s.
func forAutoDecl(b []byte, p int) (kw, kwEnd, init, initEnd int) {
	fail := func() (int, int, int, int) { return -1, -1, -1, -1 }
	p = skipSpace(b, p)
	if p >= len(b) || b[p] != '(' {
		return fail()
	}
	p = skipSpace(b, p+1)
	for {
		w := wordAt(b, p)
		if w != "const" && w != "volatile" {
			break
		}
		p = skipSpace(b, p+len(w))
	}
	w := wordAt(b, p)
	if w != "auto" && w != "__auto_type" {
		return fail()
	}
	kw, kwEnd = p, p+len(w)
	// the name, then attributes (words and parenthesised groups) up to =
	q := skipSpace(b, kwEnd)
	name := wordAt(b, q)
	if name == "" || qualifierLike[name] || cTypeWords[name] {
		return fail() // "auto int x": auto as a storage class
	}
	q += len(name)
	for {
		q = skipSpace(b, q)
		if q >= len(b) || q > kwEnd+maxForInit {
			return fail()
		}
		if b[q] == '=' && (q+1 >= len(b) || b[q+1] != '=') {
			break
		}
		if w := wordAt(b, q); w != "" {
			q += len(w)
			continue
		}
		if b[q] != '(' {
			return fail()
		}
		if q = matchParen(b, q, maxForInit); q < 0 {
			return fail()
		}
		q++
	}
	init = q + 1
	initEnd = initializerEnd(b, init)
	if initEnd < 0 {
		return fail()
	}
	return kw, kwEnd, init, initEnd
}

// cTypeWords are the type specifiers that may follow auto used as a
// storage class.
var cTypeWords = map[string]bool{
	"int": true, "char": true, "short": true, "long": true, "signed": true, "unsigned": true,
	"float": true, "double": true, "_Bool": true, "bool": true, "void": true,
	"struct": true, "union": true, "enum": true, "__int128": true,
}

// skipSpace skips blanks, newlines and backslash-newlines.
func skipSpace(b []byte, p int) int {
	for p < len(b) {
		switch {
		case isBlank(b[p]) || b[p] == '\n' || b[p] == '\r':
			p++
		case b[p] == '\\' && p+1 < len(b) && (b[p+1] == '\n' || b[p+1] == '\r'):
			p += 2
		default:
			return p
		}
	}
	return p
}

// initializerEnd returns the offset of the ; that ends the initializer
// starting at p (outside brackets, strings and comments), or -1 when a ,
// at the top level comes first (more declarators), a bracket closes that
// did not open, a preprocessor directive or the end of input comes first,
// or it is longer than maxForInit.
func initializerEnd(b []byte, p int) int {
	depth := 0
	for k := p; k < len(b) && k < p+maxForInit; k++ {
		switch c := b[k]; c {
		case '(', '[', '{':
			depth++
		case ')', ']', '}':
			if depth--; depth < 0 {
				return -1
			}
		case ';':
			if depth == 0 {
				return k
			}
		case ',':
			if depth == 0 {
				return -1
			}
		case '"', '\'':
			for k++; k < len(b) && b[k] != c && b[k] != '\n'; k++ {
				if b[k] == '\\' {
					k++
				}
			}
		case '/':
			if k+1 < len(b) && b[k+1] == '*' {
				e := bytes.Index(b[k+2:], []byte("*/"))
				if e < 0 {
					return -1
				}
				k += e + 3
			} else if k+1 < len(b) && b[k+1] == '/' {
				e := bytes.IndexByte(b[k:], '\n')
				if e < 0 {
					return -1
				}
				k += e - 1
			}
		case '\n':
			if bytes.HasPrefix(bytes.TrimLeft(b[k+1:min(len(b), k+256)], " \t"), []byte("#")) {
				return -1
			}
		}
	}
	return -1
}

// appendOneLine appends C text with its comments, line breaks and
// backslash-newlines turned into blanks, strings kept.
func appendOneLine(out, s []byte) []byte {
	for k := 0; k < len(s); k++ {
		switch c := s[k]; {
		case c == '"' || c == '\'':
			j := k + 1
			for j < len(s) && s[j] != c {
				if s[j] == '\\' {
					j++
				}
				j++
			}
			j = min(j+1, len(s))
			out = append(out, s[k:j]...)
			k = j - 1
		case c == '/' && k+1 < len(s) && s[k+1] == '*':
			out = append(out, ' ')
			e := bytes.Index(s[k+2:], []byte("*/"))
			if e < 0 {
				return out
			}
			k += e + 3
		case c == '/' && k+1 < len(s) && s[k+1] == '/':
			e := bytes.IndexByte(s[k:], '\n')
			if e < 0 {
				e = len(s) - k
			}
			out = append(out, ' ')
			k += e - 1
		case c == '\\' && k+1 < len(s) && (s[k+1] == '\n' || s[k+1] == '\r'):
			out = append(out, ' ')
			k++
			if s[k] == '\r' && k+1 < len(s) && s[k+1] == '\n' {
				k++
			}
		case c == '\n' || c == '\r':
			out = append(out, ' ')
		default:
			out = append(out, c)
		}
	}
	return out
}
