package mmaplock

import "strings"

import "gupvet/cparse"

// The mmap_lock API (include/linux/mmap_lock.h) and the few mm helpers
// that take or drop the lock for their caller, as the lock analysis reads
// them. These are the kernel's own names, the same in every version gupvet
// knows (5.10 to 7.x); what needs the lock is not listed here but read
// from the tree's mm/gup.c (contract.go).

// opKind is what a call does to the lock of its caller.
type opKind int

const (
	opNone opKind = iota
	// opLock takes the lock; it cannot fail.
	opLock
	// opLockZero takes the lock and returns 0, or fails (a fatal signal)
	// and returns non-zero without it: mmap_read_lock_killable.
	opLockZero
	// opLockTrue takes the lock and returns true, or returns false
	// without it: mmap_read_trylock.
	opLockTrue
	// opUnlock releases the lock.
	opUnlock
	// opAssert asserts the lock is held: the callers' contract, which
	// the function's own code may rely on.
	opAssert
	// opHeldIfNonNull returns non-NULL with the lock held, NULL with it
	// released: lock_mm_and_find_vma() takes it, expand_stack() (from
	// 6.5, and 6.1.y's backport) is called with it and drops it when it
	// fails.
	opHeldIfNonNull
	// opLookup walks the VMA tree, which needs the lock held (find_vma
	// asserts it from 5.15 on).
	opLookup
)

// lockOps are the functions of the mmap_lock API by name.
var lockOps = map[string]opKind{
	"mmap_read_lock": opLock, "mmap_write_lock": opLock, "mmap_write_lock_nested": opLock,
	"mmap_read_lock_killable": opLockZero, "mmap_write_lock_killable": opLockZero,
	"mmap_read_trylock": opLockTrue, "mmap_write_trylock": opLockTrue,
	// mmap_read_lock_maybe_expand (7.x) returns true with the read lock
	// held (having taken the write lock to expand the stack and
	// downgraded it), false without any lock
	"mmap_read_lock_maybe_expand": opLockTrue,
	"mmap_read_unlock":            opUnlock, "mmap_write_unlock": opUnlock, "mmap_read_unlock_non_owner": opUnlock,
	"mmap_assert_locked": opAssert, "mmap_assert_write_locked": opAssert,
	"lock_mm_and_find_vma": opHeldIfNonNull,
	// VMA lookups: each reads the VMA tree the lock protects
	"find_vma": opLookup, "vma_lookup": opLookup, "find_extend_vma": opLookup,
	"find_vma_intersection": opLookup, "find_vma_prev": opLookup, "gup_vma_lookup": opLookup,
}

// rwsemOps are the rw_semaphore calls that, on &mm->mmap_lock (or the
// older mmap_sem), are the same operations spelt out.
var rwsemOps = map[string]opKind{
	"down_read": opLock, "down_write": opLock,
	"down_read_killable": opLockZero, "down_write_killable": opLockZero,
	"down_read_trylock": opLockTrue, "down_write_trylock": opLockTrue,
	"up_read": opUnlock, "up_write": opUnlock,
	"lockdep_assert_held": opAssert, "lockdep_assert_held_read": opAssert, "lockdep_assert_held_write": opAssert,
}

// opOf returns what a call does to the mmap_lock; expandStackDrops says
// whether the tree's expand_stack() is the 6.5 one, which returns a VMA
// and drops the lock when it fails (before, it took a VMA, returned an
// error code and left the lock alone).
func opOf(c *cparse.Call, expandStackDrops bool) opKind {
	name := c.CalleeName()
	if op, ok := lockOps[name]; ok {
		return op
	}
	if name == "expand_stack" && expandStackDrops {
		return opHeldIfNonNull
	}
	if op, ok := rwsemOps[name]; ok && len(c.Args) > 0 && onMmapLock(c.Args[0]) {
		return op
	}
	return opNone
}

// onMmapLock reports whether an rwsem argument is an mm's mmap_lock:
// &mm->mmap_lock, &current->mm->mmap_sem.
func onMmapLock(e cparse.Expr) bool {
	u, ok := e.(*cparse.Unary)
	if !ok || u.Op != "&" {
		return false
	}
	m, ok := u.X.(*cparse.Member)
	return ok && (m.Name == "mmap_lock" || m.Name == "mmap_sem")
}

// lockWords are the names of lockOps and rwsemOps that make a function
// matter to the lock analysis.
func isLockWord(name string) bool {
	if _, ok := lockOps[name]; ok {
		return true
	}
	_, ok := rwsemOps[name]
	return ok || name == "expand_stack"
}

// usesGuard reports whether a function's text takes an mmap lock with a
// scope-based guard (7.x's guard(mmap_read_lock)(mm), scoped_guard(…),
// scoped_cond_guard(…)): the lock is then released where the scope ends,
// which the analysis does not follow, so the function's lock state is
// unknown (doc.go: silent).
func usesGuard(text []byte) bool {
	s := string(text)
	for _, g := range []string{"guard(mmap_", "scoped_guard(mmap_", "scoped_cond_guard(mmap_", "CLASS(mmap_"} {
		if strings.Contains(s, g) {
			return true
		}
	}
	return false
}
