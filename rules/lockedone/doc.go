// Package lockedone defines an Analyzer that reports a non-NULL `locked`
// whose value may not be 1 when it reaches a GUP entry point.
//
// # Analyzer lockedone
//
// lockedone: report *locked not 1 at get/pin_user_pages_remote (locked must say "mmap_lock held")
//
// get_user_pages_remote() and pin_user_pages_remote() take an optional
// `int *locked`. NULL means the caller holds mmap_lock and GUP never
// drops it; a non-NULL locked allows GUP to drop it, telling the caller by
// setting *locked to 0. At the call *locked must be 1 (the caller holds
// the lock), and GUP checks it:
//
//   - 6.3 and later: is_valid_gup_args() does WARN_ON_ONCE(*locked != 1)
//     and the call fails (-EINVAL from get_user_pages_remote, 0 from
//     pin_user_pages_remote);
//   - before 6.3: __get_user_pages_locked() did BUG_ON(*locked != 1).
//
// The value is followed from where the caller writes it (int locked = 0;
// user->locked = 0 on some path) through wrappers that pass `locked` on.
// Only values written in code gupvet sees count: after a call that may
// have changed *locked, or for a pointer gupvet cannot follow, nothing is
// reported.
//
// Example:
//
//	int locked = 0;
//	ret = get_user_pages_remote(mm, addr, 1, FOLL_WRITE, &page, &locked);
//
// Silence a report with /* gupvet:ignore lockedone reason */ on the line
// or the line before.
package lockedone
