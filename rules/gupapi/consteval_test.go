package gupapi

import "testing"

// The values are C's: | & << by precedence (<< tightest, | loosest), ~,
// parentheses, casts skipped, BIT(n), names looked up; a shift of 64 or
// more, a dangling operator or an unknown name is no value.
func TestEvalWith(t *testing.T) {
	look := func(n string) (uint64, bool) { v, ok := map[string]uint64{"A": 1 << 4, "B": 3}[n]; return v, ok }
	for _, c := range []struct {
		s    string
		want uint64
		ok   bool
	}{
		{"1 << 3 | 1", 9, true},
		{"1 | 2 & 3", 3, true}, // & before |
		{"1 << 2 & 7", 4, true},
		{"(1 | 2) & 2", 2, true},
		{"~0 & 0xff", 0xff, true},
		{"A | B", 19, true},
		{"BIT(5)", 32, true},
		{"(__force gfp_t)A", 16, true},
		{"1 << 64", 0, false},
		{"A |", 0, false},
		{"C", 0, false},
	} {
		if v, ok := evalWith(c.s, look); v != c.want || ok != c.ok {
			t.Errorf("evalWith(%q) = %d, %v; want %d, %v", c.s, v, ok, c.want, c.ok)
		}
	}
}
