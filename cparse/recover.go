package cparse

import "bytes"
import "regexp"
import "sort"
import "strings"

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
	j, end := identBefore(l, i, " \t*")
	prev := string(l[j:end])
	// identifier at i
	k := i
	for k < len(l) && IsIdentByte(l[k]) {
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
	nextIsIdent := m < len(l) && IsIdentByte(l[m]) && !(l[m] >= '0' && l[m] <= '9')
	atStar := i < len(l) && l[i] == '*'
	if name := castTypeName(l, i); name != "" {
		return name
	}
	endsDecl := m < len(l) && (l[m] == ';' || l[m] == '=' || l[m] == ',' || l[m] == ')') || m == len(l)
	switch {
	case isAttributeLike(cur) && (nextIsIdent || atStar || endsDecl):
		// "int x __read_mostly;": an annotation after the declarator
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

// castTypeName returns IDENT when the error at offset i of line l reads
// as a cast to an unknown type, "(IDENT)x" (at x) or "(IDENT *)x" (at the
// ')'): neither parses as an expression when IDENT names no type. The '('
// must not follow a name or a ')' ("if (x) y", "f(a) b").
func castTypeName(l []byte, i int) string {
	if i < 0 || i > len(l) {
		return ""
	}
	j := i
	if j < len(l) && l[j] == ')' {
		// "(IDENT *)": at least one '*' before the ')'
		k := j
		for k > 0 && (l[k-1] == ' ' || l[k-1] == '\t') {
			k--
		}
		if k == 0 || l[k-1] != '*' {
			return ""
		}
		j = k
	} else {
		for j > 0 && (l[j-1] == ' ' || l[j-1] == '\t') {
			j--
		}
		if j == 0 || l[j-1] != ')' {
			return ""
		}
		j--
	}
	j, e := identBefore(l, j, " \t*")
	name := string(l[j:e])
	for j > 0 && (l[j-1] == ' ' || l[j-1] == '\t') {
		j--
	}
	if j == 0 || l[j-1] != '(' || !looksLikeTypeName(name) || name[0] >= '0' && name[0] <= '9' {
		return ""
	}
	k := j - 1
	for k > 0 && (l[k-1] == ' ' || l[k-1] == '\t') {
		k--
	}
	if k > 0 && (IsIdentByte(l[k-1]) || l[k-1] == ')' || l[k-1] == ']') {
		return ""
	}
	return name
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

// bisectChunk finds the first top-level declaration such that the file
// cut after it makes crashes (a crash, or some other failure) true.
//
// outside reports that the crash does not depend on the file's
// declarations (it happens with all of them blanked): its cause is in
// what the file includes.
func bisectChunk(src []byte, crashes func([]byte) bool) (from, to int, ok, outside bool) {
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

var fileScopeMacroRx = regexp.MustCompile(`^(?:static\s+|extern\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*\(`)

// blankFileScopeMacros blanks invocations, at file scope, of macros that
// tolerant mode cannot expand (RB_DECLARE_CALLBACKS_MAX(...),
// static DECLARE_WORK(...);, declare_probe(x)): without their definitions
// they read as old-style function declarators and derail the declarations
// after them. A name called first in a top-level declaration is a macro's
// (the kernel has no implicit-int definitions), unless it is a keyword
// (_Static_assert, asm, __attribute__).
// It returns the new text and the names blanked.
func blankFileScopeMacros(src []byte, known func(string) bool) ([]byte, []string) {
	var names []string
	lines := bytes.SplitAfter(src, []byte("\n"))
	for _, ch := range topLevelChunks(src) {
		// a chunk may hold several invocations in a row, none ending in
		// ';' (BTF_SET8_START(x) ... BTF_SET8_END(x) before a
		// declaration): blank them one after the other
		for from := ch[0]; from >= 1 && from <= ch[1] && from <= len(lines); {
			from = skipDirectives(lines, from, ch[1])
			if from > ch[1] {
				break
			}
			name, last, ok := fileScopeMacroAt(joinLines(lines, from, ch[1]), known)
			if !ok {
				break
			}
			src = blankLines(src, from, from+last)
			lines = bytes.SplitAfter(src, []byte("\n"))
			names = append(names, name)
			from += last + 1
		}
	}
	return src, names
}

// skipDirectives returns the first line from from on (up to to) that is
// not blank, a preprocessor directive or a line comment.
func skipDirectives(lines [][]byte, from, to int) int {
	inDirective := false
	for ; from <= to && from <= len(lines); from++ {
		l := bytes.TrimSpace(lines[from-1])
		cont := bytes.HasSuffix(l, []byte("\\"))
		switch {
		case inDirective:
			inDirective = cont
		case len(l) == 0 || bytes.HasPrefix(l, []byte("//")):
		case l[0] == '#':
			inDirective = cont
		default:
			return from
		}
	}
	return from
}

// fileScopeMacroAt tells whether text begins with the invocation of a
// macro known does not define, alone on its lines (or followed by ';'),
// and returns its name and the number of lines after the first it spans.
func fileScopeMacroAt(text []byte, known func(string) bool) (string, int, bool) {
	t := bytes.TrimLeft(text, " \t")
	m := fileScopeMacroRx.FindSubmatchIndex(t)
	if m == nil {
		return "", 0, false
	}
	name := string(t[m[2]:m[3]])
	if known(name) || isKeyword(name) || takesTypes(name) {
		return "", 0, false
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
		return "", 0, false
	}
	rest := t[end+1:]
	k := 0
	for k < len(rest) && (rest[k] == ' ' || rest[k] == '\t') {
		k++
	}
	if k < len(rest) && rest[k] != ';' && rest[k] != '\n' {
		return "", 0, false
	}
	return name, bytes.Count(t[:end+1], []byte("\n")), true
}

// typeStart are the words a type name can begin with and an expression
// cannot: a call with an argument starting with one is a macro's.
var typeStart = map[string]bool{
	"struct": true, "union": true, "enum": true, "const": true, "volatile": true, "unsigned": true,
	"signed": true, "char": true, "short": true, "int": true, "long": true, "float": true,
	"double": true, "void": true, "_Bool": true, "typeof": true, "__typeof__": true, "__typeof": true,
}

// takesTypes are the keywords and builtins whose parentheses may hold a
// type name.
func takesTypes(name string) bool {
	switch name {
	case "sizeof", "typeof", "__typeof__", "__typeof", "_Alignof", "__alignof__", "alignof", "_Generic",
		"offsetof", "va_arg", "__auto_type", "_Static_assert", "__attribute__", "asm", "__asm__":
		return true
	}
	return strings.HasPrefix(name, "__builtin_")
}

// unknownMacroCalls returns the function-like macros without a definition
// (known says which have one) that the code at an error calls with a
// type argument: kvmalloc_objs(struct page *, n), _IOWR('g', 1, struct
// x) in a case label. cc/v4 reads them as calls, and a type cannot be an
// argument. The code looked at is the error's line, the call around the
// error, and the bodies of the file's macros (defs) named on that line:
// cc/v4 reports an error inside a macro's expansion at the macro's name.
func unknownMacroCalls(text []byte, line, col int, defs map[string][]byte, known func(string) bool) []string {
	l := lineOf(text, line)
	if l == nil {
		return nil
	}
	var out []string
	add := func(names []string) {
		for _, n := range names {
			if !known(n) && !contains(out, n) {
				out = append(out, n)
			}
		}
	}
	// at file scope, a macro called first on its line declares
	// something (DEFINE_FREE(name, struct x *, ...)): a placeholder
	// value there would swallow the declarations after it
	fileScope := braceDepthAt(text, line) == 0
	off := lineOffset(text, line)
	if off >= 0 && col >= 1 && col-1 <= len(l) {
		i := off + col - 1
		for i > off && IsIdentByte(text[i-1]) {
			i--
		}
		if typeStart[wordAt(text, i)] {
			if n, at := enclosingCall(text, i); n != "" && !(fileScope && firstOnLine(text, at)) {
				add([]string{n})
			}
		}
	}
	for _, c := range typeCalls(l) {
		if !(fileScope && firstOnLine(l, c.at)) {
			add([]string{c.name})
		}
	}
	seen := map[string]bool{}
	var walk func(b []byte, depth int)
	walk = func(b []byte, depth int) {
		if depth > 8 {
			return
		}
		for id := range identsOf(b) {
			body, ok := defs[id]
			if !ok || seen[id] {
				continue
			}
			seen[id] = true
			for _, c := range typeCalls(body) {
				add([]string{c.name})
			}
			walk(body, depth+1)
		}
	}
	walk(l, 0)
	sort.Strings(out)
	return out
}

// lineOffset returns the offset of line n (1-based) in b, or -1.
func lineOffset(b []byte, n int) int {
	off := 0
	for i := 1; i < n; i++ {
		k := bytes.IndexByte(b[off:], '\n')
		if k < 0 {
			return -1
		}
		off += k + 1
	}
	return off
}

// enclosingCall returns the name called by the parenthesis that encloses
// offset i of b, when that call is in an expression (see callInExpr), and
// the offset of that name.
func enclosingCall(b []byte, i int) (string, int) {
	depth := 0
	lo := i - maxScan
	if lo < 0 {
		lo = 0
	}
	for k := i - 1; k >= lo; k-- {
		switch b[k] {
		case ')', ']':
			depth++
		case '[':
			depth--
		case '(':
			if depth > 0 {
				depth--
				continue
			}
			if name, at, ok := callInExpr(b, k); ok {
				return name, at
			}
			return "", 0
		case ';', '{', '}':
			if depth == 0 {
				return "", 0
			}
		}
	}
	return "", 0
}

// firstOnLine tells whether only blanks precede offset i on its line.
func firstOnLine(b []byte, i int) bool {
	for i > 0 && isBlank(b[i-1]) {
		i--
	}
	return i == 0 || b[i-1] == '\n'
}

// braceDepthAt returns how deep in braces line starts, within its
// top-level declaration: 0 at file scope.
func braceDepthAt(text []byte, line int) int {
	from, _, ok := topLevelChunk(text, line)
	if !ok || from >= line {
		return 0
	}
	lines := bytes.SplitAfterN(text, []byte("\n"), line)
	depth := 0
	for _, c := range stripComments(joinLines(lines, from, line-1)) {
		switch c {
		case '{':
			depth++
		case '}':
			depth--
		}
	}
	return depth
}

// callInExpr returns the identifier before the '(' at offset p of b, when
// it reads as a call in an expression: not a keyword or builtin that
// takes types, and not preceded by a name or a '*' (a declarator, as in
// "struct page *f(struct x *p)").
func callInExpr(b []byte, p int) (string, int, bool) {
	j := p
	for j > 0 && isBlank(b[j-1]) {
		j--
	}
	e := j
	for j > 0 && IsIdentByte(b[j-1]) {
		j--
	}
	name := string(b[j:e])
	if name == "" || name[0] >= '0' && name[0] <= '9' || isKeyword(name) || takesTypes(name) {
		return "", 0, false
	}
	k := j
	for k > 0 && (isBlank(b[k-1]) || b[k-1] == '\n' || b[k-1] == '\\') {
		k--
	}
	if k > 0 {
		c := b[k-1]
		if c == '*' || c == ')' || c == ']' {
			return "", 0, false
		}
		if IsIdentByte(c) {
			w := k
			for w > 0 && IsIdentByte(b[w-1]) {
				w--
			}
			if prev := string(b[w:k]); prev != "case" && prev != "return" {
				return "", 0, false
			}
		}
	}
	return name, j, true
}

// typeCall is a call of name, at offset at of the text looked at.
type typeCall struct {
	name string
	at   int
}

// typeCalls returns the names that b calls, in an expression, with an
// argument that begins with a type keyword.
func typeCalls(b []byte) []typeCall {
	var out []typeCall
	for p := bytes.IndexByte(b, '('); p >= 0; {
		if name, at, ok := callInExpr(b, p); ok && argStartsType(b, p) {
			out = append(out, typeCall{name, at})
		}
		n := bytes.IndexByte(b[p+1:], '(')
		if n < 0 {
			break
		}
		p += 1 + n
	}
	return out
}

// argStartsType tells whether one of the arguments of the parenthesis at
// offset p of b begins with a type keyword.
func argStartsType(b []byte, p int) bool {
	depth := 0
	start := true
	for i := p + 1; i < len(b); i++ {
		c := b[i]
		switch {
		case c == '(' || c == '[' || c == '{':
			depth++
			start = false
		case c == ')' || c == ']' || c == '}':
			if depth == 0 {
				return false
			}
			depth--
		case c == ',' && depth == 0:
			start = true
		case isBlank(c) || c == '\n' || c == '\\':
		case isIdentStart(c):
			w := wordAt(b, i)
			if start && depth == 0 && typeStart[w] {
				return true
			}
			start = false
			i += len(w) - 1
		default:
			start = false
		}
	}
	return false
}
