package cparse

import "errors"
import "fmt"
import "reflect"
import "slices"

import "gupvet/internal/wire"

// A Unit crosses two boundaries on its way to the analyses: from a parse
// worker to the driver, and through the result cache, where a warm run
// reads every unit of the tree. Both go through encoding/gob, which calls
// MarshalBinary and UnmarshalBinary below: gupvet's own format (internal/wire),
// where every string (a position's file above all, in every node) is
// written once in a table and every node is a tag byte and its fields.
// gob's reflection wrote each position's file again and named the type of
// every interface value it met. Measured on 6.12: the cache's units 9.0
// MB -> 2.8 MB, a warm run's reading of them 0.21 -> 0.13 s, a cold run
// in a git checkout 4.43 -> 4.11 s (medians of 5, alternating).
//
//	unitMagic
//	the strings: their number, then each one's length and bytes (uvarints)
//	the unit's fields, in the order encoder.unit writes them: strings as
//	their index in the table, integers as varints, booleans as a byte,
//	lists as their length then their elements, pointers as a presence
//	byte, expressions and statements as a tag (their kind's index in
//	nodeKinds, fields.go; 0 for nil) then their fields in the order of
//	the kind's field list
//
// What a Unit does not export (the parse's own state) is not written, as
// gob did not write it.

const unitMagic = "cparse-unit-2\n"

// MarshalBinary encodes u (encoding.BinaryMarshaler, which gob uses).
func (u *Unit) MarshalBinary() ([]byte, error) {
	var e encoder
	e.unit(u)
	return e.Bytes(unitMagic), nil
}

// UnmarshalBinary decodes what MarshalBinary wrote into u; anything else
// (another version's entry, a damaged file) is an error, and u is left
// as it was.
func (u *Unit) UnmarshalBinary(b []byte) error {
	d := decoder{wire.NewDecoder(b, unitMagic)}
	if errors.Is(d.Err(false), wire.ErrFormat) {
		return errUnitFormat
	}
	var v Unit
	d.unit(&v)
	if err := d.Err(true); err != nil {
		return fmt.Errorf("%w: %v", errUnitFormat, err)
	}
	*u = v
	return nil
}

var errUnitFormat = errors.New("not a cparse unit of this version")

// encoder writes a unit; as the visitor of a node's fields (fields.go) it
// writes each field, wire.Encoder its numbers and strings.
type encoder struct{ wire.Encoder }

// Encode writes p in wire's form (its file through the string table):
// the one form of a position in gupvet's codecs (DecodePos reads it).
func (p Pos) Encode(e *wire.Encoder) {
	e.Str(p.File)
	e.Int(int64(p.Line))
	e.Int(int64(p.Col))
}

// DecodePos reads what Pos.Encode wrote.
func DecodePos(d *wire.Decoder) Pos {
	return Pos{File: d.Str(), Line: d.Int32(), Col: d.Int32()}
}

func (e *encoder) unit(u *Unit) {
	e.Str(u.Path)
	e.Int(int64(u.Mode))
	e.N(len(u.Funcs))
	for _, f := range u.Funcs {
		if e.Has(f != nil) {
			f.fields(e)
		}
	}
	e.N(len(u.FieldInits))
	for _, fi := range u.FieldInits {
		e.str(&fi.Struct).str(&fi.Field).expr(&fi.Value)
	}
	// in key order: the same unit, the same bytes
	keys := make([]string, 0, len(u.Structs))
	for k := range u.Structs {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	e.N(len(keys))
	for _, k := range keys {
		fields := u.Structs[k]
		e.str(&k).strs(&fields)
	}
	e.N(len(u.Errors))
	for _, er := range u.Errors {
		if e.Has(er != nil) {
			e.pos(&er.Pos).str(&er.Msg)
		}
	}
	e.Bool(u.Partial)
	e.N(len(u.Lost))
	for _, l := range u.Lost {
		e.Str(l.File)
		e.Int(int64(l.From))
		e.Int(int64(l.To))
		e.Str(l.Why)
	}
	e.strs(&u.Notes).strs(&u.Deps).strs(&u.HeaderOnly).bool(&u.Transient)
}

// kindTags are nodeKinds' tags by the type of node.
var kindTags = func() map[reflect.Type]byte {
	m := make(map[reflect.Type]byte, len(nodeKinds))
	for t, mk := range nodeKinds[1:] {
		m[reflect.TypeOf(mk())] = byte(t + 1)
	}
	return m
}()

// tag writes n's kind (0 for nil), or fails for a type nodeKinds lacks.
func (e *encoder) tag(n Node) bool {
	if n == nil {
		e.Byte(0)
		return false
	}
	t, ok := kindTags[reflect.TypeOf(n)]
	if !ok {
		panic(fmt.Sprintf("cparse: no encoding for the node %T", n))
	}
	e.Byte(t)
	return true
}

func (e *encoder) pos(p *Pos) visitor     { p.Encode(&e.Encoder); return e }
func (e *encoder) str(s *string) visitor  { e.Str(*s); return e }
func (e *encoder) bool(b *bool) visitor   { e.Bool(*b); return e }
func (e *encoder) uint(u *uint64) visitor { e.Uint(*u); return e }

func (e *encoder) strs(ss *[]string) visitor {
	e.N(len(*ss))
	for _, s := range *ss {
		e.Str(s)
	}
	return e
}

func (e *encoder) typ(t *Type) visitor {
	e.Str(t.Base)
	e.Int(int64(t.Ptr))
	e.Str(t.Struct)
	e.Bool(t.Array)
	return e
}

func (e *encoder) expr(x *Expr) visitor {
	if e.tag(*x) {
		(*x).exprFields(e)
	}
	return e
}

func (e *encoder) stmt(s *Stmt) visitor {
	if e.tag(*s) {
		(*s).stmtFields(e)
	}
	return e
}

func (e *encoder) exprs(xs *[]Expr) visitor { return each(e, *xs, func(x *Expr) { e.expr(x) }) }

func (e *encoder) stmts(ss *[]Stmt) visitor { return each(e, *ss, func(x *Stmt) { e.stmt(x) }) }

// each writes a list: its length, then each element.
func each[T any](e *encoder, xs []T, one func(*T)) visitor {
	e.N(len(xs))
	for i := range xs {
		one(&xs[i])
	}
	return e
}

// block and initList write a presence byte, then the fields.
func (e *encoder) block(b **Block) visitor {
	if e.Has(*b != nil) {
		(*b).stmtFields(e)
	}
	return e
}

func (e *encoder) initList(il **InitList) visitor {
	if e.Has(*il != nil) {
		(*il).fields(e)
	}
	return e
}

func (e *encoder) elems(els *[]InitElem) visitor {
	return each(e, *els, func(x *InitElem) { x.fields(e) })
}

func (e *encoder) params(ps *[]Param) visitor { return each(e, *ps, func(x *Param) { x.fields(e) }) }

// decoder reads what encoder wrote, filling each field it is given
// (wire.Decoder: the first error stops it, UnmarshalBinary reports it).
type decoder struct{ *wire.Decoder }

func (d *decoder) unit(u *Unit) {
	u.Path = d.Str()
	u.Mode = Mode(d.Int32())
	u.Funcs = wire.List(d.Decoder, 1, func() *Func {
		if !d.Bool() {
			return nil
		}
		f := &Func{}
		f.fields(d)
		return f
	})
	u.FieldInits = wire.List(d.Decoder, 3, func() (fi FieldInit) {
		d.str(&fi.Struct).str(&fi.Field).expr(&fi.Value)
		return fi
	})
	if n := d.Count(2); n > 0 {
		u.Structs = make(map[string][]string, n)
		for range n {
			k := d.Str()
			u.Structs[k] = wire.List(d.Decoder, 1, d.Str)
		}
	}
	u.Errors = wire.List(d.Decoder, 1, func() *Error {
		if !d.Bool() {
			return nil
		}
		er := &Error{}
		d.pos(&er.Pos).str(&er.Msg)
		return er
	})
	u.Partial = d.Bool()
	u.Lost = wire.List(d.Decoder, 4, func() LineRange { return LineRange{File: d.Str(), From: d.Int32(), To: d.Int32(), Why: d.Str()} })
	d.strs(&u.Notes).strs(&u.Deps).strs(&u.HeaderOnly).bool(&u.Transient)
}

// node reads a tag and makes the node it names (nil for 0, and for a
// tag nodeKinds lacks, with the decoder failed).
func (d *decoder) node() Node {
	t := d.Byte()
	if t == 0 {
		return nil
	}
	if int(t) >= len(nodeKinds) {
		d.Fail(fmt.Sprintf("bad node tag %d", t))
		return nil
	}
	return nodeKinds[t]()
}

func (d *decoder) pos(p *Pos) visitor     { *p = DecodePos(d.Decoder); return d }
func (d *decoder) str(s *string) visitor  { *s = d.Str(); return d }
func (d *decoder) bool(b *bool) visitor   { *b = d.Bool(); return d }
func (d *decoder) uint(u *uint64) visitor { *u = d.Uint(); return d }
func (d *decoder) strs(ss *[]string) visitor {
	*ss = wire.List(d.Decoder, 1, d.Str)
	return d
}

func (d *decoder) typ(t *Type) visitor {
	*t = Type{Base: d.Str(), Ptr: int(d.Int32()), Struct: d.Str(), Array: d.Bool()}
	return d
}

func (d *decoder) expr(x *Expr) visitor {
	if n, ok := kindOf[Expr](d); ok {
		n.exprFields(d)
		*x = n
	}
	return d
}

func (d *decoder) stmt(s *Stmt) visitor {
	if n, ok := kindOf[Stmt](d); ok {
		n.stmtFields(d)
		*s = n
	}
	return d
}

// kindOf reads a node that is to be a T: false for nil, and for a node
// of another kind (an expression where a statement goes), with d failed.
func kindOf[T Node](d *decoder) (T, bool) {
	n := d.node()
	t, ok := n.(T)
	if n != nil && !ok {
		d.Fail(fmt.Sprintf("a %T where a %v goes", n, reflect.TypeFor[T]()))
	}
	return t, ok
}

func (d *decoder) exprs(xs *[]Expr) visitor {
	*xs = wire.Fill(d.Decoder, 1, func(x *Expr) { d.expr(x) })
	return d
}

func (d *decoder) stmts(ss *[]Stmt) visitor {
	*ss = wire.Fill(d.Decoder, 1, func(x *Stmt) { d.stmt(x) })
	return d
}

func (d *decoder) block(b **Block) visitor {
	if d.Bool() {
		*b = &Block{}
		(*b).stmtFields(d)
	}
	return d
}

func (d *decoder) initList(il **InitList) visitor {
	if d.Bool() {
		*il = &InitList{}
		(*il).fields(d)
	}
	return d
}

func (d *decoder) elems(els *[]InitElem) visitor {
	*els = wire.Fill(d.Decoder, 6, func(x *InitElem) { x.fields(d) })
	return d
}

func (d *decoder) params(ps *[]Param) visitor {
	*ps = wire.Fill(d.Decoder, 5, func(x *Param) { x.fields(d) })
	return d
}
