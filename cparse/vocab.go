package cparse

import "bytes"
import "maps"
import "slices"

// fileVocab is the vocabulary tolerant mode slices a file by: the
// caller's words, and the file's own macros and its local headers'
// macros and functions that reach them (transitively). Without it a
// function calling PIN(...) where `#define PIN(a) pin_user_pages(...)`
// would look unrelated to the GUP API and be skipped.
type fileVocab struct {
	base  func(string) bool
	local map[string]bool
	// inHeaders: a local header defines a function or macro that
	// reaches the GUP API (its functions are analysed with the file)
	inHeaders bool
	// headers are the local headers that do, by path
	headers map[string]bool
}

func (v *fileVocab) has(id string) bool { return v.local[id] || v.base(id) }

// localVocab finds the macros of text and headers, and the functions of
// headers, whose bodies mention a word of base or of each other.
func localVocab(base func(string) bool, text []byte, headers map[string][]byte) *fileVocab {
	v := &fileVocab{base: base, local: map[string]bool{}, headers: map[string]bool{}}
	type def struct {
		idents map[string]bool
		header string // "": the file's own
	}
	defs := map[string][]def{}
	add := func(b []byte, header string) {
		for name, body := range macroDefs(b) {
			defs[name] = append(defs[name], def{identsOf(body), header})
		}
		if header == "" {
			return
		}
		lines := bytes.SplitAfter(b, []byte("\n"))
		for _, c := range topLevelChunks(b) {
			chunk := joinLines(lines, c[0], c[1])
			if name, ok := funcDefName(chunk); ok {
				defs[name] = append(defs[name], def{identsOf(stripComments(chunk)), header})
			}
		}
	}
	add(text, "")
	for _, h := range slices.Sorted(maps.Keys(headers)) {
		add(headers[h], h)
	}
	for changed := true; changed; {
		changed = false
		for name, ds := range defs {
			if v.local[name] {
				continue
			}
			for _, d := range ds {
				if anyIdent(d.idents, func(id string) bool { return id != name && v.has(id) }) {
					v.local[name] = true
					changed = true
					break
				}
			}
		}
	}
	for name, ds := range defs {
		for _, d := range ds {
			if d.header != "" && anyIdent(d.idents, func(id string) bool { return id != name && v.has(id) }) {
				v.inHeaders = true
				v.headers[d.header] = true
			}
		}
	}
	return v
}

// macroDefs returns the #define lines of b by macro name: the body with
// its parameters, continuation lines joined.
func macroDefs(b []byte) map[string][]byte {
	out := map[string][]byte{}
	for i := 0; i < len(b); {
		e := bytes.IndexByte(b[i:], '\n')
		if e < 0 {
			e = len(b)
		} else {
			e += i
		}
		// a logical line: continuation lines joined
		for e < len(b) && e > i && b[e-1] == '\\' {
			n := bytes.IndexByte(b[e+1:], '\n')
			if n < 0 {
				e = len(b)
				break
			}
			e += 1 + n
		}
		ln, ok := directive(b[i:e], "define")
		i = e + 1
		if !ok {
			continue
		}
		j := 0
		for j < len(ln) && IsIdentByte(ln[j]) {
			j++
		}
		if j == 0 {
			continue
		}
		name := string(ln[:j])
		out[name] = append(out[name], ln[j:]...)
	}
	return out
}

// headerOnly is the unit of a file that DeferHeaderOnly leaves unparsed:
// only functions of the local headers of vocab can reach the API.
func (t *Tree) headerOnly(abs, rel string, mode Mode, headers map[string][]byte, vocab *fileVocab, sliceNote string) *Unit {
	u := t.nothingToParse(abs, rel, headers, sliceNote)
	u.Mode = mode
	u.HeaderOnly = slices.Sorted(maps.Keys(vocab.headers))
	u.Notes[0] = "only functions of its local headers can reach the GUP API: not parsed (another unit that includes them reads them)"
	return u
}

// nothingToParse is the unit of a file none of whose functions can reach
// the GUP API: nothing is parsed, and the file and its local headers are
// still its dependencies (a change to any of them can change that), an
// overlaid header too (the cache then keeps the unit off disk).
func (t *Tree) nothingToParse(abs, rel string, headers map[string][]byte, sliceNote string) *Unit {
	u := &Unit{Path: rel, Mode: Tolerant, Deps: []string{abs}}
	u.Deps = append(u.Deps, slices.Sorted(maps.Keys(headers))...)
	u.Notes = []string{"no function of the file or its local headers can reach the GUP API: not parsed"}
	if sliceNote != "" {
		u.Notes = append(u.Notes, sliceNote)
	}
	return u
}
