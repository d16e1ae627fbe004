package mmaplock

import "testing"

// A clone shares its env's array until a write (world.own): a write to
// either world must not show in the other, and worlds built in a
// different order must compare and hash the same.
func TestWorldClone(t *testing.T) {
	w := newWorld()
	w.set("1:a", constant(1))
	w.set("1:b", constant(2))
	n := w.clone()
	w.set("1:b", constant(7)) // in place, were the array not copied
	if v, _ := n.env.Get("1:b"); v != constant(2) {
		t.Errorf("the clone's 1:b = %v after the original's write, want 2", v)
	}
	n.set("1:a", constant(3))
	w.set("1:c", constant(4))
	if v, _ := w.env.Get("1:a"); v != constant(1) {
		t.Errorf("original's 1:a = %v after the clone's write, want 1", v)
	}
	if _, ok := n.env.Get("1:c"); ok {
		t.Errorf("the clone sees 1:c, written to the original after cloning")
	}
	m := n.clone()
	m.forget("1:a", true)
	if _, ok := n.env.Get("1:a"); !ok {
		t.Errorf("forget in a clone removed 1:a from the world it was cloned from")
	}
	x, y := newWorld(), newWorld()
	x.set("1:p", constant(1))
	x.set("1:q", constant(2))
	y.set("1:q", constant(2))
	y.set("1:p", constant(1))
	if !x.same(y) || x.hash() != y.hash() || x.key() != y.key() {
		t.Errorf("worlds with the same bindings set in another order differ: %s vs %s", x.key(), y.key())
	}
	y.set("1:p", constant(5))
	if x.same(y) {
		t.Errorf("worlds with different values compare the same: %s vs %s", x.key(), y.key())
	}
}
