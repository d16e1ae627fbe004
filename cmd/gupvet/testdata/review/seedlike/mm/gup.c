/*
 * gupvet review fixture: mm/gup.c shaped like Linux 6.4, where
 * is_valid_gup_args() still takes a vmas array. Its comments are aligned
 * with tabs; the patch next to it was made against a later version that
 * aligns them with spaces and has 35 more lines above (see README.md).
 */
#include <linux/errno.h>
#include <linux/mm.h>
#include <linux/sched.h>

#include "internal.h"

/* Argument checks of every entry point; @to_set completes the flags. */
static bool is_valid_gup_args(struct page **pages, struct vm_area_struct **vmas,
			      int *locked, unsigned int *gup_flags_p,
			      unsigned int to_set)
{
	unsigned int gup_flags = *gup_flags_p;

	if (WARN_ON_ONCE(gup_flags & (FOLL_PIN | FOLL_TRIED | FOLL_UNLOCKABLE |
				      FOLL_REMOTE | FOLL_FAST_ONLY)))
		return false;
	gup_flags |= to_set;
	if (locked) {
		if (WARN_ON_ONCE(*locked != 1))
			return false;
		gup_flags |= FOLL_UNLOCKABLE;
	}
	*gup_flags_p = gup_flags;
	return true;
}

/* Walk and fault, reduced to success; may drop the lock if unlockable. */
static long __get_user_pages(struct mm_struct *mm, unsigned long start,
			     unsigned long nr_pages, unsigned int gup_flags,
			     struct page **pages, int *locked)
{
	return nr_pages;
}

/* The locked worker: here, the walk itself. */
static long __get_user_pages_locked(struct mm_struct *mm, unsigned long start,
				    unsigned long nr_pages, struct page **pages,
				    int *locked, unsigned int flags)
{
	return __get_user_pages(mm, start, nr_pages, flags, pages, locked);
}

/*
 * Prefault [start, end) of one VMA with the lock held for read; the lock
 * may be dropped, and *@locked then says so.
 */
long faultin_vma_page_range(struct vm_area_struct *vma, unsigned long start,
			    unsigned long end, bool write, int *locked)
{
	struct mm_struct *mm = vma->vm_mm;
	unsigned long nr_pages = (end - start) / PAGE_SIZE;
	int gup_flags;

	VM_BUG_ON(!PAGE_ALIGNED(start));
	VM_BUG_ON(!PAGE_ALIGNED(end));
	VM_BUG_ON_VMA(start < vma->vm_start, vma);
	VM_BUG_ON_VMA(end > vma->vm_end, vma);
	mmap_assert_locked(mm);

	/*
	 * FOLL_TOUCH: mark the pages accessed, and with FOLL_WRITE dirty,
	 *	       which makes no difference here: without FOLL_FORCE
	 *	       only a page table entry that is writable already
	 *	       is written.
	 * FOLL_HWPOISON: fail with -EHWPOISON, not -EFAULT, on a
	 *		  poisoned page.
	 * Without FOLL_FORCE the access permissions are checked.
	 */
	gup_flags = FOLL_TOUCH | FOLL_HWPOISON | FOLL_UNLOCKABLE;
	if (write)
		gup_flags |= FOLL_WRITE;

	return __get_user_pages(mm, start, nr_pages, gup_flags, NULL, locked);
}

long get_user_pages_unlocked(unsigned long start, unsigned long nr_pages,
			     struct page **pages, unsigned int gup_flags)
{
	int locked = 0;

	if (!is_valid_gup_args(pages, NULL, NULL, &gup_flags,
			       FOLL_TOUCH | FOLL_UNLOCKABLE))
		return -EINVAL;

	return __get_user_pages_locked(current->mm, start, nr_pages, pages,
				       &locked, gup_flags);
}
EXPORT_SYMBOL(get_user_pages_unlocked);
