package cparse

import "strings"

// ExprString renders an expression as C, for messages that quote code:
// operators spaced as the kernel writes them, parentheses where the tree
// nests, one line.
func ExprString(e Expr) string {
	var b strings.Builder
	writeExpr(&b, e, 0)
	return b.String()
}

// precedence of binary operators, higher binds tighter.
var precedence = map[string]int{
	",": 1, "||": 3, "&&": 4, "|": 5, "^": 6, "&": 7,
	"==": 8, "!=": 8, "<": 9, ">": 9, "<=": 9, ">=": 9,
	"<<": 10, ">>": 10, "+": 11, "-": 11, "*": 12, "/": 12, "%": 12,
}

func writeExpr(b *strings.Builder, e Expr, outer int) {
	switch e := e.(type) {
	case nil:
	case *Ident:
		b.WriteString(e.Name)
	case *IntLit:
		if e.Macro != "" {
			b.WriteString(e.Macro)
		} else {
			b.WriteString(e.Text)
		}
	case *StrLit:
		b.WriteString(e.Text)
	case *Opaque:
		b.WriteString(e.Text)
	case *Unary:
		switch e.Op {
		case "x++", "x--":
			writeExpr(b, e.X, 13)
			b.WriteString(e.Op[1:])
		default:
			b.WriteString(e.Op)
			writeExpr(b, e.X, 13)
		}
	case *Binary:
		p := precedence[e.Op]
		paren := p < outer
		if p < outer {
			b.WriteByte('(')
		}
		writeOperand(b, e.X, e.Op, p)
		if e.Op == "," {
			b.WriteString(", ")
		} else {
			b.WriteString(" " + e.Op + " ")
		}
		writeOperand(b, e.Y, e.Op, p+1)
		if paren {
			b.WriteByte(')')
		}
	case *Assign:
		writeExpr(b, e.L, 14)
		b.WriteString(" " + e.Op + " ")
		writeExpr(b, e.R, 2)
	case *Cond:
		if outer > 2 {
			b.WriteByte('(')
		}
		writeExpr(b, e.C, 3)
		b.WriteString(" ? ")
		writeExpr(b, e.T, 2)
		b.WriteString(" : ")
		writeExpr(b, e.F, 2)
		if outer > 2 {
			b.WriteByte(')')
		}
	case *Call:
		writeExpr(b, e.Fun, 14)
		b.WriteByte('(')
		for i, a := range e.Args {
			if i > 0 {
				b.WriteString(", ")
			}
			writeExpr(b, a, 2)
		}
		b.WriteByte(')')
	case *Member:
		writeExpr(b, e.X, 14)
		if e.Arrow {
			b.WriteString("->")
		} else {
			b.WriteByte('.')
		}
		b.WriteString(e.Name)
	case *Index:
		writeExpr(b, e.X, 14)
		b.WriteByte('[')
		writeExpr(b, e.I, 0)
		b.WriteByte(']')
	case *Cast:
		b.WriteString("(" + e.Type.Base + strings.Repeat(" *", e.Type.Ptr) + ")")
		writeExpr(b, e.X, 13)
	default:
		b.WriteString("…")
	}
}

// writeOperand writes an operand of op: a bitwise operation under another
// operator is parenthesised, as kernel code writes it (gcc's
// -Wparentheses), whatever precedence would allow.
func writeOperand(b *strings.Builder, e Expr, op string, p int) {
	if x, ok := e.(*Binary); ok && x.Op != op {
		switch x.Op {
		case "&", "|", "^", "<<", ">>":
			b.WriteByte('(')
			writeExpr(b, e, 0)
			b.WriteByte(')')
			return
		}
	}
	writeExpr(b, e, p)
}
