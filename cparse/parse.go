package cparse

import "bytes"
import "errors"
import "fmt"
import "io"
import "os"
import "path/filepath"
import "regexp"
import "runtime/debug"
import "strconv"

import "modernc.org/cc/v4"

// Options say how to parse one file.
type Options struct {
	Mode Mode
	// Vocab names the identifiers (GUP entry points, FOLL_ flags) that make
	// a function defined in a header worth lowering.
	Vocab map[string]bool
	// VocabPrefixes are identifier prefixes that count as Vocab words
	// ("FOLL_").
	VocabPrefixes []string
	// Whole parses every function of the file even in tolerant mode
	// (otherwise functions that mention no Vocab word and call none that
	// does are skipped).
	Whole bool
	// Keep names identifiers that keep, in tolerant mode, a function of
	// the file that names one, by themselves only: neither its callers
	// nor the file are parsed on its account (the release functions a
	// rule follows pages to, in a file that names the GUP API).
	Keep map[string]bool
	// DeferHeaderOnly: a file none of whose own functions can reach the
	// API, but some of whose local headers' functions can, is not parsed;
	// its unit lists those headers (Unit.HeaderOnly). The header's
	// functions are one definition for the program, read from whichever
	// unit includes it: a caller that parses another unit reading them
	// need not parse this one (analyzer.Run), and parses it without the
	// option otherwise.
	DeferHeaderOnly bool
}

// keeps is Keep as the slicers take it: nil when there is none.
func (o *Options) keeps() func(string) bool {
	if len(o.Keep) == 0 {
		return nil
	}
	return func(id string) bool { return o.Keep[id] }
}

// inVocab reports whether an identifier is a Vocab word.
func (o *Options) inVocab(id string) bool {
	if o.Vocab[id] {
		return true
	}
	for _, p := range o.VocabPrefixes {
		if len(id) > len(p) && id[:len(p)] == p {
			return true
		}
	}
	return false
}

// Parse turns the file at path (tree-relative or absolute) into a Unit.
// The returned error is for files that cannot be read at all; a file that
// does not parse gives a Unit with Errors (and whatever functions could be
// read), so that no file is ever lost silently.
func (t *Tree) Parse(path string, opt Options) (u *Unit, err error) {
	abs := t.Abs(path)
	src, err := t.ReadFile(abs)
	if err != nil {
		return nil, err
	}
	if err := checkText(t.Rel(abs), src); err != nil {
		return nil, err
	}
	switch opt.Mode {
	case Precise:
		return t.parsePrecise(abs, opt)
	case Tolerant, 0:
		return t.parseTolerant(abs, src, opt)
	}
	return nil, fmt.Errorf("unknown mode %v", opt.Mode)
}

// MaxFileSize is the largest file gupvet parses. The kernel's largest C
// files are a few MB; a bigger one is generated data, not code to check,
// and would cost minutes and gigabytes.
var MaxFileSize = 16 << 20

// MaxNesting bounds bracket nesting in a file: the C frontend parses by
// recursive descent and a file nested a hundred thousand levels deep would
// exhaust the stack, which no recover can catch.
const MaxNesting = 5000

// checkText rejects input that is not C source text, or that gupvet cannot
// parse safely, with a reason and a position.
func checkText(name string, b []byte) error {
	if len(b) > MaxFileSize {
		return fmt.Errorf("%s: file too large (%d MB; gupvet parses files up to %d MB)", name, len(b)>>20, MaxFileSize>>20)
	}
	if i := bytes.IndexByte(b, 0); i >= 0 {
		line := 1 + bytes.Count(b[:i], []byte("\n"))
		return fmt.Errorf("%s:%d: not a C source file (NUL byte at offset %d)", name, line, i)
	}
	depth, line := 0, 1
	for i := 0; i < len(b); i++ {
		switch b[i] {
		case '\n':
			line++
		case '(', '[', '{':
			depth++
			if depth > MaxNesting {
				return fmt.Errorf("%s:%d: brackets nested more than %d deep; not analysed", name, line, MaxNesting)
			}
		case ')', ']', '}':
			if depth > 0 {
				depth--
			}
		}
	}
	return nil
}

// parseWith runs cc.Parse with cfg over sources and lowers what it gets.
// A panic inside cc/v4 becomes an error of the unit; a panic in gupvet's
// own lowering is not caught here (it is a bug, and the fuzz tests must
// see it; the driver still isolates it per file).
func (t *Tree) parseWith(abs string, cfg *cc.Config, sources []cc.Source, opt Options, mode Mode) (u *Unit) {
	rel := t.Rel(abs)
	u = &Unit{Path: rel, Mode: mode}
	tf, _ := cfg.FS.(*treeFS)
	if tf != nil {
		tf.findCycles(abs, cfg.IncludePaths)
	}
	ast, err := ccParse(cfg, sources)
	if tf != nil && tf.nest != nil {
		if e := tf.nest.err(t); e != nil {
			// an include cycle without end: the file cannot be
			// compiled, whatever else the frontend said
			u.Errors = []*Error{e}
			u.Partial = true
			u.nested = true
			u.Deps = tf.Deps()
			return u
		}
	}
	if p, ok := err.(ccPanic); ok {
		u.Errors = append(u.Errors, &Error{Pos: Pos{File: rel}, Msg: fmt.Sprintf("internal error in the C frontend: %v", p.v)})
		u.Partial = true
		u.panicked = true
		if os.Getenv("GUPVET_DEBUG") != "" {
			u.Notes = append(u.Notes, p.stack)
		}
		return u
	}
	if err != nil {
		u.Errors = append(u.Errors, ccErrors(t, err)...)
	}
	if ast == nil || ast.TranslationUnit == nil {
		u.Partial = true
		if len(u.Errors) == 0 {
			u.Errors = append(u.Errors, &Error{Pos: Pos{File: rel}, Msg: "no syntax tree"})
		}
		return u
	}
	if err != nil {
		u.Partial = true
	}
	if tf != nil {
		u.Deps = tf.Deps()
	}
	if !contains(u.Deps, abs) {
		u.Deps = append([]string{abs}, u.Deps...)
	}
	pos := newPositions(t.Src, func(p string) ([]byte, error) { return t.readFS(p) })
	l := &lowerer{main: abs, pos: pos, vocab: opt.inVocab, unit: u}
	l.translationUnit(ast.TranslationUnit)
	return u
}

type ccPanic struct {
	v     any
	stack string
}

func (p ccPanic) Error() string { return fmt.Sprint(p.v) }

// ccParse is cc.Parse with its panics turned into a ccPanic error.
func ccParse(cfg *cc.Config, sources []cc.Source) (ast *cc.AST, err error) {
	defer func() {
		if r := recover(); r != nil {
			ast, err = nil, ccPanic{r, string(debug.Stack())}
		}
	}()
	return cc.Parse(cfg, sources)
}

// readFS reads a file as the frontend sees it (overlay and rewrites).
func (t *Tree) readFS(p string) ([]byte, error) {
	f, err := t.FS().Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(f)
}

var ccPosRx = regexp.MustCompile(`^(.+?):(\d+):(\d+): (.*)$`)

// ccErrors splits a cc/v4 error into positioned errors, paths relative to
// the tree.
func ccErrors(t *Tree, err error) []*Error {
	var out []*Error
	var lines []string
	var ce interface{ Error() string } = err
	for _, s := range splitLines(ce.Error()) {
		if s != "" {
			lines = append(lines, s)
		}
	}
	for _, s := range lines {
		if m := ccPosRx.FindStringSubmatch(s); m != nil {
			ln, _ := strconv.Atoi(m[2])
			col, _ := strconv.Atoi(m[3])
			file := unnest(m[1])
			if filepath.IsAbs(file) {
				file = t.Rel(file)
			}
			out = append(out, &Error{Pos: Pos{File: file, Line: int32(ln), Col: int32(col)}, Msg: m[4]})
			continue
		}
		out = append(out, &Error{Msg: s})
	}
	if len(out) == 0 {
		out = append(out, &Error{Msg: err.Error()})
	}
	return out
}

func splitLines(s string) []string {
	var out []string
	start := 0
	for i := 0; i < len(s); i++ {
		if s[i] == '\n' {
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}

var errNoObj = errors.New("precise mode needs a configured object tree (-O) or compile_commands.json (-p)")

// ParseText parses C source that is not in any tree (gupvet's built-in
// model of an API) in tolerant mode. name is used in positions.
func ParseText(name string, src []byte, opt Options) (*Unit, error) {
	if err := checkText(name, src); err != nil {
		return nil, err
	}
	t := &Tree{Src: "/__gupvet_text__", Arch: "x86"}
	abs := t.Abs(name)
	t.SetOverlay(abs, src)
	return t.parseTolerant(abs, src, opt)
}
