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
