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
	switch n := n.(type) {
	case *Func:
		inspectBlock(n.Body, f)
	case *Block:
		for _, s := range n.Stmts {
			Inspect(s, f)
		}
	case *ExprStmt:
		inspectExpr(n.X, f)
	case *Decl:
		inspectExpr(n.Init, f)
		inspectList(n.List, f)
	case *If:
		inspectExpr(n.C, f)
		inspectStmt(n.Then, f)
		inspectStmt(n.Else, f)
	case *Switch:
		inspectExpr(n.Tag, f)
		inspectStmt(n.Body, f)
	case *Case:
		for _, v := range n.Vals {
			inspectExpr(v, f)
		}
		inspectStmt(n.Stmt, f)
	case *Label:
		inspectStmt(n.Stmt, f)
	case *Loop:
		inspectStmt(n.Init, f)
		inspectExpr(n.C, f)
		inspectExpr(n.Post, f)
		inspectStmt(n.Body, f)
	case *Return:
		inspectExpr(n.X, f)
	case *Unary:
		inspectExpr(n.X, f)
	case *Binary:
		inspectExpr(n.X, f)
		inspectExpr(n.Y, f)
	case *Assign:
		inspectExpr(n.L, f)
		inspectExpr(n.R, f)
	case *Cond:
		inspectExpr(n.C, f)
		inspectExpr(n.T, f)
		inspectExpr(n.F, f)
	case *Call:
		inspectExpr(n.Fun, f)
		for _, a := range n.Args {
			inspectExpr(a, f)
		}
	case *Member:
		inspectExpr(n.X, f)
	case *Index:
		inspectExpr(n.X, f)
		inspectExpr(n.I, f)
	case *Cast:
		inspectExpr(n.X, f)
	case *StmtExpr:
		inspectBlock(n.Body, f)
	case *CompLit:
		inspectList(n.Init, f)
	case *InitList:
		for _, e := range n.Elems {
			inspectExpr(e.Value, f)
			inspectList(e.Nested, f)
		}
	}
	f(nil)
}

// The typed helpers keep a nil child (a nil *Block in a Stmt, say) from
// reaching Inspect as a non-nil interface.
func inspectExpr(e Expr, f func(Node) bool) {
	if e != nil {
		Inspect(e, f)
	}
}

func inspectStmt(s Stmt, f func(Node) bool) {
	if s != nil {
		Inspect(s, f)
	}
}

func inspectBlock(b *Block, f func(Node) bool) {
	if b != nil {
		Inspect(b, f)
	}
}

func inspectList(il *InitList, f func(Node) bool) {
	if il != nil {
		Inspect(il, f)
	}
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
