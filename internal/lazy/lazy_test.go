package lazy

import "sync"
import "testing"

// Each key's value is computed the first time it is asked for, and only
// then (ProgramData.Shared's test asks from goroutines at once).
func TestGetComputesOnce(t *testing.T) {
	var m Map[string, int]
	calls := map[string]int{}
	get := func(k string, v int) int {
		return m.Get(k, func() int { calls[k]++; return v })
	}
	if a, b, c := get("k", 42), get("k", 1), get("other", 7); a != 42 || b != 42 || c != 7 {
		t.Errorf("got %d, %d, %d; want 42, 42 (the first value kept), 7", a, b, c)
	}
	if calls["k"] != 1 || calls["other"] != 1 {
		t.Errorf("computed %v, want each key once", calls)
	}
}

func TestPanicReachesEveryCaller(t *testing.T) {
	var m Map[int, string]
	for i := 0; i < 2; i++ {
		func() {
			defer func() {
				if r := recover(); r != "boom" {
					t.Errorf("call %d: recovered %v, want the computation's panic", i, r)
				}
			}()
			m.Get(1, func() string { panic("boom") })
		}()
	}
}

func TestKept(t *testing.T) {
	var mu sync.Mutex
	m := map[string]int{"old": 1}
	calls := 0
	get := func(k string) int { return Kept(&mu, m, k, func() int { calls++; return len(k) }) }
	if a, b, c := get("old"), get("abc"), get("abc"); a != 1 || b != 3 || c != 3 {
		t.Errorf("got %d, %d, %d; want 1 (already kept), 3, 3", a, b, c)
	}
	if calls != 1 || m["abc"] != 3 {
		t.Errorf("computed %d times, map %v; want once, abc kept in the caller's map", calls, m)
	}
}
