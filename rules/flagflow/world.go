package flagflow

import "sort"
import "strconv"

import "gupvet/rules/env"

// assumption is a fact about a parameter that a world relies on: a flag
// bit set or clear, or the pointer NULL or not. A summary's world applies
// at a call site only when the caller's argument is compatible.
type assumption struct {
	In  Input
	Bit uint64 // flag bit, or 0 for nullness (non-zero-ness)
	Set bool   // bit set / pointer non-NULL
}

// world is one path through a function, as far as the analysis tells
// paths apart: the values of tracked variables and the assumptions made.
type world struct {
	env    env.Env[Val]
	assume []assumption
}

func newWorld() *world { return &world{} }

func (w *world) clone() *world {
	return &world{env: w.env.Clone(), assume: append([]assumption(nil), w.assume...)}
}

// set gives variable key the value v.
func (w *world) set(key string, v Val) { w.env.Set(key, v) }

// assumeParam records an assumption; it reports false when it contradicts
// one already made (the world is infeasible).
func (w *world) assumeParam(a assumption) bool {
	for _, b := range w.assume {
		if b.In == a.In && b.Bit == a.Bit {
			return b.Set == a.Set
		}
	}
	w.assume = append(w.assume, a)
	return true
}

// appendKey appends what tells w apart from other worlds: the values of
// its variables (Val.appendKey) and its assumptions, in a fixed order.
func (w *world) appendKey(b []byte) []byte {
	for _, e := range w.env.All() {
		b = append(b, e.Key...)
		b = append(b, '=')
		b = e.Val.appendKey(b)
		b = append(b, ';')
	}
	as := append([]assumption(nil), w.assume...)
	sort.Slice(as, func(i, j int) bool {
		if as[i].In != as[j].In {
			if as[i].In.Param() != as[j].In.Param() {
				return as[i].In.Param() < as[j].In.Param()
			}
			return as[i].In.Path < as[j].In.Path
		}
		return as[i].Bit < as[j].Bit
	})
	for _, a := range as {
		b = append(b, '|')
		b = append(b, a.In.String()...)
		if a.Set {
			b = append(b, '1')
		} else {
			b = append(b, '0')
		}
		b = strconv.AppendUint(b, a.Bit, 16)
	}
	return b
}

// maxWorlds bounds path splitting; beyond it worlds are joined, which
// keeps every "may" but loses correlations between variables.
const maxWorlds = 24

// merge deduplicates worlds and joins them when there are too many.
func merge(ws []*world) []*world {
	if len(ws) <= 1 {
		return ws
	}
	// Worlds are told apart by their keys (appendKey); a cheap hash of
	// what the key encodes comes first, and only worlds that share one
	// have their keys made: the keys were most of merge's time.
	type kept struct {
		w   *world
		key []byte // made when another world has the same hash
	}
	byHash := make(map[uint64][]*kept, len(ws))
	out := ws[:0:0]
	var buf []byte
	for _, w := range ws {
		h := w.hash()
		same := byHash[h]
		dup := false
		if len(same) > 0 {
			buf = w.appendKey(buf[:0])
			for _, k := range same {
				if k.key == nil {
					k.key = k.w.appendKey(nil)
				}
				if string(k.key) == string(buf) {
					dup = true
					break
				}
			}
		}
		if !dup {
			k := &kept{w: w}
			if len(same) > 0 {
				k.key = append([]byte(nil), buf...)
			}
			byHash[h] = append(same, k)
			out = append(out, w)
		}
	}
	for len(out) > maxWorlds {
		// join the last two
		a, b := out[len(out)-2], out[len(out)-1]
		out = append(out[:len(out)-2], joinWorlds(a, b))
	}
	return out
}

// hash is a hash of part of what appendKey encodes (worlds with the same
// key have the same hash): numbers, flags and the lengths of strings,
// not their bytes; the assumptions in any order.
func (w *world) hash() uint64 {
	h := uint64(len(w.env.All()))
	for _, e := range w.env.All() {
		h = h*31 + uint64(len(e.Key))<<40 ^ e.Val.hash()
	}
	for _, a := range w.assume {
		x := uint64(a.In.param)<<56 ^ uint64(len(a.In.Path))<<48 ^ a.Bit
		if a.Set {
			x = ^x
		}
		h += x * 0x9e3779b97f4a7c15
	}
	return h
}

func joinWorlds(a, b *world) *world {
	n := &world{}
	// a variable one path does not know is unknown there
	n.env = env.Union(a.env, b.env, func(_ string, x Val, inA bool, y Val, inB bool) Val {
		switch {
		case inA && inB:
			return join(x, y)
		case inA:
			return join(x, unknown())
		default:
			return join(y, unknown())
		}
	})
	for _, x := range a.assume {
		for _, y := range b.assume {
			if x == y {
				n.assume = append(n.assume, x)
			}
		}
	}
	return n
}
