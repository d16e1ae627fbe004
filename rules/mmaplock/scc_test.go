package mmaplock

import "testing"

import "gupvet/cparse"
import "gupvet/rules/flagflow"

// TestComponents: a → b ⇄ c → d, e alone; a component is emitted after
// every component it calls into (runRoots starts from those).
func TestComponents(t *testing.T) {
	fn := map[string]*flagflow.FuncDef{}
	for _, n := range []string{"a", "b", "c", "d", "e"} {
		fn[n] = &flagflow.FuncDef{F: &cparse.Func{Name: n}}
	}
	calls := map[string][]string{"a": {"b"}, "b": {"c"}, "c": {"b", "d"}}
	next := func(d *flagflow.FuncDef) []*flagflow.FuncDef {
		var out []*flagflow.FuncDef
		for _, n := range calls[d.F.Name] {
			out = append(out, fn[n])
		}
		return out
	}
	g := components([]*flagflow.FuncDef{fn["a"], fn["e"]}, next)
	at := map[string]int{}
	for i, ms := range g.members {
		for _, d := range ms {
			at[d.F.Name] = i
		}
	}
	for n, i := range at {
		if g.of[fn[n]] != i {
			t.Errorf("%s: component %d, members say %d", n, g.of[fn[n]], i)
		}
	}
	if len(g.members) != 4 || at["b"] != at["c"] {
		t.Fatalf("components %v, want {a} {b c} {d} {e}", at)
	}
	want := map[string][]string{"a": {"b"}, "b": {"d"}, "d": nil, "e": nil}
	for n, ws := range want {
		i := at[n]
		if len(g.succ[i]) != len(ws) {
			t.Errorf("%s calls into %d components, want %d", n, len(g.succ[i]), len(ws))
			continue
		}
		for k, w := range ws {
			if j := g.succ[i][k]; j != at[w] || j >= i {
				t.Errorf("%s: component %d calls into %d, want %s's (%d), emitted before it", n, i, j, w, at[w])
			}
		}
	}
}
