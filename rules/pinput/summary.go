package pinput

import "strconv"
import "sync"

import "gupvet/cparse"
import "gupvet/rules/flagflow"
import "gupvet/rules/gupapi"

// result is what following a function gives: its findings and its
// summary, what a caller needs to know of it.
type result struct {
	// fills: objects hanging from a parameter that the function fills
	// with pages; releases: those it releases; returns: what it returns.
	fills, releases, returns []*entry
	finds                    []*finding
	// dispatch: the parameter objects the function releases with either
	// family, as its conditions decide (released both ways).
	dispatch map[string]bool
	// incomplete: some paths were not followed (too many); cut: a call
	// on the way could not be followed (recursion, depth).
	incomplete, cut bool
}

// entry is one thing a function does to an object a parameter
// designates (param, then amp and sels as in a key), under conds.
type entry struct {
	param int
	amp   bool
	sels  []sel
	fam   fam
	// sym, for a fill: the atom the family depends on (pinned when it
	// holds), in the function's terms.
	sym   cparse.Expr
	st    *state // for fills and returns: what the object holds
	array bool   // for returns: an array
	conds []cond
	// for releases: the release call
	pos    cparse.Pos
	callee string
	one    bool
}

// id names the parameter object of an entry.
func (e *entry) id() string {
	l := lval{root: "", sels: e.sels}
	s := strconv.FormatUint(uint64(e.param), 10) + l.String()
	if e.amp {
		s = "&" + s
	}
	return s
}

// cond is an atom's truth: e in the function's terms.
type cond struct {
	e    cparse.Expr
	val  bool
	text string
}

// viaHelper says a release happens in a function the pages are passed
// to: its name and the release call there.
type viaHelper struct {
	name string
	pos  cparse.Pos
}

// finding is a release of pages with the other family's function.
type finding struct {
	pos, end cparse.Pos
	key      key
	one      bool   // the release takes one page (put_page), not an array
	st       *state // what the object held
	fam      fam    // the release's family
	release  string
	via      *viaHelper
}

// add appends e to list unless an entry saying the same is there.
func add(list []*entry, e *entry) []*entry {
	for _, o := range list {
		if o.same(e) {
			return list
		}
	}
	return append(list, e)
}

func (e *entry) same(o *entry) bool {
	if e.id() != o.id() || e.fam != o.fam || e.pos != o.pos || e.callee != o.callee || len(e.conds) != len(o.conds) ||
		(e.sym == nil) != (o.sym == nil) || e.array != o.array {
		return false
	}
	if e.st != o.st && (e.st == nil || o.st == nil || e.st.fam != o.st.fam || len(e.st.acq) != len(o.st.acq) ||
		len(e.st.acq) > 0 && e.st.acq[0].pos != o.st.acq[0].pos) {
		return false
	}
	for i := range e.conds {
		if e.conds[i].text != o.conds[i].text || e.conds[i].val != o.conds[i].val {
			return false
		}
	}
	return true
}

func (r *result) finish() {
	fams := map[string]fam{}
	for _, e := range r.releases {
		fams[e.id()] |= e.fam
	}
	for id, f := range fams {
		if f&pin != 0 && f&ref != 0 {
			if r.dispatch == nil {
				r.dispatch = map[string]bool{}
			}
			r.dispatch[id] = true
		}
	}
}

// program holds what the rule knows across the run: every function's
// result, computed once.
type program struct {
	prog  *flagflow.Program
	model *gupapi.Model
	bias  string

	memo *memoOf // findings kept across runs (memo.go)

	mu   sync.Mutex
	done map[*flagflow.FuncDef]*result
	may  map[*flagflow.FuncDef]int8 // mayPage's answers
	mayT map[*flagflow.FuncDef]int8 // mayTake's
}

// maxDepth bounds how deep helpers are followed from a function.
const maxDepth = 6

// result returns fd's result, or nil when fd cannot be followed from
// here (it is being followed already, or too deep).
func (p *program) result(fd *flagflow.FuncDef, visiting map[*flagflow.FuncDef]bool, depth int) *result {
	if depth > maxDepth || visiting[fd] {
		return nil
	}
	p.mu.Lock()
	r, ok := p.done[fd]
	p.mu.Unlock()
	if ok {
		return r
	}
	if !p.mayPage(fd, map[*flagflow.FuncDef]bool{}) {
		r = &result{}
	} else {
		visiting[fd] = true
		r = p.analyse(fd, visiting, depth)
		delete(visiting, fd)
	}
	if !r.cut {
		// a result cut short depends on the path that led here
		p.mu.Lock()
		p.done[fd] = r
		p.mu.Unlock()
	}
	return r
}

// mayPage reports whether fd, or a function it calls, takes or releases
// pages: the functions worth following.
func (p *program) mayPage(fd *flagflow.FuncDef, seen map[*flagflow.FuncDef]bool) bool {
	return p.reaches(fd, seen, p.may, func(c string) bool {
		_, rel := releases[c]
		return rel || takes(c)
	})
}

// mayTake reports whether fd, or a function it calls, takes pages: the
// functions a finding can be made in (a path starts with no page; one
// that only releases matters as a helper, followed from its callers).
func (p *program) mayTake(fd *flagflow.FuncDef) bool {
	return p.reaches(fd, map[*flagflow.FuncDef]bool{}, p.mayT, takes)
}

// takes reports whether calling c takes pages.
func takes(c string) bool {
	_, ok := acquirer(c)
	return ok || gupapi.IsSink(c)
}

// reaches reports whether fd, or a function of the tree it calls, calls
// a function pred holds of; memo keeps the answers that do not rest on
// a function still being asked.
func (p *program) reaches(fd *flagflow.FuncDef, seen map[*flagflow.FuncDef]bool, memo map[*flagflow.FuncDef]int8, pred func(string) bool) bool {
	p.mu.Lock()
	v := memo[fd]
	p.mu.Unlock()
	if v != 0 {
		return v > 0
	}
	if seen[fd] {
		return false
	}
	seen[fd] = true
	yes := false
	for _, c := range fd.Callees() {
		if pred(c) {
			yes = true
		} else if d := p.prog.TreeFunc(fd.Unit, c); d != nil && d != fd && !d.Stub && p.reaches(d, seen, memo, pred) {
			yes = true
		}
		if yes {
			break
		}
	}
	p.mu.Lock()
	if yes {
		memo[fd] = 1
	} else if len(seen) == 1 {
		memo[fd] = -1
	}
	p.mu.Unlock()
	return yes
}

// instantiate writes e, an expression in callee's terms, in the
// caller's: each parameter replaced by what the call passes. nil when an
// argument it needs is not pure.
func instantiate(e cparse.Expr, callee *flagflow.FuncDef, c *cparse.Call) cparse.Expr {
	params := map[string]int{}
	for i, prm := range callee.F.Params {
		if prm.Name != "" {
			params[prm.Name] = i
		}
	}
	ok := true
	var sub func(e cparse.Expr) cparse.Expr
	sub = func(e cparse.Expr) cparse.Expr {
		switch x := e.(type) {
		case *cparse.Ident:
			if i, isP := params[x.Name]; isP {
				if i >= len(c.Args) || !cparse.Pure(c.Args[i]) {
					ok = false
					return e
				}
				return c.Args[i]
			}
			return e
		case *cparse.Member:
			return &cparse.Member{P: x.P, X: sub(x.X), Name: x.Name, Arrow: x.Arrow}
		case *cparse.Index:
			return &cparse.Index{P: x.P, X: sub(x.X), I: sub(x.I)}
		case *cparse.Unary:
			return &cparse.Unary{P: x.P, Op: x.Op, X: sub(x.X)}
		case *cparse.Binary:
			return &cparse.Binary{P: x.P, Op: x.Op, X: sub(x.X), Y: sub(x.Y)}
		case *cparse.Cast:
			return &cparse.Cast{P: x.P, Type: x.Type, X: sub(x.X)}
		case *cparse.Cond:
			return &cparse.Cond{P: x.P, C: sub(x.C), T: sub(x.T), F: sub(x.F)}
		}
		return e
	}
	out := sub(e)
	if !ok {
		return nil
	}
	return out
}

// target is the caller's object for a callee's entry, given the
// argument for its parameter.
func target(e *entry, arg cparse.Expr) key {
	x := rebase(arg, e.sels)
	if e.amp {
		return elemKey(x)
	}
	return arrayKey(x)
}

// condsIn says what w knows of an entry's conditions at call c: false
// when one contradicts w; the atoms w does not know, to assume, in the
// caller's terms; and whether every condition could be written there.
func (in *interp) condsIn(e *entry, callee *flagflow.FuncDef, c *cparse.Call, w *world) (ok bool, unknown []cond, all bool) {
	all = true
	for _, cd := range e.conds {
		x := instantiate(cd.e, callee, c)
		if x == nil {
			all = false
			continue
		}
		text, v, isConst, isAtom := in.atom(x, w)
		switch {
		case !isAtom:
			all = false
		case isConst:
			if v != cd.val {
				return false, nil, all
			}
		default:
			if v, known := in.decide(w, text); known {
				if v != cd.val {
					return false, nil, all
				}
				continue
			}
			unknown = append(unknown, cond{e: x, val: cd.val, text: text})
		}
	}
	return true, unknown, all
}

// apply applies a helper's summary at its call c in w and returns what
// the call returns.
func (in *interp) apply(r *result, callee *flagflow.FuncDef, c *cparse.Call, w *world) val {
	name := callee.F.Name
	// releases: of what the objects held when the helper was called
	for _, e := range r.releases {
		if e.param >= len(c.Args) {
			continue
		}
		k := target(e, c.Args[e.param])
		if k == "" {
			continue
		}
		ok, unknown, all := in.condsIn(e, callee, c, w)
		if !ok {
			continue
		}
		st, present := w.objs[k]
		if !present {
			pe := in.paramEntry(w, k)
			if pe == nil || r.dispatch[e.id()] && !all {
				continue
			}
			pe.fam, pe.pos, pe.callee, pe.one = e.fam, e.pos, e.callee, e.one
			for _, u := range unknown {
				pe.conds = append(pe.conds, u)
			}
			in.res.releases = add(in.res.releases, pe)
			continue
		}
		if r.incomplete || r.dispatch[e.id()] && (len(unknown) > 0 || !all) {
			continue
		}
		w2 := w
		if len(unknown) > 0 {
			w2 = w.clone()
			feasible := true
			for _, u := range unknown {
				feasible = feasible && in.assume(w2, u.text, u.val)
			}
			if !feasible {
				continue
			}
			st = w2.objs[k]
		}
		in.check(w2, k, st, e.fam, c, e.callee, e.one, &viaHelper{name: name, pos: e.pos})
	}
	// fills: what each object may hold after the call; an array passed
	// from its start is the helper's to fill, as an entry point's is
	filled := map[key]*state{}
	whole := map[key]bool{}
	var order []key
	for _, e := range r.fills {
		if e.param >= len(c.Args) {
			continue
		}
		ok, unknown, all := in.condsIn(e, callee, c, w)
		if !ok {
			continue
		}
		st := &state{fam: e.fam, acq: wrap(e.st.acq, c.P, name)}
		if e.sym != nil {
			st = in.instSym(st, e.sym, callee, c, w)
		}
		if len(unknown) > 0 || !all || r.incomplete {
			// on some paths only: the pages may be others
			st.sym = ""
		}
		if r.incomplete {
			st.fam |= other
		}
		k := target(e, c.Args[e.param])
		if k == "" {
			continue
		}
		if _, seen := filled[k]; !seen {
			order = append(order, k)
			whole[k] = len(e.sels) > 0 || exact(c.Args[e.param])
		}
		filled[k] = join(filled[k], st)
	}
	for _, k := range order {
		st := filled[k]
		cur, ok := w.objs[k]
		if !ok {
			if e := in.paramEntry(w, k); e != nil && !(e.amp && len(e.sels) == 0) {
				e.fam, e.st = st.fam, st
				in.res.fills = add(in.res.fills, e)
			}
		} else if !whole[k] {
			st = join(cur, st)
		}
		if whole[k] {
			delete(w.quiet, k)
		}
		w.objs[k] = st
	}
	// the returned value
	if len(r.returns) == 0 {
		return val{}
	}
	var st *state
	array := r.returns[0].array
	for _, e := range r.returns {
		s := &state{fam: e.st.fam, acq: wrap(e.st.acq, c.P, name)}
		st = join(st, s)
		if e.array != array {
			st.fam |= other
		}
	}
	if r.incomplete {
		st.fam |= other
	}
	return val{known: true, st: st, array: array}
}

// wrap makes the sites of a helper's pages sites of its call.
func wrap(acq []*site, at cparse.Pos, name string) []*site {
	out := make([]*site, len(acq))
	for i, a := range acq {
		out[i] = &site{pos: at, callee: name, inner: a}
	}
	return out
}

// instSym resolves, at the call, the atom a helper's fill depends on.
func (in *interp) instSym(st *state, sym cparse.Expr, callee *flagflow.FuncDef, c *cparse.Call, w *world) *state {
	x := instantiate(sym, callee, c)
	if x == nil {
		return st
	}
	text, v, isConst, ok := in.atom(x, w)
	if !ok {
		return st
	}
	if !isConst {
		v, isConst = in.decide(w, text)
	}
	if isConst {
		return st.resolve(v)
	}
	st.sym = text
	return st
}

// dispatchKeys are the objects a branch releases with one family on
// one side and the other family on the other (for a switch: in its
// cases): a branch over it is a dispatch.
func (in *interp) dispatchKeys(n cparse.Node) map[key]bool {
	if d, ok := in.dispatch[n]; ok {
		return d
	}
	var sides []map[key]fam
	switch x := n.(type) {
	case *cparse.If:
		sides = []map[key]fam{in.releasedIn(x.Then), in.releasedIn(x.Else)}
	case *cparse.Cond:
		sides = []map[key]fam{in.releasedIn(x.T), in.releasedIn(x.F)}
	default:
		all := in.releasedIn(n)
		sides = []map[key]fam{all, all}
	}
	var d map[key]bool
	for k, a := range sides[0] {
		b := sides[1][k]
		if k != "" && (a&pin != 0 && b&ref != 0 || a&ref != 0 && b&pin != 0) {
			if d == nil {
				d = map[key]bool{}
			}
			d[k] = true
		}
	}
	in.dispatch[n] = d
	return d
}

// releasedIn returns the objects n releases, by family.
func (in *interp) releasedIn(n cparse.Node) map[key]fam {
	fams := map[key]fam{}
	if n == nil {
		return fams
	}
	cparse.Inspect(n, func(x cparse.Node) bool {
		c, ok := x.(*cparse.Call)
		if !ok {
			return true
		}
		name := c.CalleeName()
		if r, ok := releases[name]; ok && r.arg < len(c.Args) {
			k := elemKey(c.Args[r.arg])
			if r.array {
				k = arrayKey(c.Args[r.arg])
			}
			fams[k] |= r.fam
			return true
		}
		if fd := in.helper(name); fd != nil {
			if r := in.p.result(fd, in.visiting, in.depth+1); r != nil {
				for _, e := range r.releases {
					if e.param < len(c.Args) {
						fams[target(e, c.Args[e.param])] |= e.fam
					}
				}
			}
		}
		return true
	})
	return fams
}
