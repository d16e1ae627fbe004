// Package lazy holds Map, a map whose values are computed once each, on
// first use, by whichever goroutine asks first while the others asking
// for the same key wait for it: the program-wide results the per-unit
// passes share (analyzer's ProgramData.Shared, flagflow's summaries,
// pinput's findings).
package lazy

import "sync"

// Map is a map from K to values computed once; the zero Map is empty and
// ready to use, and is safe for concurrent use.
type Map[K comparable, V any] struct {
	mu sync.Mutex
	m  map[K]*entry[V]
}

type entry[V any] struct {
	once     sync.Once
	v        V
	panicked any // what the computation panicked with, for every caller
}

// Get returns the value of k, calling compute for it the first time k is
// asked for. A panic of compute is raised again in every caller, not only
// the first: each fails as it would have computing the value itself.
func (m *Map[K, V]) Get(k K, compute func() V) V {
	m.mu.Lock()
	if m.m == nil {
		m.m = map[K]*entry[V]{}
	}
	e := m.m[k]
	if e == nil {
		e = &entry[V]{}
		m.m[k] = e
	}
	m.mu.Unlock()
	e.once.Do(func() {
		defer func() { e.panicked = recover() }()
		e.v = compute()
	})
	if e.panicked != nil {
		panic(e.panicked)
	}
	return e.v
}

// Kept returns m[k], guarded by mu, computing it with compute (mu not
// held) and keeping it the first time. Two goroutines may compute the same
// value at once, so compute must not depend on which keeps it; Map is for
// values that must be computed once. The map stays the caller's, to read
// as it is (what a memo key records of it, say).
func Kept[K comparable, V any](mu *sync.Mutex, m map[K]V, k K, compute func() V) V {
	mu.Lock()
	v, ok := m[k]
	mu.Unlock()
	if ok {
		return v
	}
	v = compute()
	mu.Lock()
	m[k] = v
	mu.Unlock()
	return v
}
