// Package gupapi is gupvet's model of the kernel's get_user_pages (GUP)
// API, read from the tree being analysed.
//
// FOLL_ names and their values come from the tree's own headers
// (include/linux/mm_types.h and mm/internal.h from 6.3 on, where they are
// enums; include/linux/mm.h before, where they are #defines). Nothing here
// hard-codes a bit value: the values changed in 6.3 and a checker that
// assumed one release's values would misread every other.
//
// What each entry point adds to the caller's flags is read from the tree's
// mm/gup.c by the flag analysis (package flagflow), which treats the entry
// points as ordinary functions leading to a few intrinsic sinks described
// here (Sinks). When mm/gup.c is not in reach, a built-in model written as
// C source for the tree's version stands in (Stubs), so the same analysis
// serves both; -v says which model served.
package gupapi
