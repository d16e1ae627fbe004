package cparse

import "bytes"
import "strings"

// rewriteKernelSource applies the line-preserving rewrites that work round
// cc/v4 gaps met in kernel sources (see cparse-notes and testdata/gaps).
// Every rewrite keeps the number of lines and, except inside the body of
// a rewritten macro definition, the column of every token it does not
// move, so positions stay true.
//
// It runs on every file precise mode reads (a kernel TU reads ~800), so
// each rewrite first looks for its trigger substring and does no work on
// a file without it. The input is never modified: a file that needs no
// rewrite is returned as is, otherwise a copy is changed.
func rewriteKernelSource(path string, b []byte) []byte {
	out := b
	copied := false
	own := func() {
		if !copied {
			out = append([]byte(nil), out...)
			copied = true
		}
	}
	if bytes.Contains(out, []byte("...")) && bytes.Contains(out, []byte("define")) {
		if r, ok := rewriteNamedVariadic(out); ok {
			out, copied = r, true
		}
	}
	if bytes.Contains(out, []byte("##")) && bytes.Contains(out, []byte("__VA_ARGS__")) {
		// after rewriteNamedVariadic, which may write ",##__VA_ARGS__"
		if r, ok := rewriteCommaPaste(out); ok {
			out, copied = r, true
		}
	}
	if bytes.Contains(out, []byte("for")) && bytes.Contains(out, []byte("auto")) {
		// before constAutoType: a for loop's "const auto" keeps its const
		if r, ok := rewriteForAuto(out); ok {
			out, copied = r, true
		}
	}
	if bytes.Contains(out, []byte("const")) {
		if bytes.Contains(out, []byte("auto")) {
			if idx := constAutoType(out); len(idx) > 0 {
				own()
				for _, i := range idx {
					// "const __auto_type" -> "      __auto_type"
					copy(out[i:i+5], "     ")
				}
			}
		}
		if idx := constFirstInParens(out); len(idx) > 0 {
			own()
			for _, e := range idx {
				swapConst(out, e)
			}
		}
	}
	if bytes.Contains(out, []byte("enum")) && (bytes.Contains(out, []byte("__packed")) || bytes.Contains(out, []byte("__attribute"))) {
		if spans := enumAttributes(out); len(spans) > 0 {
			own()
			for _, sp := range spans {
				blank(out[sp[0]:sp[1]])
			}
		}
	}
	if bytes.Contains(out, []byte("alignof")) || bytes.Contains(out, []byte("_Alignof")) {
		if r, ok := rewriteAlignofExpr(out); ok {
			out = r
		}
	}
	if bytes.Contains(out, []byte("typeof")) && (bytes.Contains(out, []byte("extern")) || bytes.Contains(out, []byte("__"))) {
		if r, ok := rewriteTypeofDecl(out); ok {
			out = r
		}
	}
	return out
}

// maxScan bounds how far back a rewrite looks for a line's start; other
// scans have their own, smaller bounds. Without them hostile input (a
// megabyte of "typeof(") would make rewriting quadratic.
const maxScan = 1024

func isIdentStart(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

func isBlank(c byte) bool { return c == ' ' || c == '\t' }

// wordAt returns the identifier starting at i, or "".
func wordAt(b []byte, i int) string {
	if i >= len(b) || !isIdentStart(b[i]) {
		return ""
	}
	j := i
	for j < len(b) && IsIdentByte(b[j]) {
		j++
	}
	return string(b[i:j])
}

// isWordAt reports whether b[i:] starts with the identifier w (as a whole
// word, not preceded by an identifier byte).
func isWordAt(b []byte, i int, w string) bool {
	if i < 0 || i+len(w) > len(b) || string(b[i:i+len(w)]) != w {
		return false
	}
	if i > 0 && IsIdentByte(b[i-1]) {
		return false
	}
	return i+len(w) == len(b) || !IsIdentByte(b[i+len(w)])
}

// inStringOrLineComment tells whether offset i of b is inside a string or
// character literal or a // comment, looking at its line only (good
// enough: kernel string literals do not span lines).
func inStringOrLineComment(b []byte, i int) bool {
	lo := i - maxScan
	if lo < 0 {
		lo = 0
	}
	start := lo + bytes.LastIndexByte(b[lo:i], '\n') + 1
	var q byte
	for k := start; k < i; k++ {
		c := b[k]
		switch {
		case q != 0:
			if c == '\\' {
				k++
			} else if c == q {
				q = 0
			}
		case c == '"' || c == '\'':
			q = c
		case c == '/' && k+1 < i && b[k+1] == '/':
			return true
		}
	}
	return q != 0
}

// ---- const __auto_type ---------------------------------------------------

// constAutoType returns the offsets of "const" in "const __auto_type" and
// "const auto" (blanks between; 7.x's compiler_types.h defines auto as
// __auto_type): cc/v4 rejects a qualifier before __auto_type. Dropping
// the const changes nothing gupvet looks at.
func constAutoType(b []byte) []int {
	var out []int
	off := 0
	for i := range scan(b, "auto", &off) {
		kw := autoWordAt(b, i)
		if kw < 0 {
			continue
		}
		j := kw - 1
		for j >= 0 && isBlank(b[j]) {
			j--
		}
		if j+1 == kw || j < 4 || !isWordAt(b, j-4, "const") {
			continue
		}
		if inStringOrLineComment(b, j-4) {
			continue
		}
		out = append(out, j-4)
	}
	return out
}

// autoWordAt returns where the word auto or __auto_type whose "auto" is
// at offset i starts, or -1 when that "auto" is part of another word.
func autoWordAt(b []byte, i int) int {
	if i >= 2 && string(b[i-2:i]) == "__" && bytes.HasPrefix(b[i+4:], []byte("_type")) && isWordAt(b, i-2, "__auto_type") {
		return i - 2
	}
	if isWordAt(b, i, "auto") {
		return i
	}
	return -1
}

// ---- typeof(const T) -----------------------------------------------------

// constEdit is one "const X" to turn into "X const": const at c, then
// blanks, then the type words ending at end.
type constEdit struct{ c, words, end int }

// qualifierLike are words after which moving const would gain nothing or
// that are not type specifiers.
var qualifierLike = map[string]bool{
	"const": true, "volatile": true, "restrict": true, "__restrict": true, "__restrict__": true,
	"_Atomic": true, "__attribute__": true, "__attribute": true, "static": true, "extern": true,
	"register": true, "inline": true, "__inline": true, "__inline__": true, "typedef": true,
	"__volatile__": true, "__volatile": true, "__const": true, "__const__": true,
	"sizeof": true, "typeof": true, "__typeof__": true, "__typeof": true, "__auto_type": true,
}

// constFirstInParens finds "NAME(const T" and "NAME( const T": a type
// name starting with a qualifier right after the opening parenthesis of a
// call or of typeof. cc/v4 decides typeof(type) from the first token and
// rejects typeof(const T) ("unexpected typeof, expected type specifier");
// such a type usually reaches typeof through a macro argument
// (DECLARE_PER_CPU(const struct pcpu_hot ..., ...) in asm/current.h), so
// the rewrite is done where the argument is written. "const struct s" ->
// "struct s const" and "const T" -> "T const" mean the same everywhere a
// type is written, and keep the line and its length.
func constFirstInParens(b []byte) []constEdit {
	var out []constEdit
	off := 0
	for i := range scanWords(b, "const", &off) {
		// preceded by "(" (blanks allowed), itself preceded by a name
		p := i - 1
		for p >= 0 && isBlank(b[p]) {
			p--
		}
		if p < 1 || b[p] != '(' {
			continue
		}
		q := p - 1
		for q >= 0 && isBlank(b[q]) {
			q--
		}
		if q < 0 || !IsIdentByte(b[q]) {
			continue
		}
		// const, blanks, then the type
		k := i + 5
		for k < len(b) && isBlank(b[k]) {
			k++
		}
		if k == i+5 {
			continue
		}
		w := wordAt(b, k)
		if w == "" || qualifierLike[w] {
			continue
		}
		end := k + len(w)
		switch w {
		case "struct", "union", "enum":
			m := end
			for m < len(b) && isBlank(b[m]) {
				m++
			}
			tag := wordAt(b, m)
			if m == end || tag == "" {
				continue
			}
			end = m + len(tag)
			n := end
			for n < len(b) && (isBlank(b[n]) || b[n] == '\n') {
				n++
			}
			if n < len(b) && b[n] == '{' {
				continue // a definition: leave it
			}
		}
		// the type must end there: not glued to ## or a macro call
		if end < len(b) && !bytes.ContainsRune([]byte(" \t*),[\n\r"), rune(b[end])) {
			continue
		}
		if inStringOrLineComment(b, i) {
			continue
		}
		out = append(out, constEdit{c: i, words: k, end: end})
		off = end
	}
	return out
}

// swapConst turns b[e.c:e.end] "const<blanks>T" into "T<blanks>const".
func swapConst(b []byte, e constEdit) {
	blanks := append([]byte(nil), b[e.c+5:e.words]...)
	words := append([]byte(nil), b[e.words:e.end]...)
	n := copy(b[e.c:], words)
	n += copy(b[e.c+n:], blanks)
	copy(b[e.c+n:], "const")
}

// ---- GNU named variadic macro parameters -------------------------------

// rewriteNamedVariadic rewrites "#define F(a, args...) ... , ##args" into
// "#define F(a, ...    ) ... , ##__VA_ARGS__". cc/v4 accepts the GNU
// named form but expands ", ##args" with an empty args wrongly (the comma
// stays), which later gives "too many macro arguments" or a wrong
// COUNT_ARGS. The parameter list keeps its length; the body, whose tokens
// report the position of the macro's use anyway, grows. Lines are kept.
func rewriteNamedVariadic(b []byte) ([]byte, bool) {
	var out []byte
	changed := false
	last := 0
	for lineStart := 0; lineStart < len(b); {
		// the logical line: through backslash-newlines
		end := lineStart
		for {
			nl := bytes.IndexByte(b[end:], '\n')
			if nl < 0 {
				end = len(b)
				break
			}
			end += nl
			e := end
			if e > lineStart && b[e-1] == '\r' {
				e--
			}
			if e > lineStart && b[e-1] == '\\' {
				end++
				continue
			}
			break
		}
		line := b[lineStart:end]
		if r, ok := rewriteVariadicDefine(line); ok {
			out = append(out, b[last:lineStart]...)
			out = append(out, r...)
			last = end
			changed = true
		}
		lineStart = end + 1
	}
	if !changed {
		return b, false
	}
	out = append(out, b[last:]...)
	return out, true
}

// rewriteVariadicDefine rewrites one logical #define line if it has a
// named variadic parameter.
func rewriteVariadicDefine(line []byte) ([]byte, bool) {
	i := 0
	for i < len(line) && isBlank(line[i]) {
		i++
	}
	if i >= len(line) || line[i] != '#' {
		return nil, false
	}
	i++
	for i < len(line) && isBlank(line[i]) {
		i++
	}
	if !isWordAt(line, i, "define") {
		return nil, false
	}
	i += len("define")
	for i < len(line) && isBlank(line[i]) {
		i++
	}
	name := wordAt(line, i)
	if name == "" {
		return nil, false
	}
	i += len(name)
	if i >= len(line) || line[i] != '(' {
		return nil, false // object-like
	}
	close := bytes.IndexByte(line[i:], ')')
	if close < 0 {
		return nil, false
	}
	close += i
	params := line[i+1 : close]
	dots := bytes.LastIndex(params, []byte("..."))
	if dots < 0 {
		return nil, false
	}
	// the name before "...": blanks allowed
	k := dots - 1
	for k >= 0 && isBlank(params[k]) {
		k--
	}
	e := k + 1
	for k >= 0 && IsIdentByte(params[k]) {
		k--
	}
	pname := string(params[k+1 : e])
	if pname == "" || !isIdentStart(pname[0]) {
		return nil, false // plain "..."
	}
	out := make([]byte, 0, len(line)+32)
	out = append(out, line[:i+1]...)
	out = append(out, params[:k+1]...)
	out = append(out, "..."...)
	for n := len("...") + (k + 1); n < dots+3; n++ {
		out = append(out, ' ')
	}
	out = append(out, params[dots+3:]...)
	out = append(out, ')')
	out = append(out, replaceIdent(line[close+1:], pname, "__VA_ARGS__")...)
	return out, true
}

// replaceIdent replaces the identifier old by new in C text, outside
// string and character literals and comments.
func replaceIdent(b []byte, old, new string) []byte {
	out := make([]byte, 0, len(b)+16)
	for i := 0; i < len(b); {
		c := b[i]
		switch {
		case c == '"' || c == '\'':
			j := i + 1
			for j < len(b) && b[j] != c && b[j] != '\n' {
				if b[j] == '\\' {
					j++
				}
				j++
			}
			if j < len(b) {
				j++
			}
			if j > len(b) {
				j = len(b)
			}
			out = append(out, b[i:j]...)
			i = j
		case c == '/' && i+1 < len(b) && b[i+1] == '*':
			j := bytes.Index(b[i+2:], []byte("*/"))
			if j < 0 {
				j = len(b)
			} else {
				j += i + 4
			}
			out = append(out, b[i:j]...)
			i = j
		case c == '/' && i+1 < len(b) && b[i+1] == '/':
			out = append(out, b[i:]...)
			i = len(b)
		case isIdentStart(c):
			j := i
			for j < len(b) && IsIdentByte(b[j]) {
				j++
			}
			if string(b[i:j]) == old {
				out = append(out, new...)
			} else {
				out = append(out, b[i:j]...)
			}
			i = j
		case c >= '0' && c <= '9':
			// a pp-number may contain identifier bytes (0x1args is one token)
			j := i
			for j < len(b) && (IsIdentByte(b[j]) || b[j] == '.') {
				j++
			}
			out = append(out, b[i:j]...)
			i = j
		default:
			out = append(out, c)
			i++
		}
	}
	return out
}

// ---- extern typeof(type-name) x -------------------------------------------

// rewriteTypeofDecl rewrites typeof(X) that begins the declaration
// specifiers of a declaration led by extern or by attributes,
//
//	extern __PCPU_ATTRS(sec) __typeof__(type) name
//	__PCPU_ATTRS(sec) __weak __typeof__(type) name
//
// into typeof(*(typeof(X) *)0). cc/v4 parses typeof(type-name) as a
// declaration specifier but its type checker rejects it ("TODO
// *cc.DeclarationSpecifiers missed/failed type check:
// [TypeSpecifierTypeofType]"), so cc.Translate fails on every TU that
// declares a per-cpu variable. The new form is a typeof(expression) of the
// same type, for a type or an expression X alike (arrays and functions
// too). Lines are kept; the rest of the line moves right.
func rewriteTypeofDecl(b []byte) ([]byte, bool) {
	s := splice{src: b}
	off := 0
	for i := range scan(b, "typeof", &off) {
		// the keyword: typeof, __typeof, __typeof__
		kw0, kw1 := i, i+len("typeof")
		if kw0 >= 2 && string(b[kw0-2:kw0]) == "__" {
			kw0 -= 2
		}
		if kw1+2 <= len(b) && string(b[kw1:kw1+2]) == "__" {
			kw1 += 2
		}
		kw := string(b[kw0:kw1])
		if kw != "typeof" && kw != "__typeof" && kw != "__typeof__" || !isWordAt(b, kw0, kw) {
			continue
		}
		p := skipBlanks(b, kw1)
		if p >= len(b) || b[p] != '(' {
			continue
		}
		q := matchParen(b, p, 2048)
		if q < 0 {
			continue
		}
		if !declLedTypeof(b, kw0) || inStringOrLineComment(b, kw0) {
			continue
		}
		arg := b[p+1 : q]
		if bytes.HasPrefix(bytes.TrimLeft(arg, " \t"), []byte("*(")) && bytes.HasSuffix(bytes.TrimRight(arg, " \t"), []byte("*)0")) {
			continue // already rewritten
		}
		s.keep(p+1, q+1)
		s.add("*(", kw, "(", string(arg), ") *)0)")
		off = q + 1
	}
	return s.done()
}

// matchParen returns the offset of the parenthesis closing the one at p,
// or -1 when there is none within limit bytes or before a ; { or }.
func matchParen(b []byte, p, limit int) int {
	return Closing(b, p, limit, ";{}")
}

// declLedTypeof tells whether the typeof at i starts the type of a
// declaration: before it, back to the start of the statement, there are
// only extern/static and attribute-like words (__weak, __PCPU_ATTRS(sec),
// __attribute__((...))), and extern is one of them or a statement boundary
// comes first.
func declLedTypeof(b []byte, i int) bool {
	words := 0
	for j := i - 1; ; {
		if j < i-2048 {
			return false
		}
		// blanks and backslash-newlines
		for j >= 0 {
			if isBlank(b[j]) || b[j] == '\r' {
				j--
				continue
			}
			if b[j] == '\n' && j > 0 && (b[j-1] == '\\' || b[j-1] == '\r' && j > 1 && b[j-2] == '\\') {
				j--
				for j >= 0 && (b[j] == '\r' || b[j] == '\\') {
					j--
				}
				continue
			}
			break
		}
		if j < 0 {
			return words > 0
		}
		c := b[j]
		switch {
		case c == ')':
			depth := 0
			for ; j >= 0 && j >= i-2048; j-- {
				if b[j] == ')' {
					depth++
				} else if b[j] == '(' {
					depth--
					if depth == 0 {
						break
					}
				} else if b[j] == ';' || b[j] == '{' || b[j] == '}' {
					return false
				}
			}
			j--
		case IsIdentByte(c):
			e := j + 1
			for j >= 0 && IsIdentByte(b[j]) {
				j--
			}
			w := string(b[j+1 : e])
			switch {
			case w == "extern":
				return true
			case w == "static" || strings.HasPrefix(w, "__") && w != "__typeof__" && w != "__typeof":
				words++
			case defineBefore(b, j):
				// the name of the macro whose body this is
				return words > 0
			default:
				return false
			}
		case c == ';' || c == '{' || c == '}' || c == '\n':
			return words > 0
		default:
			return false
		}
	}
}

// defineBefore tells whether "# define" ends at or before offset j (blanks
// between).
func defineBefore(b []byte, j int) bool {
	for j >= 0 && isBlank(b[j]) {
		j--
	}
	if j < 5 || !isWordAt(b, j-5, "define") {
		return false
	}
	j -= 6
	for j >= 0 && isBlank(b[j]) {
		j--
	}
	return j >= 0 && b[j] == '#'
}

// blank replaces every byte but newlines by a space.
func blank(b []byte) {
	for i, c := range b {
		if c != '\n' && c != '\r' {
			b[i] = ' '
		}
	}
}

// ---- enum __packed name { ... } ------------------------------------------

// enumAttributes returns the spans of attributes written between enum and
// its tag ("enum __packed dev_states {", drivers/accel/qaic/qaic.h), which
// cc/v4 does not accept there: "unexpected 'enum', expected enum
// specifier". They are blanked: cc/v4 ignores packed enums anyway (see
// IgnoreStaticAssert), and blanks keep every column.
func enumAttributes(b []byte) [][2]int {
	var out [][2]int
	off := 0
	for i := range scanWords(b, "enum", &off) {
		k := i + 4
		for {
			for k < len(b) && isBlank(b[k]) {
				k++
			}
			w := wordAt(b, k)
			switch w {
			case "__packed":
				out = append(out, [2]int{k, k + len(w)})
				k += len(w)
				continue
			case "__attribute__", "__attribute":
				p := k + len(w)
				for p < len(b) && isBlank(b[p]) {
					p++
				}
				if p >= len(b) || b[p] != '(' {
					break
				}
				q := matchParen(b, p, 512)
				if q < 0 {
					break
				}
				out = append(out, [2]int{k, q + 1})
				k = q + 1
				continue
			}
			break
		}
		off = k
	}
	return out
}

// ---- __alignof__ expr ----------------------------------------------------

// rewriteAlignofExpr parenthesises the operand of an alignof written, as
// GNU C allows, without parentheses: "__alignof__ *vq->avail" in
// drivers/vhost/vhost.c, which cc/v4 rejects ("unexpected '_Alignof',
// expected unary expression or (type name)"). The blank after the keyword
// becomes "(" and a blank after the operand, when there is one, becomes
// ")", so the line usually keeps its length.
func rewriteAlignofExpr(b []byte) ([]byte, bool) {
	s := splice{src: b}
	off := 0
	for i := range scan(b, "lignof", &off) {
		// __alignof__, __alignof, _Alignof, alignof
		kw0, kw1 := i-1, i+len("lignof")
		if kw0 < 0 || (b[kw0] != 'a' && b[kw0] != 'A') {
			continue
		}
		for kw0 > 0 && b[kw0-1] == '_' {
			kw0--
		}
		for kw1 < len(b) && b[kw1] == '_' {
			kw1++
		}
		switch string(b[kw0:kw1]) {
		case "__alignof__", "__alignof", "_Alignof", "alignof":
		default:
			continue
		}
		if !isWordAt(b, kw0, string(b[kw0:kw1])) || inStringOrLineComment(b, kw0) {
			continue
		}
		p := skipBlanks(b, kw1)
		if p == kw1 || p >= len(b) || b[p] == '(' {
			continue // parenthesised already, or glued to something else
		}
		e := unaryEnd(b, p)
		if e <= p {
			continue
		}
		next := e
		if e < len(b) && isBlank(b[e]) {
			next = e + 1 // the blank after the operand made room for ")"
		}
		s.keep(kw1, next)
		s.add("(", string(b[kw1+1:e]), ")")
		off = e
	}
	return s.done()
}

// unaryEnd returns the end of the unary expression starting at p: prefix
// operators, a name or a parenthesised group, then ->x .x [..] (..).
func unaryEnd(b []byte, p int) int {
	for p < len(b) && (strings.IndexByte("*&-+!~", b[p]) >= 0 || isBlank(b[p])) {
		p++
	}
	switch {
	case p < len(b) && b[p] == '(':
		q := matchParen(b, p, 256)
		if q < 0 {
			return -1
		}
		p = q + 1
	case p < len(b) && isIdentStart(b[p]):
		for p < len(b) && IsIdentByte(b[p]) {
			p++
		}
	default:
		return -1
	}
	for p < len(b) {
		switch {
		case b[p] == '.' && p+1 < len(b) && isIdentStart(b[p+1]):
			p++
		case b[p] == '-' && p+2 < len(b) && b[p+1] == '>' && isIdentStart(b[p+2]):
			p += 2
		case b[p] == '[':
			q := Closing(b, p, len(b), ";\n")
			if q < 0 {
				return -1
			}
			p = q + 1
			continue
		case b[p] == '(':
			q := matchParen(b, p, 256)
			if q < 0 {
				return -1
			}
			p = q + 1
			continue
		default:
			return p
		}
		for p < len(b) && IsIdentByte(b[p]) {
			p++
		}
	}
	return p
}
