package flagflow

// inst instantiates a callee's values with one call's arguments: each of
// the callee's inputs becomes what the caller passes for it.
type inst struct {
	args []Val
	ff   FieldFacts
}

// source says where raw found a member's value.
type source int

const (
	fromArg     source = iota // the argument itself (not a member)
	fromObject                // a member of the object the argument designates
	passedOn                  // the caller's own input: resolved further up
	fromUnion                 // the program-wide union of the member's stores
	fromNowhere               // unknown
)

// raw returns what the caller passes for in: the argument; for a member,
// the member of the object the argument designates (zero for one its
// initializer left out), the caller's own input when the argument is a
// parameter passed on, and otherwise (a heap object, a global, a function
// gupvet sees no caller of) the program-wide union of the member's stores.
func (s *inst) raw(in Input, read *Hop) (Val, source) {
	if !in.Valid() || in.Param() >= len(s.args) {
		return unknown(), fromNowhere
	}
	a := s.args[in.Param()]
	if in.Path == "" {
		return a, fromArg
	}
	if m, ok := a.designated().member(in.Path); ok {
		return m, fromObject
	}
	if a.pristine() && a.Sym.Path == "" && !a.Open {
		return inputVal(inputOf(a.Sym.Param(), in.Path), read), passedOn
	}
	if read != nil && read.Member != "" {
		if u, ok := s.ff[read.Member]; ok {
			return u, fromUnion
		}
	}
	return unknown(), fromNowhere
}

// input is raw with the hop through the member added to what the value
// carries: its origins, and the hops its symbolic part will take.
func (s *inst) input(in Input, read *Hop) Val {
	v, src := s.raw(in, read)
	if (src != fromObject && src != fromUnion) || read == nil {
		return v
	}
	h := *read
	if src == fromObject {
		h.Store = v.At
	}
	hop := []Hop{h}
	v.Origins = withVia(v.Origins, hop)
	v.names = namesVia(v.names, hop)
	if v.Sym.Valid() {
		v.SymVia = concatHops(v.SymVia, hop)
	}
	return v
}

// subst instantiates v.
func (s *inst) subst(v Val) Val {
	r := v
	if v.Sym.Valid() {
		r.Sym, r.PMask, r.SymVia, r.SymRead = noInput, 0, nil, nil
		a := s.input(v.Sym, v.SymRead)
		m := v.PMask
		r.Must |= a.Must & m
		r.May |= a.May & m
		r.Unk |= a.Unk & m
		if a.Sym.Valid() {
			r.Sym, r.PMask, r.SymRead = a.Sym, a.PMask&m, a.SymRead
			r.SymVia = concatHops(a.SymVia, v.SymVia)
		}
		r.Origins = mergeOrigins(v.Origins, withVia(a.Origins, v.SymVia), r.May)
		if m != 0 {
			r.names = unionNames(v.names, namesVia(a.names, v.SymVia))
		}
	}
	r.Origins = s.resolveOrigins(r.Origins)
	if v.Pointee != nil {
		p := s.subst(*v.Pointee)
		r.Pointee = &p
	}
	if v.Obj != nil {
		r.Obj = s.substObject(v.Obj)
	}
	if v.NSym.Valid() {
		a := s.input(v.NSym, v.SymRead)
		r.NSym = a.NSym
		r.Nul = v.Nul | a.Nul
		r.NullAt = firstOrigin(a.NullAt, v.NullAt)
		r.NonNullAt = firstOrigin(a.NonNullAt, v.NonNullAt)
		r.Open = a.Open
		if a.AddrOf != "" {
			r.AddrOf = a.AddrOf
		}
		switch {
		case a.Pointee != nil && r.Pointee != nil:
			// the caller's object with what this function wrote
			// through the pointer over it
			p := *a.Pointee
			p.Obj = overlay(a.Pointee.Obj, r.Pointee.Obj)
			r.Pointee = &p
		case a.Pointee != nil:
			r.Pointee = a.Pointee
		}
		if a.Obj != nil {
			r.Obj = overlay(a.Obj, r.Obj)
		}
	}
	return r
}

func (s *inst) substObject(ob *Object) *Object {
	r := &Object{Whole: ob.Whole, At: ob.At}
	if len(ob.Members) > 0 {
		r.Members = make(map[string]Val, len(ob.Members))
		for k, m := range ob.Members {
			r.Members[k] = s.subst(m)
		}
	}
	return r
}

// resolveOrigins replaces origins that stand for an input's non-NULL-ness
// with where the caller's argument became non-NULL.
func (s *inst) resolveOrigins(m map[uint64]*Origin) map[uint64]*Origin {
	var out map[uint64]*Origin
	for k, o := range m {
		if o == nil || !o.NonNull.Valid() {
			continue
		}
		a := s.input(o.NonNull, nil)
		var n *Origin
		switch {
		case a.NSym.Valid():
			c := *o
			c.NonNull = a.NSym
			n = &c
		case a.NonNullAt != nil:
			c := *a.NonNullAt
			c.Kind, c.Text = o.Kind, o.Text
			c.NonNull = noInput
			n = &c
		default:
			continue
		}
		if out == nil {
			out = make(map[uint64]*Origin, len(m))
			for k2, o2 := range m {
				out[k2] = o2
			}
		}
		out[k] = n
	}
	if out == nil {
		return m
	}
	return out
}

// assume checks a callee world's assumptions against the call's
// arguments and returns the instantiation refined by them, or false when
// the world cannot happen for this call.
func (s *inst) assume(as []assumption) (*inst, bool) {
	if len(as) == 0 {
		return s, true
	}
	r := &inst{args: append([]Val(nil), s.args...), ff: s.ff}
	for _, a := range as {
		if !a.In.Valid() || a.In.Param() >= len(r.args) {
			continue
		}
		v, src := r.raw(a.In, nil)
		if a.Bit == 0 {
			if v.NSym.Valid() {
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
		} else if a.Set {
			if (v.May|v.Unk)&a.Bit == 0 && !(v.Sym.Valid() && v.PMask&a.Bit != 0) {
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
		if src == fromArg || src == fromObject {
			// (a member passed on stays the caller's to refine: its
			// own callers instantiate the same assumption)
			r.set(a.In, v)
		}
	}
	return r, true
}

// set records what an input holds on this path: the argument, or a
// member of the object it designates.
func (s *inst) set(in Input, v Val) {
	a := s.args[in.Param()]
	if in.Path == "" {
		s.args[in.Param()] = v
		return
	}
	m := &Object{Members: map[string]Val{in.Path: v}}
	if a.Pointee == nil && a.Obj != nil {
		a.Obj = overlay(a.Obj, m)
	} else {
		p := unknown()
		if a.Pointee != nil {
			p = *a.Pointee
		}
		p.Obj = overlay(p.Obj, m)
		a.Pointee = &p
	}
	s.args[in.Param()] = a
}
