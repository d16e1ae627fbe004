package flagfamily

import _ "embed"
import "fmt"
import "sort"
import "strings"

import "golang.org/x/tools/go/analysis"

import "gupvet/analyzer"
import "gupvet/cparse"
import "gupvet/rules/flagflow"
import "gupvet/rules/gupapi"
import "gupvet/rules/gupcontract"
import "gupvet/rules/report"

//go:embed doc.go
var doc string

// Analyzer reports flag names of the wrong family reaching a GUP call's
// FOLL_ flags or a fault handler's FAULT_FLAG_ flags.
var Analyzer = report.New("flagfamily", doc, report.Error, run)

// The categories of the findings: the callee reads the name's value as
// other flags (an error), or as the flag the name stands for (a warning).
const (
	categoryDiffers = "namespace"
	categorySame    = "namespace-same-value"
)

func init() {
	report.SetCategorySeverity(Analyzer, categorySame, report.Warning)
	// Functions that call these are read: fixup_user_fault's wrappers
	// (s390's gmap_fault, in a file that names no GUP word), for which of
	// their parameters are fault flags; and the callers of KVM's
	// __kvm_faultin_pfn(..., foll, ...), which need not name a FOLL_ flag
	// (int foll = w ? FAULT_FLAG_WRITE : 0 names none). handle_mm_fault,
	// named by every architecture's fault handler, is not a word: a
	// FOLL_ name given to it makes its function read anyway.
	analyzer.Declare(Analyzer, analyzer.Needs{Words: []string{"fixup_user_fault", "__kvm_faultin_pfn"}})
}

// reach is one call a wrong-family name reaches.
type reach struct {
	// at is the call in the function the finding belongs to; through is
	// the function called there when it is not callee itself.
	at, end cparse.Pos
	through string
	// callee is the function whose parameter gets the name: the GUP
	// entry point, or the fault handler.
	callee string
	// notes explain the way from the name to the call and on.
	notes []note
}

type note struct {
	pos cparse.Pos
	msg string
}

// group is one name, as written at one place, and the calls it reaches.
type group struct {
	o       *flagflow.Origin
	foll    bool // the name is a FOLL_ flag reaching fault flags
	reaches []reach
}

func run(pass *analysis.Pass, res *flagflow.Result, pd *analyzer.ProgramData) (any, error) {
	m := res.Program.Model
	groups := map[string]*group{}
	add := func(o *flagflow.Origin, foll bool, r reach) {
		k := fmt.Sprintf("%v %s", o.Pos, o.Text)
		g := groups[k]
		if g == nil {
			g = &group{o: o, foll: foll}
			groups[k] = g
		}
		for _, x := range g.reaches {
			if x.at == r.at {
				return
			}
		}
		g.reaches = append(g.reaches, r)
	}
	for _, evs := range report.ByCall(res.Events) {
		for _, ev := range preferChecked(evs) {
			for _, o := range ev.Flags.Foreign() {
				if ev.Local(o) {
					add(o, false, gupReach(ev, o))
				}
			}
		}
	}
	faultHits(res, pd, add)
	var gs []*group
	for _, g := range groups {
		gs = append(gs, g)
	}
	sort.Slice(gs, func(i, j int) bool { return gs[i].o.Pos.Less(gs[j].o.Pos) })
	for _, g := range gs {
		sort.Slice(g.reaches, func(i, j int) bool { return g.reaches[i].at.Less(g.reaches[j].at) })
		reportGroup(pass, pd, m, g)
	}
	return nil, nil
}

// preferChecked orders the events of one call so that those reaching an
// entry point's argument check (is_valid_gup_args) come first: they name
// the entry point; those reaching an internal function that dereferences
// locked follow.
func preferChecked(evs []*flagflow.Event) []*flagflow.Event {
	out := append([]*flagflow.Event(nil), evs...)
	sort.SliceStable(out, func(i, j int) bool {
		return out[i].Sink.Kind == gupapi.GUPArgs && out[j].Sink.Kind != gupapi.GUPArgs
	})
	return out
}

// gupReach describes how the name at o reaches the GUP call of ev.
func gupReach(ev *flagflow.Event, o *flagflow.Origin) reach {
	call := ev.Chain[0]
	entry := entryOf(ev)
	r := reach{at: call.Pos, end: call.End, callee: entry}
	if call.Callee != entry {
		r.through = call.Callee
	}
	r.notes = append(r.notes, wayNotes(ev, o)...)
	r.notes = append(r.notes, getsHere(call.Callee, entry, o.Text, "FOLL_ flags", call.Pos))
	for _, f := range ev.Chain[1:] {
		if f.Caller.F.Name == entry {
			break // the way on is the GUP implementation's
		}
		r.notes = append(r.notes, note{f.Pos, fmt.Sprintf("%s calls %s here", f.Caller.F.Name, f.Callee)})
	}
	return r
}

// getsHere is the note at the call that hands the name to callee, or to
// a wrapper of it.
func getsHere(called, callee, name, what string, at cparse.Pos) note {
	if called == callee {
		return note{at, fmt.Sprintf("%s gets %s in its %s here", callee, name, what)}
	}
	return note{at, fmt.Sprintf("%s gets %s here, for the %s of %s", called, name, what, callee)}
}

// entryOf names the GUP API function the event's flags are given to: the
// first exported entry point on the way, else the function that checks
// its arguments.
func entryOf(ev *flagflow.Event) string {
	for _, f := range ev.Chain {
		if gupapi.IsEntryPoint(f.Callee) {
			return f.Callee
		}
	}
	if e := gupcontract.Entry(ev); e != "" {
		return e
	}
	return ev.Entry()
}

// wayNotes are the steps from where a name was written to the function
// that reads it from a struct member: the first call on the way, and
// where the value was stored in each member.
func wayNotes(ev *flagflow.Event, o *flagflow.Origin) []note {
	var ns []note
	if len(ev.Outer) > 0 && o.Func != ev.Root.Key {
		for _, f := range ev.Outer {
			if f.Caller != nil && f.Caller.Key == o.Func {
				ns = append(ns, note{f.Pos, fmt.Sprintf("%s passes it to %s here", f.Caller.F.Name, f.Callee)})
				break
			}
		}
	}
	for _, h := range o.Via {
		if h.Store.IsValid() && h.Store != o.Pos {
			ns = append(ns, note{h.Store, fmt.Sprintf("%s is stored in %s here", o.Text, h.Member)})
		}
	}
	return ns
}

// reportGroup reports one name at the place it is written.
func reportGroup(pass *analysis.Pass, pd *analyzer.ProgramData, m *gupapi.Model, g *group) {
	var v verdict
	if g.foll {
		v = follVerdict(m, g.o.Text)
	} else {
		v = foreignVerdict(m, g.o.Text)
	}
	if v.what == "" {
		return // not a name of a known family (cannot happen: the flow records only those)
	}
	from := g.o.Pos.File
	first := g.reaches[0]
	param := "FOLL_ flags"
	if g.foll {
		param = "fault flags (FAULT_FLAG_)"
	}
	to := fmt.Sprintf("the %s of %s (%s)", param, first.callee, report.Where(first.at, from))
	if first.through != "" {
		to = fmt.Sprintf("the %s of %s through %s (%s)", param, first.callee, first.through, report.Where(first.at, from))
	}
	if h := g.o.Member(); h != nil {
		to += ", passed in " + h.Member
	}
	if n := len(g.reaches) - 1; n == 1 {
		to += " and one other call"
	} else if n > 1 {
		to += fmt.Sprintf(" and %d other calls", n)
	}
	msg := fmt.Sprintf("%s, %s (%s), reaches %s: %s", g.o.Text, v.what, report.Where(v.def, from), to, v.consequence(first.callee))
	rel := report.NewRelated(pd)
	for _, r := range g.reaches {
		for _, n := range r.notes {
			rel.Add(n.pos, n.msg)
		}
	}
	cat := categoryDiffers
	if v.same {
		cat = categorySame
	}
	end := g.o.Pos
	end.Col += int32(len(g.o.Text))
	pass.Report(analysis.Diagnostic{
		Pos:      pd.Pos(g.o.Pos),
		End:      pd.Pos(end),
		Category: cat,
		Message:  msg,
		Related:  rel.List(),
	})
}

// verdict is what a name means to the callee.
type verdict struct {
	what string     // "a page-fault flag"
	def  cparse.Pos // where the tree defines the name
	// same says the callee reads the value as what the name stands for
	// (FAULT_FLAG_WRITE is FOLL_WRITE's bit) or as no flag at all.
	same bool
	// meant is the flag of the callee's family the name stands for,
	// "" when there is none.
	meant string
	// value describes the value in the callee's terms, "" when unknown.
	value  string
	raw    uint64
	family string // the callee's family: "FOLL_" or "FAULT_FLAG_"
}

// foreignVerdict is what a name of another family means as FOLL_ flags.
func foreignVerdict(m *gupapi.Model, name string) verdict {
	n, ok := m.Family(name)
	if !ok {
		return verdict{}
	}
	v := verdict{what: n.Family.What, def: n.Pos, family: "FOLL_"}
	if b, ok := m.Value("FOLL_" + n.Stem); ok {
		v.meant = "FOLL_" + n.Stem
		v.same = n.Known && n.Value == b
	}
	if n.Known {
		v.raw = n.Value
		v.value = m.Names(n.Value)
		v.same = v.same || n.Value == 0
	}
	return v
}

// follVerdict is what a FOLL_ flag means as FAULT_FLAG_ flags.
func follVerdict(m *gupapi.Model, name string) verdict {
	f := m.Flags[name]
	if f == nil {
		return verdict{}
	}
	v := verdict{what: gupapi.FOLLFamily.What, def: f.Pos, family: "FAULT_FLAG_", raw: f.Value}
	stem := strings.TrimPrefix(name, "FOLL_")
	if n, ok := m.Family("FAULT_FLAG_" + stem); ok && n.Family == gupapi.FaultFamily {
		v.meant = n.Name
		v.same = n.Known && n.Value == f.Value
	}
	v.value = m.FamilyNames(gupapi.FaultFamily, f.Value)
	return v
}

// consequence says what the callee makes of the name.
func (v verdict) consequence(callee string) string {
	switch {
	case v.same && v.raw == 0:
		return "its value is 0, so the call gets no flag from it and works, but the name is of another flag set"
	case v.same:
		return fmt.Sprintf("its value %#x is %s's, so the call does what the name says only because the two flag sets agree on this bit; write %s", v.raw, v.meant, v.meant)
	case v.value != "":
		s := fmt.Sprintf("%s reads its value %#x as %s", callee, v.raw, v.value)
		if v.meant != "" {
			s += ", not " + v.meant
		}
		return s + fmt.Sprintf("; write the %s flags the call needs", v.family)
	}
	return fmt.Sprintf("its value depends on the configuration here, and %s reads whatever bits it has as %s flags; write the %s flags the call needs", callee, v.family, v.family)
}
