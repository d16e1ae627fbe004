package env

import (
	"slices"
	"testing"
)

// A clone shares the array until a write: a write or a delete in either
// Env must not show in the other, whether it updates in place, inserts
// or deletes.
func TestClone(t *testing.T) {
	var e Env[int]
	e.Set("b", 2)
	e.Set("a", 1)
	e.Set("d", 4)
	c := e.Clone()
	e.Set("b", 20) // in place, were the array not copied
	if v, _ := c.Get("b"); v != 2 {
		t.Errorf("clone's b = %d after the original's write, want 2", v)
	}
	c.Set("c", 3)
	if _, ok := e.Get("c"); ok {
		t.Errorf("the original sees c, set in the clone")
	}
	d := c.Clone()
	d.DeleteIf(func(k string) bool { return k < "c" })
	d.Delete("d")
	if got := keys(c); !slices.Equal(got, []string{"a", "b", "c", "d"}) {
		t.Errorf("clone's keys after deletes in its own clone: %v", got)
	}
	if got := keys(d); !slices.Equal(got, []string{"c"}) {
		t.Errorf("keys after DeleteIf(< c) and Delete(d): %v, want [c]", got)
	}
	if got := keys(e); !slices.Equal(got, []string{"a", "b", "d"}) {
		t.Errorf("original's keys: %v, want [a b d] (sorted)", got)
	}
	var x, y Env[int]
	x.Set("p", 1)
	x.Set("q", 2)
	y.Set("q", 2)
	y.Set("p", 1)
	if !slices.Equal(x.All(), y.All()) {
		t.Errorf("Envs set in another order differ: %v vs %v", x.All(), y.All())
	}
}

func keys(e Env[int]) []string {
	var out []string
	for _, b := range e.All() {
		out = append(out, b.Key)
	}
	return out
}
