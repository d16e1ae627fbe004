// Package env is what one path of an abstract interpretation knows of its
// variables: a value per key, in a slice sorted by key that clones share
// until one of them writes.
//
// flagflow and mmaplock clone a path's variables at every branch and
// compare them at every join. With a map, hashing, allocating and (for a
// path's key) sorting those maps was most of their time on a kernel tree;
// a path knows a few dozen variables, most clones change a few or none,
// and a sorted slice is one allocation to copy and a linear compare.
package env

import "slices"
import "strings"

// Env maps keys to values. The zero Env is empty and ready to use. Copy
// an Env with Clone, not by assignment: an assigned copy shares the array
// and sees the other's writes.
type Env[V any] struct {
	b []Binding[V]
	// shared: b's array may be another Env's too; the first write
	// copies it
	shared bool
}

// Binding is one key and its value.
type Binding[V any] struct {
	Key string
	Val V
}

// Clone returns a copy of e. Both share the array until either writes.
func (e *Env[V]) Clone() Env[V] {
	e.shared = true
	return Env[V]{b: e.b, shared: true}
}

// All returns the bindings sorted by key, for reading only.
func (e Env[V]) All() []Binding[V] { return e.b }

// Len is the number of bindings.
func (e Env[V]) Len() int { return len(e.b) }

func (e Env[V]) find(key string) (int, bool) {
	return slices.BinarySearchFunc(e.b, key, func(b Binding[V], k string) int { return strings.Compare(b.Key, k) })
}

// Get returns the value of key and whether e has one.
func (e Env[V]) Get(key string) (V, bool) {
	if i, ok := e.find(key); ok {
		return e.b[i].Val, true
	}
	var zero V
	return zero, false
}

// own makes the array e's alone before a write.
func (e *Env[V]) own() {
	if e.shared {
		// with room for a few new bindings: a write that copies is
		// often followed by a new variable, which would copy again
		b := make([]Binding[V], len(e.b), len(e.b)+sharedSpare)
		copy(b, e.b)
		e.b, e.shared = b, false
	}
}

// Set gives key the value v.
func (e *Env[V]) Set(key string, v V) {
	i, ok := e.find(key)
	switch {
	case ok:
		e.own()
		e.b[i].Val = v
	case e.shared:
		// the copy a shared array needs, with the new binding in
		// place: one allocation and one copy, where Clone and then
		// Insert were two of each (a path's first new variable after
		// a branch; a few more fit before the next)
		b := make([]Binding[V], len(e.b)+1, len(e.b)+1+sharedSpare)
		copy(b, e.b[:i])
		b[i] = Binding[V]{key, v}
		copy(b[i+1:], e.b[i:])
		e.b, e.shared = b, false
	default:
		e.b = slices.Insert(e.b, i, Binding[V]{key, v})
	}
}

// sharedSpare is the room for more bindings the copy of a shared array
// leaves.
const sharedSpare = 2

// Delete removes key.
func (e *Env[V]) Delete(key string) {
	if i, ok := e.find(key); ok {
		e.own()
		e.b = slices.Delete(e.b, i, i+1)
	}
}

// DeleteIf removes the keys drop is true of, calling it once per key.
func (e *Env[V]) DeleteIf(drop func(key string) bool) {
	i := slices.IndexFunc(e.b, func(b Binding[V]) bool { return drop(b.Key) })
	if i < 0 {
		return
	}
	var kept []Binding[V]
	if e.shared {
		kept = make([]Binding[V], i, len(e.b)-1)
		copy(kept, e.b[:i])
	} else {
		kept = e.b[:i] // in place: the writes stay behind the reads
	}
	for _, b := range e.b[i+1:] {
		if !drop(b.Key) {
			kept = append(kept, b)
		}
	}
	if !e.shared {
		clear(e.b[len(kept):]) // what the array no longer holds, for the collector
	}
	e.b, e.shared = kept, false
}

// Union returns an Env with every key of a or b, each bound to what f
// makes of it (inA, inB: which of them has it; x or y is the zero value
// where one has not), built in one pass over the two sorted arrays: a
// join of two paths' variables, which setting them one at a time made
// quadratic (a binary search and an insert each).
func Union[V any](a, b Env[V], f func(key string, x V, inA bool, y V, inB bool) V) Env[V] {
	out := make([]Binding[V], 0, max(len(a.b), len(b.b)))
	var zero V
	i, j := 0, 0
	for i < len(a.b) || j < len(b.b) {
		switch {
		case j == len(b.b) || i < len(a.b) && a.b[i].Key < b.b[j].Key:
			out = append(out, Binding[V]{a.b[i].Key, f(a.b[i].Key, a.b[i].Val, true, zero, false)})
			i++
		case i == len(a.b) || b.b[j].Key < a.b[i].Key:
			out = append(out, Binding[V]{b.b[j].Key, f(b.b[j].Key, zero, false, b.b[j].Val, true)})
			j++
		default:
			out = append(out, Binding[V]{a.b[i].Key, f(a.b[i].Key, a.b[i].Val, true, b.b[j].Val, true)})
			i++
			j++
		}
	}
	return Env[V]{b: out}
}
