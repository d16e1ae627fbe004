// Package internalflag defines an Analyzer that reports internal FOLL_
// flags passed by a caller to an exported GUP entry point.
//
// # Analyzer internalflag
//
// internalflag: report internal FOLL_ flags (FOLL_PIN, FOLL_TOUCH, FOLL_UNLOCKABLE, ...) passed to a GUP entry point
//
// Some FOLL_ flags are GUP's own bookkeeping: FOLL_PIN is what
// pin_user_pages*() add, FOLL_REMOTE what *_remote add, FOLL_UNLOCKABLE
// what a non-NULL `locked` adds, FOLL_TRIED, FOLL_FAST_ONLY and
// FOLL_MADV_POPULATE are set on internal paths, FOLL_TOUCH by the entry
// points themselves. A caller that passes one gets a WARN and the call
// fails: is_valid_gup_args() starts with
//
//	if (WARN_ON_ONCE(gup_flags & INTERNAL_GUP_FLAGS))
//		return false;
//
// so get_user_pages*() return -EINVAL and pin_user_pages(),
// pin_user_pages_remote() and pin_user_pages_unlocked() return 0.
//
// Which flags are refused is read from the analysed tree:
//
//   - 6.7 and later: INTERNAL_GUP_FLAGS from mm/internal.h (TOUCH, TRIED,
//     REMOTE, PIN, FAST_ONLY, UNLOCKABLE and, from 6.9, MADV_POPULATE);
//   - 6.3 to 6.6: the inline list FOLL_PIN | FOLL_TRIED | FOLL_UNLOCKABLE |
//     FOLL_REMOTE | FOLL_FAST_ONLY (FOLL_TOUCH was still accepted);
//   - before 6.3: is_valid_gup_flags() refused FOLL_PIN on get_user_pages,
//     get_user_pages_remote and get_user_pages_fast ("FOLL_PIN must only
//     be set internally by the pin_user_pages*() APIs").
//
// Only bits the caller writes count: the flags an entry point adds itself
// (its to_set, FOLL_UNLOCKABLE from `locked`) are not the caller's. From
// 6.3 the internal flags live in mm/internal.h, which only mm/ includes,
// so the callers at risk are in mm/ or pass a raw number; the flags are
// followed through wrappers (a helper taking gup_flags) and the finding is
// reported at the call in the function that writes the flag.
//
// Example (mm/ code, 6.12):
//
//	get_user_pages_remote(mm, addr, 1, FOLL_WRITE | FOLL_TOUCH, &page, NULL);
//
// Silence a report with /* gupvet:ignore internalflag reason */ on the
// line or the line before.
package internalflag
