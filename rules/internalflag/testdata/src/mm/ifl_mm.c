/* internalflag: code inside mm/ can name the internal flags. */
#include "internal.h"

long ifl_touch(struct mm_struct *mm, unsigned long addr, struct page **pages)
{
	return get_user_pages_remote(mm, addr, 1, FOLL_WRITE | FOLL_TOUCH, pages, NULL); // want `get_user_pages_remote gets FOLL_TOUCH \(set at line 6\), but FOLL_TOUCH is GUP's own and may not be passed by a caller \(is_valid_gup_args: WARN_ON_ONCE\(flags & INTERNAL_GUP_FLAGS\) \(mm/gup.c:30\)\); get_user_pages_remote WARNs once and returns -EINVAL`
}

long ifl_touch_clean(struct mm_struct *mm, unsigned long addr, struct page **pages)
{
	return get_user_pages_remote(mm, addr, 1, FOLL_WRITE, pages, NULL);
}

/* pin_user_pages adds FOLL_PIN itself; the caller may not. */
long ifl_pin(unsigned long addr, struct page **pages)
{
	return pin_user_pages(addr, 1, FOLL_PIN | FOLL_WRITE, pages); // want `pin_user_pages gets FOLL_PIN .* pin_user_pages WARNs once and returns 0`
}

long ifl_pin_clean(unsigned long addr, struct page **pages)
{
	return pin_user_pages(addr, 1, FOLL_WRITE, pages);
}

/* FOLL_UNLOCKABLE from a non-NULL locked is the entry point's own doing. */
long ifl_locked_clean(struct mm_struct *mm, unsigned long addr, struct page **pages)
{
	int locked = 1;

	return get_user_pages_remote(mm, addr, 1, FOLL_WRITE, pages, &locked);
}

/* Asking for it by name is not. */
long ifl_unlockable(unsigned long addr, struct page **pages)
{
	return get_user_pages_unlocked(addr, 1, pages, FOLL_UNLOCKABLE); // want `get_user_pages_unlocked gets FOLL_UNLOCKABLE`
}

/* Two at once, one of them on one path only. */
long ifl_two(unsigned long addr, bool retry, struct page **pages)
{
	unsigned int flags = FOLL_REMOTE;

	if (retry)
		flags |= FOLL_TRIED;
	return get_user_pages(addr, 1, flags, pages); // want `get_user_pages gets FOLL_REMOTE \(set at line 42\) and may get FOLL_TRIED \(set at line 45\), but FOLL_TRIED\|FOLL_REMOTE is GUP's own`
}

/* On one path only. */
long ifl_maybe(unsigned long addr, bool retry, struct page **pages)
{
	unsigned int flags = FOLL_WRITE;

	if (retry)
		flags |= FOLL_TRIED;
	return get_user_pages(addr, 1, flags, pages); // want `get_user_pages may get FOLL_TRIED \(set at line 55\)`
}

/* Set, then cleared again before the call. */
long ifl_cleared(unsigned long addr, bool retry, struct page **pages)
{
	unsigned int flags = FOLL_WRITE;

	if (retry)
		flags |= FOLL_TRIED;
	flags &= ~FOLL_TRIED;
	return get_user_pages(addr, 1, flags, pages);
}

/* A helper that takes gup_flags: reported where the flag is written. */
static long ifl_helper(unsigned long addr, unsigned int gup_flags, struct page **pages)
{
	return pin_user_pages_fast(addr, 1, gup_flags | FOLL_WRITE, pages);
}

long ifl_via_helper(unsigned long addr, struct page **pages)
{
	return ifl_helper(addr, FOLL_FAST_ONLY, pages); // want `ifl_helper \(reaching pin_user_pages_fast\) gets FOLL_FAST_ONLY \(set at line 78\)`
}

long ifl_via_helper_clean(unsigned long addr, struct page **pages)
{
	return ifl_helper(addr, FOLL_FORCE, pages);
}

/* populate_vma_page_range is mm's own: no is_valid_gup_args there. */
long ifl_populate_clean(struct vm_area_struct *vma, unsigned long start, unsigned long end)
{
	int locked = 1;

	return populate_vma_page_range(vma, start, end, &locked);
}

long ifl_silenced(unsigned long addr, struct page **pages)
{
	/* gupvet:ignore internalflag the test says so */
	return get_user_pages(addr, 1, FOLL_TOUCH, pages);
}
