package cparse

import "testing"

import "modernc.org/cc/v4"

// TestLadder holds cc/v4 to what ladder assumes: each binary level passes
// through to the level below at Case 0, and every level is in the table.
func TestLadder(t *testing.T) {
	pass := []int{
		int(cc.LogicalOrExpressionLAnd), int(cc.LogicalAndExpressionOr), int(cc.InclusiveOrExpressionXor),
		int(cc.ExclusiveOrExpressionAnd), int(cc.AndExpressionEq), int(cc.EqualityExpressionRel),
		int(cc.RelationalExpressionShift), int(cc.ShiftExpressionAdd), int(cc.AdditiveExpressionMul),
		int(cc.MultiplicativeExpressionCast),
	}
	for i, c := range pass {
		if c != 0 {
			t.Errorf("level %d of the ladder passes through at Case %d, not 0", i, c)
		}
	}
	if len(ladder) != len(pass) {
		t.Errorf("ladder has %d levels, want %d", len(ladder), len(pass))
	}
}

// TestLadderLowers checks each level's operator and operand order.
func TestLadderLowers(t *testing.T) {
	src := "int f(int a, int b, int c) { return a || b && c | a ^ b & c == a < b << c + a * b; }"
	u, err := ParseText("l.c", []byte(src), Options{Mode: Tolerant})
	if err != nil {
		t.Fatal(err)
	}
	var got string
	Inspect(u.Funcs[0].Body, func(n Node) bool {
		if r, ok := n.(*Return); ok {
			got = nest(r.X)
		}
		return true
	})
	const want = "(a || (b && (c | (a ^ (b & (c == (a < (b << (c + (a * b))))))))))"
	if got != want {
		t.Errorf("lowered %q, want %q", got, want)
	}
}

// nest prints a tree of binary operators over names, fully parenthesised.
func nest(e Expr) string {
	switch e := e.(type) {
	case *Binary:
		return "(" + nest(e.X) + " " + e.Op + " " + nest(e.Y) + ")"
	case *Ident:
		return e.Name
	}
	return "?"
}
