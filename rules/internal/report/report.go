// Package report holds what the GUP rules share to turn a flag-flow event
// into a diagnostic: positions, related information, wording.
package report

import (
	"fmt"
	"go/token"
	"path/filepath"
	"sort"

	"golang.org/x/tools/go/analysis"

	"gupvet/analyzer"
	"gupvet/cparse"
	"gupvet/rules/flagflow"
)

// Where writes a position for a message: "line 12" in the same file,
// "mm/gup.c:2773" elsewhere, "gupvet's built-in model" for the stubs.
func Where(p cparse.Pos, from string) string {
	switch {
	case !p.IsValid():
		return "?"
	case filepath.Base(filepath.Dir(p.File)) == "gupvet-model":
		// (an absolute path elsewhere is a file outside the tree, such
		// as an out-of-tree module's under kbuild's CHECK=)
		return "gupvet's built-in model of the GUP API"
	case p.File == from:
		return fmt.Sprintf("line %d", p.Line)
	}
	return fmt.Sprintf("%s:%d", p.File, p.Line)
}

// Related builds related information, skipping positions outside the
// run's files (the built-in model).
type Related struct {
	pd   *analyzer.ProgramData
	list []analysis.RelatedInformation
	seen map[token.Pos]bool
}

// NewRelated starts a list.
func NewRelated(pd *analyzer.ProgramData) *Related {
	return &Related{pd: pd, seen: map[token.Pos]bool{}}
}

// Add appends a related position with a message.
func (r *Related) Add(p cparse.Pos, msg string) {
	tp := r.pd.Pos(p)
	if tp == token.NoPos || r.seen[tp] {
		return
	}
	r.seen[tp] = true
	r.list = append(r.list, analysis.RelatedInformation{Pos: tp, Message: msg})
}

// Chain adds the calls after the first, so the path to the sink shows.
func (r *Related) Chain(ev *flagflow.Event) {
	for _, f := range ev.Chain[1:] {
		r.Add(f.Pos, fmt.Sprintf("%s calls %s here", f.Caller.F.Name, f.Callee))
	}
}

// List returns the related information.
func (r *Related) List() []analysis.RelatedInformation { return r.list }

// ByCall groups events by the call in the analysed function they come
// from, in source order, so each call is reported once.
func ByCall(evs []*flagflow.Event) [][]*flagflow.Event {
	m := map[cparse.Pos][]*flagflow.Event{}
	var keys []cparse.Pos
	for _, e := range evs {
		k := e.Chain[0].Pos
		if _, ok := m[k]; !ok {
			keys = append(keys, k)
		}
		m[k] = append(m[k], e)
	}
	sort.Slice(keys, func(i, j int) bool {
		a, b := keys[i], keys[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	})
	out := make([][]*flagflow.Event, len(keys))
	for i, k := range keys {
		out[i] = m[k]
	}
	return out
}
