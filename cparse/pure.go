package cparse

// Pure reports whether evaluating e twice changes nothing and gives the
// same value both times: it names variables, members and constants, with
// no call, assignment, increment or decrement, statement expression, or
// compound literal (a new object each time).
func Pure(e Expr) bool {
	ok := true
	Inspect(e, func(n Node) bool {
		switch x := n.(type) {
		case *Call, *Assign, *StmtExpr, *CompLit:
			ok = false
		case *Unary:
			if x.Op == "++" || x.Op == "--" || x.Op == "x++" || x.Op == "x--" {
				ok = false
			}
		}
		return ok
	})
	return ok
}

// IsZero reports whether e is written as a null constant: 0 or NULL,
// possibly cast ((void *)0, (struct page **)NULL).
func IsZero(e Expr) bool {
	switch x := e.(type) {
	case *IntLit:
		return x.Val == 0
	case *Cast:
		return IsZero(x.X)
	case *Ident:
		return x.Name == "NULL"
	}
	return false
}

// ComparedToZero is the side of b that b compares with a null constant
// (x == 0, NULL != x: x), or nil when neither side is one. With both, it
// is the left.
func ComparedToZero(b *Binary) Expr {
	switch {
	case IsZero(b.Y):
		return b.X
	case IsZero(b.X):
		return b.Y
	}
	return nil
}
