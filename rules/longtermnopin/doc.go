// Package longtermnopin defines an Analyzer that reports FOLL_LONGTERM
// without FOLL_PIN.
//
// # Analyzer longtermnopin
//
// longtermnopin: report FOLL_LONGTERM passed where the pages are not pinned (get_user_pages* instead of pin_user_pages*)
//
// FOLL_LONGTERM says the caller will hold the pages for an indefinite
// time (RDMA, VFIO, io_uring buffers): GUP then migrates them out of
// ZONE_MOVABLE and CMA first. Only a pin can be long-term
// (Documentation/core-api/pin_user_pages.rst), so GUP refuses it on a
// plain reference:
//
//   - 6.3 and later: is_valid_gup_args() does
//     WARN_ON_ONCE(!(gup_flags & FOLL_PIN) && (gup_flags & FOLL_LONGTERM))
//     and the call returns -EINVAL;
//   - before 6.3: is_valid_gup_flags() refused FOLL_LONGTERM on
//     get_user_pages, get_user_pages_remote and get_user_pages_fast, and
//     get_user_pages_unlocked WARNed on it itself.
//
// Flags are followed through wrappers; the finding is reported at the
// call in the function that writes FOLL_LONGTERM.
//
// Example:
//
//	get_user_pages_fast(addr, n, FOLL_WRITE | FOLL_LONGTERM, pages);
//
// Silence a report with /* gupvet:ignore longtermnopin reason */ on the
// line or the line before.
package longtermnopin
