package cparse

import "testing"

func TestExprString(t *testing.T) {
	for _, src := range []string{
		"!(gup_flags & FOLL_PIN) && (gup_flags & FOLL_LONGTERM)",
		"(gup_flags & (FOLL_PIN | FOLL_GET)) == (FOLL_PIN | FOLL_GET)",
		"gup_flags & ~(FOLL_WRITE | FOLL_LONGTERM)",
		"*locked != 1",
		"!!pages != !!(gup_flags & (FOLL_GET | FOLL_PIN))",
		"a ? b : c",
		"f(x, y->z, w[1])",
	} {
		u, err := ParseText("x.c", []byte("int f(void) { return "+src+"; }\n"), Options{Mode: Tolerant, Whole: true})
		if err != nil || len(u.Funcs) != 1 {
			t.Fatalf("%s: %v", src, err)
		}
		var r *Return
		for _, st := range u.Funcs[0].Body.Stmts {
			if x, ok := st.(*Return); ok {
				r = x
			}
		}
		if r == nil {
			t.Fatalf("%s: no return in %#v", src, u.Funcs[0].Body.Stmts)
		}
		if got := ExprString(r.X); got != src {
			t.Errorf("ExprString = %q, want %q", got, src)
		}
	}
}
