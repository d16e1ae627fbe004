package flagflow

import "fmt"
import "runtime"
import "sort"
import "strings"
import "sync"

import "gupvet/analyzer"
import "gupvet/cparse"
import "gupvet/internal/lazy"
import "gupvet/rules/gupapi"

// FuncKey names a function of the program: a global one by its name; a
// static function, or a header's inline one, within its file; a function of
// gupvet's built-in model within the model.
type FuncKey struct {
	Scope string // "" for a global function; the unit, the header, or ModelScope
	Name  string
}

// ModelScope is the Scope of the built-in model's functions.
const ModelScope = gupapi.ModelDir

func (k FuncKey) String() string {
	if k.Scope == "" {
		return k.Name
	}
	return k.Scope + ":" + k.Name
}

func (k FuncKey) less(o FuncKey) bool {
	if k.Scope != o.Scope {
		return k.Scope < o.Scope
	}
	return k.Name < o.Name
}

// FuncDef is a function definition of the program.
type FuncDef struct {
	Key   FuncKey
	F     *cparse.Func
	Unit  string
	Stub  bool // from gupvet's built-in model
	Owner *cparse.Unit

	calleesOnce sync.Once
	callees     []string
}

// InAPI reports whether d is the GUP API's own code: a function of the
// tree's mm/gup.c, of the built-in model, or an entry point a header
// defines inline (get_user_page_vma_remote).
func (d *FuncDef) InAPI() bool {
	switch {
	case d.Stub:
		return true
	case d.F == nil:
		return false // a unit's file-scope initialisers: no function
	case d.F.Header:
		return gupapi.IsEntryPoint(d.F.Name)
	}
	return d.Unit == gupapi.File
}

// Callees returns the names the function calls directly, from its text.
func (d *FuncDef) Callees() []string {
	d.calleesOnce.Do(func() {
		seen := map[string]bool{}
		cparse.Inspect(d.F, func(n cparse.Node) bool {
			if c, ok := n.(*cparse.Call); ok {
				if n := c.CalleeName(); n != "" && !seen[n] {
					seen[n] = true
					d.callees = append(d.callees, n)
				}
			}
			return true
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

	static map[string]map[string]*FuncDef // unit -> name -> def
	global map[string]*FuncDef
	stubs  map[string]*FuncDef
	byUnit map[string][]*FuncDef
	// unitOrder are the units' paths, in the run's order
	unitOrder []string
	fields    FieldFacts
	preferS   map[string]bool // names resolved to the stub first

	// called are the functions some code of the program calls by name:
	// their parameters are their callers' business. A function nobody
	// calls (an exported entry, a callback) reads the members of the
	// objects its parameters designate as the program-wide union of
	// their stores.
	called map[*FuncDef]bool

	mu sync.Mutex
	// sums are the functions' summaries, each made once: the goroutines
	// of computeEvents ask for the same callees at the same time (6.12's
	// qib_user_sdma_queue_pkts, 0.1 s, was made twice)
	sums     lazy.Map[*FuncDef, *Summary]
	reaches  map[*FuncDef]int8 // 0 unknown, 1 yes, -1 no, 2 in progress
	expanded map[expandKey][]*Event

	eventsOnce sync.Once
	events     map[*FuncDef][]*Event // Resolve's, and those re-rooted there

	memo *summaryMemo // summaries kept across runs (summarymemo.go)
}

// Build indexes every unit of the run.
func Build(pd *analyzer.ProgramData) (*Program, error) {
	m, err := gupapi.Load(pd.Tree)
	if err != nil {
		return nil, err
	}
	p, err := BuildWith(m, pd.Units)
	if err == nil {
		p.memo = newSummaryMemo(pd, p)
	}
	return p, err
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
		reaches:  map[*FuncDef]int8{},
		expanded: map[expandKey][]*Event{},
		called:   map[*FuncDef]bool{},
	}
	name, src := m.Stubs()
	su, err := cparse.ParseText(name, src, cparse.Options{Mode: cparse.Tolerant})
	if err != nil || len(su.Errors) > 0 {
		return nil, fmt.Errorf("built-in model %s does not parse: %v %v", name, err, su.Err())
	}
	for _, f := range su.Funcs {
		p.stubs[f.Name] = &FuncDef{Key: FuncKey{ModelScope, f.Name}, F: f, Unit: su.Path, Stub: true, Owner: su}
	}
	hasGUP := false
	headers := map[FuncKey]*FuncDef{}
	for _, u := range units {
		p.unitOrder = append(p.unitOrder, u.Path)
		if u.Path == gupapi.File {
			hasGUP = true
		}
		for _, f := range u.Funcs {
			if f.Header {
				// An inline function of a header is in every unit that
				// includes it: one definition for the program, analysed
				// and reported once, not once per unit.
				hk := FuncKey{f.P.File, f.Name}
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
			d := &FuncDef{Key: FuncKey{Name: f.Name}, F: f, Unit: u.Path, Owner: u}
			if f.Static {
				d.Key.Scope = u.Path
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
	sort.SliceStable(all, func(i, j int) bool { return all[i].Key.less(all[j].Key) })
	for _, d := range all {
		p.reachesSink(d)
		for _, c := range d.Callees() {
			if cd := p.lookup(d.Unit, c); cd != nil && cd != d {
				p.called[cd] = true
			}
		}
	}
	return p, nil
}

// Funcs returns the functions defined by a unit.
func (p *Program) Funcs(unit string) []*FuncDef { return p.byUnit[unit] }

// TreeFunc resolves a call of name made from unit to the tree's own
// definition, never to the built-in model's: what the tree's code says,
// even where the model stands in for it in the flag analysis.
func (p *Program) TreeFunc(unit, name string) *FuncDef {
	if d := p.static[unit][name]; d != nil {
		return d
	}
	return p.global[name]
}

// APIUnit returns the unit of the tree's GUP implementation (mm/gup.c)
// when the run read it in tolerant mode, where its WARN_ON_ONCE() and
// BUG_ON() checks are calls that say what they test; nil otherwise.
func (p *Program) APIUnit() *cparse.Unit {
	for _, d := range p.byUnit[gupapi.File] {
		if !d.F.Header && d.Owner != nil {
			if d.Owner.Mode == cparse.Tolerant {
				return d.Owner
			}
			return nil
		}
	}
	return nil
}

// Lookup resolves a call of name made from unit: the function the call
// reaches (a static one of the unit, a global one, or the built-in
// model's), or nil.
func (p *Program) Lookup(unit, name string) *FuncDef { return p.lookup(unit, name) }

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
	return p.sums.Get(fd, func() *Summary {
		k := p.memo.key(fd)
		if k != "" {
			if s := p.memo.load(k, fd, p.fields); s != nil {
				return s
			}
		}
		s, read := summarize(fd, p.Model, p.fields)
		if k != "" {
			p.memo.store(k, s, read, p.fields)
		}
		return s
	})
}

// reachesSink reports whether fd, or a function it calls, calls a sink.
func (p *Program) reachesSink(fd *FuncDef) bool {
	return Reaches(&p.mu, p.reaches, fd, gupapi.IsSink, func(from *FuncDef, name string) *FuncDef { return p.lookup(from.Unit, name) })
}

// Reaches reports whether d calls a function word accepts, or calls a
// function next resolves (from the caller, by name) that does,
// transitively. memo, guarded by mu, keeps each function's answer: 1 yes,
// -1 no, 2 while it is being walked (on a call cycle the function being
// walked counts as no).
func Reaches(mu *sync.Mutex, memo map[*FuncDef]int8, d *FuncDef, word func(string) bool, next func(from *FuncDef, name string) *FuncDef) bool {
	mu.Lock()
	r := memo[d]
	if r == 0 {
		memo[d] = 2
	}
	mu.Unlock()
	switch r {
	case 1:
		return true
	case -1, 2:
		return false
	}
	yes := false
	for _, name := range d.Callees() {
		if word(name) {
			yes = true
			break
		}
		if x := next(d, name); x != nil && x != d && Reaches(mu, memo, x, word, next) {
			yes = true
			break
		}
	}
	mu.Lock()
	memo[d] = -1
	if yes {
		memo[d] = 1
	}
	mu.Unlock()
	return yes
}

// Events returns the sink events of fd's calls: those reachable from fd
// (Resolve), and those of the calls of fd that receive, from callers
// anywhere in the program, flags fd read from a struct member (re-rooted
// at fd: a finding about them is fd's). Events of every function are
// computed once, the first time any is asked for.
func (p *Program) Events(fd *FuncDef) []*Event {
	p.eventsOnce.Do(p.computeEvents)
	return p.events[fd]
}

// Frame is one call on the way from the analysed function to a sink.
type Frame struct {
	Pos, End cparse.Pos
	Callee   string
	Caller   *FuncDef
	// Args are the call's arguments, in the terms of the event's Root
	// (for a call below Root, as Root's values make them).
	Args []Val
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
	// Outer, for an event re-rooted at the function that read its flags
	// from a struct member, are the calls from the function that set
	// them down to Root.
	Outer []Frame
}

// Entry is the function Root calls on the way to the sink (the entry
// point, or the sink itself when Root calls it directly).
func (e *Event) Entry() string { return e.Chain[0].Callee }

// Local reports whether an origin belongs to Root: a finding is reported
// in the function whose code contributes the offending value (or, for a
// value read from a struct member, in the function that reads it), not
// again in each of its callers.
func (e *Event) Local(o *Origin) bool { return o != nil && o.Owner() == e.Root.Key }

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
		var vb []byte
		for _, v := range []Val{e.Flags, e.ToSet, e.Locked, e.Pages} {
			vb = appendMemoKey(append(vb, '|'), v)
		}
		b.Write(vb)
		if len(e.Outer) > 0 {
			fmt.Fprintf(&b, "<%v", e.Outer[0].Pos)
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
	// fd's own inputs; open ones when no code of the program calls fd
	root := &inst{args: make([]Val, len(fd.F.Params)), ff: p.fields}
	for i := range root.args {
		root.args[i] = paramVal(i)
		root.args[i].Open = !p.called[fd]
	}
	var out []*Event
	for _, se := range s.Events {
		out = append(out, &Event{Root: fd, Sink: se.Sink,
			Flags: root.subst(se.Flags), Passed: root.subst(se.Passed), ToSet: root.subst(se.ToSet),
			Locked: root.subst(se.Locked), Pages: root.subst(se.Pages),
			Chain: []Frame{{Pos: se.Pos, End: se.End, Callee: se.Sink.Name, Caller: fd}}})
	}
	for _, c := range s.Calls {
		d := p.lookup(fd.Unit, c.Callee)
		if d == nil || d == fd || !p.reachesSink(d) {
			continue
		}
		args := make([]Val, len(c.Args))
		for i, v := range c.Args {
			args[i] = root.subst(v)
		}
		evs, _ := p.expand(d, args, 1, map[*FuncDef]bool{fd: true})
		for _, ev := range evs {
			ev.Root = fd
			ev.Chain = append([]Frame{{Pos: c.Pos, End: c.End, Callee: c.Callee, Caller: fd, Args: args}}, ev.Chain...)
			out = append(out, ev)
		}
		out = dedupe(out)
	}
	return dedupe(out)
}

// computeEvents resolves every function of the program and re-roots each
// event whose values a struct member carried at the function that read
// the member, so the rules of that function's unit see, at its call, what
// every caller's object brings.
func (p *Program) computeEvents() {
	var all []*FuncDef
	for _, u := range p.unitOrder {
		all = append(all, p.byUnit[u]...)
	}
	resolved := make([][]*Event, len(all))
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				resolved[i] = p.Resolve(all[i])
			}
		}()
	}
	for i := range all {
		next <- i
	}
	close(next)
	wg.Wait()
	p.events = make(map[*FuncDef][]*Event, len(all))
	byKey := map[FuncKey]*FuncDef{}
	for _, fd := range all {
		byKey[fd.Key] = fd
	}
	rerooted := map[*FuncDef][]*Event{}
	for i, fd := range all {
		p.events[fd] = append(p.events[fd], resolved[i]...)
		for _, ev := range resolved[i] {
			for _, k := range ev.owners() {
				if k == fd.Key {
					continue
				}
				for j := 1; j < len(ev.Chain); j++ {
					if c := ev.Chain[j].Caller; c != nil && c.Key == k {
						r := *ev
						r.Root = c
						r.Chain = ev.Chain[j:]
						r.Outer = append(append([]Frame(nil), ev.Outer...), ev.Chain[:j]...)
						rerooted[c] = append(rerooted[c], &r)
						break
					}
				}
			}
		}
	}
	for fd, evs := range rerooted {
		if byKey[fd.Key] == fd {
			p.events[fd] = dedupe(append(p.events[fd], evs...))
		}
	}
}

// owners lists the functions the event's origins belong to.
func (e *Event) owners() []FuncKey {
	var out []FuncKey
	seen := map[FuncKey]bool{}
	add := func(o *Origin) {
		if o == nil || len(o.Via) == 0 {
			return
		}
		if k := o.Owner(); !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	for _, v := range []Val{e.Flags, e.Passed, e.Locked, e.Pages} {
		for _, o := range v.Origins {
			add(o)
		}
		for _, o := range v.Foreign() {
			add(o)
		}
		add(v.NullAt)
		add(v.NonNullAt)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].less(out[j]) })
	return out
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
	var kb []byte
	for _, a := range args {
		kb = append(appendMemoKey(kb, a), ';')
	}
	k := expandKey{d, string(kb)}
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

func (p *Program) expand1(d *FuncDef, args []Val, depth int, visiting map[*FuncDef]bool) ([]*Event, bool) {
	visiting[d] = true
	defer delete(visiting, d)
	s := p.Summary(d)
	call := &inst{args: args, ff: p.fields}
	var out []*Event
	cut := false
	for _, se := range s.Events {
		a, ok := call.assume(se.Assume)
		if !ok {
			continue
		}
		out = append(out, &Event{Sink: se.Sink,
			Flags: a.subst(se.Flags), Passed: a.subst(se.Passed), ToSet: a.subst(se.ToSet), Locked: a.subst(se.Locked), Pages: a.subst(se.Pages),
			Chain: []Frame{{Pos: se.Pos, End: se.End, Callee: se.Sink.Name, Caller: d}}})
	}
	for _, c := range s.Calls {
		d2 := p.lookup(d.Unit, c.Callee)
		if d2 == nil || d2 == d || !p.reachesSink(d2) {
			continue
		}
		a, ok := call.assume(c.Assume)
		if !ok {
			continue
		}
		args2 := make([]Val, len(c.Args))
		for i, v := range c.Args {
			args2[i] = a.subst(v)
		}
		evs, c2 := p.expand(d2, args2, depth+1, visiting)
		cut = cut || c2
		for _, ev := range evs {
			ev.Chain = append([]Frame{{Pos: c.Pos, End: c.End, Callee: c.Callee, Caller: d, Args: args2}}, ev.Chain...)
			out = append(out, ev)
		}
		out = dedupe(out)
	}
	return dedupe(out), cut
}

// collectFieldFacts gathers, over the whole program, the values stored in
// struct members (p->flags = ..., .flags = ... initializers, a member a
// brace initializer leaves out, which is zero), by struct tag and member
// name. Only the bits gupvet can see count; they are "may".
func collectFieldFacts(p *Program, units []*cparse.Unit) FieldFacts {
	ff := FieldFacts{}
	add := func(key string, v Val) {
		v.Must = 0
		v.Sym, v.PMask, v.SymVia, v.SymRead, v.NSym = noInput, 0, nil, nil, noInput
		v.Pointee, v.Obj, v.AddrOf = nil, nil, ""
		if old, ok := ff[key]; ok {
			ff[key] = join(old, v)
		} else {
			ff[key] = v
		}
	}
	// the members each brace initializer sets, to add the zero of those
	// it leaves out once every member stored anywhere is known
	type init struct {
		tag string
		set map[string]bool
		at  cparse.Pos
	}
	var inits []init
	for _, u := range units {
		for _, d := range p.byUnit[u.Path] {
			if d.Owner != u {
				continue // a header's inline function, read once
			}
			in := &interp{fn: d, model: p.Model, sum: &Summary{}, types: cparse.Types{}}
			for _, prm := range d.F.Params {
				in.types[prm.Name] = prm.Type
			}
			w := newWorld()
			object := func(tag string, il *cparse.InitList, at cparse.Pos) {
				ob := in.initObject(w, tag, il, at)
				set := map[string]bool{}
				for m, v := range ob.Members {
					add(tag+"."+m, v)
					set[m] = true
				}
				if ob.Whole {
					inits = append(inits, init{tag, set, at})
				}
			}
			cparse.Inspect(d.F, func(n cparse.Node) bool {
				switch e := n.(type) {
				case *cparse.Decl:
					in.types.Declare(e)
					if e.List != nil && isStruct(e.Type) {
						object(e.Type.Struct, e.List, e.P)
					}
				case *cparse.CompLit:
					if isStruct(e.Type) {
						object(e.Type.Struct, e.Init, e.P)
					}
				case *cparse.Assign:
					if e.Op != "=" && e.Op != "|=" {
						return true
					}
					m, ok := e.L.(*cparse.Member)
					if !ok {
						return true
					}
					if name := in.memberName(m); name != "" {
						add(name, in.eval(e.R, newWorld()))
					}
				}
				return true
			})
		}
		for _, fi := range u.FieldInits {
			in := &interp{fn: &FuncDef{Key: FuncKey{Scope: u.Path}, Owner: u}, model: p.Model, sum: &Summary{}, types: cparse.Types{}}
			add(fi.Struct+"."+fi.Field, in.eval(fi.Value, newWorld()))
		}
	}
	members := map[string][]string{}
	for k := range ff {
		if i := strings.LastIndexByte(k, '.'); i > 0 {
			members[k[:i]] = append(members[k[:i]], k[i+1:])
		}
	}
	for _, it := range inits {
		for _, m := range members[it.tag] {
			if !it.set[m] {
				add(it.tag+"."+m, constVal(0, &Origin{Pos: it.at, Kind: Zero}))
			}
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
