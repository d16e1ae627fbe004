package mmaplock

import "gupvet/cparse"
import "gupvet/rules/flagflow"

// ---- expressions

func one(w *world, v val) []outcome { return []outcome{{w, v}} }

// valued gives every path the same value.
func valued(ws []*world, v val) []outcome {
	out := make([]outcome, len(ws))
	for i, w := range ws {
		out[i] = outcome{w, v}
	}
	return out
}

// eval evaluates e in w: the paths out of it, each with e's value there.
// A call that takes the lock only on success, or a followed callee, may
// split a path in several.
func (in *interp) eval(f *frame, e cparse.Expr, w *world) []outcome {
	switch x := e.(type) {
	case nil:
		return one(w, unknownVal)
	case *cparse.IntLit:
		return one(w, constant(int64(x.Val)))
	case *cparse.Ident:
		return one(w, in.peek(f, x, w))
	case *cparse.Member:
		if !cparse.Pure(x.X) {
			return valued(worlds(in.eval(f, x.X, w)), unknownVal)
		}
		return one(w, in.peek(f, x, w))
	case *cparse.Cast:
		return in.eval(f, x.X, w)
	case *cparse.Unary:
		return in.unary(f, x, w)
	case *cparse.Binary:
		switch x.Op {
		case "&&", "||", "==", "!=":
			t, fl, _ := in.cond(f, x, w)
			return append(valued(t, constant(1)), valued(fl, constant(0))...)
		case ",":
			return in.evalAll(f, x.Y, worlds(in.eval(f, x.X, w)))
		}
		var out []outcome
		for _, ox := range in.eval(f, x.X, w) {
			for _, oy := range in.eval(f, x.Y, ox.w) {
				out = append(out, outcome{oy.w, fold(x.Op, ox.v, oy.v)})
			}
		}
		return out
	case *cparse.Assign:
		var out []outcome
		for _, o := range in.eval(f, x.R, w) {
			v := o.v
			if x.Op != "=" {
				v = fold(x.Op[:len(x.Op)-1], in.peek(f, x.L, o.w), v)
			}
			if key := in.lkey(f, x.L, o.w); key != "" {
				o.w.set(key, v)
			}
			out = append(out, outcome{o.w, v})
		}
		return out
	case *cparse.Cond:
		t, fl, _ := in.cond(f, x.C, w)
		var out []outcome
		if x.T == nil {
			out = valued(t, val{k: vNonZero})
		} else {
			out = in.evalAll(f, x.T, t)
		}
		return append(out, in.evalAll(f, x.F, fl)...)
	case *cparse.Call:
		return in.call(f, x, w)
	case *cparse.Index:
		ws := worlds(in.eval(f, x.X, w))
		return valued(worlds(in.evalAll(f, x.I, ws)), unknownVal)
	case *cparse.StmtExpr:
		if x.Body == nil {
			return one(w, unknownVal)
		}
		ss := x.Body.Stmts
		if n := len(ss); n > 0 {
			if last, ok := ss[n-1].(*cparse.ExprStmt); ok {
				ws := in.exec(f, &cparse.Block{P: x.Body.P, Stmts: ss[:n-1]}, []*world{w})
				return in.evalAll(f, last.X, ws)
			}
		}
		return valued(in.exec(f, x.Body, []*world{w}), unknownVal)
	case *cparse.StrLit:
		return one(w, val{k: vNonZero})
	}
	return one(w, unknownVal)
}

func (in *interp) unary(f *frame, x *cparse.Unary, w *world) []outcome {
	switch x.Op {
	case "!":
		t, fl, _ := in.cond(f, x.X, w)
		return append(valued(t, constant(0)), valued(fl, constant(1))...)
	case "&", "*":
		if cparse.Pure(x.X) {
			return one(w, in.peek(f, x, w))
		}
		return valued(worlds(in.eval(f, x.X, w)), unknownVal)
	case "-", "~", "+":
		var out []outcome
		for _, o := range in.eval(f, x.X, w) {
			out = append(out, outcome{o.w, fold(x.Op+"u", o.v, unknownVal)})
		}
		return out
	case "++", "--", "x++", "x--":
		var out []outcome
		for _, o := range in.eval(f, x.X, w) {
			op := "+"
			if x.Op == "--" || x.Op == "x--" {
				op = "-"
			}
			nv := fold(op, o.v, constant(1))
			if key := in.lkey(f, x.X, o.w); key != "" {
				o.w.set(key, nv)
			}
			if x.Op[0] == 'x' {
				out = append(out, o) // the old value
			} else {
				out = append(out, outcome{o.w, nv})
			}
		}
		return out
	}
	return one(w, unknownVal) // sizeof, alignof
}

// peek is the value of a pure expression.
func (in *interp) peek(f *frame, e cparse.Expr, w *world) val {
	switch x := e.(type) {
	case *cparse.IntLit:
		return constant(int64(x.Val))
	case *cparse.Cast:
		return in.peek(f, x.X, w)
	case *cparse.StrLit:
		return val{k: vNonZero}
	case *cparse.Ident:
		if x.Undeclared && errnoName(x.Name) {
			return val{k: vNonZero}
		}
	case *cparse.Unary:
		switch x.Op {
		case "&":
			if k := in.lkey(f, x.X, w); k != "" {
				return val{k: vAddr, key: k}
			}
			return val{k: vNonZero}
		case "-", "~", "+":
			return fold(x.Op+"u", in.peek(f, x.X, w), unknownVal)
		case "!":
			if t, fl := in.peek(f, x.X, w).truth(); t != fl {
				if t {
					return constant(0)
				}
				return constant(1)
			}
			return unknownVal
		}
	case *cparse.Binary:
		return fold(x.Op, in.peek(f, x.X, w), in.peek(f, x.Y, w))
	}
	if k := in.lkey(f, e, w); k != "" {
		if v, ok := w.env.Get(k); ok {
			return v
		}
		return val{k: vSame, key: k}
	}
	return unknownVal
}

// lkey names the lvalue e designates when the analysis tracks it: a local
// or parameter of a frame ("f2:locked"), a member of one ("f2:s.f"), what
// a tracked pointer points to ("*f2:user.locked" for user->locked).
func (in *interp) lkey(f *frame, e cparse.Expr, w *world) string {
	switch x := e.(type) {
	case *cparse.Ident:
		if f.locals[x.Name] {
			return f.localKey(x.Name)
		}
	case *cparse.Member:
		if x.Arrow {
			if p := in.pointee(f, x.X, w); p != "" {
				return p + "." + x.Name
			}
		} else if b := in.lkey(f, x.X, w); b != "" {
			return b + "." + x.Name
		}
	case *cparse.Unary:
		if x.Op == "*" {
			return in.pointee(f, x.X, w)
		}
	}
	return ""
}

// localKey is the key of local name in f, made once per frame: lkey
// is asked for it at every read and write of the local.
func (f *frame) localKey(name string) string {
	k, ok := f.keys[name]
	if !ok {
		if f.keys == nil {
			f.keys = map[string]string{}
		}
		k = f.id + ":" + name
		f.keys[name] = k
	}
	return k
}

// pointee names the lvalue a pointer expression points to.
func (in *interp) pointee(f *frame, p cparse.Expr, w *world) string {
	return in.peek(f, p, w).pointeeKey()
}

// errnoName reports whether an undeclared name is spelled as an errno
// constant (EINTR, EFAULT): tolerant mode may not read the header that
// defines it, but its value is not zero, so `return -EINTR;` is a
// failure its caller's `if (error)` tells apart.
func errnoName(name string) bool {
	if len(name) < 3 || name[0] != 'E' {
		return false
	}
	for _, r := range name {
		if (r < 'A' || r > 'Z') && (r < '0' || r > '9') {
			return false
		}
	}
	return true
}

// fold computes an operator on constants; "-u", "~u", "+u" are the unary
// ones.
func fold(op string, a, b val) val {
	if op == "-u" && a.k == vNonZero {
		return a // return -EINTR: non-zero
	}
	if a.k == vConst && (b.k == vConst || op[len(op)-1] == 'u') {
		x, y := a.c, b.c
		switch op {
		case "-u":
			return constant(-x)
		case "~u":
			return constant(^x)
		case "+u":
			return a
		case "+":
			return constant(x + y)
		case "-":
			return constant(x - y)
		case "*":
			return constant(x * y)
		case "/", "%":
			if y == 0 {
				return unknownVal
			}
			if op == "/" {
				return constant(x / y)
			}
			return constant(x % y)
		case "&":
			return constant(x & y)
		case "|":
			return constant(x | y)
		case "^":
			return constant(x ^ y)
		case "<<":
			return constant(x << uint(y&63))
		case ">>":
			return constant(x >> uint(y&63))
		case "<", ">", "<=", ">=":
			r := op == "<" && x < y || op == ">" && x > y || op == "<=" && x <= y || op == ">=" && x >= y
			if r {
				return constant(1)
			}
			return constant(0)
		}
	}
	switch op {
	case "&":
		if a.k == vConst && a.c == 0 || b.k == vConst && b.c == 0 {
			return constant(0)
		}
	case "|":
		if t, f := a.truth(); t && !f {
			return val{k: vNonZero}
		}
		if t, f := b.truth(); t && !f {
			return val{k: vNonZero}
		}
	}
	return unknownVal
}

// ---- calls

// call evaluates a call: its arguments left to right, then what the
// callee does to the lock.
func (in *interp) call(f *frame, c *cparse.Call, w *world) []outcome {
	if cnd, ok := c.Assertion(); ok {
		t, fl, _ := in.cond(f, cnd, w)
		if isBug(c.CalleeName()) {
			return valued(fl, constant(0)) // the code after runs with the condition false
		}
		return append(valued(t, constant(1)), valued(fl, constant(0))...)
	}
	type partial struct {
		w    *world
		args []val
	}
	ps := []partial{{w, nil}}
	for _, a := range c.Args {
		var next []partial
		for _, p := range ps {
			for _, o := range in.eval(f, a, p.w) {
				next = append(next, partial{o.w, append(append([]val(nil), p.args...), o.v)})
			}
		}
		ps = next
	}
	var out []outcome
	for _, p := range ps {
		out = append(out, in.apply(f, c, p.w, p.args)...)
	}
	return out
}

// apply is what a call with these argument values does in w.
func (in *interp) apply(f *frame, c *cparse.Call, w *world, args []val) []outcome {
	name := c.CalleeName()
	st := func(k lockKind, h how) lockState {
		return lockState{kind: k, how: h, op: name, at: c.P, in: f.fn.F.Name}
	}
	op := opOf(c, in.c.expandStackDrops)
	switch op {
	case opLock:
		w.setLock(st(held, howTaken))
		return one(w, unknownVal)
	case opLockZero, opLockTrue:
		ok, failed := w.clone(), w
		ok.setLock(st(held, howTaken))
		failed.setLock(st(unheld, howFailed))
		if op == opLockZero {
			return []outcome{{ok, constant(0)}, {failed, constant(-4)}} // -EINTR
		}
		return []outcome{{ok, constant(1)}, {failed, constant(0)}}
	case opUnlock:
		w.setLock(st(unheld, howReleased))
		return one(w, unknownVal)
	case opAssert:
		if in.api && w.lock.kind == entry {
			in.cite(f, c, opAssert)
		}
		if w.lock.kind != held {
			w.setLock(st(held, howAsserted))
		}
		return one(w, unknownVal)
	case opHeldIfNonNull:
		ok, failed := w.clone(), w
		if name == "expand_stack" {
			failed.setLock(st(unheld, howDropped))
		} else {
			ok.setLock(st(held, howTaken))
			failed.setLock(st(unheld, howFailed))
		}
		return []outcome{{ok, val{k: vNonZero}}, {failed, constant(0)}}
	case opLookup:
		if in.api && w.lock.kind == entry {
			in.cite(f, c, opLookup)
			w.setLock(lockState{kind: lost}) // what follows on the path is the requirement's
		}
		havoc(w, args)
		return one(w, unknownVal)
	}
	if in.api {
		if d := in.c.apiDef(f.fn.Unit, name); d != nil && f.depth < maxAPIDepth && !onStack(f, d) && in.c.apiRelevant(d) {
			return in.inline(f, c, d, w, args)
		}
		havoc(w, args)
		return one(w, unknownVal)
	}
	if a := in.c.apiFunc(f.fn.Unit, name); a != nil {
		return in.gupCall(f, c, w, args, a)
	}
	if d := in.c.prog.TreeFunc(f.fn.Unit, name); d != nil && d.F.Body != nil && f.depth < maxDepth && !onStack(f, d) && (in.c.reachesGUP(d) || in.c.changesLock(d)) {
		if in.shallow {
			// not followed: what it does to the lock is not known
			if in.c.changesLock(d) {
				w.setLock(lockState{kind: lost})
			}
			havoc(w, args)
			return one(w, unknownVal)
		}
		if in.c.tooDeep(d) {
			// this root goes past maxSteps too: its shallow run is
			// what it gives, without spending the budget first
			in.gaveUp = true
			return nil
		}
		return in.inline(f, c, d, w, args)
	}
	havoc(w, args)
	return one(w, unknownVal)
}

// havoc forgets what a callee may write through its pointer arguments.
func havoc(w *world, args []val) {
	for _, a := range args {
		switch a.k {
		case vAddr:
			w.forget(a.key, true)
		case vSame:
			w.forget("*"+a.key, true)
		}
	}
}

// inline runs a callee's code in the caller's path, its parameters bound
// to the arguments.
func (in *interp) inline(f *frame, c *cparse.Call, d *flagflow.FuncDef, w *world, args []val) []outcome {
	nf := in.newFrame(d, f, c.P)
	for i, p := range d.F.Params {
		if i < len(args) && p.Name != "" {
			w.set(nf.id+":"+p.Name, args[i])
		}
	}
	return in.run(nf, w)
}

func onStack(f *frame, d *flagflow.FuncDef) bool {
	for ; f != nil; f = f.parent {
		if f.fn == d {
			return true
		}
	}
	return false
}

// gupCall checks a call of the GUP API against what the tree's code
// requires of its caller, and applies what the API does to the lock: with
// a non-NULL locked that says "held", GUP may drop the lock and say so in
// *locked = 0.
func (in *interp) gupCall(f *frame, c *cparse.Call, w *world, args []val, a *apiFunc) []outcome {
	if req := in.c.requirement(f.fn.Unit, a, args, w); req != nil {
		in.check(f, c, w, req)
	}
	li := a.lockedArg(len(args))
	var lk val
	if li >= 0 && li < len(args) {
		lk = args[li]
	}
	pk := ""
	switch lk.k {
	case vAddr:
		pk = lk.key
	case vSame:
		pk = "*" + lk.key
	}
	before, known := w.env.Get(pk)
	havoc(w, args)
	nonNull, _ := lk.truth()
	if li < 0 || li >= len(args) || !nonNull || lk.k == vConst {
		return one(w, unknownVal)
	}
	if known && before.k == vConst && before.c == 0 {
		// *locked == 0: the API takes the lock itself and drops it
		// again (7.x get_dump_page)
		w.set(pk, before)
		return one(w, unknownVal)
	}
	if w.lock.kind != held && w.lock.kind != entry {
		return one(w, unknownVal)
	}
	kept := w.clone()
	if pk != "" {
		kept.set(pk, constant(1))
		w.set(pk, constant(0))
	}
	w.setLock(lockState{kind: unheld, how: howDropped, op: a.name, at: c.P, in: f.fn.F.Name})
	return []outcome{{kept, unknownVal}, {w, unknownVal}}
}
