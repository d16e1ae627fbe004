package flagflow

import (
	"fmt"
	"math/bits"
	"sort"
	"strconv"
	"strings"

	"gupvet/cparse"
)

const allBits = ^uint64(0)

// Null is what is known of a pointer value's nullness: a set of
// possibilities, each with a known source. A value whose source gupvet
// cannot see is NullUnknown, never MayNull: only a NULL that is written
// somewhere makes a finding.
type Null uint8

const (
	MayNull Null = 1 << iota
	MayNonNull
	NullUnknown
)

// Origin is where a flag bit, a NULL or a non-NULL came from: the
// explanation a diagnostic gives as a Related position.
type Origin struct {
	Pos  cparse.Pos
	Func string // key of the function whose code wrote it
	What string // "FOLL_NOWAIT set", "NULL passed", ...
	// NonNullOf, when > 0, says the bit comes from parameter NonNullOf-1
	// being non-NULL (FOLL_UNLOCKABLE from a caller's locked): a call
	// site replaces it with where its argument became non-NULL.
	NonNullOf int
	// Field names the struct field the value was read from.
	Field string
}

// Unresolved reports whether the origin still stands for a parameter of
// the function (the caller decides), so the finding belongs to a caller.
func (o *Origin) Unresolved() bool { return o != nil && o.NonNullOf > 0 }

// Val is the abstract value of an expression in one world: per flag bit,
// whether it is set on every path (Must), on some path by code gupvet can
// see (May), or by something it cannot see (Unk); which bits come from a
// parameter of the function (Param, PMask: filled in at a call site); and,
// for pointers, nullness.
type Val struct {
	Must, May, Unk uint64
	Param          int // -1: none
	PMask          uint64
	Nul            Null
	NParam         int // -1: none; nullness is that of this parameter
	// AddrOf names the variable when the value is its address (&flags),
	// so that a callee writing through it can be modelled.
	AddrOf string
	// Origins of May bits (one bit per key) and of nullness.
	Origins   map[uint64]*Origin
	NullAt    *Origin
	NonNullAt *Origin
	// Pointee, for a pointer argument written &x, is the value of x at
	// the call (a caller's `*locked` as the callee sees it); nil when not
	// known.
	Pointee *Val
}

func unknown() Val { return Val{Unk: allBits, Param: -1, NParam: -1, Nul: NullUnknown} }

func constVal(c uint64, o *Origin) Val {
	v := Val{Must: c, May: c, Param: -1, NParam: -1}
	if c == 0 {
		v.Nul = MayNull
		v.NullAt = o
	} else {
		v.Nul = MayNonNull
		v.NonNullAt = o
	}
	if c != 0 && o != nil {
		v.Origins = map[uint64]*Origin{}
		for b := c; b != 0; b &= b - 1 {
			v.Origins[b&-b] = o
		}
	}
	return v
}

func paramVal(i int) Val {
	return Val{Param: i, PMask: allBits, NParam: i}
}

// isConst reports whether v is one known number.
func (v Val) isConst() bool {
	return v.Unk == 0 && v.Param < 0 && v.May == v.Must && v.NParam < 0
}

func mergeOrigins(a, b map[uint64]*Origin, keep uint64) map[uint64]*Origin {
	if len(a) == 0 && len(b) == 0 {
		return nil
	}
	m := make(map[uint64]*Origin, len(a)+len(b))
	for k, o := range a {
		if k&keep != 0 {
			m[k] = o
		}
	}
	for k, o := range b {
		if k&keep != 0 {
			if _, ok := m[k]; !ok {
				m[k] = o
			}
		}
	}
	return m
}

func firstOrigin(a, b *Origin) *Origin {
	if a != nil {
		return a
	}
	return b
}

// join is the value on either of two paths.
func join(a, b Val) Val {
	r := Val{
		Must: a.Must & b.Must, May: a.May | b.May, Unk: a.Unk | b.Unk,
		Param: a.Param, PMask: a.PMask, Nul: a.Nul | b.Nul, NParam: a.NParam,
		NullAt: firstOrigin(a.NullAt, b.NullAt), NonNullAt: firstOrigin(a.NonNullAt, b.NonNullAt),
	}
	switch {
	case a.Param < 0:
		r.Param, r.PMask = b.Param, b.PMask
	case b.Param >= 0 && b.Param == a.Param:
		r.PMask = a.PMask | b.PMask
	case b.Param >= 0:
		r.Unk |= b.PMask
	}
	switch {
	case a.NParam < 0:
		r.NParam = b.NParam
	case b.NParam >= 0 && b.NParam != a.NParam:
		r.Nul |= NullUnknown
	}
	if a.AddrOf == b.AddrOf {
		r.AddrOf = a.AddrOf
	}
	r.Pointee = joinPointee(a, b)
	r.Origins = mergeOrigins(a.Origins, b.Origins, r.May)
	return r
}

// joinPointee is the pointee of a pointer that is a or b: a NULL side
// points to nothing, so the other side's pointee stands.
func joinPointee(a, b Val) *Val {
	switch {
	case a.Pointee != nil && b.Pointee != nil:
		j := join(*a.Pointee, *b.Pointee)
		return &j
	case a.Pointee != nil && b.Nul == MayNull:
		return a.Pointee
	case b.Pointee != nil && a.Nul == MayNull:
		return b.Pointee
	}
	return nil
}

// or is a | b.
func or(a, b Val) Val {
	r := Val{
		Must: a.Must | b.Must, May: a.May | b.May, Param: a.Param, PMask: a.PMask, NParam: -1,
	}
	r.Unk = (a.Unk | b.Unk) &^ r.Must
	switch {
	case a.Param < 0:
		r.Param, r.PMask = b.Param, b.PMask
	case b.Param >= 0 && b.Param == a.Param:
		r.PMask = a.PMask | b.PMask
	case b.Param >= 0:
		r.Unk |= b.PMask
	}
	r.PMask &^= r.Must
	if r.Must != 0 {
		r.Nul = MayNonNull
	} else {
		r.Nul = a.Nul | b.Nul
	}
	r.Origins = mergeOrigins(a.Origins, b.Origins, r.May)
	return r
}

// andMask is v & c for a constant c.
func andMask(v Val, c uint64) Val {
	r := v
	r.Must &= c
	r.May &= c
	r.Unk &= c
	r.PMask &= c
	r.NParam = -1
	r.AddrOf = ""
	r.Pointee = nil
	r.Nul = 0
	if r.Must != 0 {
		r.Nul = MayNonNull
	} else if r.May == 0 && r.Unk == 0 && (r.Param < 0 || r.PMask == 0) {
		r.Nul = MayNull
	}
	if r.Param >= 0 && r.PMask == 0 {
		r.Param = -1
	}
	r.Origins = mergeOrigins(v.Origins, nil, r.May)
	return r
}

// boolVal is a value that is 0 or 1 (a comparison): 1 is FOLL_WRITE's bit,
// so a boolean used as flags may set it.
func boolVal(canTrue, canFalse bool, o *Origin) Val {
	switch {
	case canTrue && !canFalse:
		return constVal(1, o)
	case !canTrue && canFalse:
		return constVal(0, o)
	}
	v := Val{May: 1, Param: -1, NParam: -1, Nul: MayNull | MayNonNull}
	if o != nil {
		v.Origins = map[uint64]*Origin{1: o}
	}
	return v
}

// truth says whether v can be non-zero and whether it can be zero.
func truth(v Val) (canTrue, canFalse bool) {
	if v.NParam >= 0 {
		return true, true
	}
	if v.Nul != 0 {
		return v.Nul&(MayNonNull|NullUnknown) != 0, v.Nul&(MayNull|NullUnknown) != 0
	}
	canTrue = v.May|v.Unk != 0 || (v.Param >= 0 && v.PMask != 0)
	canFalse = v.Must == 0
	return
}

// subst instantiates a callee's value v with the caller's arguments.
func subst(v Val, args []Val) Val {
	r := v
	r.Origins = v.Origins
	if v.Param >= 0 {
		r.Param, r.PMask = -1, 0
		var a Val
		if v.Param < len(args) {
			a = args[v.Param]
		} else {
			a = unknown()
		}
		m := v.PMask
		r.Must |= a.Must & m
		r.May |= a.May & m
		r.Unk |= a.Unk & m
		if a.Param >= 0 {
			r.Param, r.PMask = a.Param, a.PMask&m
		}
		r.Origins = mergeOrigins(v.Origins, a.Origins, r.May)
	}
	r.Origins = resolveOrigins(r.Origins, args)
	if v.Pointee != nil {
		p := subst(*v.Pointee, args)
		r.Pointee = &p
	}
	if v.NParam >= 0 {
		var a Val
		if v.NParam < len(args) {
			a = args[v.NParam]
		} else {
			a = unknown()
		}
		r.NParam = a.NParam
		r.Nul = v.Nul | a.Nul
		r.NullAt = firstOrigin(a.NullAt, v.NullAt)
		r.NonNullAt = firstOrigin(a.NonNullAt, v.NonNullAt)
		if a.AddrOf != "" {
			r.AddrOf = a.AddrOf
		}
		if a.Pointee != nil {
			r.Pointee = a.Pointee
		}
	}
	return r
}

// MaySet reports whether every bit of mask may be set by code gupvet can see.
func (v Val) MaySet(mask uint64) bool { return v.May&mask == mask }

// MustSet reports whether every bit of mask is set on every path.
func (v Val) MustSet(mask uint64) bool { return v.Must&mask == mask }

// Origin returns where bit was set, or nil.
func (v Val) Origin(bit uint64) *Origin { return v.Origins[bit] }

// origin is Origin, for the package's own use.
func (v Val) origin(bit uint64) *Origin { return v.Origins[bit] }

// Deref returns the value a pointer argument points to at the call that
// passed &x (through any number of wrappers), when known.
func (v Val) Deref() (Val, bool) {
	if v.Pointee == nil {
		return Val{}, false
	}
	return *v.Pointee, true
}

// MayBeNull reports whether a NULL written somewhere may reach here.
func (v Val) MayBeNull() bool { return v.Nul&MayNull != 0 }

// mayBeNonNull reports whether a known non-NULL may reach here.
func (v Val) mayBeNonNull() bool { return v.Nul&MayNonNull != 0 }

// key is a compact description without origins, for deduplicating worlds.
func (v Val) key() string {
	b := make([]byte, 0, 64)
	b = strconv.AppendUint(b, v.Must, 16)
	b = append(b, '/')
	b = strconv.AppendUint(b, v.May, 16)
	b = append(b, '/')
	b = strconv.AppendUint(b, v.Unk, 16)
	b = append(b, '/')
	b = strconv.AppendInt(b, int64(v.Param), 10)
	b = append(b, '/')
	b = strconv.AppendUint(b, v.PMask, 16)
	b = append(b, '/', byte('0'+v.Nul), '/')
	b = strconv.AppendInt(b, int64(v.NParam), 10)
	b = append(b, '/')
	b = append(b, v.AddrOf...)
	if v.Pointee != nil {
		b = append(b, '*')
		b = append(b, v.Pointee.key()...)
	}
	return string(b)
}

func (v Val) String() string {
	var parts []string
	if v.Must != 0 {
		parts = append(parts, fmt.Sprintf("must=%#x", v.Must))
	}
	if v.May&^v.Must != 0 {
		parts = append(parts, fmt.Sprintf("may=%#x", v.May&^v.Must))
	}
	if v.Unk != 0 {
		parts = append(parts, fmt.Sprintf("unk=%d bits", bits.OnesCount64(v.Unk)))
	}
	if v.Param >= 0 {
		parts = append(parts, fmt.Sprintf("param%d&%#x", v.Param, v.PMask))
	}
	if v.NParam >= 0 {
		parts = append(parts, fmt.Sprintf("null-of-param%d", v.NParam))
	}
	var ns []string
	if v.Nul&MayNull != 0 {
		ns = append(ns, "null")
	}
	if v.Nul&MayNonNull != 0 {
		ns = append(ns, "nonnull")
	}
	if v.Nul&NullUnknown != 0 {
		ns = append(ns, "?")
	}
	if len(ns) > 0 {
		parts = append(parts, "ptr:"+strings.Join(ns, "|"))
	}
	sort.Strings(parts)
	return "{" + strings.Join(parts, " ") + "}"
}

// resolveOrigins replaces origins that stand for a parameter's
// non-NULL-ness with where the caller's argument became non-NULL.
func resolveOrigins(m map[uint64]*Origin, args []Val) map[uint64]*Origin {
	var out map[uint64]*Origin
	for k, o := range m {
		if o == nil || o.NonNullOf == 0 {
			continue
		}
		i := o.NonNullOf - 1
		if i >= len(args) {
			continue
		}
		a := args[i]
		var n *Origin
		switch {
		case a.NParam >= 0:
			c := *o
			c.NonNullOf = a.NParam + 1
			n = &c
		case a.NonNullAt != nil:
			c := *a.NonNullAt
			c.What = o.What
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
