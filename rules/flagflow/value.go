package flagflow

import "fmt"
import "math/bits"
import "sort"
import "strconv"
import "strings"

import "gupvet/cparse"

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

// Input names what a function receives from its caller: parameter Param
// itself or, when Path is set, the member Path of the object parameter
// Param is or points to (kfp->flags has Path "flags"). A call site
// replaces an input with what its argument holds there.
type Input struct {
	param int // the parameter's index + 1: the zero Input names none
	Path  string
}

var noInput Input

// inputOf names parameter i, or its member path.
func inputOf(i int, path string) Input { return Input{param: i + 1, Path: path} }

// Valid reports whether i names an input.
func (i Input) Valid() bool { return i.param > 0 }

// Param is the index of the parameter, -1 for none.
func (i Input) Param() int { return i.param - 1 }

func (i Input) String() string {
	if i.Path == "" {
		return fmt.Sprintf("param%d", i.Param())
	}
	return fmt.Sprintf("param%d->%s", i.Param(), i.Path)
}

// Hop is a struct member a value travelled through on its way to a call:
// stored into the member at Store, by the code that owns the object, and
// read back at Read by the function Func. A finding about such a value is
// reported in the function that reads the member, where the flags are
// used, with the path from where they were set as its explanation.
type Hop struct {
	Member string     // "kvm_follow_pfn.flags": struct tag and member
	Store  cparse.Pos // invalid when the value is the program-wide union of the member's stores
	Read   cparse.Pos
	Func   FuncKey // the function that reads the member
}

// Origin is where a flag bit, a NULL or a non-NULL came from: the
// explanation a diagnostic gives as a Related position.
type Origin struct {
	Pos  cparse.Pos
	Func FuncKey // the function whose code wrote it
	Kind OriginKind
	// Text is what the code wrote there, for Written: a flag's name
	// ("FOLL_NOWAIT"), a literal, an operator.
	Text string
	// NonNull, when valid, says the bit comes from that input being
	// non-NULL (FOLL_UNLOCKABLE from a caller's locked): a call site
	// replaces it with where its argument became non-NULL.
	NonNull Input
	// Via are the struct members the value travelled through after Pos,
	// in order.
	Via []Hop
}

// OriginKind says what made a value.
type OriginKind uint8

const (
	// Written: a name or a literal in the code (Text).
	Written OriginKind = iota
	// LockedArg: FOLL_UNLOCKABLE that a non-NULL locked argument adds.
	LockedArg
	// Address: a pointer made by &x, non-NULL.
	Address
	// Tested: what a test of the value tells (a bit set, a NULL).
	Tested
	// Zero: a member a brace initializer leaves out.
	Zero
)

// Unresolved reports whether the origin still stands for an input of the
// function (the caller decides), so the finding belongs to a caller.
func (o *Origin) Unresolved() bool { return o != nil && o.NonNull.Valid() }

// Owner is the function a finding about this origin belongs to: the one
// whose code wrote the value, or, when the value travelled through struct
// members, the one that read the last of them.
func (o *Origin) Owner() FuncKey {
	if n := len(o.Via); n > 0 {
		return o.Via[n-1].Func
	}
	return o.Func
}

// Member returns the struct member the value was last read from, or nil.
func (o *Origin) Member() *Hop {
	if o == nil || len(o.Via) == 0 {
		return nil
	}
	return &o.Via[len(o.Via)-1]
}

// withVia returns o with hops appended (o itself when there are none).
func (o *Origin) withVia(hops []Hop) *Origin {
	if len(hops) == 0 || o == nil {
		return o
	}
	c := *o
	c.Via = append(append([]Hop(nil), o.Via...), hops...)
	return &c
}

// Object is what is known of a struct object's members: their values (a
// member's Val.At is where it was stored) and, for an object a brace
// initializer or a compound literal made, that the members it does not
// list are zero.
type Object struct {
	Members map[string]Val
	Whole   bool
	At      cparse.Pos // the initializer that made it Whole
}

// member returns the value of member m and whether it is known.
func (ob *Object) member(m string) (Val, bool) {
	if ob == nil {
		return Val{}, false
	}
	if v, ok := ob.Members[m]; ok {
		return v, true
	}
	if ob.Whole {
		z := constVal(0, &Origin{Pos: ob.At, Kind: Zero})
		z.At = ob.At
		return z, true
	}
	return Val{}, false
}

// appendKey appends the members known of the object, sorted, with their
// values and origins (appendMemoKey).
func (ob *Object) appendKey(b []byte) []byte {
	if ob == nil {
		return b
	}
	ks := make([]string, 0, len(ob.Members))
	for k := range ob.Members {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	b = append(b, '{')
	if ob.Whole {
		b = append(b, "0;"...)
	}
	for _, k := range ks {
		m := ob.Members[k]
		b = append(b, k...)
		b = append(b, ':')
		b = appendMemoKey(b, m)
		b = append(b, ';')
	}
	return append(b, '}')
}

// Val is the abstract value of an expression in one world: per flag bit,
// whether it is set on every path (Must), on some path by code gupvet can
// see (May), or by something it cannot see (Unk); which bits come from an
// input of the function (Sym, PMask: filled in at a call site); and, for
// pointers, nullness.
type Val struct {
	Must, May, Unk uint64
	Sym            Input
	PMask          uint64
	// SymVia are hops the symbolic bits take after the input: the origins
	// a call site substitutes for them get these hops.
	SymVia []Hop
	// SymRead, for a member input, is where the function reads it.
	SymRead *Hop
	Nul     Null
	NSym    Input // nullness is that of this input
	// AddrOf names the variable when the value is its address (&flags),
	// so that a callee writing through it can be modelled.
	AddrOf string
	// Origins of May bits (one bit per key) and of nullness.
	Origins   map[uint64]*Origin
	NullAt    *Origin
	NonNullAt *Origin
	// Pointee, for a pointer argument, is the value of what it points to
	// at the call (a caller's `*locked` as the callee sees it, or the
	// struct object whose members the callee reads); nil when not known.
	Pointee *Val
	// Obj is what is known of the struct object this value is.
	Obj *Object
	// At is where the value was stored, for a member's value.
	At cparse.Pos
	// Open marks a parameter of a function gupvet sees no caller of: the
	// members read through it are the program-wide union of their stores.
	Open bool
	// names are the flag names of other families than FOLL_'s the value
	// was made with (nil for none: the usual case, and cheap to copy).
	names *nameSet
}

// nameSet is where names of other flag families (gupapi.Family:
// FAULT_FLAG_, GFP_, VM_, ...) went into a value: their bits mean nothing
// as FOLL_ flags, so the flow gives them none (they are unknown bits, as a
// name it cannot resolve) and records the names instead, for the rule
// that reports a name of the wrong family reaching a GUP call
// (flagfamily). Immutable once made: values share it.
type nameSet struct{ list []*Origin }

// maxNames bounds the names one value records.
const maxNames = 16

// Foreign returns where names of other flag families than FOLL_'s were
// written into the value (Origin.Text is the name), in the order met.
func (v Val) Foreign() []*Origin {
	if v.names == nil {
		return nil
	}
	return v.names.list
}

func oneName(o *Origin) *nameSet { return &nameSet{[]*Origin{o}} }

// unionNames is the names of both values.
func unionNames(a, b *nameSet) *nameSet {
	switch {
	case a == nil || a == b:
		return b
	case b == nil:
		return a
	}
	out := &nameSet{append([]*Origin(nil), a.list...)}
	for _, o := range b.list {
		dup := false
		for _, x := range a.list {
			if x == o || x.Pos == o.Pos && x.Text == o.Text && len(x.Via) == len(o.Via) {
				dup = true
				break
			}
		}
		if !dup && len(out.list) < maxNames {
			out.list = append(out.list, o)
		}
	}
	return out
}

// namesVia returns the names with hops appended to each origin.
func namesVia(ns *nameSet, hops []Hop) *nameSet {
	if ns == nil || len(hops) == 0 {
		return ns
	}
	out := &nameSet{make([]*Origin, len(ns.list))}
	for i, o := range ns.list {
		out.list[i] = o.withVia(hops)
	}
	return out
}

// appendKey describes the names for world and memo keys.
func (ns *nameSet) appendKey(b []byte) []byte {
	if ns == nil {
		return b
	}
	for _, o := range ns.list {
		b = append(b, '~')
		b = append(b, o.Text...)
		b = appendOriginAt(b, o)
	}
	return b
}

// appendOriginAt appends where an origin is, and its hops:
// "@file:line:col>member@store:read".
func appendOriginAt(b []byte, o *Origin) []byte {
	b = appendPos(append(b, '@'), o.Pos)
	for _, h := range o.Via {
		b = appendHop(b, h)
	}
	return b
}

// appendHop appends ">member@store:read" (lines).
func appendHop(b []byte, h Hop) []byte {
	b = append(append(b, '>'), h.Member...)
	b = strconv.AppendInt(append(b, '@'), int64(h.Store.Line), 10)
	return strconv.AppendInt(append(b, ':'), int64(h.Read.Line), 10)
}

func appendPos(b []byte, p cparse.Pos) []byte {
	b = append(b, p.File...)
	b = append(b, ':')
	b = strconv.AppendInt(b, int64(p.Line), 10)
	b = append(b, ':')
	return strconv.AppendInt(b, int64(p.Col), 10)
}

func unknown() Val { return Val{Unk: allBits, Sym: noInput, NSym: noInput, Nul: NullUnknown} }

func constVal(c uint64, o *Origin) Val {
	v := Val{Must: c, May: c, Sym: noInput, NSym: noInput}
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

func inputVal(in Input, read *Hop) Val {
	return Val{Sym: in, PMask: allBits, NSym: in, SymRead: read}
}

func paramVal(i int) Val { return inputVal(inputOf(i, ""), nil) }

// Symbolic reports whether some of v still depends on an input.
func (v Val) Symbolic() bool { return v.Sym.Valid() || v.NSym.Valid() }

// isConst reports whether v is one known number.
func (v Val) isConst() bool {
	return v.Unk == 0 && !v.Sym.Valid() && v.May == v.Must && !v.NSym.Valid()
}

// pristine reports whether v is an input passed on unchanged (a pointer
// parameter handed to a callee).
func (v Val) pristine() bool {
	return v.Sym.Valid() && v.NSym == v.Sym && v.PMask == allBits && v.May|v.Unk == 0
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

// withVia returns origins with hops appended to each.
func withVia(m map[uint64]*Origin, hops []Hop) map[uint64]*Origin {
	if len(hops) == 0 || len(m) == 0 {
		return m
	}
	out := make(map[uint64]*Origin, len(m))
	for k, o := range m {
		out[k] = o.withVia(hops)
	}
	return out
}

func concatHops(a, b []Hop) []Hop {
	if len(b) == 0 {
		return a
	}
	if len(a) == 0 {
		return b
	}
	return append(append([]Hop(nil), a...), b...)
}

func firstOrigin(a, b *Origin) *Origin {
	if a != nil {
		return a
	}
	return b
}

// joinSym combines the symbolic parts of a and b into r (for | and for
// either-path): the same input stays symbolic, two different ones make
// the second's bits unknown.
func joinSym(r *Val, a, b Val) {
	switch {
	case !a.Sym.Valid():
		r.Sym, r.PMask, r.SymVia, r.SymRead = b.Sym, b.PMask, b.SymVia, b.SymRead
	case b.Sym.Valid() && b.Sym == a.Sym:
		r.PMask = a.PMask | b.PMask
		if len(r.SymVia) == 0 {
			r.SymVia = b.SymVia
		}
	case b.Sym.Valid():
		r.Unk |= b.PMask
	}
}

// Join is the value on either of two paths.
func Join(a, b Val) Val { return join(a, b) }

// join is the value on either of two paths.
func join(a, b Val) Val {
	r := Val{
		Must: a.Must & b.Must, May: a.May | b.May, Unk: a.Unk | b.Unk,
		Sym: a.Sym, PMask: a.PMask, SymVia: a.SymVia, SymRead: a.SymRead,
		Nul: a.Nul | b.Nul, NSym: a.NSym,
		NullAt: firstOrigin(a.NullAt, b.NullAt), NonNullAt: firstOrigin(a.NonNullAt, b.NonNullAt),
		At: a.At, Open: a.Open && b.Open, names: unionNames(a.names, b.names),
	}
	joinSym(&r, a, b)
	switch {
	case !a.NSym.Valid():
		r.NSym = b.NSym
	case b.NSym.Valid() && b.NSym != a.NSym:
		r.Nul |= NullUnknown
	}
	if a.AddrOf == b.AddrOf {
		r.AddrOf = a.AddrOf
	}
	r.Pointee = joinPointee(a, b)
	r.Obj = joinObjects(a.Obj, b.Obj)
	r.Origins = mergeOrigins(a.Origins, b.Origins, r.May)
	return r
}

// joinObjects is what is known of an object that is a or b: a member
// known on one side only is unknown unless the other side is Whole.
func joinObjects(a, b *Object) *Object {
	if a == nil || b == nil {
		return nil
	}
	r := &Object{Whole: a.Whole && b.Whole, At: a.At, Members: map[string]Val{}}
	for _, ms := range []map[string]Val{a.Members, b.Members} {
		for k := range ms {
			if _, done := r.Members[k]; done {
				continue
			}
			x, okx := a.member(k)
			y, oky := b.member(k)
			if okx && oky {
				r.Members[k] = join(x, y)
			} else if !r.Whole {
				r.Members[k] = unknown()
			}
		}
	}
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
		Must: a.Must | b.Must, May: a.May | b.May,
		Sym: a.Sym, PMask: a.PMask, SymVia: a.SymVia, SymRead: a.SymRead, NSym: noInput,
		names: unionNames(a.names, b.names),
	}
	r.Unk = (a.Unk | b.Unk) &^ r.Must
	joinSym(&r, a, b)
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
	r.NSym = noInput
	r.AddrOf = ""
	r.Pointee = nil
	r.Obj = nil
	r.Nul = 0
	if r.Must != 0 {
		r.Nul = MayNonNull
	} else if r.May == 0 && r.Unk == 0 && (!r.Sym.Valid() || r.PMask == 0) {
		r.Nul = MayNull
	}
	if r.Sym.Valid() && r.PMask == 0 {
		r.Sym, r.SymVia, r.SymRead = noInput, nil, nil
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
	v := Val{May: 1, Sym: noInput, NSym: noInput, Nul: MayNull | MayNonNull}
	if o != nil {
		v.Origins = map[uint64]*Origin{1: o}
	}
	return v
}

// truth says whether v can be non-zero and whether it can be zero.
func truth(v Val) (canTrue, canFalse bool) {
	if v.NSym.Valid() {
		return true, true
	}
	if v.Nul != 0 {
		return v.Nul&(MayNonNull|NullUnknown) != 0, v.Nul&(MayNull|NullUnknown) != 0
	}
	canTrue = v.May|v.Unk != 0 || (v.Sym.Valid() && v.PMask != 0)
	canFalse = v.Must == 0
	return
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

func appendInput(b []byte, i Input) []byte {
	b = strconv.AppendInt(b, int64(i.param), 10)
	if i.Path != "" {
		b = append(b, '>')
		b = append(b, i.Path...)
	}
	return b
}

// appendKey appends a compact description without origins, for
// deduplicating worlds.
// hash is a hash of part of what appendKey encodes (merge).
func (v Val) hash() uint64 {
	h := v.Must ^ v.May*0x9e3779b97f4a7c15 ^ v.Unk*0xc2b2ae3d27d4eb4f ^ v.PMask*0x165667b19e3779f9
	h ^= uint64(v.Sym.param)<<48 ^ uint64(len(v.Sym.Path))<<40 ^ uint64(v.NSym.param)<<32 ^ uint64(len(v.NSym.Path))<<24
	h ^= uint64(v.Nul)<<16 ^ uint64(len(v.AddrOf))<<8
	if v.Open {
		h ^= 1
	}
	if v.Pointee != nil {
		h ^= 2 ^ v.Pointee.hash()*31
	}
	if v.Obj != nil {
		h ^= 4
	}
	if v.names != nil {
		h ^= 8
	}
	return h
}

func (v Val) appendKey(b []byte) []byte {
	b = strconv.AppendUint(b, v.Must, 16)
	b = append(b, '/')
	b = strconv.AppendUint(b, v.May, 16)
	b = append(b, '/')
	b = strconv.AppendUint(b, v.Unk, 16)
	b = append(b, '/')
	b = appendInput(b, v.Sym)
	b = append(b, '/')
	b = strconv.AppendUint(b, v.PMask, 16)
	b = append(b, '/', byte('0'+v.Nul), '/')
	b = appendInput(b, v.NSym)
	b = append(b, '/')
	b = append(b, v.AddrOf...)
	if v.Open {
		b = append(b, '!')
	}
	if v.Pointee != nil {
		b = append(b, '*')
		b = v.Pointee.appendKey(b)
	}
	b = v.Obj.appendKey(b)
	// names tell worlds apart: a world that holds FAULT_FLAG_WRITE is not
	// one that holds an unknown value
	return v.names.appendKey(b)
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
	if v.Sym.Valid() {
		parts = append(parts, fmt.Sprintf("%s&%#x", v.Sym, v.PMask))
	}
	if v.NSym.Valid() {
		parts = append(parts, fmt.Sprintf("null-of-%s", v.NSym))
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
	for _, o := range v.Foreign() {
		parts = append(parts, "name:"+o.Text)
	}
	sort.Strings(parts)
	return "{" + strings.Join(parts, " ") + "}"
}

// appendMemoKey appends v's key (appendKey) and where its bits came
// from (appendOriginsKey), for memo keys: values with the same bits from
// different places are explained differently.
func appendMemoKey(b []byte, v Val) []byte { return appendOriginsKey(v.appendKey(b), v) }

func appendOriginsKey(b []byte, v Val) []byte {
	ks := make([]uint64, 0, len(v.Origins))
	for k := range v.Origins {
		ks = append(ks, k)
	}
	sort.Slice(ks, func(i, j int) bool { return ks[i] < ks[j] })
	for _, bit := range ks {
		if o := v.Origins[bit]; o != nil {
			b = strconv.AppendUint(b, bit, 16)
			b = append(appendOriginAt(b, o), ',')
		}
	}
	for _, o := range []*Origin{v.NullAt, v.NonNullAt} {
		if o != nil {
			b = append(appendPos(append(b, "n@"...), o.Pos), ',')
		}
	}
	for _, h := range v.SymVia {
		b = appendHop(append(b, 'v'), h)
	}
	return b
}
