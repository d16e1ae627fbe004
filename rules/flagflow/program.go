package flagflow

import (
	"fmt"
	"sort"
	"strings"
	"sync"

	"gupvet/analyzer"
	"gupvet/cparse"
	"gupvet/rules/gupapi"
)

// FuncDef is a function definition of the program.
type FuncDef struct {
	Key   string // "name", or "unit:name" for a static function
	F     *cparse.Func
	Unit  string
	Stub  bool // from gupvet's built-in model
	Owner *cparse.Unit

	calleesOnce sync.Once
	callees     []string
}

// Callees returns the names the function calls directly, from its text.
func (d *FuncDef) Callees() []string {
	d.calleesOnce.Do(func() {
		seen := map[string]bool{}
		walkStmts(d.F.Body, func(cparse.Stmt) {}, func(e cparse.Expr) {
			if c, ok := e.(*cparse.Call); ok {
				if n := c.CalleeName(); n != "" && !seen[n] {
					seen[n] = true
					d.callees = append(d.callees, n)
				}
			}
		})
	})
	return d.callees
}

// FieldFacts are what any code of the program may store in a struct
// field, by "struct.field": the flags a kfp->flags may hold wherever it is
// read.
type FieldFacts map[string]Val

// Program is the whole-run view: every function of every unit, the model,
// field facts, and lazily computed summaries.
type Program struct {
	Model *gupapi.Model
	// ModelNote says which model of the entry points served, for -v.
	ModelNote string

	static  map[string]map[string]*FuncDef // unit -> name -> def
	global  map[string]*FuncDef
	stubs   map[string]*FuncDef
	byUnit  map[string][]*FuncDef
	fields  FieldFacts
	preferS map[string]bool // names resolved to the stub first

	mu       sync.Mutex
	sums     map[*FuncDef]*Summary
	reaches  map[*FuncDef]int8 // 0 unknown, 1 yes, -1 no, 2 in progress
	expanded map[expandKey][]*Event
}

// Build indexes every unit of the run.
func Build(pd *analyzer.ProgramData) (*Program, error) {
	m, err := gupapi.Load(pd.Tree)
	if err != nil {
		return nil, err
	}
	return BuildWith(m, pd.Units)
}

// BuildWith indexes units against a model.
func BuildWith(m *gupapi.Model, units []*cparse.Unit) (*Program, error) {
	p := &Program{
		Model:    m,
		static:   map[string]map[string]*FuncDef{},
		global:   map[string]*FuncDef{},
		stubs:    map[string]*FuncDef{},
		byUnit:   map[string][]*FuncDef{},
		preferS:  map[string]bool{},
		sums:     map[*FuncDef]*Summary{},
		reaches:  map[*FuncDef]int8{},
		expanded: map[expandKey][]*Event{},
	}
	name, src := m.Stubs()
	su, err := cparse.ParseText(name, src, cparse.Options{Mode: cparse.Tolerant})
	if err != nil || len(su.Errors) > 0 {
		return nil, fmt.Errorf("built-in model %s does not parse: %v %v", name, err, su.Err())
	}
	for _, f := range su.Funcs {
		p.stubs[f.Name] = &FuncDef{Key: "model:" + f.Name, F: f, Unit: su.Path, Stub: true, Owner: su}
	}
	hasGUP := false
	headers := map[string]*FuncDef{}
	for _, u := range units {
		if u.Path == "mm/gup.c" {
			hasGUP = true
		}
		for _, f := range u.Funcs {
			if f.Header {
				// An inline function of a header is in every unit that
				// includes it: one definition for the program, analysed
				// and reported once, not once per unit.
				hk := f.P.File + ":" + f.Name
				d, seen := headers[hk]
				if !seen {
					d = &FuncDef{Key: hk, F: f, Unit: u.Path, Owner: u}
					headers[hk] = d
					p.byUnit[u.Path] = append(p.byUnit[u.Path], d)
				}
				if p.static[u.Path] == nil {
					p.static[u.Path] = map[string]*FuncDef{}
				}
				p.static[u.Path][f.Name] = d
				continue
			}
			d := &FuncDef{Key: f.Name, F: f, Unit: u.Path, Owner: u}
			if f.Static {
				d.Key = u.Path + ":" + f.Name
				if p.static[u.Path] == nil {
					p.static[u.Path] = map[string]*FuncDef{}
				}
				p.static[u.Path][f.Name] = d
			} else if old, ok := p.global[f.Name]; !ok || d.Unit < old.Unit {
				p.global[f.Name] = d
			}
			p.byUnit[u.Path] = append(p.byUnit[u.Path], d)
		}
	}
	switch {
	case !m.UsesTreeGUP():
		for n := range p.stubs {
			p.preferS[n] = true
		}
		p.ModelNote = fmt.Sprintf("entry points: gupvet's built-in model %s (Linux %s has no FOLL_UNLOCKABLE; its mm/gup.c states no implied flags in one place)", name, m.Version)
	case hasGUP:
		p.ModelNote = fmt.Sprintf("entry points: read from the tree's mm/gup.c (Linux %s); %s for what it does not define", m.Version, name)
	default:
		p.ModelNote = fmt.Sprintf("entry points: gupvet's built-in model %s (the tree's mm/gup.c was not analysed)", name)
	}
	p.fields = collectFieldFacts(p, units)
	// reachability once, in a fixed order, before any concurrent use
	var all []*FuncDef
	for _, d := range p.stubs {
		all = append(all, d)
	}
	for _, u := range units {
		all = append(all, p.byUnit[u.Path]...)
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].Key < all[j].Key })
	for _, d := range all {
		p.reachesSink(d)
	}
	return p, nil
}

// Funcs returns the functions defined by a unit.
func (p *Program) Funcs(unit string) []*FuncDef { return p.byUnit[unit] }

// lookup resolves a call of name made from unit.
func (p *Program) lookup(unit, name string) *FuncDef {
	if p.preferS[name] {
		if d := p.stubs[name]; d != nil {
			return d
		}
	}
	if d := p.static[unit][name]; d != nil {
		return d
	}
	if d := p.global[name]; d != nil {
		return d
	}
	return p.stubs[name]
}

// Summary returns the summary of fd, computing it once.
func (p *Program) Summary(fd *FuncDef) *Summary {
	p.mu.Lock()
	s, ok := p.sums[fd]
	p.mu.Unlock()
	if ok {
		return s
	}
	s = summarize(fd, p.Model, p.fields)
	p.mu.Lock()
	p.sums[fd] = s
	p.mu.Unlock()
	return s
}

// reachesSink reports whether fd, or a function it calls, calls a sink.
func (p *Program) reachesSink(fd *FuncDef) bool {
	p.mu.Lock()
	r := p.reaches[fd]
	if r == 0 {
		p.reaches[fd] = 2
	}
	p.mu.Unlock()
	switch r {
	case 1:
		return true
	case -1, 2:
		return false
	}
	yes := false
	for _, c := range fd.Callees() {
		if gupapi.Sinks[c] != nil {
			yes = true
			break
		}
		if d := p.lookup(fd.Unit, c); d != nil && d != fd && p.reachesSink(d) {
			yes = true
			break
		}
	}
	p.mu.Lock()
	if yes {
		p.reaches[fd] = 1
	} else {
		p.reaches[fd] = -1
	}
	p.mu.Unlock()
	return yes
}

// Frame is one call on the way from the analysed function to a sink.
type Frame struct {
	Pos, End cparse.Pos
	Callee   string
	Caller   *FuncDef
}

// Event is a sink reached from a function, with the values instantiated
// as they are at that function's level.
type Event struct {
	Root   *FuncDef
	Sink   *gupapi.Sink
	Flags  Val
	ToSet  Val
	Locked Val
	Pages  Val
	// Passed are the flags the entry point hands to the sink as its
	// caller's (is_valid_gup_args' *gup_flags_p), before ToSet and the
	// FOLL_UNLOCKABLE of a non-NULL locked are added.
	Passed Val
	// Chain runs from the call in Root down to the sink call; Chain[0]
	// is Root's own call.
	Chain []Frame
}

// Entry is the function Root calls on the way to the sink (the entry
// point, or the sink itself when Root calls it directly).
func (e *Event) Entry() string { return e.Chain[0].Callee }

// Local reports whether an origin lies in Root's own code: a finding is
// reported in the function whose code contributes the offending value,
// not again in each of its callers.
func (e *Event) Local(o *Origin) bool { return o != nil && o.Func == e.Root.Key }

// maxDepth bounds how far calls are followed from a function.
const maxDepth = 8

// maxEvents bounds the sink events kept for one function or one
// expansion; past it the rest are dropped (a bound on time and memory for
// pathological code, never reached on the kernel trees' GUP callers).
const maxEvents = 256

// dedupe removes events that say the same thing: the same path to the same
// sink with the same values and origins.
func dedupe(evs []*Event) []*Event {
	if len(evs) < 2 {
		return evs
	}
	seen := make(map[string]bool, len(evs))
	out := evs[:0]
	for _, e := range evs {
		var b strings.Builder
		b.WriteString(e.Sink.Name)
		for _, f := range e.Chain {
			fmt.Fprintf(&b, ">%v", f.Pos)
		}
		for _, v := range []Val{e.Flags, e.ToSet, e.Locked, e.Pages} {
			b.WriteString("|" + v.key() + originsKey(v))
		}
		k := b.String()
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, e)
		if len(out) == maxEvents {
			break
		}
	}
	return out
}

// Resolve returns the sink events reachable from fd.
func (p *Program) Resolve(fd *FuncDef) []*Event {
	if !p.reachesSink(fd) {
		return nil
	}
	s := p.Summary(fd)
	var out []*Event
	for _, se := range s.Events {
		out = append(out, &Event{Root: fd, Sink: se.Sink, Flags: se.Flags, Passed: se.Passed, ToSet: se.ToSet, Locked: se.Locked, Pages: se.Pages,
			Chain: []Frame{{Pos: se.Pos, End: se.End, Callee: se.Sink.Name, Caller: fd}}})
	}
	for _, c := range s.Calls {
		d := p.lookup(fd.Unit, c.Callee)
		if d == nil || d == fd || !p.reachesSink(d) {
			continue
		}
		evs, _ := p.expand(d, c.Args, 1, map[*FuncDef]bool{fd: true})
		for _, ev := range evs {
			ev.Root = fd
			ev.Chain = append([]Frame{{Pos: c.Pos, End: c.End, Callee: c.Callee, Caller: fd}}, ev.Chain...)
			out = append(out, ev)
		}
		out = dedupe(out)
	}
	return dedupe(out)
}

type expandKey struct {
	d    *FuncDef
	args string
}

// expand instantiates d's sink events and calls with args. Results are
// memoised by callee and arguments: the same entry point is called with
// the same flags from many places.
func (p *Program) expand(d *FuncDef, args []Val, depth int, visiting map[*FuncDef]bool) ([]*Event, bool) {
	if depth > maxDepth || visiting[d] {
		return nil, true
	}
	var kb strings.Builder
	for _, a := range args {
		kb.WriteString(a.key())
		kb.WriteString(originsKey(a))
		kb.WriteByte(';')
	}
	k := expandKey{d, kb.String()}
	p.mu.Lock()
	cached, ok := p.expanded[k]
	p.mu.Unlock()
	cut := false
	if !ok {
		cached, cut = p.expand1(d, args, depth, visiting)
		if !cut {
			// a result cut short by a recursion or depth bound depends
			// on the path that led here: not memoised, so results are
			// the same whatever order units are analysed in
			p.mu.Lock()
			p.expanded[k] = cached
			p.mu.Unlock()
		}
	}
	out := make([]*Event, len(cached))
	for i, e := range cached {
		c := *e
		c.Chain = append([]Frame(nil), e.Chain...)
		out[i] = &c
	}
	return out, cut
}

// originsKey makes the memo key tell apart arguments with the same bits
// from different places (the explanation differs).
func originsKey(v Val) string {
	var b strings.Builder
	for bit, o := range v.Origins {
		if o != nil {
			fmt.Fprintf(&b, "%x@%s:%d:%d,", bit, o.Pos.File, o.Pos.Line, o.Pos.Col)
		}
	}
	for _, o := range []*Origin{v.NullAt, v.NonNullAt} {
		if o != nil {
			fmt.Fprintf(&b, "n@%s:%d:%d,", o.Pos.File, o.Pos.Line, o.Pos.Col)
		}
	}
	return b.String()
}

func (p *Program) expand1(d *FuncDef, args []Val, depth int, visiting map[*FuncDef]bool) ([]*Event, bool) {
	visiting[d] = true
	defer delete(visiting, d)
	s := p.Summary(d)
	var out []*Event
	cut := false
	for _, se := range s.Events {
		a, ok := applyAssumptions(se.Assume, args)
		if !ok {
			continue
		}
		out = append(out, &Event{Sink: se.Sink,
			Flags: subst(se.Flags, a), Passed: subst(se.Passed, a), ToSet: subst(se.ToSet, a), Locked: subst(se.Locked, a), Pages: subst(se.Pages, a),
			Chain: []Frame{{Pos: se.Pos, End: se.End, Callee: se.Sink.Name, Caller: d}}})
	}
	for _, c := range s.Calls {
		d2 := p.lookup(d.Unit, c.Callee)
		if d2 == nil || d2 == d || !p.reachesSink(d2) {
			continue
		}
		a, ok := applyAssumptions(c.Assume, args)
		if !ok {
			continue
		}
		args2 := make([]Val, len(c.Args))
		for i, v := range c.Args {
			args2[i] = subst(v, a)
		}
		evs, c2 := p.expand(d2, args2, depth+1, visiting)
		cut = cut || c2
		for _, ev := range evs {
			ev.Chain = append([]Frame{{Pos: c.Pos, End: c.End, Callee: c.Callee, Caller: d}}, ev.Chain...)
			out = append(out, ev)
		}
		out = dedupe(out)
	}
	return dedupe(out), cut
}

// applyAssumptions checks a callee world's assumptions against the
// caller's arguments and returns the arguments refined by them, or false
// when the world cannot happen for this call.
func applyAssumptions(as []assumption, args []Val) ([]Val, bool) {
	if len(as) == 0 {
		return args, true
	}
	out := append([]Val(nil), args...)
	for _, a := range as {
		if a.Param < 0 || a.Param >= len(out) {
			continue
		}
		v := out[a.Param]
		if a.Bit == 0 {
			if v.NParam >= 0 {
				continue
			}
			if a.Set {
				if v.Nul&(MayNonNull|NullUnknown) == 0 {
					return nil, false
				}
				if v.Nul&MayNonNull != 0 {
					v.Nul = MayNonNull
				}
			} else {
				if v.Nul&(MayNull|NullUnknown) == 0 {
					return nil, false
				}
				if v.Nul&MayNull != 0 {
					v.Nul = MayNull
				}
			}
			out[a.Param] = v
			continue
		}
		if a.Set {
			if (v.May|v.Unk)&a.Bit == 0 && !(v.Param >= 0 && v.PMask&a.Bit != 0) {
				return nil, false
			}
			if v.May&a.Bit != 0 {
				v.Must |= a.Bit
			}
		} else {
			if v.Must&a.Bit != 0 {
				return nil, false
			}
			v.May &^= a.Bit
			v.Unk &^= a.Bit
			v.PMask &^= a.Bit
		}
		out[a.Param] = v
	}
	return out, true
}

// collectFieldFacts gathers, over the whole program, the values stored in
// struct fields (p->flags = ..., .flags = ... initializers), by struct tag
// and field name. Only the bits gupvet can see count; they are "may".
func collectFieldFacts(p *Program, units []*cparse.Unit) FieldFacts {
	ff := FieldFacts{}
	add := func(key string, v Val) {
		v.Must = 0
		v.Param, v.PMask, v.NParam = -1, 0, -1
		if old, ok := ff[key]; ok {
			ff[key] = join(old, v)
		} else {
			ff[key] = v
		}
	}
	for _, u := range units {
		for _, f := range u.Funcs {
			fd := &FuncDef{Key: f.Name, F: f, Unit: u.Path}
			in := &interp{fn: fd, model: p.Model, sum: &Summary{}, types: map[string]cparse.Type{}, pending: map[string][]*world{}}
			for _, prm := range f.Params {
				in.types[prm.Name] = prm.Type
			}
			walkStmts(f.Body, func(s cparse.Stmt) {
				if d, ok := s.(*cparse.Decl); ok {
					in.types[d.Name] = d.Type
					if d.List != nil && d.Type.Struct != "" && d.Type.Ptr == 0 {
						for _, e := range d.List.Elems {
							if len(e.Fields) == 1 && e.Value != nil {
								add(d.Type.Struct+"."+e.Fields[0], in.eval(e.Value, newWorld()))
							}
						}
					}
				}
			}, func(e cparse.Expr) {
				a, ok := e.(*cparse.Assign)
				if !ok || (a.Op != "=" && a.Op != "|=") {
					return
				}
				m, ok := a.L.(*cparse.Member)
				if !ok {
					return
				}
				base := lvalueKey(m.X)
				t, ok := in.types[base]
				if !ok || t.Struct == "" {
					return
				}
				add(t.Struct+"."+m.Name, in.eval(a.R, newWorld()))
			})
		}
		for _, fi := range u.FieldInits {
			in := &interp{fn: &FuncDef{Key: u.Path}, model: p.Model, sum: &Summary{}, types: map[string]cparse.Type{}, pending: map[string][]*world{}}
			add(fi.Struct+"."+fi.Field, in.eval(fi.Value, newWorld()))
		}
	}
	return ff
}

// Describe lists the keys of the field facts, for tests and -v.
func (ff FieldFacts) Describe() string {
	var ks []string
	for k, v := range ff {
		ks = append(ks, k+"="+v.String())
	}
	sort.Strings(ks)
	return strings.Join(ks, "\n")
}
