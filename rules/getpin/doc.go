// Package getpin defines an Analyzer that reports GUP calls whose flags
// hold both FOLL_GET and FOLL_PIN.
//
// # Analyzer getpin
//
// getpin: report FOLL_GET together with FOLL_PIN (FOLL_GET passed to a pin_user_pages* call)
//
// A page returned by GUP is either referenced (FOLL_GET, released with
// put_page) or pinned (FOLL_PIN, released with unpin_user_page), never
// both. pin_user_pages*() add FOLL_PIN themselves, and
// get_user_pages_fast*() add FOLL_GET, so the pair usually comes from a
// caller passing FOLL_GET to a pin_* call. The check counts the flags the
// entry point adds:
//
//   - 6.3 and later: is_valid_gup_args(), after adding to_set,
//     WARN_ON_ONCE((gup_flags & (FOLL_PIN | FOLL_GET)) == (FOLL_PIN |
//     FOLL_GET)); pin_user_pages(), pin_user_pages_remote() and
//     pin_user_pages_unlocked() then return 0, the others -EINVAL;
//   - before 6.3: each pin_user_pages*() did WARN_ON_ONCE(gup_flags &
//     FOLL_GET) and returned -EINVAL (FOLL_PIN passed to a get_* call was
//     is_valid_gup_flags' business: see internalflag).
//
// A FOLL_PIN the caller may not pass at all is reported by internalflag
// instead. Flags are followed through wrappers; the finding is reported at
// the call in the function that writes the caller's flag.
//
// Example:
//
//	pin_user_pages_fast(addr, n, FOLL_WRITE | FOLL_GET, pages);
//
// Silence a report with /* gupvet:ignore getpin reason */ on the line or
// the line before.
package getpin
