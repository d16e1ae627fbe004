package mmaplock

import "strconv"

import "gupvet/cparse"
import "gupvet/rules/flagflow"
import "gupvet/rules/jumps"

// The lock analysis interprets a function over a bounded set of paths
// (worlds), as package flagflow does for flags, with what a path knows of
// the mmap_lock: taken, released, dropped by a callee, asserted, or as
// the function was entered. Calls of the tree's own functions that take,
// drop or need the lock are followed into (their code runs in the
// caller's worlds, so a helper that returns with the lock held only on
// success says so through its return value); calls of the GUP API are
// not followed but checked against what the tree's mm/gup.c requires
// (contract.go), and their effect is the API's: a non-NULL locked may
// come back 0, the lock dropped.

// outcome is one path out of an expression, with the expression's value.
type outcome struct {
	w *world
	v val
}

// frame is one function being interpreted, called from its parent.
type frame struct {
	fn     *flagflow.FuncDef
	id     string
	call   cparse.Pos // the call in the parent that entered fn
	parent *frame
	depth  int
	locals map[string]bool
	keys   map[string]string // local name -> its key, id + ":" + name (localKey)

	returns []outcome
	jumps   jumps.Jumps[*world]
	sws     []*switchCtx
}

type switchCtx struct {
	tag   cparse.Expr
	body  cparse.Stmt
	entry []outcome
}

// labelled reports whether the switch has a case label spelled text: C
// gives a switch's labels distinct values, so a tag known equal to one
// enters that case only.
func (sc *switchCtx) labelled(text string) bool {
	found := false
	cparse.Inspect(sc.body, func(n cparse.Node) bool {
		switch n := n.(type) {
		case *cparse.Switch:
			return false
		case *cparse.Case:
			for _, e := range n.Vals {
				found = found || cparse.ExprString(e) == text
			}
		}
		return !found
	})
	return found
}

// maxDepth bounds how deep calls are followed from the analysed function
// (the lock is taken at most a few frames above a GUP call in the trees'
// code); maxAPIDepth how deep into the GUP API the contract is looked
// for (get_user_pages → __gup_longterm_locked → __get_user_pages_locked →
// __get_user_pages → vma_lookup in 6.1).
const (
	maxDepth    = 8
	maxAPIDepth = 6
)

// maxSteps bounds the work on one analysed function (statements times
// paths): past it the function is run again on its own code only, with
// maxShallowSteps, and past that given up and named as not analysed.
// A shallow run is cheap per step (no callee frames), and precise mode's
// expanded macros multiply a function's own branches (6.12's
// usnic_uiom_get_pages: 10,000 steps were not enough for its own code).
const (
	maxSteps        = 10000
	maxShallowSteps = 100000
)

// interp is one interpretation: of a function of the tree, as the root of
// its callees' paths (caller mode), or of a GUP API function for what it
// requires of its caller (api mode).
type interp struct {
	c    *checker
	root *flagflow.FuncDef
	// entry, in caller mode, is what the root's callers are known to be
	// (the VFS calling an .unlocked_ioctl); nil when they are unknown.
	entry *entryPoint
	api   bool
	// shallow: follow no callee (a second try at a root given up: a
	// callee that reaches GUP is a root of its own; after one that may
	// take or drop the lock, the path's lock is lost: silent)
	shallow bool

	events []*event       // caller mode: calls that need the lock, without it
	cites  []*requirement // api mode: what the code requires of its caller
	nframe int
	steps  int
	gaveUp bool
}

func (in *interp) newFrame(fn *flagflow.FuncDef, parent *frame, call cparse.Pos) *frame {
	in.nframe++
	f := &frame{fn: fn, id: "f" + strconv.Itoa(in.nframe), call: call, parent: parent,
		locals: map[string]bool{}}
	if parent != nil {
		f.depth = parent.depth + 1
	}
	for _, p := range fn.F.Params {
		if p.Name != "" {
			f.locals[p.Name] = true
		}
	}
	return f
}

// run interprets the frame's function from w; it returns the paths out of
// it, with the value each returns.
func (in *interp) run(f *frame, w *world) []outcome {
	if in.c.guarded(f.fn) {
		w.setLock(lockState{kind: lost})
	}
	var outs []outcome
	for _, x := range in.exec(f, f.fn.F.Body, []*world{w}) {
		outs = append(outs, outcome{x, unknownVal})
	}
	outs = append(outs, f.returns...)
	// the callee's locals mean nothing to the caller
	ws, vals := make([]*world, len(outs)), make([]val, len(outs))
	for i, o := range outs {
		o.w.env.DeleteIf(func(k string) bool { return owned(k, f.id) })
		ws[i], vals[i] = o.w, o.v
	}
	var res []outcome
	for _, i := range dedup(ws, vals) {
		res = append(res, outs[i])
	}
	return res
}

// owned reports whether key is a local of frame id, or reached through one.
func owned(key, id string) bool {
	for len(key) > 0 && key[0] == '*' {
		key = key[1:]
	}
	return len(key) > len(id) && key[:len(id)] == id && key[len(id)] == ':'
}

// ---- statements

func (in *interp) exec(f *frame, s cparse.Stmt, ws []*world) []*world {
	if in.gaveUp {
		return nil
	}
	if in.api {
		ws = undecided(ws)
	}
	in.steps += len(ws)
	if in.steps > maxSteps && (!in.shallow || in.steps > maxShallowSteps) {
		in.gaveUp = true
		return nil
	}
	switch s := s.(type) {
	case nil:
		return ws
	case *cparse.Block:
		for _, x := range s.Stmts {
			ws = in.exec(f, x, ws)
		}
		return ws
	case *cparse.ExprStmt:
		return worlds(in.evalAll(f, s.X, ws))
	case *cparse.Decl:
		f.locals[s.Name] = true
		key := f.localKey(s.Name)
		var out []*world
		for _, w := range ws {
			if s.Init == nil || s.Static {
				w.set(key, unknownVal)
				out = append(out, w)
				continue
			}
			for _, o := range in.eval(f, s.Init, w) {
				o.w.set(key, o.v)
				out = append(out, o.w)
			}
		}
		return merge(out)
	case *cparse.If:
		var out []*world
		for _, w := range ws {
			t, fl, split := in.cond(f, s.C, w)
			res := in.exec(f, s.Then, t)
			if s.Else != nil {
				res = append(res, in.exec(f, s.Else, fl)...)
			} else {
				res = append(res, fl...)
			}
			if split {
				markSplit(res, s.P)
			}
			out = append(out, res...)
		}
		return merge(out)
	case *cparse.Loop:
		return in.loop(f, s, ws)
	case *cparse.Switch:
		var out []*world
		for _, w := range ws {
			outs := in.eval(f, s.Tag, w)
			split := len(outs) > 1
			for _, o := range outs {
				split = split || o.v.k != vConst
			}
			sc := &switchCtx{tag: s.Tag, body: s.Body, entry: outs}
			f.sws = append(f.sws, sc)
			res := jumps.Switch(&f.jumps, s.Body, func(s cparse.Stmt, ws []*world) []*world { return in.exec(f, s, ws) })
			f.sws = f.sws[:len(f.sws)-1]
			if !hasDefault(s.Body) {
				for _, o := range outs {
					if o.v.k != vText || !sc.labelled(o.v.key) {
						res = append(res, o.w)
					}
				}
			}
			if split {
				markSplit(res, s.P)
			}
			out = append(out, res...)
		}
		return merge(out)
	case *cparse.Case:
		if n := len(f.sws); n > 0 {
			sc := f.sws[n-1]
			for _, o := range sc.entry {
				if w := in.enterCase(f, sc, s, o); w != nil {
					ws = append(ws, w)
				}
			}
			ws = merge(ws)
		}
		return in.exec(f, s.Stmt, ws)
	case *cparse.Label:
		return in.exec(f, s.Stmt, f.jumps.Land(s.Name, ws, merge))
	case *cparse.Goto, *cparse.Break, *cparse.Continue:
		f.jumps.Take(s, ws)
		return nil
	case *cparse.Return:
		for _, w := range ws {
			if s.X == nil {
				f.returns = append(f.returns, outcome{w, unknownVal})
				continue
			}
			f.returns = append(f.returns, in.eval(f, s.X, w)...)
		}
		return nil
	}
	return ws
}

// undecided keeps, in api mode, the paths on which the lock is still as
// the caller left it: once the API's code takes it, checks it or the
// analysis loses it, nothing more on the path can be required of the
// caller.
func undecided(ws []*world) []*world {
	out := make([]*world, 0, len(ws))
	for _, w := range ws {
		if w.lock.kind == entry {
			out = append(out, w)
		}
	}
	return out
}

// markSplit marks the paths out of a branch the analysis could not decide,
// when they disagree on the lock: those not holding it may be paths the
// code never takes (the lock taken under a condition that a later test
// correlates with), so they report nothing.
func markSplit(ws []*world, at cparse.Pos) {
	for i := 1; i < len(ws); i++ {
		if ws[i].lock.kind != ws[0].lock.kind {
			for _, w := range ws {
				if w.lock.kind != held && !w.skipped.IsValid() {
					w.skipped = at
				}
			}
			return
		}
	}
}

func hasDefault(body cparse.Stmt) bool {
	found := false
	cparse.Inspect(body, func(n cparse.Node) bool {
		switch n := n.(type) {
		case *cparse.Switch:
			return false // a nested switch's default is its own
		case *cparse.Case:
			found = found || n.Vals == nil
		}
		return !found
	})
	return found
}

// enterCase returns the path a switch entry takes into a case label, or
// nil when the tag's value rules the case out.
func (in *interp) enterCase(f *frame, sc *switchCtx, c *cparse.Case, o outcome) *world {
	w := o.w.clone()
	if o.v.k == vText && sc.labelled(o.v.key) {
		for _, e := range c.Vals {
			if cparse.ExprString(e) == o.v.key {
				return w
			}
		}
		return nil
	}
	if c.Vals == nil {
		return w
	}
	var vals []val
	for _, e := range c.Vals {
		vals = append(vals, in.peek(f, e, w))
	}
	if o.v.k == vConst {
		for _, v := range vals {
			if v.k != vConst || v.c == o.v.c {
				return w
			}
		}
		return nil
	}
	if len(vals) == 1 && vals[0].k == vConst {
		if key := in.lkey(f, sc.tag, w); key != "" {
			w.set(key, vals[0])
		}
	}
	return w
}

// loop runs a loop's body at most twice (jumps.Loop): enough for a lock
// taken or dropped in one iteration to be seen by the next.
func (in *interp) loop(f *frame, s *cparse.Loop, ws []*world) []*world {
	return jumps.Loop(&f.jumps, s, ws, jumps.LoopOps[*world]{
		Exec: func(s cparse.Stmt, ws []*world) []*world { return in.exec(f, s, ws) },
		Cond: func(c cparse.Expr, w *world) (t, fl []*world) {
			t, fl, _ = in.cond(f, c, w)
			return t, fl
		},
		Post:  func(e cparse.Expr, ws []*world) []*world { return worlds(in.evalAll(f, e, ws)) },
		Merge: merge,
	})
}

func worlds(os []outcome) []*world {
	out := make([]*world, 0, len(os))
	for _, o := range os {
		out = append(out, o.w)
	}
	return merge(out)
}

func (in *interp) evalAll(f *frame, e cparse.Expr, ws []*world) []outcome {
	var out []outcome
	for _, w := range ws {
		out = append(out, in.eval(f, e, w)...)
	}
	return out
}

// ---- conditions

// cond splits w on a condition: the paths where it holds and those where
// it does not, each refined by what the test says of a tracked lvalue.
// split says the value tested was one the analysis does not know (rather
// than a lock call's result, which each path knows).
func (in *interp) cond(f *frame, e cparse.Expr, w *world) (t, fl []*world, split bool) {
	switch x := e.(type) {
	case *cparse.Unary:
		if x.Op == "!" {
			fl, t, split = in.cond(f, x.X, w)
			return t, fl, split
		}
	case *cparse.Cast:
		return in.cond(f, x.X, w)
	case *cparse.Binary:
		switch x.Op {
		case "&&":
			ta, fa, sa := in.cond(f, x.X, w)
			for _, y := range ta {
				tb, fb, sb := in.cond(f, x.Y, y)
				t, fl, sa = append(t, tb...), append(fl, fb...), sa || sb
			}
			return merge(t), merge(append(fa, fl...)), sa
		case "||":
			ta, fa, sa := in.cond(f, x.X, w)
			for _, y := range fa {
				tb, fb, sb := in.cond(f, x.Y, y)
				t, fl, sa = append(t, tb...), append(fl, fb...), sa || sb
			}
			return merge(append(ta, t...)), merge(fl), sa
		case "==", "!=":
			return in.compare(f, x, w)
		}
	case *cparse.Call:
		if x.CalleeName() == "__builtin_expect" && len(x.Args) == 2 {
			return in.cond(f, x.Args[0], w)
		}
		if c, ok := x.Assertion(); ok && !isBug(x.CalleeName()) {
			// if (WARN_ON_ONCE(c)): a branch on c
			return in.cond(f, c, w)
		}
	}
	for _, o := range in.eval(f, e, w) {
		ct, cf := o.v.truth()
		split = split || ct && cf
		key := ""
		if ct && cf {
			key = in.lkey(f, e, o.w)
		}
		if ct {
			y := o.w.clone()
			if key != "" {
				nz := o.v
				if nz.k == vSame {
					nz.c = 1 // known non-zero, identity kept
				} else {
					nz = val{k: vNonZero}
				}
				y.env.Set(key, nz)
			}
			t = append(t, y)
		}
		if cf {
			y := o.w
			if ct {
				y = o.w.clone()
			}
			if key != "" {
				y.set(key, constant(0))
			}
			fl = append(fl, y)
		}
	}
	return merge(t), merge(fl), split
}

// compare splits on x == y or x != y, refining a tracked lvalue compared
// with a constant.
func (in *interp) compare(f *frame, x *cparse.Binary, w *world) (t, fl []*world, split bool) {
	eq := x.Op == "=="
	for _, ox := range in.eval(f, x.X, w) {
		for _, oy := range in.eval(f, x.Y, ox.w) {
			vx, vy := ox.v, oy.v
			if r, ok := equal(vx, vy); ok {
				if r == eq {
					t = append(t, oy.w)
				} else {
					fl = append(fl, oy.w)
				}
				continue
			}
			split = true
			lv, c := x.X, vy
			if vy.k != vConst {
				lv, c = x.Y, vx
			}
			if c.k != vConst {
				if constExpr(f, x.Y) {
					lv, c = x.X, val{k: vText, key: cparse.ExprString(x.Y)}
				} else if constExpr(f, x.X) {
					lv, c = x.Y, val{k: vText, key: cparse.ExprString(x.X)}
				}
			}
			key := ""
			if c.k == vConst || c.k == vText {
				key = in.lkey(f, lv, oy.w)
			}
			same, diff := oy.w, oy.w.clone()
			if key != "" {
				same.set(key, c)
			}
			if eq {
				t, fl = append(t, same), append(fl, diff)
			} else {
				t, fl = append(t, diff), append(fl, same)
			}
		}
	}
	return merge(t), merge(fl), split
}

// constExpr reports whether e is a constant expression by its spelling:
// literals, sizeof, operators and names that are not the frame's locals
// (macros, enum constants; the objtree's _IOC_TYPECHECK names an extern),
// as a switch's case labels are.
func constExpr(f *frame, e cparse.Expr) bool {
	ok := true
	cparse.Inspect(e, func(n cparse.Node) bool {
		switch x := n.(type) {
		case *cparse.Call, *cparse.Assign, *cparse.StmtExpr, *cparse.Member, *cparse.Index, *cparse.CompLit:
			ok = false
		case *cparse.Ident:
			ok = !f.locals[x.Name]
		case *cparse.Unary:
			ok = x.Op != "*" && x.Op != "&" && x.Op[0] != 'x' && x.Op != "++" && x.Op != "--"
		}
		return ok
	})
	return ok
}

// equal compares two values when they decide it.
func equal(a, b val) (eq, ok bool) {
	if a.k == vText && b.k == vText && a.key == b.key {
		return true, true
	}
	if a.k == vConst && b.k == vConst {
		return a.c == b.c, true
	}
	if a.k == vConst && a.c == 0 {
		if t, f := b.truth(); !f {
			return false, true
		} else if !t {
			return true, true
		}
	}
	if b.k == vConst && b.c == 0 {
		return equal(b, a)
	}
	return false, false
}

// isBug tells the assertions that stop the kernel (BUG_ON and kin: the
// code after them runs with the condition false) from those that warn.
func isBug(name string) bool {
	return len(name) >= 3 && (name[:3] == "BUG" || len(name) > 6 && name[:6] == "VM_BUG")
}
