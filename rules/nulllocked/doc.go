// Package nulllocked defines an Analyzer that reports a NULL `locked`
// passed where the GUP API requires a valid one.
//
// # Analyzer nulllocked
//
// nulllocked: report NULL passed as `locked` to a GUP function that dereferences it
//
// Since 6.3 ("mm/gup: remove locked being NULL from faultin_vma_page_range()",
// "make locked never NULL in the internal GUP functions") the internal GUP
// functions read and write *locked unconditionally. An entry point that
// passes its own `locked` straight through therefore requires a non-NULL
// one: faultin_vma_page_range (6.3–6.8) and faultin_page_range (6.9+),
// which also set FOLL_UNLOCKABLE unconditionally. Jason Gunthorpe called a
// non-NULL `locked` that function's API contract. The kernel does not
// check it; a NULL is dereferenced at function entry (6.9+) or on the
// first fault that retries (6.3–6.8).
//
// The contract is read from the analysed tree: a function that passes its
// `locked` parameter unchanged to one of those internal functions has it,
// whatever its name, and a caller passing NULL (or a pointer that is NULL
// on some path) is reported with the path. Entry points that accept NULL
// (get_user_pages_remote, pin_user_pages_remote, populate_vma_page_range,
// which substitute a local `locked`) and trees before 6.3 (where
// faultin_vma_page_range documented NULL as legal) are silent.
//
// Across files the contract travels with the helper's name, but what is
// read is decided by name too: a caller in another file is analysed when
// that file names a GUP function or FOLL_ flag (the prefilter, and
// tolerant mode's slicing of unrelated functions). A helper's derived
// contract is not yet a reason to read its callers' files.
//
// Example:
//
//	return faultin_page_range(mm, start, end, write, NULL);
//
// Silence a report with /* gupvet:ignore nulllocked reason */ on the line
// or the line before.
package nulllocked
