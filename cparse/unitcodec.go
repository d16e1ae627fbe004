package cparse

import "errors"
import "fmt"
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
//	byte, expressions and statements as a tag (tIdent ...; 0 for nil)
//	then their fields
//
// What a Unit does not export (the parse's own state) is not written, as
// gob did not write it.

const unitMagic = "cparse-unit-1\n"

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

// Tags of the node types.
const (
	_ byte = iota
	tIdent
	tIntLit
	tStrLit
	tUnary
	tBinary
	tAssign
	tCond
	tCall
	tMember
	tIndex
	tCast
	tStmtExpr
	tCompLit
	tOpaque
	tBlock
	tExprStmt
	tDecl
	tIf
	tSwitch
	tCase
	tLabel
	tLoop
	tReturn
	tGoto
	tBreak
	tContinue
	tOther
)

// encoder writes a unit's nodes; wire.Encoder its numbers and strings.
type encoder struct{ wire.Encoder }

func (e *encoder) strings(ss []string) {
	e.N(len(ss))
	for _, s := range ss {
		e.Str(s)
	}
}

func (e *encoder) pos(p Pos) { p.Encode(&e.Encoder) }

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

func (e *encoder) typ(t Type) {
	e.Str(t.Base)
	e.Int(int64(t.Ptr))
	e.Str(t.Struct)
	e.Bool(t.Array)
}

func (e *encoder) unit(u *Unit) {
	e.Str(u.Path)
	e.Int(int64(u.Mode))
	e.N(len(u.Funcs))
	for _, f := range u.Funcs {
		e.Bool(f != nil)
		if f != nil {
			e.fn(f)
		}
	}
	e.N(len(u.FieldInits))
	for _, fi := range u.FieldInits {
		e.Str(fi.Struct)
		e.Str(fi.Field)
		e.expr(fi.Value)
	}
	// in key order: the same unit, the same bytes
	keys := make([]string, 0, len(u.Structs))
	for k := range u.Structs {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	e.N(len(keys))
	for _, k := range keys {
		e.Str(k)
		e.strings(u.Structs[k])
	}
	e.N(len(u.Errors))
	for _, er := range u.Errors {
		e.Bool(er != nil)
		if er != nil {
			e.pos(er.Pos)
			e.Str(er.Msg)
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
	e.strings(u.Notes)
	e.strings(u.Deps)
	e.strings(u.HeaderOnly)
	e.Bool(u.Transient)
}

func (e *encoder) fn(f *Func) {
	e.pos(f.P)
	e.Str(f.Name)
	e.Bool(f.Static)
	e.Bool(f.Inline)
	e.N(len(f.Params))
	for _, p := range f.Params {
		e.Str(p.Name)
		e.typ(p.Type)
	}
	e.block(f.Body)
	e.Bool(f.Header)
}

func (e *encoder) exprs(xs []Expr) {
	e.N(len(xs))
	for _, x := range xs {
		e.expr(x)
	}
}

func (e *encoder) expr(x Expr) {
	switch x := x.(type) {
	case nil:
		e.Byte(0)
	case *Ident:
		e.Byte(tIdent)
		e.pos(x.P)
		e.Str(x.Name)
		e.Bool(x.Undeclared)
	case *IntLit:
		e.Byte(tIntLit)
		e.pos(x.P)
		e.Uint(x.Val)
		e.Str(x.Text)
		e.Str(x.Macro)
	case *StrLit:
		e.Byte(tStrLit)
		e.pos(x.P)
		e.Str(x.Text)
	case *Unary:
		e.Byte(tUnary)
		e.pos(x.P)
		e.Str(x.Op)
		e.expr(x.X)
	case *Binary:
		e.Byte(tBinary)
		e.pos(x.P)
		e.Str(x.Op)
		e.expr(x.X)
		e.expr(x.Y)
	case *Assign:
		e.Byte(tAssign)
		e.pos(x.P)
		e.Str(x.Op)
		e.expr(x.L)
		e.expr(x.R)
	case *Cond:
		e.Byte(tCond)
		e.pos(x.P)
		e.expr(x.C)
		e.expr(x.T)
		e.expr(x.F)
	case *Call:
		e.Byte(tCall)
		e.pos(x.P)
		e.expr(x.Fun)
		e.exprs(x.Args)
		e.pos(x.End)
	case *Member:
		e.Byte(tMember)
		e.pos(x.P)
		e.expr(x.X)
		e.Str(x.Name)
		e.Bool(x.Arrow)
	case *Index:
		e.Byte(tIndex)
		e.pos(x.P)
		e.expr(x.X)
		e.expr(x.I)
	case *Cast:
		e.Byte(tCast)
		e.pos(x.P)
		e.typ(x.Type)
		e.expr(x.X)
	case *StmtExpr:
		e.Byte(tStmtExpr)
		e.pos(x.P)
		e.block(x.Body)
	case *CompLit:
		e.Byte(tCompLit)
		e.pos(x.P)
		e.typ(x.Type)
		e.initList(x.Init)
	case *Opaque:
		e.Byte(tOpaque)
		e.pos(x.P)
		e.Str(x.Text)
	default:
		panic(fmt.Sprintf("cparse: no encoding for the expression %T", x))
	}
}

func (e *encoder) initList(l *InitList) {
	e.Bool(l != nil)
	if l == nil {
		return
	}
	e.pos(l.P)
	e.N(len(l.Elems))
	for _, el := range l.Elems {
		e.pos(el.P)
		e.strings(el.Fields)
		e.Bool(el.Index)
		e.expr(el.Value)
		e.initList(el.Nested)
	}
}

func (e *encoder) block(b *Block) {
	e.Bool(b != nil)
	if b == nil {
		return
	}
	e.pos(b.P)
	e.N(len(b.Stmts))
	for _, s := range b.Stmts {
		e.stmt(s)
	}
	e.pos(b.End)
}

func (e *encoder) stmt(s Stmt) {
	switch s := s.(type) {
	case nil:
		e.Byte(0)
	case *Block:
		e.Byte(tBlock)
		e.block(s)
	case *ExprStmt:
		e.Byte(tExprStmt)
		e.pos(s.P)
		e.expr(s.X)
	case *Decl:
		e.Byte(tDecl)
		e.pos(s.P)
		e.Str(s.Name)
		e.typ(s.Type)
		e.Bool(s.Static)
		e.expr(s.Init)
		e.initList(s.List)
	case *If:
		e.Byte(tIf)
		e.pos(s.P)
		e.expr(s.C)
		e.stmt(s.Then)
		e.stmt(s.Else)
	case *Switch:
		e.Byte(tSwitch)
		e.pos(s.P)
		e.expr(s.Tag)
		e.stmt(s.Body)
	case *Case:
		e.Byte(tCase)
		e.pos(s.P)
		e.exprs(s.Vals)
		e.stmt(s.Stmt)
	case *Label:
		e.Byte(tLabel)
		e.pos(s.P)
		e.Str(s.Name)
		e.stmt(s.Stmt)
	case *Loop:
		e.Byte(tLoop)
		e.pos(s.P)
		e.stmt(s.Init)
		e.expr(s.C)
		e.expr(s.Post)
		e.stmt(s.Body)
		e.Bool(s.DoWhile)
	case *Return:
		e.Byte(tReturn)
		e.pos(s.P)
		e.expr(s.X)
	case *Goto:
		e.Byte(tGoto)
		e.pos(s.P)
		e.Str(s.Label)
	case *Break:
		e.Byte(tBreak)
		e.pos(s.P)
	case *Continue:
		e.Byte(tContinue)
		e.pos(s.P)
	case *Other:
		e.Byte(tOther)
		e.pos(s.P)
	default:
		panic(fmt.Sprintf("cparse: no encoding for the statement %T", s))
	}
}

// decoder reads what encoder wrote (wire.Decoder: the first error stops
// it, UnmarshalBinary reports it).
type decoder struct{ *wire.Decoder }

func (d *decoder) strings() []string { return wire.List(d.Decoder, 1, d.Str) }

func (d *decoder) pos() Pos { return DecodePos(d.Decoder) }

func (d *decoder) typ() Type {
	t := Type{Base: d.Str()}
	t.Ptr = int(d.Int32())
	t.Struct = d.Str()
	t.Array = d.Bool()
	return t
}

func (d *decoder) unit(u *Unit) {
	u.Path = d.Str()
	u.Mode = Mode(d.Int32())
	u.Funcs = wire.List(d.Decoder, 1, func() *Func {
		if d.Bool() {
			return d.fn()
		}
		return nil
	})
	u.FieldInits = wire.List(d.Decoder, 3, func() FieldInit { return FieldInit{Struct: d.Str(), Field: d.Str(), Value: d.expr()} })
	if n := d.Count(2); n > 0 {
		u.Structs = make(map[string][]string, n)
		for range n {
			k := d.Str()
			u.Structs[k] = d.strings()
		}
	}
	u.Errors = wire.List(d.Decoder, 1, func() *Error {
		if d.Bool() {
			return &Error{Pos: d.pos(), Msg: d.Str()}
		}
		return nil
	})
	u.Partial = d.Bool()
	u.Lost = wire.List(d.Decoder, 4, func() LineRange { return LineRange{File: d.Str(), From: d.Int32(), To: d.Int32(), Why: d.Str()} })
	u.Notes = d.strings()
	u.Deps = d.strings()
	u.HeaderOnly = d.strings()
	u.Transient = d.Bool()
}

func (d *decoder) fn() *Func {
	f := &Func{P: d.pos(), Name: d.Str(), Static: d.Bool(), Inline: d.Bool()}
	if n := d.Count(5); n > 0 {
		f.Params = make([]Param, n)
		for i := range f.Params {
			f.Params[i] = Param{Name: d.Str(), Type: d.typ()}
		}
	}
	f.Body = d.block()
	f.Header = d.Bool()
	return f
}

func (d *decoder) exprs() []Expr {
	n := d.Count(1)
	if n == 0 {
		return nil
	}
	xs := make([]Expr, n)
	for i := range xs {
		xs[i] = d.expr()
	}
	return xs
}

func (d *decoder) expr() Expr {
	switch t := d.Byte(); t {
	case 0:
		return nil
	case tIdent:
		return &Ident{P: d.pos(), Name: d.Str(), Undeclared: d.Bool()}
	case tIntLit:
		return &IntLit{P: d.pos(), Val: d.Uint(), Text: d.Str(), Macro: d.Str()}
	case tStrLit:
		return &StrLit{P: d.pos(), Text: d.Str()}
	case tUnary:
		return &Unary{P: d.pos(), Op: d.Str(), X: d.expr()}
	case tBinary:
		return &Binary{P: d.pos(), Op: d.Str(), X: d.expr(), Y: d.expr()}
	case tAssign:
		return &Assign{P: d.pos(), Op: d.Str(), L: d.expr(), R: d.expr()}
	case tCond:
		return &Cond{P: d.pos(), C: d.expr(), T: d.expr(), F: d.expr()}
	case tCall:
		return &Call{P: d.pos(), Fun: d.expr(), Args: d.exprs(), End: d.pos()}
	case tMember:
		return &Member{P: d.pos(), X: d.expr(), Name: d.Str(), Arrow: d.Bool()}
	case tIndex:
		return &Index{P: d.pos(), X: d.expr(), I: d.expr()}
	case tCast:
		return &Cast{P: d.pos(), Type: d.typ(), X: d.expr()}
	case tStmtExpr:
		return &StmtExpr{P: d.pos(), Body: d.block()}
	case tCompLit:
		return &CompLit{P: d.pos(), Type: d.typ(), Init: d.initList()}
	case tOpaque:
		return &Opaque{P: d.pos(), Text: d.Str()}
	default:
		d.Fail(fmt.Sprintf("bad expression tag %d", t))
		return nil
	}
}

func (d *decoder) initList() *InitList {
	if !d.Bool() {
		return nil
	}
	l := &InitList{P: d.pos()}
	if n := d.Count(6); n > 0 {
		l.Elems = make([]InitElem, n)
		for i := range l.Elems {
			l.Elems[i] = InitElem{P: d.pos(), Fields: d.strings(), Index: d.Bool(), Value: d.expr(), Nested: d.initList()}
		}
	}
	return l
}

func (d *decoder) block() *Block {
	if !d.Bool() {
		return nil
	}
	b := &Block{P: d.pos()}
	if n := d.Count(1); n > 0 {
		b.Stmts = make([]Stmt, n)
		for i := range b.Stmts {
			b.Stmts[i] = d.stmt()
		}
	}
	b.End = d.pos()
	return b
}

func (d *decoder) stmt() Stmt {
	switch t := d.Byte(); t {
	case 0:
		return nil
	case tBlock:
		if b := d.block(); b != nil {
			return b
		}
		d.Fail("a block statement without its block")
		return nil
	case tExprStmt:
		return &ExprStmt{P: d.pos(), X: d.expr()}
	case tDecl:
		return &Decl{P: d.pos(), Name: d.Str(), Type: d.typ(), Static: d.Bool(), Init: d.expr(), List: d.initList()}
	case tIf:
		return &If{P: d.pos(), C: d.expr(), Then: d.stmt(), Else: d.stmt()}
	case tSwitch:
		return &Switch{P: d.pos(), Tag: d.expr(), Body: d.stmt()}
	case tCase:
		return &Case{P: d.pos(), Vals: d.exprs(), Stmt: d.stmt()}
	case tLabel:
		return &Label{P: d.pos(), Name: d.Str(), Stmt: d.stmt()}
	case tLoop:
		return &Loop{P: d.pos(), Init: d.stmt(), C: d.expr(), Post: d.expr(), Body: d.stmt(), DoWhile: d.Bool()}
	case tReturn:
		return &Return{P: d.pos(), X: d.expr()}
	case tGoto:
		return &Goto{P: d.pos(), Label: d.Str()}
	case tBreak:
		return &Break{P: d.pos()}
	case tContinue:
		return &Continue{P: d.pos()}
	case tOther:
		return &Other{P: d.pos()}
	default:
		d.Fail(fmt.Sprintf("bad statement tag %d", t))
		return nil
	}
}
