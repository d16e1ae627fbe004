package cparse

import "encoding/gob"

// The syntax tree holds interfaces; gob needs every concrete type, so that
// a Unit can be stored in the result cache.
func init() {
	for _, v := range []any{
		&Ident{}, &IntLit{}, &StrLit{}, &Unary{}, &Binary{}, &Assign{}, &Cond{}, &Call{},
		&Member{}, &Index{}, &Cast{}, &StmtExpr{}, &CompLit{}, &Opaque{},
		&Block{}, &ExprStmt{}, &Decl{}, &If{}, &Switch{}, &Case{}, &Label{}, &Loop{},
		&Return{}, &Goto{}, &Break{}, &Continue{}, &Other{},
	} {
		gob.Register(v)
	}
}
