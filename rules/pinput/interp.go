package pinput

import "sort"

import "gupvet/cparse"
import "gupvet/rules/flagflow"
import "gupvet/rules/jumps"

// interp follows one function's paths: what each object holds, which
// conditions each path decided, where pages are released. It records
// the function's findings and its summary (what it does to the objects
// its parameters designate, what it returns).
type interp struct {
	p        *program
	fd       *flagflow.FuncDef
	params   map[string]int
	types    cparse.Types
	jumps    jumps.Jumps[*world]
	sws      []*switchCtx
	res      *result
	atoms    map[string]*atomInfo
	dispatch map[cparse.Node]map[key]bool
	visiting map[*flagflow.FuncDef]bool
	depth    int

	truncated bool
	quietAll  int // inside a ?: whose condition is not known
	// loopAtoms are the atoms loop conditions test (i < n): about the
	// iteration, not about which pages a path holds, so no summary
	// entry depends on them
	loopAtoms  map[string]bool
	exprDepth  int
	texts      map[cparse.Expr]string   // exprText's
	readsCache map[cparse.Expr][]string // aliasReads'
}

type switchCtx struct {
	entry      []*world
	tag        cparse.Expr
	vals       [][]cparse.Expr
	hasDefault bool
	dk         map[key]bool
}

// val is what an expression evaluates to, as far as pages go: when
// known, what it holds (st; fam 0 for NULL or an array that holds
// nothing yet) and whether it is an array of pages or one page.
type val struct {
	st    *state
	array bool
	known bool
}

// debugResult, when set (by a test), sees each result.
var debugResult func(name string, r *result)

// maxExprDepth bounds recursion on pathological expressions.
const maxExprDepth = 1000

func (p *program) analyse(fd *flagflow.FuncDef, visiting map[*flagflow.FuncDef]bool, depth int) *result {
	in := &interp{
		p: p, fd: fd, params: map[string]int{}, types: cparse.Types{},
		res: &result{}, atoms: map[string]*atomInfo{},
		dispatch: map[cparse.Node]map[key]bool{}, loopAtoms: map[string]bool{},
		visiting: visiting, depth: depth,
	}
	for i, prm := range fd.F.Params {
		if prm.Name != "" {
			in.params[prm.Name] = i
			in.types[prm.Name] = prm.Type
		}
	}
	if fd.F.Body != nil {
		in.exec(fd.F.Body, []*world{newWorld()})
	}
	in.res.incomplete = in.truncated
	in.res.finish()
	if debugResult != nil {
		debugResult(fd.F.Name, in.res)
	}
	return in.res
}

// ---- statements

func (in *interp) exec(s cparse.Stmt, ws []*world) []*world {
	switch s := s.(type) {
	case nil:
		return ws
	case *cparse.Block:
		for _, x := range s.Stmts {
			ws = in.exec(x, ws)
		}
		return ws
	case *cparse.ExprStmt:
		switch x := s.X.(type) {
		case *cparse.Cond:
			return in.ifStmt(x, x.C, &cparse.ExprStmt{P: x.P, X: x.T}, &cparse.ExprStmt{P: x.P, X: x.F}, ws)
		case *cparse.StmtExpr:
			return in.exec(x.Body, ws)
		}
		return jumps.Each(ws, func(w *world) { in.eval(s.X, w) })
	case *cparse.Decl:
		in.types.Declare(s)
		for _, w := range ws {
			in.decl(s, w)
		}
		return ws
	case *cparse.If:
		return in.ifStmt(s, s.C, s.Then, s.Else, ws)
	case *cparse.Loop:
		return in.loop(s, ws)
	case *cparse.Switch:
		return in.switchStmt(s, ws)
	case *cparse.Case:
		if n := len(in.sws); n > 0 {
			ws = append(ws, in.caseEntry(in.sws[n-1], s)...)
		}
		return in.exec(s.Stmt, in.dedupe(ws))
	case *cparse.Label:
		return in.exec(s.Stmt, in.jumps.Land(s.Name, ws, in.dedupe))
	case *cparse.Goto, *cparse.Break, *cparse.Continue:
		in.jumps.Take(s, ws)
		return nil
	case *cparse.Return:
		for _, w := range ws {
			v := in.eval(s.X, w)
			if s.X != nil {
				in.ret(v)
			}
		}
		return nil
	}
	return ws
}

// ifStmt runs a branch. A branch on a condition the path does not know
// whose two sides release one object with different families is a
// dispatch (if (pinned) unpin_user_page(p); else put_page(p);): which
// family the object has is the condition's business, so no release of
// the object is checked on that path from there on.
func (in *interp) ifStmt(n cparse.Node, c cparse.Expr, then, els cparse.Stmt, ws []*world) []*world {
	dk := in.dispatchKeys(n)
	var tws, fws []*world
	for _, w := range ws {
		t, f, split := in.branch(c, w)
		if split && len(dk) > 0 {
			for _, x := range append(append([]*world(nil), t...), f...) {
				for k := range dk {
					x.quiet[k] = true
				}
			}
		}
		tws = append(tws, t...)
		fws = append(fws, f...)
	}
	tws = in.exec(then, in.dedupe(tws))
	if els != nil {
		fws = in.exec(els, in.dedupe(fws))
	}
	return in.dedupe(append(tws, fws...))
}

// loop runs a loop body at most twice (jumps.Loop): pages taken in one
// iteration meet the releases of the next. What a condition tests on
// the way round again is noted (loopAtoms).
func (in *interp) loop(s *cparse.Loop, ws []*world) []*world {
	cond := func(c cparse.Expr, w *world) (t, f []*world) {
		t, f, _ = in.branch(c, w)
		return t, f
	}
	return jumps.Loop(&in.jumps, s, ws, jumps.LoopOps[*world]{
		Exec: in.exec, Cond: cond, Merge: in.dedupe,
		Enter: func(c cparse.Expr, w *world) (t, f []*world) {
			before := make(map[string]bool, len(w.lits))
			for l := range w.lits {
				before[l] = true
			}
			t, f = cond(c, w)
			for _, x := range append(append([]*world(nil), t...), f...) {
				for l := range x.lits {
					if !before[l] {
						in.loopAtoms[l] = true
					}
				}
			}
			return t, f
		},
		Post: func(e cparse.Expr, ws []*world) []*world {
			for _, w := range ws {
				in.eval(e, w)
			}
			return ws
		},
	})
}

func (in *interp) switchStmt(s *cparse.Switch, ws []*world) []*world {
	jumps.Each(ws, func(w *world) { in.eval(s.Tag, w) })
	sc := &switchCtx{entry: ws, tag: s.Tag, vals: caseVals(s.Body), dk: in.dispatchKeys(s)}
	in.sws = append(in.sws, sc)
	out := jumps.Switch(&in.jumps, s.Body, in.exec)
	in.sws = in.sws[:len(in.sws)-1]
	if !sc.hasDefault {
		for _, w := range ws {
			if x := in.caseWorld(sc, w, nil); x != nil {
				out = append(out, x)
			}
		}
	}
	return in.dedupe(out)
}

// caseVals are the values of the case labels of a switch body (not of
// switches nested in it).
func caseVals(body cparse.Stmt) [][]cparse.Expr {
	var out [][]cparse.Expr
	var walk func(s cparse.Stmt)
	walk = func(s cparse.Stmt) {
		switch s := s.(type) {
		case *cparse.Block:
			for _, x := range s.Stmts {
				walk(x)
			}
		case *cparse.Case:
			if s.Vals != nil {
				out = append(out, s.Vals)
			}
			walk(s.Stmt)
		case *cparse.Label:
			walk(s.Stmt)
		case *cparse.If:
			walk(s.Then)
			walk(s.Else)
		case *cparse.Loop:
			walk(s.Body)
		}
	}
	walk(body)
	return out
}

// caseEntry returns the worlds that enter a switch at case c.
func (in *interp) caseEntry(sc *switchCtx, c *cparse.Case) []*world {
	if c.Vals == nil {
		sc.hasDefault = true
	}
	var out []*world
	for _, w := range sc.entry {
		if x := in.caseWorld(sc, w, c.Vals); x != nil {
			out = append(out, x)
		}
	}
	return out
}

// caseWorld is w entering the switch at the case with vals (nil: the
// default, or past the end without one), or nil when w cannot.
func (in *interp) caseWorld(sc *switchCtx, w *world, vals []cparse.Expr) *world {
	x := w.clone()
	eq := func(v cparse.Expr) cparse.Expr { return &cparse.Binary{P: v.Pos(), Op: "==", X: sc.tag, Y: v} }
	split := false
	if vals == nil {
		for _, vs := range sc.vals {
			if len(vs) != 1 {
				continue
			}
			possible, open, _ := in.assumeCmp(x, eq(vs[0]), false)
			if !possible {
				return nil
			}
			split = split || open
		}
	} else if len(vals) == 1 {
		possible, open, modelled := in.assumeCmp(x, eq(vals[0]), true)
		if !possible {
			return nil
		}
		split = open || !modelled
	} else {
		split = true
	}
	if split {
		for k := range sc.dk {
			x.quiet[k] = true
		}
	}
	return x
}

// assumeCmp makes x assume that the comparison e is want. possible is
// false when x cannot (e is a constant that is not want, or x already
// holds otherwise); open when x did not know e's value; modelled is
// false for a comparison the interpreter does not model (x unchanged).
func (in *interp) assumeCmp(x *world, e cparse.Expr, want bool) (possible, open, modelled bool) {
	t, v, isConst, ok := in.atom(e, x)
	switch {
	case !ok:
		return true, false, false
	case isConst:
		return v == want, false, true
	}
	_, known := in.decide(x, t)
	return in.assume(x, t, want), !known, true
}

func (in *interp) decl(s *cparse.Decl, w *world) {
	in.kill(w, s.Name)
	if _, ok := in.params[s.Name]; ok {
		w.mod[s.Name] = true // a local shadows the parameter
	}
	switch {
	case s.List != nil:
		in.evalList(s.List, w)
	case s.Init != nil:
		in.assignTo(lval{root: s.Name}, s.Init, w)
	case s.Type.Array && pageType(s.Type, 1):
		// struct page *pages[N]: an array that holds nothing yet
		w.objs[key(s.Name)] = &state{}
	}
}

func (in *interp) evalList(il *cparse.InitList, w *world) {
	for _, e := range il.Elems {
		if e.Value != nil {
			in.eval(e.Value, w)
		}
		if e.Nested != nil {
			in.evalList(e.Nested, w)
		}
	}
}

// pageType reports whether t is a struct page or struct folio with ptr
// levels of pointer.
func pageType(t cparse.Type, ptr int) bool {
	return (t.Struct == "page" || t.Struct == "folio" || t.Base == "struct page" || t.Base == "struct folio") && t.Ptr == ptr
}

// ret records what a return gives back.
func (in *interp) ret(v val) {
	if v.known && v.st.fam == 0 {
		return // NULL, an error pointer
	}
	st := v.st
	if !v.known {
		st = &state{fam: other}
	}
	in.res.returns = add(in.res.returns, &entry{param: -1, fam: st.fam, array: v.array, st: st})
}

// ---- conditions

// branch evaluates condition c in w and returns the worlds where it is
// true and those where it is false; split says the path did not know
// which (a new atom was assumed, or the condition is not one gupvet
// follows).
func (in *interp) branch(c cparse.Expr, w *world) (t, f []*world, split bool) {
	switch x := c.(type) {
	case *cparse.Ident:
		// a local that holds a condition (bool pinned = kfp->pin && ok;
		// WARN_ON_ONCE()'s int __ret_warn_on = !!(cond) as precise mode
		// expands it): a branch on it is one on the condition, taken
		// apart as the condition is
		if a, ok := w.alias[x.Name]; ok && in.exprDepth < maxExprDepth {
			if _, plain := a.(*cparse.Ident); !plain {
				in.exprDepth++
				defer func() { in.exprDepth-- }()
				return in.branch(a, w)
			}
		}
	case *cparse.Unary:
		if x.Op == "!" {
			f, t, split = in.branch(x.X, w)
			return t, f, split
		}
	case *cparse.Binary:
		switch x.Op {
		case "&&", "||":
			// the right side runs where the left one did not decide
			ta, fa, s1 := in.branch(x.X, w)
			right := ta
			if x.Op == "||" {
				right = fa
			}
			for _, y := range right {
				tb, fb, s2 := in.branch(x.Y, y)
				t = append(t, tb...)
				f = append(f, fb...)
				split = split || s2
			}
			if x.Op == "&&" {
				return t, append(f, fa...), split || s1
			}
			return append(ta, t...), f, split || s1
		case "==", "!=":
			if other := cparse.ComparedToZero(x); other != nil {
				t, f, split = in.branch(other, w)
				if x.Op == "==" {
					return f, t, split
				}
				return t, f, split
			}
			if x.Op == "!=" {
				f, t, split = in.branch(&cparse.Binary{P: x.P, Op: "==", X: x.X, Y: x.Y}, w)
				return t, f, split
			}
		case ",":
			in.eval(x.X, w)
			return in.branch(x.Y, w)
		}
	case *cparse.Cast:
		return in.branch(x.X, w)
	case *cparse.Call:
		switch x.CalleeName() {
		case "__builtin_expect", "likely", "unlikely":
			if len(x.Args) >= 1 {
				for _, a := range x.Args[1:] {
					in.eval(a, w)
				}
				return in.branch(x.Args[0], w)
			}
		}
		if cond, ok := x.Assertion(); ok {
			for _, a := range x.Args[1:] {
				in.eval(a, w)
			}
			return in.branch(cond, w)
		}
	case *cparse.StmtExpr:
		// ({ ...; value; }): a kernel macro such as WARN_ON_ONCE() as
		// precise mode reads it
		if b := x.Body; b != nil && len(b.Stmts) > 0 {
			if last, ok := b.Stmts[len(b.Stmts)-1].(*cparse.ExprStmt); ok {
				ws := []*world{w}
				for _, s := range b.Stmts[:len(b.Stmts)-1] {
					ws = in.exec(s, ws)
				}
				for _, y := range ws {
					tt, ff, s := in.branch(last.X, y)
					t = append(t, tt...)
					f = append(f, ff...)
					split = split || s
				}
				return t, f, split || len(ws) > 1
			}
		}
	}
	in.eval(c, w)
	text, v, isConst, ok := in.atom(c, w)
	switch {
	case !ok:
		return []*world{w}, []*world{w.clone()}, true
	case isConst:
		if v {
			return []*world{w}, nil, false
		}
		return nil, []*world{w}, false
	}
	if v, known := in.decide(w, text); known {
		if v {
			return []*world{w}, nil, false
		}
		return nil, []*world{w}, false
	}
	fw := w.clone()
	in.assume(w, text, true)
	in.assume(fw, text, false)
	return []*world{w}, []*world{fw}, true
}

// ---- expressions

func (in *interp) eval(e cparse.Expr, w *world) val {
	if e == nil {
		return val{}
	}
	in.exprDepth++
	defer func() { in.exprDepth-- }()
	if in.exprDepth > maxExprDepth {
		return val{}
	}
	switch x := e.(type) {
	case *cparse.Ident:
		if x.Name == "NULL" {
			return val{known: true, st: &state{}}
		}
		return in.lvalVal(lval{root: x.Name}, w)
	case *cparse.IntLit:
		if x.Val == 0 {
			return val{known: true, st: &state{}}
		}
	case *cparse.Member:
		in.eval(x.X, w)
		if l, ok := lvalOf(x); ok {
			return in.lvalVal(l, w)
		}
	case *cparse.Index:
		in.eval(x.X, w)
		in.eval(x.I, w)
		if st, ok := w.objs[arrayKey(x.X)]; ok {
			return val{known: true, st: st}
		}
	case *cparse.Unary:
		v := in.eval(x.X, w)
		switch x.Op {
		case "*":
			if st, ok := w.objs[arrayKey(x.X)]; ok {
				return val{known: true, st: st}
			}
		case "&":
			if st, ok := w.objs[arrayKey(x)]; ok {
				return val{known: true, st: st, array: true}
			}
		case "++", "--", "x++", "x--":
			if l, ok := lvalOf(x.X); ok {
				in.kill(w, l.String())
			}
			if v.known && v.array {
				return v
			}
		}
	case *cparse.Binary:
		a := in.eval(x.X, w)
		b := in.eval(x.Y, w)
		switch x.Op {
		case "+", "-":
			if a.known && a.array {
				return a
			}
		case ",":
			return b
		}
	case *cparse.Assign:
		return in.assign(x, w)
	case *cparse.Cond:
		in.eval(x.C, w)
		if text, v, isConst, ok := in.atom(x.C, w); ok {
			if !isConst {
				v, isConst = in.decide(w, text)
			}
			if isConst {
				if v {
					return in.eval(x.T, w)
				}
				return in.eval(x.F, w)
			}
		}
		// either side may run: nothing released in them is checked
		in.quietAll++
		in.eval(x.T, w)
		in.eval(x.F, w)
		in.quietAll--
	case *cparse.Cast:
		return in.eval(x.X, w)
	case *cparse.Call:
		return in.call(x, w)
	case *cparse.StmtExpr:
		if x.Body != nil {
			ws := in.exec(x.Body, []*world{w.clone()})
			joinInto(w, ws)
		}
	case *cparse.CompLit:
		if x.Init != nil {
			in.evalList(x.Init, w)
		}
	}
	return val{}
}

// lvalVal is what the lvalue l holds: a page (its slot &l is an object)
// or an array (l designates one).
func (in *interp) lvalVal(l lval, w *world) val {
	s := l.String()
	if st, ok := w.objs[key("&"+s)]; ok {
		return val{known: true, st: st}
	}
	if st, ok := w.objs[key(s)]; ok {
		return val{known: true, st: st, array: true}
	}
	return val{}
}

func (in *interp) assign(x *cparse.Assign, w *world) val {
	if x.Op != "=" {
		in.eval(x.R, w)
		in.eval(x.L, w)
		if l, ok := lvalOf(x.L); ok {
			in.kill(w, l.String())
		}
		return val{}
	}
	switch l := x.L.(type) {
	case *cparse.Index:
		in.eval(l.I, w)
		v := in.eval(x.R, w)
		in.store(w, arrayKey(l.X), v)
		return v
	case *cparse.Unary:
		if l.Op == "*" {
			v := in.eval(x.R, w)
			in.store(w, arrayKey(l.X), v)
			return v
		}
	}
	l, ok := lvalOf(x.L)
	if !ok {
		in.eval(x.L, w)
		return in.eval(x.R, w)
	}
	return in.assignTo(l, x.R, w)
}

// assignTo gives lvalue l the value of r.
func (in *interp) assignTo(l lval, r cparse.Expr, w *world) val {
	var sub cparse.Expr
	if cparse.Pure(r) {
		sub = subst(r, w.alias)
	}
	v := in.eval(r, w)
	s := l.String()
	in.kill(w, s)
	if len(l.sels) == 0 {
		if _, ok := in.params[l.root]; ok {
			w.mod[l.root] = true
		}
	}
	switch {
	case v.known && v.st.fam == 0:
		w.objs[key("&"+s)] = v.st
		w.objs[key(s)] = v.st
	case v.known && v.array:
		w.objs[key(s)] = v.st
	case v.known:
		w.objs[key("&"+s)] = v.st
	default:
		if _, isCall := strip(r).(*cparse.Call); isCall && len(l.sels) == 0 && pageType(in.types[l.root], 1) {
			w.objs[key("&"+s)] = &state{fam: other}
		}
	}
	if sub != nil {
		reads := false
		for _, rd := range readsOf(sub) {
			reads = reads || key(rd).within(s)
		}
		if !reads {
			w.alias[s] = sub
		}
	}
	return v
}

// kill forgets what w knows of lvalue s and what hangs from it.
func (in *interp) kill(w *world, s string) {
	for k := range w.objs {
		if k.within(s) {
			delete(w.objs, k)
		}
	}
	for k := range w.quiet {
		if k.within(s) {
			delete(w.quiet, k)
		}
	}
	in.forget(w, s)
}

// store writes a page into an element of the array k.
func (in *interp) store(w *world, k key, v val) {
	if k == "" || v.known && v.st.fam == 0 {
		return
	}
	st := &state{fam: other}
	if v.known {
		st = v.st
	}
	if cur, ok := w.objs[k]; ok {
		st = join(cur, st)
	}
	w.objs[k] = st
}

// ---- calls

func (in *interp) call(c *cparse.Call, w *world) val {
	name := c.CalleeName()
	args := make([]val, len(c.Args))
	for i, a := range c.Args {
		args[i] = in.eval(a, w)
	}
	if name == "" {
		in.eval(c.Fun, w)
		return val{}
	}
	if r, ok := releases[name]; ok {
		if r.arg < len(c.Args) {
			k := elemKey(c.Args[r.arg])
			if r.array {
				k = arrayKey(c.Args[r.arg])
			}
			in.release(w, k, r.fam, c, name, !r.array)
		}
		return val{}
	}
	if a, ok := acquirer(name); ok {
		s := &site{pos: c.P, callee: name}
		st := &state{fam: a.fam, acq: []*site{s}}
		if a.pages < 0 {
			return val{known: true, st: st}
		}
		if a.pages < len(c.Args) {
			in.fill(w, c.Args[a.pages], st)
		}
		return val{}
	}
	if in.sinkFill(name, c, w) {
		return val{}
	}
	switch {
	case convert[name]:
		if len(args) > 0 {
			return val{st: args[0].st, known: args[0].known}
		}
	case fresh[name]:
		return val{known: true, st: &state{}, array: true}
	case foreignPage(name):
		return val{known: true, st: &state{fam: other}}
	}
	if fd := in.helper(name); fd != nil {
		if r := in.p.result(fd, in.visiting, in.depth+1); r != nil {
			return in.apply(r, fd, c, w)
		}
		in.res.cut = true
	}
	// a function gupvet does not follow: what it is handed the address
	// of may change
	for _, a := range c.Args {
		if u, ok := strip(a).(*cparse.Unary); ok && u.Op == "&" {
			if l, ok := lvalOf(u.X); ok {
				s := l.String()
				in.forget(w, s)
				k := key("&" + s)
				if cur, ok := w.objs[k]; ok {
					w.objs[k] = join(cur, &state{fam: other})
				}
			}
		}
	}
	return val{}
}

// helper returns the tree's definition of a function the code calls,
// when it is one to follow.
func (in *interp) helper(name string) *flagflow.FuncDef {
	fd := in.p.prog.TreeFunc(in.fd.Unit, name)
	if fd == nil || fd == in.fd || fd.Stub || fd.F.Body == nil {
		return nil
	}
	return fd
}

// sinkFill handles a call of mm/gup.c's internal functions that take
// pages (__get_user_pages_locked, __get_user_pages): pinned or
// referenced as the flags they are given hold FOLL_PIN.
func (in *interp) sinkFill(name string, c *cparse.Call, w *world) bool {
	m := in.p.model
	if m == nil {
		return false
	}
	s, sa := m.Sink(name, len(c.Args))
	if s == nil || sa.Pages < 0 || sa.Flags < 0 || sa.Pages >= len(c.Args) || sa.Flags >= len(c.Args) {
		return false
	}
	if _, ok := m.Flags["FOLL_PIN"]; !ok {
		return false
	}
	st := &state{fam: pin | ref, acq: []*site{{pos: c.P, callee: name}}}
	flags := subst(c.Args[sa.Flags], w.alias)
	if id, ok := flags.(*cparse.Ident); ok {
		cond := &cparse.Binary{P: c.P, Op: "&", X: id, Y: &cparse.Ident{P: c.P, Name: "FOLL_PIN"}}
		if text, v, isConst, ok := in.atom(cond, w); ok {
			if !isConst {
				v, isConst = in.decide(w, text)
			}
			if isConst {
				st = st.resolve(v)
			} else {
				st.sym = text
			}
		}
	}
	in.fill(w, c.Args[sa.Pages], st)
	return true
}

// fill records that the array expression arg now holds the pages st.
func (in *interp) fill(w *world, arg cparse.Expr, st *state) {
	if cparse.IsZero(arg) {
		return
	}
	k := arrayKey(arg)
	if k == "" {
		return
	}
	if _, ok := w.objs[k]; !ok {
		if e := in.paramEntry(w, k); e != nil && !(e.amp && len(e.sels) == 0) {
			e.fam, e.st = st.fam, st
			if st.sym != "" {
				e.sym = in.atoms[st.sym].e
			}
			in.res.fills = add(in.res.fills, e)
		}
	}
	if !exact(arg) {
		if cur, ok := w.objs[k]; ok {
			st = join(cur, st)
		}
	} else {
		delete(w.quiet, k)
	}
	w.objs[k] = st
}

// release checks a release of object k with family f.
func (in *interp) release(w *world, k key, f fam, c *cparse.Call, name string, one bool) {
	if k == "" {
		return
	}
	st, ok := w.objs[k]
	if !ok {
		if e := in.paramEntry(w, k); e != nil && in.quietAll == 0 {
			e.fam, e.pos, e.callee, e.one = f, c.P, name, one
			in.res.releases = add(in.res.releases, e)
		}
		return
	}
	in.check(w, k, st, f, c, name, one, nil)
}

// check reports a release with family f of object k, which holds st.
func (in *interp) check(w *world, k key, st *state, f fam, c *cparse.Call, name string, one bool, via *viaHelper) {
	if in.quietAll > 0 || w.quiet[k] || st.fam&other != 0 {
		return
	}
	switch {
	case st.sym != "" && st.fam == pin|ref:
	case st.fam.gup() && st.fam != f:
	default:
		return
	}
	for _, x := range in.res.finds {
		if x.pos == c.P && x.key == k {
			return
		}
	}
	in.res.finds = append(in.res.finds, &finding{pos: c.P, end: c.End, key: k, one: one, st: st, fam: f, release: name, via: via})
}

// paramEntry returns a summary entry for object k when it hangs from a
// parameter the path has not assigned, or nil.
func (in *interp) paramEntry(w *world, k key) *entry {
	amp, l := k.parse()
	i, ok := in.params[l.root]
	if !ok || w.mod[l.root] {
		return nil
	}
	return &entry{param: i, amp: amp, sels: l.sels, conds: in.condsOf(w)}
}

// condsOf are the atoms w decided that read only parameters it has not
// assigned: what a summary entry says of when it applies.
func (in *interp) condsOf(w *world) []cond {
	var out []cond
	for t, v := range w.lits {
		ai := in.atoms[t]
		if ai == nil || len(ai.reads) == 0 || in.loopAtoms[t] {
			continue
		}
		ok := true
		for _, r := range ai.reads {
			root := key(r).root()
			if _, isP := in.params[root]; !isP || w.mod[root] {
				ok = false
				break
			}
		}
		if ok {
			out = append(out, cond{e: ai.e, val: v, text: t})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].text < out[j].text })
	return out
}
