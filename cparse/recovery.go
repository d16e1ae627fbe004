package cparse

import "bytes"
import "fmt"
import "maps"
import "slices"
import "sort"
import "strings"

// maxHeaderBlanks bounds how many top-level declarations of one local
// header recovery blanks before it reads the header as empty: a header
// tolerant mode cannot read at all (generated tables, another language's
// macros) should not cost a parse per declaration.
const maxHeaderBlanks = 40

// recovery is what tolerant mode changed so far to get a file through the
// C frontend: the guesses it made and the parts it gave up. Each parse
// that fails gives it the errors; step changes one thing and the file is
// parsed again.
type recovery struct {
	t        *Tree
	abs, rel string
	text     []byte            // the main file as parsed (sliced, blanked)
	headers  map[string][]byte // the local headers as read from the tree
	htext    map[string][]byte // headers partly given up: the text parsed
	blanks   map[string]int    // declarations blanked per header
	emptied  map[string]bool   // headers read as empty
	// known tells whether a function-like macro has a definition the
	// frontend sees (the prelude, the file, its local headers).
	known func(string) bool
	defs  map[string][]byte // the file's and local headers' macros

	guesses   []string // typedef and annotation guesses
	macros    []string // unknown function-like macros given a placeholder
	dropped   []*Error // what was given up, for the notes
	lost      []LineRange
	notes     []string
	bisected  bool // the position-less error was bisected once
	crashedIn bool // the local headers were emptied after a crash

	// parse parses the unit with the text of one file (the main file or
	// a local header) replaced; recovery bisects with it
	parse func(abs string, text []byte) *Unit
}

func newRecovery(t *Tree, abs string, text []byte, headers map[string][]byte, known func(string) bool) *recovery {
	r := &recovery{t: t, abs: abs, rel: t.Rel(abs), text: text, headers: headers,
		htext: map[string][]byte{}, blanks: map[string]int{}, emptied: map[string]bool{}, known: known}
	r.defs = macroDefs(text)
	for _, h := range slices.Sorted(maps.Keys(headers)) {
		for name, body := range macroDefs(headers[h]) {
			if _, ok := r.defs[name]; !ok {
				r.defs[name] = body
			}
		}
	}
	return r
}

// virtual returns the files the frontend reads instead of the tree's:
// the main file, and the headers given up in part or whole.
func (r *recovery) virtual() map[string][]byte {
	v := map[string][]byte{r.abs: withSentinel(r.text)}
	for h, b := range r.htext {
		v[h] = b
	}
	for h := range r.emptied {
		v[h] = nil
	}
	return v
}

// guessSource is the text read before the file: the typedef, annotation
// and macro guesses.
func (r *recovery) guessSource() string {
	var b strings.Builder
	for _, g := range r.guesses {
		if isAttributeLike(g) {
			fmt.Fprintf(&b, "#define %s\n", g)
		} else {
			fmt.Fprintf(&b, "typedef int %s;\n", g)
		}
	}
	for _, m := range r.macros {
		// an unknown value, not 0: a NULL or a zero flag set would be a
		// fact the analyses could report on
		fmt.Fprintf(&b, "#define %s(...) __gupvet_macro_%s()\n", m, m)
	}
	return b.String()
}

// textOf returns the text the frontend reads for a file of the unit, and
// whether recovery may change it (the main file or a local header).
func (r *recovery) textOf(abs string) ([]byte, bool) {
	if abs == r.abs {
		return r.text, true
	}
	if r.emptied[abs] {
		return nil, false
	}
	if b, ok := r.htext[abs]; ok {
		return b, true
	}
	if b, ok := r.headers[abs]; ok {
		return rewriteKernelSource(abs, b), true
	}
	return nil, false
}

// guess makes the guesses errs point at in the file abs (of text): an
// unknown type name, an annotation macro, a function-like macro called
// with a type. It reports whether it made a new one.
func (r *recovery) guess(errs []*Error, abs string, text []byte) bool {
	rel := r.t.Rel(abs)
	made := false
	for _, e := range errs {
		if e.Pos.File != rel || !e.Pos.IsValid() {
			continue
		}
		line, col := int(e.Pos.Line), int(e.Pos.Col)
		if name := unknownTypeName(text, line, col); name != "" && !contains(r.guesses, name) && !r.known(name) && !strings.Contains(prelude, " "+name+";") {
			r.guesses = append(r.guesses, name)
			made = true
		}
		for _, m := range unknownMacroCalls(text, line, col, r.defs, r.known) {
			if !contains(r.macros, m) {
				r.macros = append(r.macros, m)
				made = true
			}
		}
	}
	return made
}

// step changes one thing in answer to the errors of a failed parse and
// reports whether it did; false means recovery cannot go on.
func (r *recovery) step(u *Unit) bool {
	if u.nested {
		return false
	}
	if u.panicked {
		return r.crashed()
	}
	errs := u.Errors
	e := errs[0]
	if r.atEOF(e) {
		if r.bisected || e.Pos.File != "" && e.Pos.File != r.rel {
			return false
		}
		// "unexpected <EOF>": some declaration swallowed the rest of the
		// file (an unknown macro read as a K&R function declarator); no
		// position says which, so look for the first declaration after
		// which the unit fails that way
		r.bisected = true
		return r.bisectAll(func(u *Unit) bool { return slices.ContainsFunc(u.Errors, r.atEOF) }, e.Msg)
	}
	if strings.HasPrefix(e.Pos.File, "<") {
		return false
	}
	abs := r.t.Abs(e.Pos.File)
	text, mine := r.textOf(abs)
	if !mine {
		if r.emptied[abs] {
			return false
		}
		// a header recovery does not own: read it as empty
		r.emptyHeader(abs, e)
		return true
	}
	if r.guess(errs, abs, text) {
		return true
	}
	if abs != r.abs {
		// a header's declarations are blanked all at once, one per
		// error: cc/v4 goes on after an error at the next
		// declaration, and a header that needs one parse per
		// declaration given up (mm/internal.h, mm/slab.h read from
		// every file of mm/) would make tolerant mode slow. The main
		// file's are blanked one at a time: what follows an error may
		// be its consequence only, and the file's functions are what
		// gupvet analyses.
		var chunks [][2]int
		var why []*Error
		for _, e2 := range errs {
			if e2.Pos.File != e.Pos.File || !e2.Pos.IsValid() {
				continue
			}
			from, to, ok := topLevelChunk(text, int(e2.Pos.Line))
			if ok && (len(chunks) == 0 || chunks[len(chunks)-1] != [2]int{from, to}) {
				chunks = append(chunks, [2]int{from, to})
				why = append(why, e2)
			}
		}
		if len(chunks) == 0 || r.blanks[abs]+len(chunks) > maxHeaderBlanks {
			r.emptyHeader(abs, e)
			return true
		}
		for i, c := range chunks {
			r.giveUp(abs, c[0], c[1], why[i])
		}
		return true
	}
	from, to, ok := topLevelChunk(text, int(e.Pos.Line))
	if !ok {
		return false
	}
	r.giveUp(abs, from, to, e)
	return true
}

// atEOF tells whether an error is at the end of the unit: without a
// position, or on the line tolerant mode adds after the main file's last.
func (r *recovery) atEOF(e *Error) bool {
	if !e.Pos.IsValid() {
		return true
	}
	n := bytes.Count(r.text, []byte("\n"))
	if len(r.text) > 0 && r.text[len(r.text)-1] != '\n' {
		n++
	}
	return e.Pos.File == r.rel && int(e.Pos.Line) > n
}

// crashed answers a parse on which cc/v4 panicked, without a position:
// the top-level declaration whose presence makes it panic is given up.
func (r *recovery) crashed() bool {
	panics := func(u *Unit) bool { return u.panicked }
	from, to, ok, outside := bisectChunk(r.text, func(text []byte) bool { return panics(r.parse(r.abs, text)) })
	if ok {
		r.giveUp(r.abs, from, to, &Error{Pos: Pos{File: r.rel, Line: int32(from), Col: 1}, Msg: "the C frontend crashed on this declaration"})
		return true
	}
	if !outside || r.crashedIn || len(r.headers) == 0 {
		return false
	}
	// the crash is in what the file includes (net/netfilter/ipset's
	// generator headers): read its local headers as empty
	r.crashedIn = true
	var names []string
	for _, h := range slices.Sorted(maps.Keys(r.headers)) {
		r.emptied[h] = true
		delete(r.htext, h)
		r.loseHeader(h, "the C frontend crashed in the file's local headers")
		names = append(names, r.t.Rel(h))
	}
	r.notes = append(r.notes, "the C frontend crashed in the file's local headers; read as empty: "+strings.Join(names, " "))
	return true
}

// bisectAll gives up the first top-level declaration after which the unit
// fails, looking in the main file and then in each local header.
func (r *recovery) bisectAll(fails func(*Unit) bool, why string) bool {
	files := []string{r.abs}
	for _, h := range slices.Sorted(maps.Keys(r.headers)) {
		if !r.emptied[h] {
			files = append(files, h)
		}
	}
	for _, f := range files {
		text, _ := r.textOf(f)
		from, to, ok, _ := bisectChunk(text, func(text []byte) bool { return fails(r.parse(f, text)) })
		if ok {
			r.giveUp(f, from, to, &Error{Pos: Pos{File: r.t.Rel(f), Line: int32(from), Col: 1}, Msg: why})
			return true
		}
	}
	return false
}

// giveUp blanks lines from..to of the main file or of a local header.
func (r *recovery) giveUp(abs string, from, to int, e *Error) {
	text, _ := r.textOf(abs)
	text = blankLines(text, from, to)
	if abs == r.abs {
		r.text = text
	} else {
		r.htext[abs] = text
		r.blanks[abs]++
	}
	r.dropped = append(r.dropped, &Error{Pos: e.Pos, Msg: fmt.Sprintf("%s (tolerant mode gave up lines %d-%d)", e.Msg, from, to)})
	r.lost = append(r.lost, LineRange{File: r.t.Rel(abs), From: int32(from), To: int32(to), Why: e.Msg})
}

// emptyHeader reads a header as an empty file from now on.
func (r *recovery) emptyHeader(abs string, e *Error) {
	r.emptied[abs] = true
	delete(r.htext, abs)
	rel := r.t.Rel(abs)
	r.notes = append(r.notes, fmt.Sprintf("header %s not read: %s", rel, e.Error()))
	r.loseHeader(abs, e.Msg)
}

// loseHeader records a header read as empty: every line of it is lost,
// and what was lost of it in part is no longer said apart.
func (r *recovery) loseHeader(abs, why string) {
	rel := r.t.Rel(abs)
	kept := r.lost[:0]
	for _, l := range r.lost {
		if l.File != rel {
			kept = append(kept, l)
		}
	}
	r.lost = kept
	n := 1
	if b, ok := r.headers[abs]; ok {
		n = 1 + bytes.Count(bytes.TrimSuffix(b, []byte("\n")), []byte("\n"))
	}
	r.lost = append(r.lost, LineRange{File: rel, From: 1, To: int32(n), Why: why})
}

// finish writes what recovery did into the unit's notes and fields.
func (r *recovery) finish(u *Unit, notes []string) {
	if len(r.guesses) > 0 {
		sort.Strings(r.guesses)
		var tds, attrs []string
		for _, g := range r.guesses {
			if isAttributeLike(g) {
				attrs = append(attrs, g)
			} else {
				tds = append(tds, g)
			}
		}
		if len(tds) > 0 {
			notes = append(notes, "guessed typedefs: "+strings.Join(tds, " "))
		}
		if len(attrs) > 0 {
			notes = append(notes, "guessed annotation macros (defined empty): "+strings.Join(attrs, " "))
		}
	}
	if len(r.macros) > 0 {
		sort.Strings(r.macros)
		notes = append(notes, "macros called with a type, read as calls of unknown value (no definition): "+strings.Join(r.macros, " "))
	}
	notes = append(notes, r.notes...)
	for _, d := range r.dropped {
		if d.Pos.File == r.rel {
			u.Partial = true
		}
		notes = append(notes, "skipped: "+d.Error())
	}
	sort.SliceStable(r.lost, func(i, j int) bool {
		a, b := r.lost[i], r.lost[j]
		if a.File != b.File {
			return a.File < b.File
		}
		return a.From < b.From
	})
	u.Lost = r.lost
	// headers read in part or not at all are still what the unit was
	// made from: a change to them must miss the cache
	for h := range r.emptied {
		r.addDep(u, h)
	}
	for h := range r.htext {
		r.addDep(u, h)
	}
	if len(u.Deps) > 1 {
		sort.Strings(u.Deps[1:])
	}
	u.Notes = append(notes, u.Notes...)
}

func (r *recovery) addDep(u *Unit, h string) {
	if r.t.Overlaid(h) || contains(u.Deps, h) {
		return
	}
	u.Deps = append(u.Deps, h)
}
