// Package nowaitunlockable defines an Analyzer that reports GUP calls
// whose effective flags may hold both FOLL_NOWAIT and FOLL_UNLOCKABLE.
//
// # Analyzer nowaitunlockable
//
// nowaitunlockable: report GUP calls that combine FOLL_NOWAIT with FOLL_UNLOCKABLE
//
// FOLL_NOWAIT asks GUP to start I/O but never wait for it, which in the
// fault path means never dropping mmap_lock (FAULT_FLAG_RETRY_NOWAIT).
// FOLL_UNLOCKABLE, internal since 6.3, gives GUP permission to drop
// mmap_lock. It is added by get_user_pages_unlocked and
// pin_user_pages_unlocked unconditionally, and by *_remote when `locked`
// is non-NULL. A caller that passes FOLL_NOWAIT to one of those therefore
// gets both (Peter Xu, linux-mm, May 2023: "mm/gup: Fixes FOLL_UNLOCKABLE
// against FOLL_NOWAIT").
//
// The combination runs correctly today: the fault handler sees
// ALLOW_RETRY|KILLABLE|RETRY_NOWAIT and never drops the lock, so a fault
// that needs I/O returns a short count. Jason Gunthorpe argued that the
// flags compose ("permission to unlock" plus "do not wait") and the patch
// was not merged. The rule reports a contract that is unclear rather than a
// crash: the caller asked for two things that mean opposite things for the
// same lock.
//
// What an entry point adds is read from the analysed tree's mm/gup.c, so a
// tree carrying the patch (get_user_pages_unlocked adding FOLL_UNLOCKABLE
// only without FOLL_NOWAIT) gets no report for get_user_pages_unlocked.
// FOLL_NOWAIT set only on some paths (`if (async) flags |= FOLL_NOWAIT`) is
// reported as "may".
//
// Example (virt/kvm/kvm_main.c, hva_to_pfn_slow, 6.12):
//
//	unsigned int flags = FOLL_HWPOISON;
//	if (async)
//		flags |= FOLL_NOWAIT;
//	npages = get_user_pages_unlocked(addr, 1, &page, flags);
//
// Trees before 6.3 have no FOLL_UNLOCKABLE and are not checked unless
// -nowaitunlockable.pre63 asks for the equivalent there: FOLL_NOWAIT with a
// non-NULL `locked` (which is what made a call unlockable then).
//
// Silence a report with /* gupvet:ignore nowaitunlockable reason */ on the
// line or the line before.
package nowaitunlockable
