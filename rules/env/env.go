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

import (
	"slices"
	"strings"
)

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
		e.b = slices.Clone(e.b)
		e.shared = false
	}
}

// Set gives key the value v.
func (e *Env[V]) Set(key string, v V) {
	e.own()
	i, ok := e.find(key)
	if ok {
		e.b[i].Val = v
		return
	}
	e.b = slices.Insert(e.b, i, Binding[V]{key, v})
}

// Delete removes key.
func (e *Env[V]) Delete(key string) {
	if i, ok := e.find(key); ok {
		e.own()
		e.b = slices.Delete(e.b, i, i+1)
	}
}

// DeleteIf removes the keys drop is true of.
func (e *Env[V]) DeleteIf(drop func(key string) bool) {
	del := func(b Binding[V]) bool { return drop(b.Key) }
	if !slices.ContainsFunc(e.b, del) {
		return
	}
	e.own()
	e.b = slices.DeleteFunc(e.b, del)
}
