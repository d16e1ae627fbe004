package env

import "math/rand"
import "slices"
import "strings"
import "testing"

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

// Writes to a shared array, each kind at each place (first, middle, last,
// new key, existing key, deletes that keep none, some or all), leave the
// other Env as it was and give the writer what a map would.
func TestSharedWrites(t *testing.T) {
	base := func() Env[int] {
		var e Env[int]
		for i, k := range []string{"b", "d", "f"} {
			e.Set(k, i)
		}
		return e
	}
	writes := map[string]func(*Env[int]){
		"insert first":  func(e *Env[int]) { e.Set("a", 9) },
		"insert middle": func(e *Env[int]) { e.Set("c", 9) },
		"insert last":   func(e *Env[int]) { e.Set("g", 9) },
		"update":        func(e *Env[int]) { e.Set("d", 9) },
		"delete":        func(e *Env[int]) { e.Delete("b") },
		"delete none":   func(e *Env[int]) { e.DeleteIf(func(string) bool { return false }) },
		"delete some":   func(e *Env[int]) { e.DeleteIf(func(k string) bool { return k != "d" }) },
		"delete all":    func(e *Env[int]) { e.DeleteIf(func(string) bool { return true }) },
		"insert twice":  func(e *Env[int]) { e.Set("e", 8); e.Set("c", 9) },
	}
	for name, w := range writes {
		for _, writeOriginal := range []bool{false, true} {
			e := base()
			c := e.Clone()
			writer, other := &c, &e
			if writeOriginal {
				writer, other = &e, &c
			}
			var ref Env[int] // an unshared Env with the same bindings, written the same way
			for _, b := range writer.All() {
				ref.Set(b.Key, b.Val)
			}
			w(writer)
			w(&ref)
			if got := keys(*other); !slices.Equal(got, []string{"b", "d", "f"}) {
				t.Errorf("%s (original written: %v): the other Env has %v", name, writeOriginal, got)
			}
			for i, k := range []string{"b", "d", "f"} {
				if v, _ := other.Get(k); v != i {
					t.Errorf("%s: the other Env's %s = %d, want %d", name, k, v, i)
				}
			}
			if !slices.Equal(writer.All(), ref.All()) {
				t.Errorf("%s (original written: %v): %v, want %v", name, writeOriginal, writer.All(), ref.All())
			}
			if !slices.IsSortedFunc(writer.All(), func(a, b Binding[int]) int { return strings.Compare(a.Key, b.Key) }) {
				t.Errorf("%s: not sorted: %v", name, writer.All())
			}
		}
	}
	// drop is asked once per key
	e := base()
	c := e.Clone()
	asked := map[string]int{}
	c.DeleteIf(func(k string) bool { asked[k]++; return k == "d" })
	for k, n := range asked {
		if n != 1 {
			t.Errorf("DeleteIf asked about %s %d times", k, n)
		}
	}
	if len(asked) != 3 {
		t.Errorf("DeleteIf asked about %v, want every key", asked)
	}
}

// Union agrees with setting each key one at a time, whatever keys the
// two Envs share, and leaves both as they were.
func TestUnion(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	for n := 0; n < 500; n++ {
		var a, b Env[int]
		for i := r.Intn(8); i > 0; i-- {
			a.Set(string(rune('a'+r.Intn(12))), r.Intn(100))
		}
		for i := r.Intn(8); i > 0; i-- {
			b.Set(string(rune('a'+r.Intn(12))), 1000+r.Intn(100))
		}
		before := slices.Clone(a.All())
		f := func(k string, x int, inA bool, y int, inB bool) int {
			switch {
			case inA && inB:
				return x*10000 + y
			case inA:
				return x
			}
			return -y
		}
		got := Union(a, b, f)
		var want Env[int]
		for _, e := range a.All() {
			y, ok := b.Get(e.Key)
			want.Set(e.Key, f(e.Key, e.Val, true, y, ok))
		}
		for _, e := range b.All() {
			if _, ok := a.Get(e.Key); !ok {
				want.Set(e.Key, f(e.Key, 0, false, e.Val, true))
			}
		}
		if !slices.Equal(got.All(), want.All()) {
			t.Fatalf("Union(%v, %v) = %v, want %v", a.All(), b.All(), got.All(), want.All())
		}
		got.Set("zz", 1) // the result's array is its own
		if !slices.Equal(a.All(), before) {
			t.Fatalf("Union changed a: %v, was %v", a.All(), before)
		}
	}
}
