package cparse

import "testing"

func TestPure(t *testing.T) {
	x, one := &Ident{Name: "x"}, &IntLit{Val: 1}
	for _, c := range []struct {
		what string
		e    Expr
		want bool
	}{
		{"x->m[1] & FOO", &Binary{Op: "&", X: &Index{X: &Member{X: x, Name: "m", Arrow: true}, I: one}, Y: &Ident{Name: "FOO"}}, true},
		{"!*p", &Unary{Op: "!", X: &Unary{Op: "*", X: &Ident{Name: "p"}}}, true},
		{"nil", nil, true},
		{"f(x) + 1", &Binary{Op: "+", X: &Call{Fun: &Ident{Name: "f"}, Args: []Expr{x}}, Y: one}, false},
		{"x = 1", &Assign{Op: "=", L: x, R: one}, false},
		{"(x++)->m", &Member{X: &Unary{Op: "x++", X: x}, Name: "m", Arrow: true}, false},
		{"--x", &Unary{Op: "--", X: x}, false},
		{"({ x; })", &StmtExpr{Body: &Block{}}, false},
		{"&(struct s){ 0 }", &Unary{Op: "&", X: &CompLit{}}, false},
	} {
		if got := Pure(c.e); got != c.want {
			t.Errorf("Pure(%s) = %v, want %v", c.what, got, c.want)
		}
	}
}

func TestIsZero(t *testing.T) {
	for _, c := range []struct {
		what string
		e    Expr
		want bool
	}{
		{"0", &IntLit{Val: 0, Text: "0"}, true},
		{"NULL", &Ident{Name: "NULL"}, true},
		{"(struct page **)NULL", &Cast{X: &Ident{Name: "NULL"}}, true},
		{"(void *)(long)0", &Cast{X: &Cast{X: &IntLit{}}}, true},
		{"1", &IntLit{Val: 1}, false},
		{"pages", &Ident{Name: "pages"}, false},
		{"nil", nil, false},
	} {
		if got := IsZero(c.e); got != c.want {
			t.Errorf("IsZero(%s) = %v, want %v", c.what, got, c.want)
		}
	}
}

func TestComparedToZero(t *testing.T) {
	x, zero, null := &Ident{Name: "x"}, &IntLit{Text: "0"}, &Ident{Name: "NULL"}
	for _, c := range []struct {
		what string
		b    *Binary
		want Expr
	}{
		{"x == 0", &Binary{Op: "==", X: x, Y: zero}, x},
		{"NULL != x", &Binary{Op: "!=", X: null, Y: x}, x},
		{"x == x", &Binary{Op: "==", X: x, Y: x}, nil},
		{"0 == NULL", &Binary{Op: "==", X: zero, Y: null}, zero},
	} {
		if got := ComparedToZero(c.b); got != c.want {
			t.Errorf("ComparedToZero(%s) = %v, want %v", c.what, got, c.want)
		}
	}
}
