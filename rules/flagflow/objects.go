package flagflow

import "strings"

import "gupvet/cparse"

// Struct objects in a function's worlds. A struct variable's members live
// in the world's environment under "var.member" keys, next to the
// variable's own entry, whose Obj says whether the members not listed are
// zero (a brace initializer or compound literal made the object). Where an
// object leaves the function — &obj, a pointer whose members the function
// wrote, a struct passed by value — the members are gathered into an
// Object on the argument's Pointee, so the callee's reads of kfp->flags
// see what this object holds, through any number of calls.

// lkey names the variable or the member an lvalue designates: "flags",
// "kfp.flags" (kfp.flags, kfp->flags, (*kfp).flags), or, for a member
// read through a pointer to a local struct, that struct's member
// ("obj.flags" for p->flags after p = &obj); "" for anything else.
func (in *interp) lkey(e cparse.Expr, w *world) string {
	switch e := e.(type) {
	case *cparse.Ident:
		return e.Name
	case *cparse.Cast:
		return in.lkey(e.X, w)
	case *cparse.Unary:
		if e.Op == "*" {
			if p := in.lkey(e.X, w); p != "" && !strings.Contains(p, ".") {
				if v, ok := w.env.Get(p); ok && v.AddrOf != "" {
					return v.AddrOf
				}
			}
		}
	case *cparse.Member:
		b := in.lkey(e.X, w)
		if b == "" || strings.Contains(b, ".") {
			return ""
		}
		if e.Arrow {
			if v, ok := w.env.Get(b); ok && v.AddrOf != "" && !strings.Contains(v.AddrOf, ".") {
				b = v.AddrOf
			}
		}
		return b + "." + e.Name
	}
	return ""
}

// memberName is "tag.member" for a member read whose base has a declared
// struct type, "" when the type is not known.
func (in *interp) memberName(e *cparse.Member) string {
	var base string
	switch x := e.X.(type) {
	case *cparse.Ident:
		base = x.Name
	case *cparse.Cast:
		if x.Type.Struct != "" {
			return x.Type.Struct + "." + e.Name
		}
		if id, ok := x.X.(*cparse.Ident); ok {
			base = id.Name
		}
	case *cparse.Unary:
		if id, ok := x.X.(*cparse.Ident); ok && x.Op == "*" {
			base = id.Name
		}
	}
	if t, ok := in.types[base]; ok && t.Struct != "" {
		return t.Struct + "." + e.Name
	}
	return ""
}

// isStruct reports whether a declared type is a struct object (not a
// pointer to one, nor an array).
func isStruct(t cparse.Type) bool { return t.Struct != "" && t.Ptr == 0 && !t.Array }

// objectVal is the environment entry of a struct variable: its own value
// is meaningless, Obj says whether unlisted members are zero.
func objectVal(whole bool, at cparse.Pos) Val {
	v := unknown()
	v.Obj = &Object{Whole: whole, At: at}
	return v
}

// objectOf gathers what w knows of the object named key: its members and
// whether the others are zero; nil when nothing is known.
func objectOf(w *world, key string) *Object {
	var ob *Object
	if b, ok := w.env.Get(key); ok && b.Obj != nil {
		ob = &Object{Whole: b.Obj.Whole, At: b.Obj.At}
	}
	prefix := key + "."
	for _, b := range w.env.All() {
		k, v := b.Key, b.Val
		if !strings.HasPrefix(k, prefix) || strings.Contains(k[len(prefix):], ".") {
			continue
		}
		if ob == nil {
			ob = &Object{}
		}
		if ob.Members == nil {
			ob.Members = map[string]Val{}
		}
		ob.Members[k[len(prefix):]] = v
	}
	return ob
}

// setObject makes the variable key the object ob (a copy, an initializer,
// a compound literal): its members are ob's, and only those when ob is
// Whole.
func (in *interp) setObject(w *world, key string, ob *Object) {
	in.kill(w, key)
	if ob == nil {
		w.set(key, unknown())
		return
	}
	w.set(key, objectVal(ob.Whole, ob.At))
	for m, v := range ob.Members {
		w.set(key+"."+m, v)
	}
}

// objectExpr returns the object an expression of struct type denotes: a
// variable's, *p's, or a compound literal's; nil when it is none of those
// or nothing is known of it.
func (in *interp) objectExpr(e cparse.Expr, w *world) *Object {
	switch x := e.(type) {
	case *cparse.CompLit:
		return in.initObject(w, x.Type.Struct, x.Init, x.P)
	case *cparse.Cast:
		return in.objectExpr(x.X, w)
	}
	if k := in.lkey(e, w); k != "" && !strings.Contains(k, ".") {
		return objectOf(w, k)
	}
	return nil
}

// initObject evaluates a brace initializer of struct tag: designated
// members, positional ones in the struct's member order when the unit
// knows it, and every member it leaves out zero.
func (in *interp) initObject(w *world, tag string, il *cparse.InitList, at cparse.Pos) *Object {
	ob := &Object{Whole: true, At: at, Members: map[string]Val{}}
	if il == nil {
		return ob
	}
	var layout []string
	if o := in.fn.Owner; o != nil {
		layout = o.Structs[tag]
	}
	next := 0
	for _, e := range il.Elems {
		var name string
		switch {
		case len(e.Fields) > 0:
			name = e.Fields[0]
			for i, m := range layout {
				if m == name {
					next = i + 1
				}
			}
		case e.Index:
			ob.Whole = false
			continue
		case next < len(layout):
			name = layout[next]
			next++
		default:
			// a positional value for a member gupvet cannot name: a
			// zero leaves the object as it is, anything else makes
			// its members unknown
			if e.Value != nil {
				if v := in.eval(e.Value, w); v.isConst() && v.Must == 0 {
					continue
				}
			}
			ob.Whole = false
			ob.Members = map[string]Val{}
			continue
		}
		switch {
		case len(e.Fields) <= 1 && e.Value != nil:
			v := in.eval(e.Value, w)
			v.At = e.P
			ob.Members[name] = v
		default:
			// a nested member (.a.b = v, .a = { ... }): not followed
			ob.Members[name] = unknown()
		}
	}
	return ob
}

// overlay returns the object base with the members of top written over
// it: the writes a function made through a pointer its caller passed.
func overlay(base *Object, top *Object) *Object {
	if top == nil {
		return base
	}
	if base == nil {
		return top
	}
	r := &Object{Whole: base.Whole, At: base.At, Members: make(map[string]Val, len(base.Members)+len(top.Members))}
	for k, v := range base.Members {
		r.Members[k] = v
	}
	for k, v := range top.Members {
		r.Members[k] = v
	}
	return r
}

// designated returns the object an argument value designates: its
// pointee's, or its own for a struct passed by value.
func (v Val) designated() *Object {
	if v.Pointee != nil && v.Pointee.Obj != nil {
		return v.Pointee.Obj
	}
	return v.Obj
}
