package flagflow

import "fmt"
import "strings"

import "gupvet/cparse"
import "gupvet/rules/gupapi"

// eval computes the value of e in w, applying its side effects to w
// (assignments) and recording the calls it makes.
func (in *interp) eval(e cparse.Expr, w *world) Val {
	in.depth++
	defer func() { in.depth-- }()
	if in.depth > maxExprDepth {
		return unknown()
	}
	switch e := e.(type) {
	case nil:
		return unknown()
	case *cparse.Ident:
		if v, ok := w.env.Get(e.Name); ok {
			return v
		}
		return in.named(e.Name, e.P)
	case *cparse.IntLit:
		if e.Macro != "" {
			if f, ok := in.model.Flags[e.Macro]; ok {
				return constVal(f.Value, in.origin(e.P, e.Macro))
			}
		}
		v := constVal(e.Val, in.origin(e.P, e.Text))
		if _, ok := in.model.Family(e.Macro); ok {
			v.names = oneName(in.origin(e.P, e.Macro)) // a macro of another family (5.10's FAULT_FLAG_WRITE)
		}
		return v
	case *cparse.StrLit:
		return Val{Unk: allBits, Sym: noInput, NSym: noInput, Nul: MayNonNull}
	// the operators in C's order of precedence: postfix, unary and cast,
	// binary, conditional, assignment
	case *cparse.Call:
		return in.call(e, w)
	case *cparse.Member:
		return in.member(e, w)
	case *cparse.Index:
		in.eval(e.X, w)
		in.eval(e.I, w)
		return unknown()
	case *cparse.CompLit:
		v := unknown()
		v.Obj = in.initObject(w, e.Type.Struct, e.Init, e.P)
		return v
	case *cparse.Unary:
		return in.unary(e, w)
	case *cparse.Cast:
		return in.eval(e.X, w)
	case *cparse.Binary:
		return in.binary(e, w)
	case *cparse.Cond:
		return in.cond(e, w)
	case *cparse.Assign:
		return in.assign(e, w)
	case *cparse.StmtExpr:
		return in.stmtExpr(e, w)
	}
	return unknown()
}

// member is the value of a member read: what this function stored there,
// zero for a member the object's initializer left out, the caller's
// member when the object is one a parameter designates, and otherwise
// what the whole program stores into that member, as "may".
func (in *interp) member(e *cparse.Member, w *world) Val {
	base := in.eval(e.X, w)
	key := in.lkey(e, w)
	if key != "" {
		if v, ok := w.env.Get(key); ok {
			return v
		}
		if b, ok := w.env.Get(key[:strings.LastIndexByte(key, '.')]); ok && b.Obj != nil && b.Obj.Whole {
			z, _ := b.Obj.member(e.Name)
			return z
		}
	}
	read := &Hop{Member: in.memberName(e), Read: e.P, Func: in.fn.Key}
	if base.pristine() && base.Sym.Path == "" {
		return inputVal(inputOf(base.Sym.Param(), e.Name), read)
	}
	if in.fieldsRead != nil && read.Member != "" {
		in.fieldsRead[read.Member] = true
	}
	return in.fields.read(read)
}

// read is the program-wide union of what is stored into a member, as the
// function at read sees it: each origin gets the hop through the member,
// so a finding is reported where the member is read.
func (ff FieldFacts) read(read *Hop) Val {
	if read == nil || read.Member == "" {
		return unknown()
	}
	v, ok := ff[read.Member]
	if !ok {
		return unknown()
	}
	v.Origins = withVia(v.Origins, []Hop{*read})
	v.names = namesVia(v.names, []Hop{*read})
	return v
}

// named is the value of a name not assigned in this function: a FOLL_
// flag of the tree, NULL, or something unknown.
func (in *interp) named(name string, p cparse.Pos) Val {
	if f, ok := in.model.Flags[name]; ok {
		return constVal(f.Value, in.origin(p, name))
	}
	if _, ok := in.model.Family(name); ok {
		// a flag of another family: its bits are not FOLL_ flags; the
		// value records the name
		v := unknown()
		v.names = oneName(in.origin(p, name))
		return v
	}
	switch name {
	case "NULL", "false":
		return constVal(0, in.origin(p, name))
	case "true":
		return constVal(1, in.origin(p, name))
	}
	return unknown()
}

func (in *interp) unary(e *cparse.Unary, w *world) Val {
	switch e.Op {
	case "!":
		ct, cf := truth(in.eval(e.X, w))
		return boolVal(cf, ct, nil)
	case "~":
		v := in.eval(e.X, w)
		if v.isConst() {
			return constVal(^v.Must, nil)
		}
		return unknown()
	case "-":
		v := in.eval(e.X, w)
		if v.isConst() {
			return constVal(-v.Must, nil)
		}
		return unknown()
	case "+":
		return in.eval(e.X, w)
	case "&":
		x := in.eval(e.X, w)
		v := Val{Sym: noInput, NSym: noInput, Nul: MayNonNull, AddrOf: in.lkey(e.X, w), NonNullAt: &Origin{Pos: e.P, Func: in.fn.Key, Kind: Address}}
		if _, ok := e.X.(*cparse.CompLit); ok {
			v.Pointee = &x // &(struct s){ ... }
		}
		return v
	case "*":
		p := in.eval(e.X, w)
		if p.AddrOf != "" {
			if v, ok := w.env.Get(p.AddrOf); ok {
				return v
			}
		}
		return unknown()
	case "++", "--", "x++", "x--":
		in.eval(e.X, w)
		in.store(e.X, unknown(), w)
		return unknown()
	}
	in.eval(e.X, w)
	return unknown()
}

func (in *interp) binary(e *cparse.Binary, w *world) Val {
	switch e.Op {
	case ",":
		in.eval(e.X, w)
		return in.eval(e.Y, w)
	case "&&", "||":
		t, f := in.branch(e, w.clone())
		return boolVal(len(t) > 0, len(f) > 0, in.origin(e.P, e.Op))
	}
	x := in.eval(e.X, w)
	y := in.eval(e.Y, w)
	return in.binop(e.Op, e.P, x, y)
}

// binop combines two computed values. The bits of x & y, x ^ y and x << y
// are made of both operands': so are the names of other flag families
// they carry (1 << ___GFP_IO_BIT is what GFP_KERNEL expands to).
func (in *interp) binop(op string, p cparse.Pos, x, y Val) Val {
	r := in.binop1(op, p, x, y)
	switch op {
	case "&", "^", "<<":
		r.names = unionNames(unionNames(r.names, x.names), y.names)
	}
	return r
}

func (in *interp) binop1(op string, p cparse.Pos, x, y Val) Val {
	switch op {
	case "|":
		return or(x, y)
	case "&":
		switch {
		case y.isConst():
			return andMask(x, y.Must)
		case x.isConst():
			return andMask(y, x.Must)
		}
		return unknown()
	case "==", "!=", "<", ">", "<=", ">=":
		if x.isConst() && y.isConst() {
			var r bool
			a, b := x.Must, y.Must
			switch op {
			case "==":
				r = a == b
			case "!=":
				r = a != b
			case "<":
				r = a < b
			case ">":
				r = a > b
			case "<=":
				r = a <= b
			case ">=":
				r = a >= b
			}
			return boolVal(r, !r, in.origin(p, op))
		}
		return boolVal(true, true, in.origin(p, op))
	}
	if x.isConst() && y.isConst() {
		a, b := x.Must, y.Must
		var r uint64
		switch op {
		case "^":
			r = a ^ b
		case "<<":
			if b >= 64 {
				return unknown()
			}
			r = a << b
		case ">>":
			if b >= 64 {
				return unknown()
			}
			r = a >> b
		case "+":
			r = a + b
		case "-":
			r = a - b
		case "*":
			r = a * b
		case "/":
			if b == 0 {
				return unknown()
			}
			r = a / b
		case "%":
			if b == 0 {
				return unknown()
			}
			r = a % b
		default:
			return unknown()
		}
		o := firstOrigin(x.origin(x.Must&-x.Must), y.origin(y.Must&-y.Must))
		return constVal(r, o)
	}
	// x + 0, 0 + x
	if op == "+" || op == "^" {
		if y.isConst() && y.Must == 0 {
			return x
		}
		if x.isConst() && x.Must == 0 {
			return y
		}
	}
	return unknown()
}

func (in *interp) assign(e *cparse.Assign, w *world) Val {
	if e.Op == "=" {
		if k := in.lkey(e.L, w); k != "" && !strings.Contains(k, ".") && in.isStructVar(k, e.R, w) {
			// a struct assignment: the members go with it
			ob := in.objectExpr(e.R, w)
			r := in.eval(e.R, w)
			in.setObject(w, k, ob)
			return r
		}
	}
	r := in.eval(e.R, w)
	var v Val
	switch e.Op {
	case "=":
		v = r
	case "|=":
		v = or(in.eval(e.L, w), r)
	case "&=":
		l := in.eval(e.L, w)
		if r.isConst() {
			v = andMask(l, r.Must)
		} else {
			v = unknown()
		}
		v.names = unionNames(unionNames(v.names, l.names), r.names)
	case "+=", "-=":
		l := in.eval(e.L, w)
		if k := in.lkey(e.L, w); k != "" && in.types[k].Ptr > 0 {
			// pages += n: the same array, moved; its nullness stays
			// (NULL + 0 is still NULL)
			v = l
		} else {
			v = in.binop(strings.TrimSuffix(e.Op, "="), e.P, l, r)
		}
	default:
		l := in.eval(e.L, w)
		v = in.binop(strings.TrimSuffix(e.Op, "="), e.P, l, r)
	}
	in.store(e.L, v, w)
	return v
}

// isStructVar reports whether an assignment to the variable k copies a
// struct: k is declared as one, or the value is a compound literal.
func (in *interp) isStructVar(k string, r cparse.Expr, w *world) bool {
	if t, ok := in.types[k]; ok && isStruct(t) {
		return true
	}
	if _, ok := r.(*cparse.CompLit); ok {
		return true
	}
	if v, ok := w.env.Get(k); ok && v.Obj != nil {
		return true
	}
	return false
}

// store writes v to the lvalue l.
func (in *interp) store(l cparse.Expr, v Val, w *world) {
	switch x := l.(type) {
	case *cparse.Unary:
		if x.Op == "*" {
			p := in.eval(x.X, w)
			if p.AddrOf != "" {
				w.set(p.AddrOf, v)
			}
			return
		}
	case *cparse.Ident:
		in.kill(w, x.Name)
	case *cparse.Member:
		v.At = x.P
	}
	if key := in.lkey(l, w); key != "" {
		w.set(key, v)
	}
}

func (in *interp) cond(e *cparse.Cond, w *world) Val {
	t, f := in.branch(e.C, w)
	var vals []Val
	if len(t) > 0 {
		if e.T != nil {
			vals = append(vals, in.eval(e.T, joinAll(t)))
		} else {
			vals = append(vals, in.eval(e.C, joinAll(t)))
		}
	}
	if len(f) > 0 {
		vals = append(vals, in.eval(e.F, joinAll(f)))
	}
	if len(vals) == 0 {
		return unknown()
	}
	v := vals[0]
	for _, u := range vals[1:] {
		v = join(v, u)
	}
	return v
}

func joinAll(ws []*world) *world {
	w := ws[0].clone()
	for _, x := range ws[1:] {
		w = joinWorlds(w, x)
	}
	return w
}

func (in *interp) stmtExpr(e *cparse.StmtExpr, w *world) Val {
	if e.Body == nil || len(e.Body.Stmts) == 0 {
		return unknown()
	}
	ss := e.Body.Stmts
	last := ss[len(ss)-1]
	ws := in.execList(ss[:len(ss)-1], []*world{w})
	if len(ws) == 0 {
		return unknown()
	}
	x := joinAll(ws)
	w.env = x.env.Clone()
	if es, ok := last.(*cparse.ExprStmt); ok {
		return in.eval(es.X, w)
	}
	in.exec(last, []*world{w})
	return unknown()
}

// call evaluates a call: a sink of the model produces an event; any other
// call is recorded for the interprocedural phase. Arguments passed by
// address to a function gupvet does not model may be changed by it.
func (in *interp) call(e *cparse.Call, w *world) Val {
	name := e.CalleeName()
	if name == "" {
		in.eval(e.Fun, w)
	}
	args := make([]Val, len(e.Args))
	for i, a := range e.Args {
		args[i] = in.eval(a, w)
	}
	// &x passed: what x holds at the call is what the callee reads
	// through the pointer (the `*locked == 1` contract, the members of a
	// struct object).
	for i, a := range e.Args {
		if k := args[i].AddrOf; k != "" {
			x, ok := w.env.Get(k)
			if !ok {
				x = unknown()
			}
			x.Pointee = nil
			if ob := objectOf(w, k); ob != nil {
				x.Obj = ob
			}
			args[i].Pointee = &x
			continue
		}
		if args[i].Pointee != nil {
			continue
		}
		// a pointer (or a struct passed by value) whose members this
		// function wrote
		if k := in.lkey(a, w); k != "" && !strings.Contains(k, ".") {
			if ob := objectOf(w, k); ob != nil && (len(ob.Members) > 0 || ob.Whole) {
				p := unknown()
				p.Obj = ob
				args[i].Pointee = &p
			}
		}
	}
	switch name {
	case "__builtin_expect", "likely", "unlikely":
		if len(args) > 0 {
			return args[0]
		}
	}
	if _, ok := e.Assertion(); ok {
		ct, cf := truth(args[0]) // WARN_ON_ONCE(c) is c's truth
		return boolVal(ct, cf, in.origin(e.P, name))
	}
	if s, pos := in.model.Sink(name, len(args)); s != nil {
		in.sink(e, s, pos, args, w)
		return unknown()
	}
	if name != "" {
		in.record(&CallRecord{
			Callee: name, Pos: e.P, End: e.End, Args: args,
			Assume: append([]assumption(nil), w.assume...),
		})
	}
	if zeroingAllocator(name) {
		// an object whose members are zero until stored
		v := unknown()
		v.Obj = &Object{Whole: true, At: e.P}
		return v
	}
	for _, a := range args {
		if a.AddrOf != "" {
			if old, ok := w.env.Get(a.AddrOf); ok {
				nv := old
				nv.Unk = allBits
				nv.Nul |= NullUnknown
				w.set(a.AddrOf, nv)
			}
		}
	}
	return unknown()
}

// zeroingAllocator reports whether a function returns zeroed memory:
// kzalloc and kcalloc and their variants (kvzalloc, devm_kzalloc,
// kmem_cache_zalloc, kzalloc_obj, kzalloc_noprof, ...).
func zeroingAllocator(name string) bool {
	return strings.Contains(name, "zalloc") || strings.HasSuffix(name, "calloc") || strings.Contains(name, "calloc_")
}

// record keeps a call record unless an identical one (same call, same
// arguments and assumptions, from another world) is already kept: worlds
// that differ only in variables the call does not see would multiply the
// work of every caller.
func (in *interp) record(c *CallRecord) {
	b := appendPos(append([]byte(c.Callee), '@'), c.Pos)
	for _, a := range c.Args {
		b = appendMemoKey(append(b, '|'), a)
	}
	for _, a := range c.Assume {
		b = fmt.Appendf(b, "|%s/%x/%v", a.In, a.Bit, a.Set)
	}
	k := string(b)
	if in.seenCalls == nil {
		in.seenCalls = map[string]bool{}
	}
	if in.seenCalls[k] {
		return
	}
	in.seenCalls[k] = true
	in.sum.Calls = append(in.sum.Calls, c)
}

func argOr(args []Val, i int) Val {
	if i < 0 || i >= len(args) {
		return Val{Sym: noInput, NSym: noInput}
	}
	return args[i]
}

// sink models a call of a sink in w.
func (in *interp) sink(e *cparse.Call, s *gupapi.Sink, pos gupapi.SinkArgs, args []Val, w *world) {
	ev := SinkEvent{Sink: s, Pos: e.P, End: e.End, Locked: argOr(args, pos.Locked), Pages: argOr(args, pos.Pages)}
	if pos.Locked < 0 {
		ev.Locked = constVal(0, nil) // a sink without locked never drops mmap_lock
	}
	switch s.Kind {
	case gupapi.GUPArgs:
		ptr := argOr(args, pos.FlagsPtr)
		flags := unknown()
		switch {
		case pos.FlagsPtr < 0:
			flags = argOr(args, pos.Flags) // the flags as given (before 6.3)
		case ptr.AddrOf != "":
			if v, ok := w.env.Get(ptr.AddrOf); ok {
				flags = v
			}
		}
		ev.ToSet = argOr(args, pos.ToSet)
		ev.Passed = flags
		eff := or(flags, ev.ToSet)
		// A non-NULL locked makes the call unlockable. When locked comes
		// from a parameter, the two cases are separate worlds.
		u := in.model.Unlockable
		lk := ev.Locked
		withU := func(v Val, must bool) Val {
			o := &Origin{Pos: e.P, Func: in.fn.Key, Kind: LockedArg, NonNull: noInput}
			if lk.NSym.Valid() {
				o.NonNull = lk.NSym
			} else if lk.NonNullAt != nil {
				o.Pos, o.Func = lk.NonNullAt.Pos, lk.NonNullAt.Func
			}
			v.May |= u
			if must {
				v.Must |= u
			}
			v.Unk &^= u
			v.Origins = mergeOrigins(v.Origins, map[uint64]*Origin{u: o}, v.May)
			return v
		}
		if lk.NSym.Valid() {
			for _, set := range []bool{true, false} {
				x := w.clone()
				if !x.assumeParam(assumption{In: lk.NSym, Set: set}) {
					continue
				}
				ev2 := ev
				ev2.Flags = eff
				if set {
					ev2.Flags = withU(eff, true)
					ev2.Locked.Nul = MayNonNull
				} else {
					ev2.Locked = constVal(0, nil)
				}
				ev2.Assume = x.assume
				in.sum.Events = append(in.sum.Events, &ev2)
			}
		} else {
			if lk.mayBeNonNull() {
				eff = withU(eff, lk.Nul == MayNonNull)
			}
			ev.Flags = eff
			ev.Assume = append([]assumption(nil), w.assume...)
			in.sum.Events = append(in.sum.Events, &ev)
		}
		if ptr.AddrOf != "" {
			if lk.NSym.Valid() || lk.mayBeNonNull() {
				eff = withU(eff, false)
			}
			w.set(ptr.AddrOf, eff)
		}
	case gupapi.LockedDeref:
		ev.Flags = argOr(args, pos.Flags)
		ev.Passed = ev.Flags
		ev.Assume = append([]assumption(nil), w.assume...)
		in.sum.Events = append(in.sum.Events, &ev)
	}
}
