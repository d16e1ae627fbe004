package cparse

import "strings"
import "testing"

// Inspect visits every call, those in brace initializers and compound
// literals included, and skips a subtree when f says so.
func TestInspect(t *testing.T) {
	src := `struct r { long n; };
long f(unsigned long a)
{
	struct r x = { .n = g1(a), { g2(a) } };
	long y = g3(({ int z = g4(a); z; }));

	if (a)
		return g5((struct r){ .n = g6(a) }.n);
	switch (a) {
	case 1:
		for (y = g7(); y < g8(); y++)
			y += a ? g9() : 0;
	}
	return skip(g10());
}
`
	u, err := ParseText("x.c", []byte(src), Options{Mode: Tolerant, Whole: true})
	if err != nil || len(u.Errors) > 0 || len(u.Funcs) != 1 {
		t.Fatalf("parse: %v %v", err, u.Err())
	}
	var calls []string
	Inspect(u.Funcs[0], func(n Node) bool {
		c, ok := n.(*Call)
		if !ok {
			return true
		}
		calls = append(calls, c.CalleeName())
		return c.CalleeName() != "skip"
	})
	if got, want := strings.Join(calls, " "), "g1 g2 g3 g4 g5 g6 g7 g8 g9 skip"; got != want {
		t.Errorf("calls %s, want %s", got, want)
	}
}
