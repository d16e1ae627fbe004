// Package nullpages defines an Analyzer that reports FOLL_GET or FOLL_PIN
// with a `pages` array that may be NULL.
//
// # Analyzer nullpages
//
// nullpages: report FOLL_GET or FOLL_PIN (added by get_user_pages_fast and pin_user_pages*) with a NULL pages array
//
// A GUP call without a pages array only faults the range in; that is
// legal for get_user_pages(), get_user_pages_remote() and
// get_user_pages_unlocked(), which take a reference only when there is an
// array to return the pages in. But get_user_pages_fast*() always take a
// reference (FOLL_GET) and pin_user_pages*() always pin (FOLL_PIN), and a
// reference or pin needs somewhere to go:
//
//   - 6.3 and later: is_valid_gup_args(), after adding to_set, does
//     WARN_ON_ONCE((gup_flags & (FOLL_GET | FOLL_PIN)) && !pages); the call
//     fails (-EINVAL, or 0 from pin_user_pages, _remote and _unlocked);
//   - before 6.3: each pin_user_pages*() did WARN_ON_ONCE(!pages);
//     get_user_pages_fast() had no check: its lockless walk stores each
//     page through the NULL array and its slow path reaches
//     __get_user_pages' VM_BUG_ON(!!pages != !!(gup_flags & (FOLL_GET |
//     FOLL_PIN))). A FOLL_GET the caller passes with a NULL array to any
//     entry point hits that VM_BUG_ON too.
//
// The NULL may be written anywhere on the way (a helper's parameter); the
// finding is reported at the call in the function that writes the NULL,
// or else the FOLL_GET, with the path as related information.
//
// Example (arch/ia64/kernel/err_inject.c, 6.1):
//
//	ret = get_user_pages_fast(virt_addr, 1, FOLL_WRITE, NULL);
//
// Silence a report with /* gupvet:ignore nullpages reason */ on the line
// or the line before.
package nullpages
