package flagflow

import "gupvet/cparse"

// walkStmts calls fs for every statement and fe for every expression under
// s, in source order.
func walkStmts(s cparse.Stmt, fs func(cparse.Stmt), fe func(cparse.Expr)) {
	var ws func(s cparse.Stmt)
	var we func(e cparse.Expr)
	we = func(e cparse.Expr) {
		if e == nil {
			return
		}
		fe(e)
		switch e := e.(type) {
		case *cparse.Unary:
			we(e.X)
		case *cparse.Binary:
			we(e.X)
			we(e.Y)
		case *cparse.Assign:
			we(e.L)
			we(e.R)
		case *cparse.Cond:
			we(e.C)
			we(e.T)
			we(e.F)
		case *cparse.Call:
			we(e.Fun)
			for _, a := range e.Args {
				we(a)
			}
		case *cparse.Member:
			we(e.X)
		case *cparse.Index:
			we(e.X)
			we(e.I)
		case *cparse.Cast:
			we(e.X)
		case *cparse.StmtExpr:
			ws(e.Body)
		}
	}
	ws = func(s cparse.Stmt) {
		if s == nil {
			return
		}
		fs(s)
		switch s := s.(type) {
		case *cparse.Block:
			if s == nil {
				return
			}
			for _, x := range s.Stmts {
				ws(x)
			}
		case *cparse.ExprStmt:
			we(s.X)
		case *cparse.Decl:
			we(s.Init)
		case *cparse.If:
			we(s.C)
			ws(s.Then)
			ws(s.Else)
		case *cparse.Switch:
			we(s.Tag)
			ws(s.Body)
		case *cparse.Case:
			ws(s.Stmt)
		case *cparse.Label:
			ws(s.Stmt)
		case *cparse.Loop:
			ws(s.Init)
			we(s.C)
			we(s.Post)
			ws(s.Body)
		case *cparse.Return:
			we(s.X)
		}
	}
	if b, ok := s.(*cparse.Block); ok && b == nil {
		return
	}
	ws(s)
}
