package cparse

// Node is any node of gupvet's C syntax tree: an Expr, a Stmt, an
// *InitList or a *Func.
type Node interface{ Pos() Pos }

func (il *InitList) Pos() Pos { return il.P }
func (f *Func) Pos() Pos      { return f.P }

// Inspect traverses the tree rooted at n in depth-first source order, as
// go/ast.Inspect does: it calls f(n); if that returns true, it inspects
// each of n's children, then calls f(nil). It is the one walk over the
// tree: every statement, expression and initializer is visited, the
// values of brace initializers and compound literals included.
func Inspect(n Node, f func(Node) bool) {
	if isNil(n) || !f(n) {
		return
	}
	in := inspector(f)
	switch n := n.(type) {
	case Expr:
		n.exprFields(in)
	case Stmt:
		n.stmtFields(in)
	case *InitList:
		n.fields(in)
	case *Func:
		n.fields(in)
	}
	f(nil)
}

// An inspector is Inspect's visitor of a node's fields: it inspects the
// children, in the order of the node's field list, and passes over the
// rest.
type inspector func(Node) bool

func (in inspector) pos(*Pos) visitor        { return in }
func (in inspector) str(*string) visitor     { return in }
func (in inspector) strs(*[]string) visitor  { return in }
func (in inspector) bool(*bool) visitor      { return in }
func (in inspector) uint(*uint64) visitor    { return in }
func (in inspector) typ(*Type) visitor       { return in }
func (in inspector) params(*[]Param) visitor { return in }

func (in inspector) expr(x *Expr) visitor           { return in.node(*x) }
func (in inspector) stmt(s *Stmt) visitor           { return in.node(*s) }
func (in inspector) block(b **Block) visitor        { return in.node(*b) }
func (in inspector) initList(il **InitList) visitor { return in.node(*il) }
func (in inspector) exprs(xs *[]Expr) visitor       { return inspectAll(in, *xs) }
func (in inspector) stmts(ss *[]Stmt) visitor       { return inspectAll(in, *ss) }
func (in inspector) elems(els *[]InitElem) visitor {
	for i := range *els {
		(*els)[i].fields(in)
	}
	return in
}

// node inspects a child; Inspect passes over a nil one, typed or not.
func (in inspector) node(n Node) visitor {
	Inspect(n, in)
	return in
}

func inspectAll[T Node](in inspector, ns []T) visitor {
	for _, n := range ns {
		Inspect(n, in)
	}
	return in
}

// isNil reports whether n is nil or a typed nil pointer.
func isNil(n Node) bool {
	switch n := n.(type) {
	case nil:
		return true
	case *Block:
		return n == nil
	case *InitList:
		return n == nil
	case *Func:
		return n == nil
	}
	return false
}
