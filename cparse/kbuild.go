package cparse

import (
	"bufio"
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// This file finds how kbuild compiles one source file: which kbuild file
// (Kbuild or Makefile) lists its object, the -I/-D/-U/-include flags that
// file and its parents add (ccflags-y, subdir-ccflags-y, CFLAGS_<obj>.o),
// and whether the object ends up in a module or in vmlinux. It reads the
// kbuild files with a small make evaluator: assignments, conditionals on
// the configuration, include, and the common text functions. Rules,
// recipes and $(shell) are ignored; gupvet never runs make.

// kbuildInfo is what kbuild adds to the compiler command line of one file.
type kbuildInfo struct {
	// Makefile is the kbuild file, tree-relative, that lists the object,
	// or "" when none was found.
	Makefile string
	// Stem is the object's name relative to that file's directory,
	// without .o ("gup", "../../../virt/kvm/kvm_main").
	Stem string
	// Flags are the compiler flags kbuild adds for the file, in order:
	// parents' subdir-ccflags-y, ccflags-y, CFLAGS_<stem>.o, then
	// scripts/Makefile.lib's -I $(src) -I $(obj) out of the source tree.
	Flags []string
	// Module is true for an object linked into a module (obj-m).
	Module bool
	// Built is false when the object's list is not selected by the
	// configuration (obj- or an unset composite).
	Built    bool
	ModName  string // KBUILD_MODNAME, unquoted
	BaseName string // KBUILD_BASENAME, unquoted
	ModFile  string // KBUILD_MODFILE for built-in objects, unquoted
	Notes    []string
}

// kconfig reads the configuration of the object tree (auto.conf, else
// .config) as make variables: CONFIG_FOO=y.
func kconfig(obj string) map[string]string {
	conf := map[string]string{}
	if obj == "" {
		return conf
	}
	b, err := os.ReadFile(filepath.Join(obj, "include/config/auto.conf"))
	if err != nil {
		if b, err = os.ReadFile(filepath.Join(obj, ".config")); err != nil {
			return conf
		}
	}
	for _, ln := range strings.Split(string(b), "\n") {
		if !strings.HasPrefix(ln, "CONFIG_") {
			continue
		}
		if k, v, ok := strings.Cut(ln, "="); ok {
			conf[k] = v
		}
	}
	return conf
}

func (t *Tree) kconfig() map[string]string {
	t.kconfigOnce.Do(func() { t.kconf = kconfig(t.Obj) })
	return t.kconf
}

// kbuildFile returns the kbuild file of a tree-relative directory: Kbuild
// if it exists, else Makefile (except at the top, where the Makefile is not
// a kbuild file), or "".
func (t *Tree) kbuildFile(dir string) string {
	for _, n := range []string{"Kbuild", "Makefile"} {
		if dir == "." && n == "Makefile" {
			break
		}
		p := filepath.Join(dir, n)
		if fi, err := os.Stat(t.Abs(p)); err == nil && fi.Mode().IsRegular() {
			return p
		}
	}
	return ""
}

// objRoot is kbuild's working directory: the object tree, or the source
// tree for an in-tree build.
func (t *Tree) objRoot() string {
	if t.Obj != "" {
		return t.Obj
	}
	return t.Src
}

// evalKbuild evaluates the kbuild file of directory dir (tree-relative) as
// kbuild would when descending into dir.
func (t *Tree) evalKbuild(dir, file string) *makeEval {
	m := newMakeEval(t, dir)
	m.includeFile(t.Abs(file))
	return m
}

// kbuild finds how the file at abs is compiled.
func (t *Tree) kbuild(abs string) *kbuildInfo {
	rel := t.Rel(abs)
	base := strings.TrimSuffix(filepath.Base(rel), filepath.Ext(rel))
	info := &kbuildInfo{BaseName: base, ModName: base, Stem: base}
	if filepath.IsAbs(rel) {
		info.Notes = append(info.Notes, "file is outside the source tree: no kbuild flags")
		return info
	}
	target := filepath.Join(filepath.Dir(rel), base+".o")

	// 1. the file's directory and its parents, nearest first;
	// 2. kbuild files of the architecture that include a file of the
	//    file's directory (virt/kvm/Makefile.kvm from arch/x86/kvm/Makefile).
	var cands []string
	for d := filepath.Dir(rel); ; d = filepath.Dir(d) {
		if f := t.kbuildFile(d); f != "" {
			cands = append(cands, f)
		}
		if d == "." || d == "/" {
			break
		}
	}
	cands = append(cands, t.archIncluders(filepath.Dir(rel))...)

	for _, f := range cands {
		dir := filepath.Dir(f)
		m := t.evalKbuild(dir, f)
		hit := m.findObject(dir, target)
		if hit == nil {
			continue
		}
		info.Makefile = f
		info.Stem = hit.stem
		info.Module = hit.module
		info.Built = hit.built
		if hit.composite != "" {
			info.ModName = hit.composite
		}
		if !info.Module {
			info.ModFile = filepath.ToSlash(filepath.Join(dir, info.ModName))
		}
		info.Flags = t.kbuildFlags(dir, m, hit.stem)
		info.Notes = append(info.Notes, m.notes...)
		info.Notes = append(info.Notes, t.kbuildDirs().notes...)
		return info
	}
	info.Built = true
	info.ModFile = filepath.ToSlash(filepath.Join(filepath.Dir(rel), base))
	info.Notes = append(info.Notes, fmt.Sprintf("no kbuild file lists %s: assumed built-in with no per-directory flags", target))
	return info
}

// kbuildFlags collects the flags kbuild adds for object stem of the kbuild
// file of dir, whose evaluation is m.
func (t *Tree) kbuildFlags(dir string, m *makeEval, stem string) []string {
	var flags []string
	// subdir-ccflags-y of the parents, from the top down, then this dir's
	var parents []string
	for d := filepath.Dir(dir); ; d = filepath.Dir(d) {
		parents = append(parents, d)
		if d == "." || d == "/" {
			break
		}
	}
	for i := len(parents) - 1; i >= 0; i-- {
		d := parents[i]
		f := t.kbuildFile(d)
		if f == "" {
			continue
		}
		pm := t.evalKbuild(d, f)
		flags = append(flags, pm.words("subdir-ccflags-y")...)
	}
	flags = append(flags, m.words("subdir-ccflags-y")...)
	flags = append(flags, m.words("ccflags-y")...)
	flags = filterOut(flags, m.words("ccflags-remove-y"))
	flags = append(flags, m.words("CFLAGS_"+stem+".o")...)
	flags = filterOut(flags, m.words("CFLAGS_REMOVE_"+stem+".o"))
	return append(flags, m.outOfTreeIncludes()...)
}

func filterOut(xs, remove []string) []string {
	if len(remove) == 0 {
		return xs
	}
	rm := map[string]bool{}
	for _, r := range remove {
		rm[r] = true
	}
	var out []string
	for _, x := range xs {
		if !rm[x] {
			out = append(out, x)
		}
	}
	return out
}

// archIncluders returns the kbuild files under arch/<arch> that include a
// file of directory dir.
func (t *Tree) archIncluders(dir string) []string {
	t.archOnce.Do(func() { t.archIdx = t.readArchIncluders() })
	idx := t.archIdx
	var out []string
	for f, dirs := range idx {
		for _, d := range dirs {
			if d == dir {
				out = append(out, f)
				break
			}
		}
	}
	sort.Strings(out)
	return out
}

// readArchIncluders indexes the kbuild files under arch/<arch> by the
// directories of the files they include.
func (t *Tree) readArchIncluders() map[string][]string {
	idx := map[string][]string{}
	root := t.Abs(filepath.Join("arch", t.Arch))
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() || (d.Name() != "Makefile" && d.Name() != "Kbuild") {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil || !bytes.Contains(b, []byte("include")) {
			return nil
		}
		sc := bufio.NewScanner(bytes.NewReader(b))
		for sc.Scan() {
			ln := strings.TrimSpace(sc.Text())
			for _, kw := range []string{"include ", "-include ", "sinclude "} {
				if strings.HasPrefix(ln, kw) {
					inc := strings.TrimSpace(strings.TrimPrefix(ln, kw))
					inc = strings.TrimPrefix(inc, "$(srctree)/")
					idx[t.Rel(p)] = append(idx[t.Rel(p)], filepath.Dir(inc))
				}
			}
		}
		return nil
	})
	return idx
}

// objHit is where an object was found in a kbuild file.
type objHit struct {
	stem      string // object path relative to the kbuild dir, no .o
	composite string // the composite object it is part of, or ""
	module    bool
	built     bool
}

// findObject looks for target (tree-relative, "mm/gup.o") in the object
// lists of m, the evaluation of the kbuild file of dir.
func (m *makeEval) findObject(dir, target string) *objHit {
	match := func(w string) bool {
		return filepath.Join(dir, w) == target
	}
	// direct: obj-y, obj-m, lib-y, obj- (not selected)
	for _, l := range []struct {
		v             string
		module, built bool
	}{{"obj-y", false, true}, {"lib-y", false, true}, {"obj-m", true, true}, {"obj-", false, false}, {"obj-n", false, false}} {
		for _, w := range m.words(l.v) {
			if match(w) {
				// foo.o may itself be a composite of foo-y parts; then
				// it is not compiled from foo.c, but kbuild would not
				// allow that anyway.
				return &objHit{stem: strings.TrimSuffix(w, ".o"), module: l.module, built: l.built}
			}
		}
	}
	// composite: <comp>-y, <comp>-objs, <comp>-m
	names := make([]string, 0, len(m.vars))
	for n := range m.vars {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		var comp string
		switch {
		case strings.HasSuffix(n, "-objs"):
			comp = strings.TrimSuffix(n, "-objs")
		case strings.HasSuffix(n, "-y"):
			comp = strings.TrimSuffix(n, "-y")
		case strings.HasSuffix(n, "-m"):
			comp = strings.TrimSuffix(n, "-m")
		default:
			continue
		}
		if comp == "obj" || comp == "lib" || comp == "" || strings.Contains(comp, "flags") {
			continue
		}
		found := ""
		for _, w := range m.words(n) {
			if match(w) {
				found = w
				break
			}
		}
		if found == "" {
			continue
		}
		// only a composite kbuild links: <comp>.o is in an object list;
		// other variables (mmu-y) are helpers already expanded above
		h := &objHit{stem: strings.TrimSuffix(found, ".o"), composite: filepath.Base(comp)}
		co := comp + ".o"
		switch {
		case containsWord(m.words("obj-y"), co):
			h.built = true
		case containsWord(m.words("obj-m"), co):
			h.built, h.module = true, true
		case containsWord(m.words("obj-"), co), containsWord(m.words("obj-n"), co):
		default:
			continue
		}
		if strings.HasSuffix(n, "-m") && !h.module {
			// foo-m parts only count for a modular foo.o
			continue
		}
		return h
	}
	return nil
}

func containsWord(ws []string, w string) bool {
	for _, x := range ws {
		if x == w {
			return true
		}
	}
	return false
}

// makeEval is a small evaluator of GNU make syntax, enough for kbuild
// files: variables (recursive and simple), +=, ?=, ifeq/ifneq/ifdef/
// ifndef/else/endif, include, and the text functions. Unknown functions
// and $(shell ...) expand to nothing.
type makeEval struct {
	t     *Tree
	vars  map[string]*makeVar
	conf  map[string]string
	depth int
	notes []string
}

type makeVar struct {
	val       string
	recursive bool
}

func newMakeEval(t *Tree, dir string) *makeEval {
	m := &makeEval{t: t, vars: map[string]*makeVar{}, conf: t.kconfig()}
	objRoot := t.objRoot()
	set := func(k, v string) { m.vars[k] = &makeVar{val: v} }
	set("srctree", t.Src)
	set("objtree", objRoot)
	set("srcroot", t.Src)
	set("SRCARCH", t.Arch)
	set("ARCH", t.Arch)
	set("comma", ",")
	set("space", " ")
	set("empty", "")
	set("squote", "'")
	set("pound", "#")
	// $(obj) is the directory relative to the object tree (kbuild's cwd);
	// flags using it are resolved against the object tree later. $(src)
	// is what the tree's scripts/Makefile.build makes of it.
	m.setDirVars(dir)
	return m
}

// get returns the expanded value of a variable.
func (m *makeEval) get(name string) string {
	if v, ok := m.vars[name]; ok {
		if !v.recursive {
			return v.val
		}
		if m.depth > 40 {
			return ""
		}
		m.depth++
		defer func() { m.depth-- }()
		return m.expand(v.val)
	}
	if strings.HasPrefix(name, "CONFIG_") {
		return m.conf[name]
	}
	return ""
}

func (m *makeEval) words(name string) []string { return strings.Fields(m.get(name)) }

func (m *makeEval) defined(name string) bool {
	if v, ok := m.vars[name]; ok {
		return v.val != ""
	}
	return m.conf[name] != ""
}

// includeFile reads a make file into the evaluation.
func (m *makeEval) includeFile(path string) {
	if m.depth > 8 {
		return
	}
	b, err := m.t.ReadFile(path)
	if err != nil {
		return
	}
	m.depth++
	defer func() { m.depth-- }()
	m.run(b)
}

type condFrame struct {
	active      bool // the current branch is being evaluated
	taken       bool // some branch of this conditional was taken
	parentAlive bool
}

// run evaluates make text.
func (m *makeEval) run(b []byte) {
	lines := logicalLines(b)
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
		s := strings.TrimSpace(stripMakeComment(raw))
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
			for _, f := range strings.Fields(m.expand(rest)) {
				m.includeFile(m.resolveInclude(f))
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
		if m.assign(s) {
			inRule = false
			continue
		}
		if strings.Contains(s, ":") {
			inRule = true
		}
	}
}

// resolveInclude resolves an include path: absolute, or relative to the
// object tree (make's cwd), falling back to the source tree.
func (m *makeEval) resolveInclude(f string) string {
	if filepath.IsAbs(f) {
		return f
	}
	p := filepath.Join(m.t.objRoot(), f)
	if _, err := os.Stat(p); err == nil {
		return p
	}
	return filepath.Join(m.t.Src, f)
}

// assign evaluates s if it is a variable assignment.
func (m *makeEval) assign(s string) bool {
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

func (m *makeEval) set(name, val, op string) {
	name = strings.TrimSpace(m.expand(strings.TrimSpace(name)))
	val = strings.TrimLeft(val, " \t")
	if name == "" {
		return
	}
	old, exists := m.vars[name]
	switch op {
	case ":=":
		m.vars[name] = &makeVar{val: m.expand(val)}
	case "=":
		m.vars[name] = &makeVar{val: val, recursive: true}
	case "?=":
		if !exists {
			m.vars[name] = &makeVar{val: val, recursive: true}
		}
	case "!=":
		m.vars[name] = &makeVar{} // shell: not run
	case "+=":
		if !exists {
			m.vars[name] = &makeVar{val: val, recursive: true}
			return
		}
		if old.recursive {
			m.vars[name] = &makeVar{val: joinSpace(old.val, val), recursive: true}
		} else {
			m.vars[name] = &makeVar{val: joinSpace(old.val, m.expand(val))}
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
func (m *makeEval) cond(kw, arg string) bool {
	switch kw {
	case "ifdef", "ifndef":
		d := m.defined(strings.TrimSpace(m.expand(arg)))
		return d == (kw == "ifdef")
	case "ifeq", "ifneq":
		a, b, ok := condArgs(arg)
		if !ok {
			return false
		}
		// make keeps some blanks inside the arguments; trimming both
		// sides is close enough for kbuild files.
		eq := strings.TrimSpace(m.expand(a)) == strings.TrimSpace(m.expand(b))
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

// logicalLines joins backslash-continued lines (the backslash, newline and
// surrounding blanks become one space, as make does).
func logicalLines(b []byte) []string {
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

// stripMakeComment removes a # comment; \# is a literal #.
func stripMakeComment(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] == '#' && (i == 0 || s[i-1] != '\\') {
			s = s[:i]
			break
		}
	}
	return strings.ReplaceAll(s, "\\#", "#")
}

// expand expands variable references and function calls in s.
func (m *makeEval) expand(s string) string {
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
			b.WriteString(m.get(string(n)))
			i++
		}
	}
	return b.String()
}

// ref evaluates the inside of $( ).
func (m *makeEval) ref(in string) string {
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
	name := m.expand(in)
	// substitution reference $(var:a=b)
	if v, sub, ok := strings.Cut(name, ":"); ok {
		if from, to, ok := strings.Cut(sub, "="); ok {
			if !strings.Contains(from, "%") {
				from, to = "%"+from, "%"+to
			}
			var out []string
			for _, w := range strings.Fields(m.get(v)) {
				out = append(out, patsubst(from, to, w))
			}
			return strings.Join(out, " ")
		}
	}
	return m.get(name)
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

func (m *makeEval) call(fn, argstr string) string {
	raw := splitArgs(argstr)
	arg := func(i int) string {
		if i < len(raw) {
			return m.expand(raw[i])
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
		return strings.ReplaceAll(m.expand(strings.Join(raw[2:], ",")), arg(0), arg(1))
	case "patsubst":
		from, to := arg(0), arg(1)
		return mapWords(fields(2), func(w string) string { return patsubst(from, to, w) })
	case "strip":
		return strings.Join(strings.Fields(m.expand(argstr)), " ")
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
			m.vars[name] = &makeVar{val: w}
			if r := strings.TrimSpace(m.expand(strings.Join(raw[2:], ","))); r != "" {
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
		saved := map[string]*makeVar{}
		for i := 1; i < len(raw) && i < 10; i++ {
			k := fmt.Sprint(i)
			saved[k] = m.vars[k]
			m.vars[k] = &makeVar{val: arg(i)}
		}
		r := m.expand(v.val)
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
				abs = filepath.Join(m.t.objRoot(), p)
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
			return filepath.Join(m.t.objRoot(), w)
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
