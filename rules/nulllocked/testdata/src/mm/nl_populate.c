/* nulllocked: callers of faultin_page_range inside mm/, and their twins. */
#include "internal.h"

struct mm_struct;

long nl_literal(struct mm_struct *mm, unsigned long start, unsigned long end)
{
	return faultin_page_range(mm, start, end, false, NULL); // want `locked is NULL here, but faultin_page_range requires a non-NULL locked: it passes it to __get_user_pages_locked`
}

long nl_zero(struct mm_struct *mm, unsigned long start, unsigned long end)
{
	return faultin_page_range(mm, start, end, true, 0); // want `locked is NULL here`
}

long nl_void_zero(struct mm_struct *mm, unsigned long start, unsigned long end)
{
	return faultin_page_range(mm, start, end, true, (void *)0); // want `locked is NULL here`
}

long nl_good(struct mm_struct *mm, unsigned long start, unsigned long end)
{
	int locked = 1;

	return faultin_page_range(mm, start, end, false, &locked);
}

/* NULL on one path only. */
long nl_maybe(struct mm_struct *mm, unsigned long start, unsigned long end, bool lock)
{
	int locked = 1;
	int *lp = NULL;

	if (lock)
		lp = &locked;
	return faultin_page_range(mm, start, end, false, lp); // want `locked may be NULL here \(NULL from line 32\)`
}

long nl_ternary(struct mm_struct *mm, unsigned long start, unsigned long end, bool lock)
{
	int locked = 1;

	return faultin_page_range(mm, start, end, false, lock ? &locked : NULL); // want `locked may be NULL here`
}

/* A guard removes the NULL path. */
long nl_guarded(struct mm_struct *mm, unsigned long start, unsigned long end, int *lp)
{
	if (!lp)
		return -22;
	return faultin_page_range(mm, start, end, false, lp);
}

long nl_guarded_caller(struct mm_struct *mm, unsigned long start, unsigned long end)
{
	return nl_guarded(mm, start, end, NULL);
}

/* NULL is legal where the entry point substitutes its own locked. */
long nl_populate(struct vm_area_struct *vma, unsigned long start, unsigned long end)
{
	return populate_vma_page_range(vma, start, end, NULL);
}

long nl_remote(struct mm_struct *mm, unsigned long addr, struct page **pages)
{
	return get_user_pages_remote(mm, addr, 1, FOLL_WRITE, pages, NULL);
}

/* A helper that passes its locked on: the contract is its callers'. */
long nl_helper(struct mm_struct *mm, unsigned long start, unsigned long end, int *locked)
{
	return faultin_page_range(mm, start, end, false, locked);
}
