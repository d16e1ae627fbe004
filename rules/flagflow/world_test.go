package flagflow

import "testing"

// A clone shares its env's array until a write (world.own): a write or a
// delete in either world must not show in the other.
func TestWorldClone(t *testing.T) {
	w := newWorld()
	w.set("a", constVal(1, nil))
	w.set("s.m", constVal(2, nil))
	n := w.clone()
	w.set("s.m", constVal(7, nil)) // in place, were the array not copied
	if v, _ := n.env.Get("s.m"); v.Must != 2 {
		t.Errorf("the clone's s.m = %#x after the original's write, want 2", v.Must)
	}
	n.set("a", constVal(3, nil))
	w.set("c", constVal(4, nil))
	if v, _ := w.env.Get("a"); v.Must != 1 {
		t.Errorf("original's a = %#x after the clone's write, want 1", v.Must)
	}
	if _, ok := n.env.Get("c"); ok {
		t.Errorf("the clone sees c, written to the original after cloning")
	}
	m := n.clone()
	(&interp{}).kill(m, "s")
	if _, ok := n.env.Get("s.m"); !ok {
		t.Errorf("kill in a clone removed s.m from the world it was cloned from")
	}
	if _, ok := m.env.Get("s.m"); ok {
		t.Errorf("kill left s.m")
	}
	x, y := newWorld(), newWorld()
	x.set("p", constVal(1, nil))
	x.set("q", constVal(2, nil))
	y.set("q", constVal(2, nil))
	y.set("p", constVal(1, nil))
	if string(x.appendKey(nil)) != string(y.appendKey(nil)) {
		t.Errorf("worlds with the same variables set in another order have different keys")
	}
}
