package mmaplock

import "slices"
import "strconv"
import "strings"

import "gupvet/cparse"
import "gupvet/rules/env"

// lockKind is what one path knows of the mmap_lock.
type lockKind uint8

const (
	// entry: untouched since the analysed function was entered; what it
	// is depends on the callers.
	entry lockKind = iota
	// held: taken, or asserted, on this path.
	held
	// unheld: released, dropped by a callee, or a lock attempt failed.
	unheld
	// lost: changed in a way the analysis does not follow.
	lost
)

// how says which transition made a lock state.
type how uint8

const (
	howNone     how = iota
	howTaken        // an mmap_read_lock*() or mmap_write_lock*()
	howAsserted     // mmap_assert_locked() and kin
	howReleased     // an unlock
	howDropped      // a callee that may drop it (GUP with a locked pointer, expand_stack)
	howFailed       // a killable or trylock attempt that failed
)

// lockState is the lock on one path, and the call that made it so.
type lockState struct {
	kind lockKind
	how  how
	op   string     // the function that did it: "mmap_read_unlock"
	at   cparse.Pos // where
	in   string     // the function the call is in
}

// vkind is the kind of an abstract value.
type vkind uint8

const (
	vUnknown vkind = iota
	vConst         // c
	vNonZero       // some non-zero value (a non-NULL pointer)
	vAddr          // &key: the address of a tracked lvalue
	vSame          // the value key held when it was read (a pointer's identity); c != 0: known non-zero
	vText          // equal to the constant expression spelled key, whose value the analysis cannot compute (a case label's _IOWR())
)

// val is an abstract value: what the lock analysis needs of locals and
// arguments to follow `locked`-style variables and lock results.
type val struct {
	k   vkind
	c   int64
	key string
}

func constant(c int64) val { return val{k: vConst, c: c} }

var unknownVal = val{}

// truth says whether v may be non-zero and whether it may be zero.
func (v val) truth() (t, f bool) {
	switch v.k {
	case vConst:
		return v.c != 0, v.c == 0
	case vNonZero, vAddr:
		return true, false
	case vSame:
		return true, v.c == 0
	}
	return true, true
}

func (v val) String() string {
	switch v.k {
	case vConst:
		return strconv.FormatInt(v.c, 10)
	case vNonZero:
		return "nz"
	case vAddr:
		return "&" + v.key
	case vSame:
		if v.c != 0 {
			return "=nz" + v.key
		}
		return "=" + v.key
	case vText:
		return "==" + v.key
	}
	return "?"
}

// world is one path through the analysed code: the lock's state, the
// values of tracked lvalues (locals, parameters, their members and
// pointees, keyed by frame), and how sure the path is.
type world struct {
	lock lockState
	// skipped: the path passed by a lock its sibling path took (an if
	// whose condition the analysis cannot decide): it may be infeasible
	// for a reason not in the values (doc.go), so it reports nothing.
	skipped cparse.Pos
	// joined: paths were joined here and correlations lost.
	joined bool
	env    env.Env[val]
}

func newWorld() *world { return &world{} }

func (w *world) clone() *world {
	n := *w
	n.env = w.env.Clone()
	return &n
}

// set gives key a value; what was known through its old value (the
// members and pointee of a pointer it held) is forgotten.
func (w *world) set(key string, v val) {
	w.forget(key, false)
	if v.k == vUnknown || v.k == vSame && v.key == key {
		w.env.Delete(key)
		return
	}
	w.env.Set(key, v)
}

// forget drops what is known of the lvalues reached through key (its
// members, its pointee) and, with self, of key itself.
func (w *world) forget(key string, self bool) {
	w.env.DeleteIf(func(k string) bool { return self && k == key || derived(k, key) })
}

// derived reports whether lvalue key k is reached through key: key.f,
// key->f, *key.
func derived(k, key string) bool {
	if len(k) <= len(key) {
		return false
	}
	if strings.HasPrefix(k, key) {
		r := k[len(key):]
		return r[0] == '.' || strings.HasPrefix(r, "->")
	}
	return strings.HasPrefix(k, "*") && (k[1:] == key || derived(k[1:], key))
}

// setLock records a transition of the lock.
func (w *world) setLock(s lockState) {
	w.lock = s
	w.skipped = cparse.Pos{}
}

func (w *world) key() string {
	var b strings.Builder
	b.WriteString(w.lock.key())
	if w.skipped.IsValid() {
		b.WriteString("|s" + w.skipped.String())
	}
	if w.joined {
		b.WriteString("|j")
	}
	for _, e := range w.env.All() {
		b.WriteString("|" + e.Key + "=" + e.Val.String())
	}
	return b.String()
}

func (s lockState) key() string {
	return strconv.Itoa(int(s.kind)) + "/" + strconv.Itoa(int(s.how)) + "/" + s.op + "@" + s.at.String()
}

// hash is a hash of what w.same compares, for dedup's buckets. It mixes
// no string's bytes, only lengths, kinds and numbers: maphash.Comparable
// of a world's values (strings inside) was a quarter of the lock
// analysis's time, and a collision only costs a same.
func (w *world) hash() uint64 {
	h := w.lock.hash() ^ uint64(w.skipped.Line)<<20 ^ uint64(w.skipped.Col)<<40 ^ uint64(len(w.skipped.File))
	if w.joined {
		h ^= 0x9e3779b97f4a7c15
	}
	for _, e := range w.env.All() {
		h = h*31 + uint64(len(e.Key))<<32 ^ e.Val.hash()
	}
	return h
}

func (s lockState) hash() uint64 {
	return uint64(s.kind) | uint64(s.how)<<8 | uint64(len(s.op))<<16 | uint64(s.at.Line)<<24 ^ uint64(s.at.Col)<<44 ^ uint64(len(s.in))<<52
}

func (v val) hash() uint64 {
	return (uint64(v.k) | uint64(len(v.key))<<8) ^ uint64(v.c)*0x9e3779b97f4a7c15
}

// same reports whether two worlds are the same path state.
func (w *world) same(x *world) bool {
	return w.lock == x.lock && w.skipped == x.skipped && w.joined == x.joined && slices.Equal(w.env.All(), x.env.All())
}

// dedup returns the indexes of the first of the worlds that are the
// same (with the same value, when vals gives one per world).
func dedup(ws []*world, vals []val) []int {
	byHash := make(map[uint64][]int, len(ws))
	var out []int
	for i, w := range ws {
		h := w.hash()
		if vals != nil {
			h ^= vals[i].hash() * 11
		}
		dup := false
		for _, j := range byHash[h] {
			if ws[j].same(w) && (vals == nil || vals[j] == vals[i]) {
				dup = true
				break
			}
		}
		if !dup {
			byHash[h] = append(byHash[h], i)
			out = append(out, i)
		}
	}
	return out
}

// maxWorlds bounds the paths followed at one point; beyond it, paths with
// the same lock state are joined (their values that differ forgotten, and
// marked joined: they no longer report).
const maxWorlds = 32

// merge removes duplicate worlds and joins them when there are too many.
func merge(ws []*world) []*world {
	if len(ws) <= 1 {
		return ws
	}
	idx := dedup(ws, nil)
	out := make([]*world, len(idx))
	for i, j := range idx {
		out[i] = ws[j]
	}
	if len(out) <= maxWorlds {
		return out
	}
	byLock := map[string]*world{}
	var order []string
	for _, w := range out {
		k := w.lock.key() + "|" + w.skipped.String()
		if j, ok := byLock[k]; ok {
			byLock[k] = join(j, w)
			continue
		}
		byLock[k] = w.clone()
		order = append(order, k)
	}
	out = out[:0]
	for _, k := range order {
		out = append(out, byLock[k])
	}
	return out
}

// join keeps what two worlds with the same lock state agree on.
func join(a, b *world) *world {
	n := a.clone()
	n.joined = true
	n.env.DeleteIf(func(k string) bool {
		u, ok := b.env.Get(k)
		v, _ := a.env.Get(k)
		return !ok || u != v
	})
	return n
}
