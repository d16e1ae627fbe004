package jumps

import "reflect"
import "testing"

import "gupvet/cparse"

// A loop's body runs at most twice; paths leave where the condition is
// false (on entry, after each iteration) and at a break. Paths are
// strings here: the letters of the statements they went through.
func TestLoop(t *testing.T) {
	cond := &cparse.Ident{Name: "c"}
	body := &cparse.ExprStmt{X: &cparse.Ident{Name: "b"}}
	var j Jumps[string]
	var enters, conds int
	op := LoopOps[string]{
		Exec: func(s cparse.Stmt, ws []string) []string {
			if s == nil {
				return ws
			}
			var out []string
			for _, w := range ws {
				out = append(out, w+"b")
			}
			if len(out) > 0 && out[0] == "ibb" {
				j.Take(&cparse.Break{}, []string{"ibb!"}) // a break in the second iteration
			}
			return out
		},
		Cond: func(_ cparse.Expr, w string) (tr, f []string) {
			conds++
			return []string{w}, []string{w + "-"}
		},
		Enter: func(_ cparse.Expr, w string) (tr, f []string) {
			enters++
			return []string{w}, []string{w + "<"}
		},
		Post:  func(_ cparse.Expr, ws []string) []string { return ws },
		Merge: func(ws []string) []string { return ws },
	}
	got := Loop(&j, &cparse.Loop{C: cond, Body: body}, []string{"i"}, op)
	want := []string{"i<", "ib<", "ibb!", "ibb-"}
	if !reflect.DeepEqual(got, want) || enters != 2 || conds != 1 {
		t.Errorf("paths out %q, enters %d, exit conditions %d; want %q, 2, 1", got, enters, conds, want)
	}
	// do-while: the first iteration runs without the condition
	enters, conds = 0, 0
	got = Loop(&j, &cparse.Loop{C: cond, Body: body, DoWhile: true}, []string{"i"}, op)
	if want := []string{"ib<", "ibb!", "ibb-"}; !reflect.DeepEqual(got, want) || enters != 1 {
		t.Errorf("do-while: paths out %q, enters %d; want %q, 1", got, enters, want)
	}
}
