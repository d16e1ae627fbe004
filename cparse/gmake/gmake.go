package gmake

import "fmt"
import "path/filepath"
import "sort"
import "strings"

// Eval is a small evaluator of GNU make syntax, enough for kbuild
// files: variables (recursive and simple), +=, ?=, ifeq/ifneq/ifdef/
// ifndef/else/endif, include, and the text functions. Unknown functions
// and $(shell ...) expand to nothing.
type Eval struct {
	env   Env
	vars  map[string]*variable
	conf  map[string]string
	depth int
}

type variable struct {
	val       string
	recursive bool
}

// Env is what an evaluation reads outside its text.
type Env struct {
	// ReadFile reads a file an include names.
	ReadFile func(path string) ([]byte, error)
	// Dir is make's working directory, kbuild's object tree: relative
	// names of include, $(wildcard) and $(abspath) are taken from it.
	// Fallback is where an include not found there is looked for (the
	// source tree).
	Dir, Fallback string
	// Config answers $(CONFIG_FOO) for a variable no file sets: the
	// tree's .config.
	Config map[string]string
}

// New returns an evaluation with make's own variables of text (comma,
// space, empty, squote, pound) set.
func New(env Env) *Eval {
	m := &Eval{env: env, vars: map[string]*variable{}, conf: env.Config}
	for k, v := range map[string]string{"comma": ",", "space": " ", "empty": "", "squote": "'", "pound": "#"} {
		m.Set(k, v)
	}
	return m
}

// Set sets a simply expanded variable.
func (m *Eval) Set(name, val string) { m.vars[name] = &variable{val: val} }

// Vars returns the names of the variables set, sorted.
func (m *Eval) Vars() []string {
	names := make([]string, 0, len(m.vars))
	for n := range m.vars {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Get returns the expanded value of a variable.
func (m *Eval) Get(name string) string {
	if v, ok := m.vars[name]; ok {
		if !v.recursive {
			return v.val
		}
		if m.depth > 40 {
			return ""
		}
		m.depth++
		defer func() { m.depth-- }()
		return m.Expand(v.val)
	}
	if strings.HasPrefix(name, "CONFIG_") {
		return m.conf[name]
	}
	return ""
}

func (m *Eval) Words(name string) []string { return strings.Fields(m.Get(name)) }

func (m *Eval) Defined(name string) bool {
	if v, ok := m.vars[name]; ok {
		return v.val != ""
	}
	return m.conf[name] != ""
}

// Include reads a make file into the evaluation.
func (m *Eval) Include(path string) {
	if b, err := m.env.ReadFile(path); err == nil {
		m.included(b)
	}
}

// included evaluates the text of an included file, nested at most 8 deep.
func (m *Eval) included(b []byte) {
	if m.depth > 8 {
		return
	}
	m.depth++
	defer func() { m.depth-- }()
	m.Run(b)
}

type condFrame struct {
	active      bool // the current branch is being evaluated
	taken       bool // some branch of this conditional was taken
	parentAlive bool
}

// Run evaluates make text.
func (m *Eval) Run(b []byte) {
	lines := Lines(b)
	var conds []condFrame
	alive := func() bool { return len(conds) == 0 || conds[len(conds)-1].active }
	inRule := false
	inDefine := 0
	for _, raw := range lines {
		if inDefine > 0 {
			s := strings.TrimSpace(raw)
			if s == "endef" || strings.HasPrefix(s, "endef ") {
				inDefine--
			} else if strings.HasPrefix(s, "define ") {
				inDefine++
			}
			continue
		}
		if strings.HasPrefix(raw, "\t") && inRule {
			continue // recipe
		}
		s := strings.TrimSpace(StripComment(raw))
		if s == "" {
			continue
		}
		word, rest, _ := strings.Cut(s, " ")
		if i := strings.IndexByte(word, '\t'); i >= 0 {
			word, rest = s[:i], s[i+1:]
		}
		rest = strings.TrimSpace(rest)
		switch word {
		case "ifeq", "ifneq", "ifdef", "ifndef":
			pa := alive()
			v := false
			if pa {
				v = m.cond(word, rest)
			}
			conds = append(conds, condFrame{active: pa && v, taken: v, parentAlive: pa})
			continue
		case "else":
			if len(conds) == 0 {
				continue
			}
			c := &conds[len(conds)-1]
			if c.taken || !c.parentAlive {
				c.active = false
				continue
			}
			if rest == "" {
				c.active, c.taken = true, true
				continue
			}
			w2, r2, _ := strings.Cut(rest, " ")
			v := m.cond(w2, strings.TrimSpace(r2))
			c.active, c.taken = v, v
			continue
		case "endif":
			if len(conds) > 0 {
				conds = conds[:len(conds)-1]
			}
			continue
		}
		if !alive() {
			continue
		}
		switch word {
		case "include", "-include", "sinclude":
			for _, f := range strings.Fields(m.Expand(rest)) {
				m.includeName(f)
			}
			inRule = false
			continue
		case "define":
			inDefine = 1
			continue
		case "export", "unexport", "override", "private":
			if rest == "" {
				continue
			}
			s = rest
		case "vpath", "undefine":
			continue
		}
		if m.Assign(s) {
			inRule = false
			continue
		}
		if strings.Contains(s, ":") {
			inRule = true
		}
	}
}

// includeName reads the file an include directive names: an absolute
// path, or one relative to Dir (make's working directory, the object
// tree), else to Fallback (the source tree); each read once.
func (m *Eval) includeName(f string) {
	if !filepath.IsAbs(f) {
		if b, err := m.env.ReadFile(filepath.Join(m.env.Dir, f)); err == nil {
			m.included(b)
			return
		}
		f = filepath.Join(m.env.Fallback, f)
	}
	m.Include(f)
}

// Assign evaluates s if it is a variable assignment.
func (m *Eval) Assign(s string) bool {
	depth := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '(', '{':
			depth++
		case ')', '}':
			depth--
		case ':':
			if depth > 0 {
				continue
			}
			if strings.HasPrefix(s[i:], ":=") {
				m.set(s[:i], s[i+2:], ":=")
				return true
			}
			if strings.HasPrefix(s[i:], "::=") {
				m.set(s[:i], s[i+3:], ":=")
				return true
			}
			return false // a rule
		case '=':
			if depth > 0 {
				continue
			}
			op := "="
			name := s[:i]
			if i > 0 && strings.IndexByte("+?!", s[i-1]) >= 0 {
				op = s[i-1:i] + "="
				name = s[:i-1]
			}
			m.set(name, s[i+1:], op)
			return true
		}
	}
	return false
}

func (m *Eval) set(name, val, op string) {
	name = strings.TrimSpace(m.Expand(strings.TrimSpace(name)))
	val = strings.TrimLeft(val, " \t")
	if name == "" {
		return
	}
	old, exists := m.vars[name]
	switch op {
	case ":=":
		m.vars[name] = &variable{val: m.Expand(val)}
	case "=":
		m.vars[name] = &variable{val: val, recursive: true}
	case "?=":
		if !exists {
			m.vars[name] = &variable{val: val, recursive: true}
		}
	case "!=":
		m.vars[name] = &variable{} // shell: not run
	case "+=":
		if !exists {
			m.vars[name] = &variable{val: val, recursive: true}
			return
		}
		if old.recursive {
			m.vars[name] = &variable{val: joinSpace(old.val, val), recursive: true}
		} else {
			m.vars[name] = &variable{val: joinSpace(old.val, m.Expand(val))}
		}
	}
}

func joinSpace(a, b string) string {
	if a == "" {
		return b
	}
	if b == "" {
		return a
	}
	return a + " " + b
}

// cond evaluates the condition of an ifeq/ifneq/ifdef/ifndef.
func (m *Eval) cond(kw, arg string) bool {
	switch kw {
	case "ifdef", "ifndef":
		d := m.Defined(strings.TrimSpace(m.Expand(arg)))
		return d == (kw == "ifdef")
	case "ifeq", "ifneq":
		a, b, ok := condArgs(arg)
		if !ok {
			return false
		}
		// make keeps some blanks inside the arguments; trimming both
		// sides is close enough for kbuild files.
		eq := strings.TrimSpace(m.Expand(a)) == strings.TrimSpace(m.Expand(b))
		return eq == (kw == "ifeq")
	}
	return false
}

// condArgs splits "(a,b)" or "'a' 'b'" / "\"a\" \"b\"".
func condArgs(s string) (string, string, bool) {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "(") && strings.HasSuffix(s, ")") {
		args := splitArgs(s[1 : len(s)-1])
		if len(args) != 2 {
			return "", "", false
		}
		return args[0], args[1], true
	}
	var out []string
	for len(s) > 0 && len(out) < 2 {
		q := s[0]
		if q != '"' && q != '\'' {
			return "", "", false
		}
		j := strings.IndexByte(s[1:], q)
		if j < 0 {
			return "", "", false
		}
		out = append(out, s[1:1+j])
		s = strings.TrimSpace(s[j+2:])
	}
	if len(out) != 2 {
		return "", "", false
	}
	return out[0], out[1], true
}

// splitArgs splits function arguments on top-level commas.
func splitArgs(s string) []string {
	var out []string
	depth, start := 0, 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '(', '{':
			depth++
		case ')', '}':
			depth--
		case ',':
			if depth == 0 {
				out = append(out, s[start:i])
				start = i + 1
			}
		}
	}
	return append(out, s[start:])
}

// Lines returns the logical lines of make text: it joins backslash-continued lines (the backslash, newline and
// surrounding blanks become one space, as make does).
func Lines(b []byte) []string {
	var out []string
	var cur strings.Builder
	cont := false
	for _, ln := range strings.Split(string(b), "\n") {
		ln = strings.TrimSuffix(ln, "\r")
		if cont {
			ln = strings.TrimLeft(ln, " \t")
			cur.WriteByte(' ')
		}
		if n := trailingBackslashes(ln); n%2 == 1 {
			cur.WriteString(strings.TrimRight(ln[:len(ln)-1], " \t"))
			cont = true
			continue
		}
		cur.WriteString(ln)
		out = append(out, cur.String())
		cur.Reset()
		cont = false
	}
	if cur.Len() > 0 {
		out = append(out, cur.String())
	}
	return out
}

func trailingBackslashes(s string) int {
	n := 0
	for i := len(s) - 1; i >= 0 && s[i] == '\\'; i-- {
		n++
	}
	return n
}

// StripComment removes a # comment; \# is a literal #.
func StripComment(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] == '#' && (i == 0 || s[i-1] != '\\') {
			s = s[:i]
			break
		}
	}
	return strings.ReplaceAll(s, "\\#", "#")
}

// Expand expands variable references and function calls in s.
func (m *Eval) Expand(s string) string {
	if !strings.Contains(s, "$") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '$' || i+1 >= len(s) {
			b.WriteByte(c)
			continue
		}
		n := s[i+1]
		switch n {
		case '$':
			b.WriteByte('$')
			i++
		case '(', '{':
			closer := byte(')')
			if n == '{' {
				closer = '}'
			}
			depth, j := 1, i+2
			for ; j < len(s); j++ {
				if s[j] == n {
					depth++
				} else if s[j] == closer {
					depth--
					if depth == 0 {
						break
					}
				}
			}
			if j >= len(s) {
				b.WriteString(s[i:])
				return b.String()
			}
			b.WriteString(m.ref(s[i+2 : j]))
			i = j
		default:
			b.WriteString(m.Get(string(n)))
			i++
		}
	}
	return b.String()
}

// ref evaluates the inside of $( ).
func (m *Eval) ref(in string) string {
	if m.depth > 60 {
		return ""
	}
	m.depth++
	defer func() { m.depth-- }()
	if fn, args, ok := strings.Cut(in, " "); ok && makeFuncs[fn] {
		return m.call(fn, strings.TrimLeft(args, " \t"))
	}
	if fn, args, ok := strings.Cut(in, "\t"); ok && makeFuncs[fn] {
		return m.call(fn, strings.TrimLeft(args, " \t"))
	}
	name := m.Expand(in)
	// substitution reference $(var:a=b)
	if v, sub, ok := strings.Cut(name, ":"); ok {
		if from, to, ok := strings.Cut(sub, "="); ok {
			if !strings.Contains(from, "%") {
				from, to = "%"+from, "%"+to
			}
			var out []string
			for _, w := range strings.Fields(m.Get(v)) {
				out = append(out, patsubst(from, to, w))
			}
			return strings.Join(out, " ")
		}
	}
	return m.Get(name)
}

var makeFuncs = map[string]bool{
	"subst": true, "patsubst": true, "strip": true, "findstring": true, "filter": true,
	"filter-out": true, "sort": true, "word": true, "words": true, "firstword": true,
	"lastword": true, "dir": true, "notdir": true, "suffix": true, "basename": true,
	"addsuffix": true, "addprefix": true, "if": true, "or": true, "and": true,
	"foreach": true, "call": true, "shell": true, "error": true, "warning": true,
	"info": true, "wildcard": true, "origin": true, "value": true, "eval": true,
	"abspath": true, "realpath": true, "join": true, "flavor": true, "wordlist": true,
}

func (m *Eval) call(fn, argstr string) string {
	raw := splitArgs(argstr)
	arg := func(i int) string {
		if i < len(raw) {
			return m.Expand(raw[i])
		}
		return ""
	}
	fields := func(i int) []string { return strings.Fields(arg(i)) }
	mapWords := func(ws []string, f func(string) string) string {
		out := make([]string, 0, len(ws))
		for _, w := range ws {
			if r := f(w); r != "" {
				out = append(out, r)
			}
		}
		return strings.Join(out, " ")
	}
	switch fn {
	case "subst":
		if len(raw) < 3 {
			return ""
		}
		// the text argument may itself contain commas
		return strings.ReplaceAll(m.Expand(strings.Join(raw[2:], ",")), arg(0), arg(1))
	case "patsubst":
		from, to := arg(0), arg(1)
		return mapWords(fields(2), func(w string) string { return patsubst(from, to, w) })
	case "strip":
		return strings.Join(strings.Fields(m.Expand(argstr)), " ")
	case "findstring":
		if strings.Contains(arg(1), arg(0)) {
			return arg(0)
		}
		return ""
	case "filter", "filter-out":
		pats := fields(0)
		keep := fn == "filter"
		return mapWords(fields(1), func(w string) string {
			hit := false
			for _, p := range pats {
				if patMatch(p, w) {
					hit = true
					break
				}
			}
			if hit == keep {
				return w
			}
			return ""
		})
	case "sort":
		ws := fields(0)
		sort.Strings(ws)
		var out []string
		for i, w := range ws {
			if i == 0 || ws[i-1] != w {
				out = append(out, w)
			}
		}
		return strings.Join(out, " ")
	case "words":
		return fmt.Sprint(len(fields(0)))
	case "word":
		var n int
		fmt.Sscan(arg(0), &n)
		ws := fields(1)
		if n >= 1 && n <= len(ws) {
			return ws[n-1]
		}
		return ""
	case "firstword":
		if ws := fields(0); len(ws) > 0 {
			return ws[0]
		}
		return ""
	case "lastword":
		if ws := fields(0); len(ws) > 0 {
			return ws[len(ws)-1]
		}
		return ""
	case "dir":
		return mapWords(fields(0), func(w string) string {
			if i := strings.LastIndexByte(w, '/'); i >= 0 {
				return w[:i+1]
			}
			return "./"
		})
	case "notdir":
		return mapWords(fields(0), func(w string) string { return w[strings.LastIndexByte(w, '/')+1:] })
	case "suffix":
		return mapWords(fields(0), func(w string) string {
			if e := filepath.Ext(w); e != "" && !strings.Contains(e, "/") {
				return e
			}
			return ""
		})
	case "basename":
		return mapWords(fields(0), func(w string) string {
			if e := filepath.Ext(w); e != "" && !strings.Contains(e, "/") {
				return strings.TrimSuffix(w, e)
			}
			return w
		})
	case "addsuffix":
		s := arg(0)
		return mapWords(fields(1), func(w string) string { return w + s })
	case "addprefix":
		p := arg(0)
		return mapWords(fields(1), func(w string) string { return p + w })
	case "if":
		if strings.TrimSpace(arg(0)) != "" {
			return arg(1)
		}
		return arg(2)
	case "or":
		for i := range raw {
			if v := arg(i); strings.TrimSpace(v) != "" {
				return v
			}
		}
		return ""
	case "and":
		v := ""
		for i := range raw {
			if v = arg(i); strings.TrimSpace(v) == "" {
				return ""
			}
		}
		return v
	case "foreach":
		if len(raw) < 3 {
			return ""
		}
		name := strings.TrimSpace(arg(0))
		saved, had := m.vars[name]
		var out []string
		for _, w := range fields(1) {
			m.vars[name] = &variable{val: w}
			if r := strings.TrimSpace(m.Expand(strings.Join(raw[2:], ","))); r != "" {
				out = append(out, r)
			}
		}
		if had {
			m.vars[name] = saved
		} else {
			delete(m.vars, name)
		}
		return strings.Join(out, " ")
	case "call":
		name := strings.TrimSpace(arg(0))
		v, ok := m.vars[name]
		if !ok {
			return "" // cc-option and friends: never run a compiler
		}
		saved := map[string]*variable{}
		for i := 1; i < len(raw) && i < 10; i++ {
			k := fmt.Sprint(i)
			saved[k] = m.vars[k]
			m.vars[k] = &variable{val: arg(i)}
		}
		r := m.Expand(v.val)
		for k, sv := range saved {
			if sv == nil {
				delete(m.vars, k)
			} else {
				m.vars[k] = sv
			}
		}
		return r
	case "wildcard":
		var out []string
		for _, p := range fields(0) {
			abs := p
			if !filepath.IsAbs(p) {
				abs = filepath.Join(m.env.Dir, p)
			}
			if ms, _ := filepath.Glob(abs); len(ms) > 0 {
				out = append(out, ms...)
			}
		}
		return strings.Join(out, " ")
	case "origin":
		if _, ok := m.vars[arg(0)]; ok {
			return "file"
		}
		return "undefined"
	case "value":
		if v, ok := m.vars[arg(0)]; ok {
			return v.val
		}
		return ""
	case "abspath", "realpath":
		return mapWords(fields(0), func(w string) string {
			if filepath.IsAbs(w) {
				return filepath.Clean(w)
			}
			return filepath.Join(m.env.Dir, w)
		})
	case "join":
		a, b := fields(0), fields(1)
		var out []string
		for i := 0; i < len(a) || i < len(b); i++ {
			s := ""
			if i < len(a) {
				s += a[i]
			}
			if i < len(b) {
				s += b[i]
			}
			out = append(out, s)
		}
		return strings.Join(out, " ")
	case "flavor":
		if v, ok := m.vars[arg(0)]; ok {
			if v.recursive {
				return "recursive"
			}
			return "simple"
		}
		return "undefined"
	case "wordlist":
		var s, e int
		fmt.Sscan(arg(0), &s)
		fmt.Sscan(arg(1), &e)
		ws := fields(2)
		if s < 1 {
			s = 1
		}
		if e > len(ws) {
			e = len(ws)
		}
		if s > e {
			return ""
		}
		return strings.Join(ws[s-1:e], " ")
	case "warning", "info", "error", "shell", "eval":
		return ""
	}
	return ""
}

// patMatch matches a make pattern with at most one %.
func patMatch(pat, w string) bool {
	i := strings.IndexByte(pat, '%')
	if i < 0 {
		return pat == w
	}
	pre, suf := pat[:i], pat[i+1:]
	return len(w) >= len(pre)+len(suf) && strings.HasPrefix(w, pre) && strings.HasSuffix(w, suf)
}

func patsubst(from, to, w string) string {
	i := strings.IndexByte(from, '%')
	if i < 0 {
		if w == from {
			return to
		}
		return w
	}
	pre, suf := from[:i], from[i+1:]
	if len(w) < len(pre)+len(suf) || !strings.HasPrefix(w, pre) || !strings.HasSuffix(w, suf) {
		return w
	}
	stem := w[len(pre) : len(w)-len(suf)]
	if j := strings.IndexByte(to, '%'); j >= 0 {
		return to[:j] + stem + to[j+1:]
	}
	return to
}
