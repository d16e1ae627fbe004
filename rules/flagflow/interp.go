package flagflow

import "strings"

import "gupvet/cparse"
import "gupvet/rules/gupapi"
import "gupvet/rules/jumps"

// CallRecord is a call inside a function, with its arguments as abstract
// values in terms of the function's parameters, in one world.
type CallRecord struct {
	Callee string
	Pos    cparse.Pos
	End    cparse.Pos
	Args   []Val
	Assume []assumption
}

// SinkEvent is a call of a modelled sink (is_valid_gup_args,
// __get_user_pages_locked, ...) in one world.
type SinkEvent struct {
	Sink   *gupapi.Sink
	Pos    cparse.Pos
	End    cparse.Pos
	Flags  Val // effective flags after the sink (GUPArgs), or the flags passed
	Passed Val // the flags handed to the sink, before ToSet and locked
	ToSet  Val
	Locked Val
	Pages  Val
	Assume []assumption
}

// Summary is what the analysis knows of one function.
type Summary struct {
	Fn      *FuncDef
	Calls   []*CallRecord
	Events  []*SinkEvent
	Returns []Val
}

// interp runs one function over its worlds.
type interp struct {
	fn     *FuncDef
	model  *gupapi.Model
	fields FieldFacts
	sum    *Summary
	types  cparse.Types
	jumps  jumps.Jumps[*world]
	sws    []*switchCtx
	depth  int

	seenCalls map[string]bool
	// fieldsRead are the field facts read (nil: not recorded)
	fieldsRead map[string]bool
}

type switchCtx struct {
	entry      []*world
	hasDefault bool
}

// maxExprDepth bounds recursion on pathological input (expressions nested
// 100 000 deep): deeper parts are unknown values.
const maxExprDepth = 2000

// summarize interprets fn; read names the field facts it consulted (what
// the summary depends on besides fn and the model: summarymemo.go).
func summarize(fn *FuncDef, model *gupapi.Model, fields FieldFacts) (s *Summary, read map[string]bool) {
	in := &interp{
		fn: fn, model: model, fields: fields,
		sum:        &Summary{Fn: fn},
		types:      cparse.Types{},
		fieldsRead: map[string]bool{},
	}
	w := newWorld()
	for i, p := range fn.F.Params {
		if p.Name == "" {
			continue
		}
		w.set(p.Name, paramVal(i))
		in.types[p.Name] = p.Type
	}
	if fn.F.Body != nil {
		in.exec(fn.F.Body, []*world{w})
	}
	return in.sum, in.fieldsRead
}

func (in *interp) origin(p cparse.Pos, what string) *Origin {
	return &Origin{Pos: p, Func: in.fn.Key, Text: what}
}

// ---- statements

func (in *interp) execList(ss []cparse.Stmt, ws []*world) []*world {
	for _, s := range ss {
		ws = in.exec(s, ws)
	}
	return ws
}

func (in *interp) exec(s cparse.Stmt, ws []*world) []*world {
	switch s := s.(type) {
	case nil:
		return ws
	case *cparse.Block:
		return in.execList(s.Stmts, ws)
	case *cparse.ExprStmt:
		return jumps.Each(ws, func(w *world) { in.eval(s.X, w) })
	case *cparse.Decl:
		in.types.Declare(s)
		for _, w := range ws {
			in.kill(w, s.Name)
			switch {
			case s.Static:
				w.set(s.Name, unknown())
			case s.List != nil && isStruct(s.Type):
				in.setObject(w, s.Name, in.initObject(w, s.Type.Struct, s.List, s.P))
			case s.Init != nil && isStruct(s.Type):
				// a struct copy: the members go with it
				ob := in.objectExpr(s.Init, w)
				in.eval(s.Init, w)
				in.setObject(w, s.Name, ob)
			case s.Init != nil:
				w.set(s.Name, in.eval(s.Init, w))
			default:
				w.set(s.Name, unknown())
			}
		}
		return ws
	case *cparse.If:
		var tws, fws []*world
		for _, w := range ws {
			t, f := in.branch(s.C, w)
			tws = append(tws, t...)
			fws = append(fws, f...)
		}
		tws = in.exec(s.Then, merge(tws))
		if s.Else != nil {
			fws = in.exec(s.Else, merge(fws))
		}
		return merge(append(tws, fws...))
	case *cparse.Loop:
		return in.loop(s, ws)
	case *cparse.Switch:
		jumps.Each(ws, func(w *world) { in.eval(s.Tag, w) })
		sc := &switchCtx{entry: ws}
		in.sws = append(in.sws, sc)
		out := jumps.Switch(&in.jumps, s.Body, in.exec)
		in.sws = in.sws[:len(in.sws)-1]
		if !sc.hasDefault {
			out = append(out, ws...)
		}
		return merge(out)
	case *cparse.Case:
		if len(in.sws) > 0 {
			sc := in.sws[len(in.sws)-1]
			if s.Vals == nil {
				sc.hasDefault = true
			}
			for _, w := range sc.entry {
				ws = append(ws, w.clone())
			}
			ws = merge(ws)
		}
		return in.exec(s.Stmt, ws)
	case *cparse.Label:
		return in.exec(s.Stmt, in.jumps.Land(s.Name, ws, merge))
	case *cparse.Goto, *cparse.Break, *cparse.Continue:
		in.jumps.Take(s, ws)
		return nil
	case *cparse.Return:
		if s.X != nil {
			for _, w := range ws {
				in.sum.Returns = append(in.sum.Returns, in.eval(s.X, w))
			}
		}
		return nil
	}
	return ws
}

// loop runs a loop body at most twice (jumps.Loop): enough for a flag
// set in one iteration to be seen in the next.
func (in *interp) loop(s *cparse.Loop, ws []*world) []*world {
	return jumps.Loop(&in.jumps, s, ws, jumps.LoopOps[*world]{
		Exec: in.exec, Cond: in.branch, Merge: merge,
		Post: func(e cparse.Expr, ws []*world) []*world {
			for _, w := range ws {
				in.eval(e, w)
			}
			return ws
		},
	})
}

// kill forgets what is known of name's fields when name changes.
func (in *interp) kill(w *world, name string) {
	prefix := name + "."
	w.env.DeleteIf(func(k string) bool { return strings.HasPrefix(k, prefix) })
}

// ---- conditions

// branch evaluates a condition once in w and returns the worlds where it
// is true and those where it is false, refined by what the test says:
// `if (async)` makes async non-NULL on the true side; `if (!(gup_flags &
// FOLL_NOWAIT))` clears the bit on the true side, and records the
// assumption when the bit comes from a parameter.
func (in *interp) branch(c cparse.Expr, w *world) (t, f []*world) {
	switch c := c.(type) {
	case *cparse.Unary:
		if c.Op == "!" {
			f, t = in.branch(c.X, w)
			return t, f
		}
	case *cparse.Binary:
		switch c.Op {
		case "&&", "||":
			// the right side runs where the left one did not decide
			ta, fa := in.branch(c.X, w)
			right := ta
			if c.Op == "||" {
				right = fa
			}
			for _, x := range right {
				tb, fb := in.branch(c.Y, x)
				t = append(t, tb...)
				f = append(f, fb...)
			}
			if c.Op == "&&" {
				return merge(t), merge(append(f, fa...))
			}
			return merge(append(ta, t...)), merge(f)
		case "==", "!=":
			if other := cparse.ComparedToZero(c); other != nil {
				t, f = in.branch(other, w)
				if c.Op == "==" {
					return f, t
				}
				return t, f
			}
		case "&":
			if lv, bit, ok := in.bitTest(c, w); ok {
				return in.refineBit(w, lv, bit)
			}
		}
	case *cparse.Cast:
		return in.branch(c.X, w)
	case *cparse.Call:
		if c.CalleeName() == "__builtin_expect" && len(c.Args) == 2 {
			return in.branch(c.Args[0], w)
		}
		if cond, ok := c.Assertion(); ok {
			for _, a := range c.Args[1:] {
				in.eval(a, w)
			}
			if in.fn.InAPI() {
				// A check of the GUP API's own code is the contract
				// rules' to judge, not the flow's to decide: the call
				// goes on past it with its flags as they are, to where
				// they end (a pin_user_pages_fast(FOLL_GET) of 5.10
				// reaches the GUP-fast walk, and getpin quotes the WARN
				// it passed).
				in.eval(cond, w)
				return []*world{w.clone()}, []*world{w.clone()}
			}
			// if (WARN_ON_ONCE(c)) in a caller: the branch is on c
			return in.branch(cond, w)
		}
	}
	v := in.eval(c, w)
	ct, cf := truth(v)
	key := in.lkey(c, w)
	// the world where c is want, with what it says of the variable c
	// names; none where that cannot hold
	side := func(want bool) []*world {
		x := w.clone()
		if key != "" && !in.refineTruth(x, key, v, want) {
			return nil
		}
		return []*world{x}
	}
	if ct {
		t = side(true)
	}
	if cf {
		f = side(false)
	}
	return t, f
}

// refineTruth makes the variable at key non-zero (non-NULL) or zero in w.
func (in *interp) refineTruth(w *world, key string, v Val, want bool) bool {
	if v.NSym.Valid() && !w.assumeParam(assumption{In: v.NSym, Set: want}) {
		return false
	}
	r := v
	if want {
		r.Nul = MayNonNull
		r.NSym = noInput
		if r.NonNullAt == nil {
			r.NonNullAt = v.NonNullAt
		}
	} else {
		r = constVal(0, nil)
		r.NullAt = &Origin{Pos: v.posHint(), Func: in.fn.Key, Kind: Tested}
		if v.NullAt != nil {
			r.NullAt = v.NullAt
		}
	}
	w.set(key, r)
	return true
}

func (v Val) posHint() cparse.Pos {
	if v.NullAt != nil {
		return v.NullAt.Pos
	}
	return cparse.Pos{}
}

// bitTest recognises x & FLAG with a constant mask, and returns the
// lvalue x.
func (in *interp) bitTest(c *cparse.Binary, w *world) (lv cparse.Expr, bit uint64, ok bool) {
	x, y := c.X, c.Y
	if in.lkey(x, w) == "" {
		x, y = y, x
	}
	if in.lkey(x, w) == "" {
		return nil, 0, false
	}
	mv := in.eval(y, w.clone())
	if !mv.isConst() || mv.Must == 0 {
		return nil, 0, false
	}
	// several bits: only the false side refines (all clear)
	return x, mv.Must, true
}

// refineBit splits w on whether the lvalue lv has bit (or, for a
// multi-bit mask, any of its bits) set.
func (in *interp) refineBit(w *world, lv cparse.Expr, mask uint64) (t, f []*world) {
	key := in.lkey(lv, w)
	v, ok := w.env.Get(key)
	if !ok {
		v = in.eval(lv, w.clone())
	}
	single := mask&(mask-1) == 0
	// true side
	if v.Must&mask != 0 || (v.May|v.Unk)&mask != 0 || (v.Sym.Valid() && v.PMask&mask != 0) {
		x := w.clone()
		r := v
		okw := true
		if single {
			if v.Sym.Valid() && v.PMask&mask != 0 && v.May&mask == 0 {
				okw = x.assumeParam(assumption{In: v.Sym, Bit: mask, Set: true})
				r.Must |= mask
				r.May |= mask
				r.PMask &^= mask
				r.Origins = mergeOrigins(r.Origins, map[uint64]*Origin{mask: {Func: in.fn.Key, Kind: Tested}}, r.May)
			} else if v.May&mask != 0 {
				r.Must |= mask
			}
		}
		if okw {
			x.set(key, r)
			t = append(t, x)
		}
	}
	// false side
	if v.Must&mask == 0 {
		x := w.clone()
		r := v
		okw := true
		if v.Sym.Valid() && v.PMask&mask != 0 {
			for b := mask; b != 0 && okw; b &= b - 1 {
				okw = x.assumeParam(assumption{In: v.Sym, Bit: b & -b, Set: false})
			}
		}
		r.May &^= mask
		r.Unk &^= mask
		r.PMask &^= mask
		r.Origins = mergeOrigins(r.Origins, nil, r.May)
		if okw {
			x.set(key, r)
			f = append(f, x)
		}
	}
	return t, f
}
