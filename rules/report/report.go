// Package report holds what the GUP rules share to turn a flag-flow event
// into a diagnostic: positions, related information, wording.
package report

import "fmt"
import "go/token"
import "path/filepath"
import "sort"
import "strings"

import "golang.org/x/tools/go/analysis"

import "gupvet/analyzer"
import "gupvet/cparse"
import "gupvet/rules/flagflow"
import "gupvet/rules/gupapi"

// Where writes a position for a message: "line 12" in the same file,
// "mm/gup.c:2773" elsewhere, "gupvet's built-in model" for the stubs.
func Where(p cparse.Pos, from string) string {
	switch {
	case !p.IsValid():
		return "?"
	case InModel(p):
		// (an absolute path elsewhere is a file outside the tree, such
		// as an out-of-tree module's under kbuild's CHECK=)
		return "gupvet's built-in model of the GUP API"
	case p.File == from:
		return fmt.Sprintf("line %d", p.Line)
	}
	return fmt.Sprintf("%s:%d", p.File, p.Line)
}

// InModel reports whether a position is in gupvet's built-in model of the
// GUP API rather than in the tree.
func InModel(p cparse.Pos) bool { return filepath.Base(filepath.Dir(p.File)) == gupapi.ModelDir }

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
	return GroupByPos(evs, func(e *flagflow.Event) cparse.Pos { return e.Chain[0].Pos })
}

// GroupByPos groups items by the position pos gives each, in source
// order; each group keeps the items' order.
func GroupByPos[E any](items []E, pos func(E) cparse.Pos) [][]E {
	m := map[cparse.Pos][]E{}
	var keys []cparse.Pos
	for _, e := range items {
		k := pos(e)
		if _, ok := m[k]; !ok {
			keys = append(keys, k)
		}
		m[k] = append(m[k], e)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i].Less(keys[j]) })
	out := make([][]E, len(keys))
	for i, k := range keys {
		out[i] = m[k]
	}
	return out
}

// SetAt describes where a flag bit came from, for a message: "set at line
// 12"; "set at arch/x86/kvm/mmu/mmu.c:4657, passed in
// kvm_follow_pfn.flags" for a value followed through a struct member;
// "stored in lt_req.gup_flags at line 40" for a member's program-wide
// union of stores, where the origin is the store.
func SetAt(o *flagflow.Origin, from string) string {
	return SetAtAll([]*flagflow.Origin{o}, from)
}

// SetAtAll is SetAt for the origins of one bit on several paths (the
// callers that pass it in one struct member): "set at A, B and C, passed
// in kvm_follow_pfn.flags", at most three places named.
func SetAtAll(os []*flagflow.Origin, from string) string {
	var places, members []string
	union := false
	seen := map[string]bool{}
	for _, o := range os {
		if o == nil {
			continue
		}
		if w := Where(o.Pos, from); !seen[w] {
			seen[w] = true
			places = append(places, w)
		}
		if h := o.Member(); h != nil {
			if !seen["\x00"+h.Member] && h.Member != "" {
				seen["\x00"+h.Member] = true
				members = append(members, h.Member)
			}
			union = union || !h.Store.IsValid()
		}
	}
	if len(places) == 0 {
		return "set at ?"
	}
	if union && len(members) > 0 {
		return fmt.Sprintf("stored in %s at %s", strings.Join(members, " and "), list(places))
	}
	s := "set at " + list(places)
	if len(members) > 0 {
		s += ", passed in " + strings.Join(members, " and ")
	}
	return s
}

// list joins places: "A", "A and B", "A, B and C", "A, B, C and N other
// places".
func list(ps []string) string {
	switch n := len(ps); {
	case n == 1:
		return ps[0]
	case n <= 3:
		return strings.Join(ps[:n-1], ", ") + " and " + ps[n-1]
	default:
		return strings.Join(ps[:3], ", ") + fmt.Sprintf(" and %d other places", n-3)
	}
}

// SetHere is the related-information text for an origin.
func SetHere(o *flagflow.Origin, what string) string {
	if h := o.Member(); h != nil && !h.Store.IsValid() {
		return what + " is stored in " + h.Member + " here"
	}
	return what + " is set here"
}

// AddOrigin adds where a flag was set and, for a value that travelled
// through struct members, where each member was stored and the first
// call on the way there.
func (r *Related) AddOrigin(o *flagflow.Origin, what string, ev *flagflow.Event) {
	if o == nil {
		return
	}
	r.Add(o.Pos, SetHere(o, what))
	if ev != nil && len(ev.Outer) > 0 && ev.Local(o) && o.Func != ev.Root.Key {
		for _, f := range ev.Outer {
			if f.Caller != nil && f.Caller.Key == o.Func {
				r.Add(f.Pos, fmt.Sprintf("%s passes it to %s here", f.Caller.F.Name, f.Callee))
				break
			}
		}
	}
	for _, h := range o.Via {
		if h.Store.IsValid() && (h.Store.File != o.Pos.File || h.Store.Line != o.Pos.Line) {
			r.Add(h.Store, fmt.Sprintf("%s is stored in %s here", what, h.Member))
		}
	}
}
