// Package mmaplock defines an Analyzer that reports GUP calls that need
// mmap_lock held on a path where it is not.
//
// # Analyzer mmaplock
//
// mmaplock: report a GUP call that needs mmap_lock held where it is not
//
// get_user_pages, pin_user_pages, their *_remote variants,
// get_user_page_vma_remote, fixup_user_fault and the mm-internal
// populate_vma_page_range and faultin_page_range walk the VMA tree of an
// mm, which only its mmap_lock protects: the caller must hold it (for read
// or write). Called without it they race with munmap() and mremap() (a
// use-after-free of the VMA), and from 5.15 on find_vma()'s
// mmap_assert_locked() BUG()s with CONFIG_DEBUG_VM. The *_unlocked and
// *_fast variants take the lock themselves.
//
// Real bugs of this kind: 3a0152b21952 "nitro_enclaves: Use
// get_user_pages_unlocked() call to handle mmap assert" (the ioctl called
// get_user_pages with no lock; 5.10.y still has it), f3964599c22f
// "mm/gup_benchmark: take the mmap lock around GUP", and atomisp's
// alloc_user_pages(), which dropped the lock after find_vma() and then
// called pin_user_pages (5.10).
//
// What needs the lock is read from the analysed tree's mm/gup.c: each
// entry point's code is followed, with the caller's arguments, to the
// first check of the lock it makes while the lock is still the caller's —
// mmap_assert_locked() (6.12: in __get_user_pages_locked, which takes the
// lock itself when *locked is 0) or a walk of the VMA tree (find_vma,
// vma_lookup, gup_vma_lookup, find_extend_vma). So an entry point that
// takes the lock first needs nothing, and the message quotes what the
// version's code does. 5.10 and 6.1 assert nothing on the get/pin path,
// but their __get_user_pages walks the VMA tree all the same: the rule
// applies to them, and says that a missing lock goes unnoticed at run
// time there. Where mm/gup.c was not read, a built-in table of the API's
// documented contract stands in, and the message says so.
//
// The lock is followed through the calling function and the tree's
// functions it calls, path by path: mmap_read_lock, mmap_write_lock and
// their _killable and trylock forms with their results, the unlocks,
// mmap_write_downgrade (still held), mmap_assert_locked (a precondition:
// held), lock_mm_and_find_vma and mmap_read_lock_maybe_expand (held iff
// they succeed), expand_stack (drops the lock when it fails, from 6.5),
// early returns and goto cleanups, and a helper that returns with the
// lock held only on success. A GUP call with a non-NULL locked may drop
// the lock: on the path where *locked is then 0 the lock is not held.
// Locals, parameters and members used as lock flags (locked,
// needs_mmap_lock, user->locked) are followed as values, so a lock taken
// and released under the same condition is understood; a value compared
// with a constant the analysis cannot compute (mm/gup_test.c's _IOWR()
// commands, which have a sizeof) is known equal to it by its spelling,
// and a switch on it then enters only the case so labelled.
//
// A call is reported when, on some path, the lock was released, dropped
// or failed to be taken before it, or when the path never takes it and
// starts in a function entered without the lock: a file_operations or
// proc_ops handler (ioctl, read, write, open, release) or a system call.
// A function whose callers are not known (an exported function, a
// callback reached through a function pointer such as TTM's populate) is
// left to its callers: silent.
//
// To stay precise, the rule is silent when it cannot tell: a path out of
// a branch it cannot decide (a lock taken under a condition that a later
// test correlates with in a way the values do not show) when the other
// paths of the branch disagree on the lock; paths joined when there were
// too many; a function with too many paths through its callees (7.3's
// vfio_iommu_replay) is analysed again on its own code, and after a
// callee that may change the lock its paths are silent (a function still
// too big is named on stderr as not analysed), and so is a function that
// calls into one that had too many (sys_execve, through do_execve, into
// copy_strings);
// a function that takes the lock with guard()/scoped_guard() (7.x); a
// lock taken by a function the run did not read (it is assumed to leave
// the lock alone), a per-VMA lock (lock_vma_under_rcu does not count as
// mmap_lock). It does not tell one mm's lock from another's: a lock held
// on any mm counts. It does not report the converse mistake (calling a
// *_unlocked or *_fast variant with the lock held). A lock-requiring call
// whose chain to an entry point passes through a function pointer or a
// file that names no GUP word (6.1's atomisp, reached from v4l2's ioctl
// table through hmm.c) is silent: its callers are not known.
//
// Example (5.10's nitro_enclaves):
//
//	static long ne_set_user_memory_region_ioctl(...)
//	{
//		...
//		gup_rc = get_user_pages(mem_region.userspace_addr + memory_size, 1, FOLL_GET,
//					ne_mem_region->pages + i, NULL);
//
// reached from ne_enclave_ioctl, the .unlocked_ioctl of the enclave's
// file_operations, with no mmap_read_lock on the way. The fix calls
// get_user_pages_unlocked(), or takes mmap_read_lock(current->mm) around
// the call.
//
// Silence a report with /* gupvet:ignore mmaplock reason */ on the line or
// the line before.
package mmaplock
