// Package fastmask defines an Analyzer that reports flags the GUP-fast
// entry points do not accept.
//
// # Analyzer fastmask
//
// fastmask: report flags outside the GUP-fast mask (FOLL_NOWAIT, FOLL_HWPOISON, ...) passed to get/pin_user_pages_fast*
//
// get_user_pages_fast(), pin_user_pages_fast(), get_user_pages_fast_only()
// (and get_user_page_fast_only() on it) and, before 6.3,
// pin_user_pages_fast_only() walk the page tables without mmap_lock, and
// accept only the flags that walk can honour. Anything else gets a WARN
// and -EINVAL before any page is looked at (gup_fast_fallback, called
// internal_get_user_pages_fast before ≈6.10):
//
//	if (WARN_ON_ONCE(gup_flags & ~(FOLL_WRITE | FOLL_LONGTERM |
//				       FOLL_FORCE | FOLL_PIN | FOLL_GET |
//				       FOLL_FAST_ONLY | FOLL_NOFAULT |
//				       FOLL_PCI_P2PDMA | FOLL_HONOR_NUMA_FAULT)))
//		return -EINVAL;
//
// The mask by version: 6.1 WRITE, LONGTERM, FORCE, PIN, GET, FAST_ONLY,
// NOFAULT; FOLL_PCI_P2PDMA from 6.2; FOLL_HONOR_NUMA_FAULT from 6.5. The
// names are resolved with the analysed tree's values. So FOLL_NOWAIT,
// FOLL_INTERRUPTIBLE, FOLL_HWPOISON, FOLL_DUMP, FOLL_ANON and
// FOLL_SPLIT_PMD are refused in every version, and FOLL_TOUCH in 6.3–6.6
// where is_valid_gup_args does not refuse it first. Flags refused earlier
// (internal flags: internalflag) are not reported again here.
//
// Flags are followed through wrappers; the finding is reported at the
// call in the function that writes the flag.
//
// Example:
//
//	get_user_pages_fast(addr, 1, FOLL_WRITE | FOLL_NOWAIT, &page);
//
// Silence a report with /* gupvet:ignore fastmask reason */ on the line or
// the line before.
package fastmask
