package callsites

import "bytes"
import "sort"
import "strings"

import "golang.org/x/tools/go/analysis"

import "gupvet/analyzer"
import "gupvet/cparse"
import "gupvet/rules/flagflow"
import "gupvet/rules/gupapi"

// Analyzer inventories the unit's GUP call sites. Its result is *Result.
var Analyzer = analyzer.Provider("callsites", "list the GUP call sites of a unit and the values that reach them (no diagnostics)",
	run, flagflow.Analyzer, analyzer.Unit)

// Result is the inventory of one unit.
type Result struct {
	Model *gupapi.Model
	Sites []*Site
	// Unseen are the calls of entry points the unit's text makes that
	// are not analysed sites.
	Unseen []Unseen
}

// Site is one call of an entry point.
type Site struct {
	Pos, End cparse.Pos
	Func     string // the function that makes the call
	Entry    string
	// Flags is what reaches the flags argument, joined over the paths
	// (HasFlags false: the entry point takes no flags).
	Flags    flagflow.Val
	HasFlags bool
	// Adds are the flags the entry point adds on some path.
	Adds uint64
	// Locked is what reaches the `locked` argument (HasLocked false: the
	// entry point takes none).
	Locked    flagflow.Val
	HasLocked bool
	// Paths counts the paths, over every calling context, that reach it.
	Paths int
}

// Why says why a call in the text is not an analysed site.
type Why int

const (
	// Lost: it lies in a region the frontend could not parse.
	Lost Why = iota + 1
	// NotCompiled: it lies in code the frontend did not see, such as a
	// branch of #if the configuration leaves out.
	NotCompiled
	// Unreached: it lies in a function that was parsed, but no path of
	// the flag analysis reaches the GUP API from it (before 6.3, where
	// the flags are followed to __get_user_pages_locked, a check of the
	// API that returns first, or get_user_pages_fast_only's FOLL_FAST_ONLY
	// path, ends every path): the rules did not see the call.
	Unreached
)

func (w Why) String() string {
	switch w {
	case Lost:
		return "in code that could not be parsed"
	case NotCompiled:
		return "not in the code this configuration compiles"
	case Unreached:
		return "in a function gupvet read, whose flags it could not follow into the GUP API"
	}
	return "?"
}

// Unseen is a call of an entry point in the unit's text that is not an
// analysed site.
type Unseen struct {
	Pos   cparse.Pos
	Entry string
	Why   Why
}

func run(pass *analysis.Pass) (*Result, error) {
	res := pass.ResultOf[flagflow.Analyzer].(*flagflow.Result)
	u := pass.ResultOf[analyzer.Unit].(*cparse.Unit)
	out := &Result{Model: res.Program.Model}
	if u.Path == gupapi.File {
		return out, nil // the API's own calls are its implementation
	}
	byPos := map[cparse.Pos]*Site{}
	for _, ev := range res.Events {
		call := ev.Chain[0]
		if !gupapi.IsEntryPoint(call.Callee) || call.Caller == nil || call.Caller.Stub {
			continue
		}
		if gupapi.IsEntryPoint(call.Caller.F.Name) {
			// An entry point calling another is the API's own code
			// (include/linux/mm.h's inline get_user_page_vma_remote, read
			// when a file is read in precise mode), as mm/gup.c's are.
			continue
		}
		s := byPos[call.Pos]
		if s == nil {
			s = &Site{Pos: call.Pos, End: call.End, Func: call.Caller.F.Name, Entry: call.Callee}
			byPos[call.Pos] = s
			out.Sites = append(out.Sites, s)
		}
		s.add(res.Program, ev)
	}
	sort.Slice(out.Sites, func(i, j int) bool { return out.Sites[i].Pos.Less(out.Sites[j].Pos) })
	if b, err := pass.ReadFile(u.Path); err == nil {
		out.Unseen = unseen(u, b, byPos)
	}
	return out, nil
}

// add joins one path's values into the site.
func (s *Site) add(p *flagflow.Program, ev *flagflow.Event) {
	call := ev.Chain[0]
	def := p.Lookup(call.Caller.Unit, call.Callee)
	arg := func(names ...string) (flagflow.Val, bool) {
		if def == nil {
			return flagflow.Val{}, false
		}
		for i, prm := range def.F.Params {
			for _, n := range names {
				if prm.Name == n && i < len(call.Args) {
					return call.Args[i], true
				}
			}
		}
		return flagflow.Val{}, false
	}
	join := func(old flagflow.Val, had bool, v flagflow.Val) flagflow.Val {
		if !had {
			return v
		}
		return flagflow.Join(old, v)
	}
	if v, ok := arg("gup_flags", "foll_flags", "flags"); ok {
		s.Flags = join(s.Flags, s.HasFlags, v)
		s.HasFlags = true
	}
	if v, ok := arg("locked"); ok {
		s.Locked = join(s.Locked, s.HasLocked, v)
		s.HasLocked = true
	}
	if ev.Sink.Kind == gupapi.GUPArgs {
		s.Adds |= ev.Flags.May &^ s.Flags.May
	}
	s.Paths++
}

// eachCall calls fn with the extent of each name followed by "(" (blanks
// between) in code text, in order. A hand scan, not a regexp: it runs on
// every candidate file of the tree.
func eachCall(code []byte, fn func(start, end int)) {
	for i := 0; i < len(code); {
		if !cparse.IsIdentByte(code[i]) {
			i++
			continue
		}
		j := i + 1
		for j < len(code) && cparse.IsIdentByte(code[j]) {
			j++
		}
		if c := code[i]; c < '0' || c > '9' { // a name, not a number
			k := j
			for k < len(code) && (code[k] == ' ' || code[k] == '\t' || code[k] == '\n' || code[k] == '\r' || code[k] == '\f') {
				k++
			}
			if k < len(code) && code[k] == '(' {
				fn(i, j)
			}
		}
		i = j
	}
}

// unseen lists the calls of entry points in the unit's code text that no
// site accounts for.
func unseen(u *cparse.Unit, src []byte, sites map[cparse.Pos]*Site) []Unseen {
	code := cparse.CodeText(src)
	have := map[[2]int32]bool{}
	var spans [][2]int // byte extents of macro calls that hold a site
	for p, s := range sites {
		if p.File != u.Path {
			continue
		}
		have[[2]int32{p.Line, p.Col}] = true
		if sp, ok := macroSpan(code, p, s.Entry); ok {
			spans = append(spans, sp)
		}
	}
	var out []Unseen
	line, lineStart := int32(1), 0
	last := 0
	eachCall(code, func(start, end int) {
		name := string(code[start:end])
		if !gupapi.IsEntryPoint(name) {
			return
		}
		for ; last < start; last++ {
			if code[last] == '\n' {
				line++
				lineStart = last + 1
			}
		}
		if declares(code[:start]) {
			return
		}
		pos := cparse.Pos{File: u.Path, Line: line, Col: int32(start-lineStart) + 1}
		if have[[2]int32{pos.Line, pos.Col}] || within(spans, start) {
			return
		}
		why := NotCompiled
		for _, f := range u.Funcs {
			if b := f.Body; b != nil && f.P.File == u.Path && pos.Line >= b.P.Line && pos.Line <= b.End.Line {
				why = Unreached
			}
		}
		for _, r := range u.Lost {
			if r.File == u.Path && pos.Line >= r.From && pos.Line <= r.To {
				why = Lost
			}
		}
		out = append(out, Unseen{Pos: pos, Entry: name, Why: why})
	})
	return out
}

// macroSpan returns the extent of the macro call a site at p is reported
// at when the text there is not the entry point's name: the frontend
// places a call written in a macro's argument (5.10's iterate_all_kinds(i,
// n, v, ({ ... get_user_pages_fast(...) ... }))) at the macro's name, and
// the call spelled inside is then that site, not an unseen one.
func macroSpan(code []byte, p cparse.Pos, entry string) ([2]int, bool) {
	off := offsetOf(code, p)
	if off < 0 || bytes.HasPrefix(code[off:], []byte(entry)) {
		return [2]int{}, false
	}
	i := off
	for i < len(code) && cparse.IsIdentByte(code[i]) {
		i++
	}
	for i < len(code) && (code[i] == ' ' || code[i] == '\t' || code[i] == '\n') {
		i++
	}
	if i >= len(code) || code[i] != '(' {
		return [2]int{}, false
	}
	depth := 0
	for j := i; j < len(code); j++ {
		switch code[j] {
		case '(':
			depth++
		case ')':
			if depth--; depth == 0 {
				return [2]int{off, j}, true
			}
		}
	}
	return [2]int{}, false
}

// offsetOf is the byte offset of a line:column position in code, -1 when
// there is none.
func offsetOf(code []byte, p cparse.Pos) int {
	line, off := int32(1), 0
	for line < p.Line {
		k := bytes.IndexByte(code[off:], '\n')
		if k < 0 {
			return -1
		}
		off += k + 1
		line++
	}
	if off += int(p.Col) - 1; off < 0 || off >= len(code) {
		return -1
	}
	return off
}

func within(spans [][2]int, off int) bool {
	for _, s := range spans {
		if off >= s[0] && off <= s[1] {
			return true
		}
	}
	return false
}

// declares reports whether the name ending before is declared, not
// called: the word before it is a type (or a pointer's '*' after one),
// not an operator, a keyword that takes an expression, or punctuation.
func declares(before []byte) bool {
	s := strings.TrimRight(string(before[max(0, len(before)-64):]), " \t\n")
	if s == "" {
		return false
	}
	if strings.HasSuffix(s, "*") {
		return true
	}
	i := len(s)
	for i > 0 && (cparse.IsIdentByte(s[i-1])) {
		i--
	}
	w := s[i:]
	switch w {
	case "", "return", "else", "case", "do", "sizeof", "typeof":
		return false
	}
	return true
}
