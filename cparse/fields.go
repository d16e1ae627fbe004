package cparse

// The fields of each node, in order: the one list of them. The unit codec
// (unitcodec.go) writes and reads a node by giving its list an encoder or
// a decoder, and Inspect walks the tree by giving it an inspector, so a
// field added to a node here is encoded, decoded and inspected, and one
// left out of its line is caught by the codec's round-trip test (which
// fills every exported field by reflection).
//
// Each visitor method takes the field's address and returns the visitor,
// so that a node's list reads as one line.
type visitor interface {
	pos(*Pos) visitor
	str(*string) visitor
	strs(*[]string) visitor
	bool(*bool) visitor
	uint(*uint64) visitor
	typ(*Type) visitor
	expr(*Expr) visitor
	exprs(*[]Expr) visitor
	stmt(*Stmt) visitor
	stmts(*[]Stmt) visitor
	block(**Block) visitor
	initList(**InitList) visitor
	elems(*[]InitElem) visitor
	params(*[]Param) visitor
}

func (x *Ident) exprFields(v visitor)    { v.pos(&x.P).str(&x.Name).bool(&x.Undeclared) }
func (x *IntLit) exprFields(v visitor)   { v.pos(&x.P).uint(&x.Val).str(&x.Text).str(&x.Macro) }
func (x *StrLit) exprFields(v visitor)   { v.pos(&x.P).str(&x.Text) }
func (x *Unary) exprFields(v visitor)    { v.pos(&x.P).str(&x.Op).expr(&x.X) }
func (x *Binary) exprFields(v visitor)   { v.pos(&x.P).str(&x.Op).expr(&x.X).expr(&x.Y) }
func (x *Assign) exprFields(v visitor)   { v.pos(&x.P).str(&x.Op).expr(&x.L).expr(&x.R) }
func (x *Cond) exprFields(v visitor)     { v.pos(&x.P).expr(&x.C).expr(&x.T).expr(&x.F) }
func (x *Call) exprFields(v visitor)     { v.pos(&x.P).expr(&x.Fun).exprs(&x.Args).pos(&x.End) }
func (x *Member) exprFields(v visitor)   { v.pos(&x.P).expr(&x.X).str(&x.Name).bool(&x.Arrow) }
func (x *Index) exprFields(v visitor)    { v.pos(&x.P).expr(&x.X).expr(&x.I) }
func (x *Cast) exprFields(v visitor)     { v.pos(&x.P).typ(&x.Type).expr(&x.X) }
func (x *StmtExpr) exprFields(v visitor) { v.pos(&x.P).block(&x.Body) }
func (x *CompLit) exprFields(v visitor)  { v.pos(&x.P).typ(&x.Type).initList(&x.Init) }
func (x *Opaque) exprFields(v visitor)   { v.pos(&x.P).str(&x.Text) }

func (s *Block) stmtFields(v visitor)    { v.pos(&s.P).stmts(&s.Stmts).pos(&s.End) }
func (s *ExprStmt) stmtFields(v visitor) { v.pos(&s.P).expr(&s.X) }
func (s *Decl) stmtFields(v visitor) {
	v.pos(&s.P).str(&s.Name).typ(&s.Type).bool(&s.Static).expr(&s.Init).initList(&s.List)
}
func (s *If) stmtFields(v visitor)     { v.pos(&s.P).expr(&s.C).stmt(&s.Then).stmt(&s.Else) }
func (s *Switch) stmtFields(v visitor) { v.pos(&s.P).expr(&s.Tag).stmt(&s.Body) }
func (s *Case) stmtFields(v visitor)   { v.pos(&s.P).exprs(&s.Vals).stmt(&s.Stmt) }
func (s *Label) stmtFields(v visitor)  { v.pos(&s.P).str(&s.Name).stmt(&s.Stmt) }
func (s *Loop) stmtFields(v visitor) {
	v.pos(&s.P).stmt(&s.Init).expr(&s.C).expr(&s.Post).stmt(&s.Body).bool(&s.DoWhile)
}
func (s *Return) stmtFields(v visitor)   { v.pos(&s.P).expr(&s.X) }
func (s *Goto) stmtFields(v visitor)     { v.pos(&s.P).str(&s.Label) }
func (s *Break) stmtFields(v visitor)    { v.pos(&s.P) }
func (s *Continue) stmtFields(v visitor) { v.pos(&s.P) }
func (s *Other) stmtFields(v visitor)    { v.pos(&s.P) }

func (il *InitList) fields(v visitor) { v.pos(&il.P).elems(&il.Elems) }
func (el *InitElem) fields(v visitor) {
	v.pos(&el.P).strs(&el.Fields).bool(&el.Index).expr(&el.Value).initList(&el.Nested)
}
func (p *Param) fields(v visitor) { v.str(&p.Name).typ(&p.Type) }
func (f *Func) fields(v visitor) {
	v.pos(&f.P).str(&f.Name).bool(&f.Static).bool(&f.Inline).params(&f.Params).block(&f.Body).bool(&f.Header)
}

// mk makes a node of type T: nodeKinds' entries.
func mk[T any, P interface {
	*T
	Node
}]() Node {
	return P(new(T))
}

// nodeKinds are the expression and statement types by their tag in the
// unit codec (the index; 0 is nil). The tags are the wire format: a new
// kind goes at the end, with a new unitMagic.
var nodeKinds = [...]func() Node{nil,
	mk[Ident], mk[IntLit], mk[StrLit], mk[Unary], mk[Binary], mk[Assign], mk[Cond], mk[Call],
	mk[Member], mk[Index], mk[Cast], mk[StmtExpr], mk[CompLit], mk[Opaque],
	mk[Block], mk[ExprStmt], mk[Decl], mk[If], mk[Switch], mk[Case], mk[Label], mk[Loop],
	mk[Return], mk[Goto], mk[Break], mk[Continue], mk[Other],
}
