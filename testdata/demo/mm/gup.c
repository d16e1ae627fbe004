/*
 * gupvet demo tree: a much simplified mm/gup.c with the contract of a 6.12
 * kernel. Every public entry point checks its arguments in
 * is_valid_gup_args(), which also adds the flags the entry point implies,
 * and then hands over to one locked worker. The page-table walk and the
 * faulting themselves are not modelled.
 */
#include <linux/errno.h>
#include <linux/mm.h>
#include <linux/sched.h>

#include "internal.h"

/* Flags the lockless walk can honour; anything else is refused. */
#define DEMO_GUP_FAST_FLAGS (FOLL_WRITE | FOLL_LONGTERM | FOLL_FORCE | FOLL_PIN | FOLL_GET | \
			     FOLL_FAST_ONLY | FOLL_NOFAULT | FOLL_PCI_P2PDMA | FOLL_HONOR_NUMA_FAULT)

/*
 * Check what a caller passed to a public entry point and complete the
 * flags: @to_set are the flags the entry point itself implies, and a
 * non-NULL @locked means the caller allows the lock to be dropped. On
 * success the completed flags are stored back in *@gup_flags_p.
 */
static bool is_valid_gup_args(struct page **pages, int *locked,
			      unsigned int *gup_flags_p, unsigned int to_set)
{
	unsigned int flags = *gup_flags_p;

	/* The internal flags are GUP's own business. */
	if (WARN_ON_ONCE(flags & INTERNAL_GUP_FLAGS))
		return false;

	flags |= to_set;

	/* A locked pointer must say "held" and makes the call unlockable. */
	if (locked) {
		if (WARN_ON_ONCE(*locked != 1))
			return false;
		flags |= FOLL_UNLOCKABLE;
	}

	/* A page is either referenced or pinned, not both. */
	if (WARN_ON_ONCE((flags & (FOLL_PIN | FOLL_GET)) == (FOLL_PIN | FOLL_GET)))
		return false;

	/* Long-term only makes sense for pins. */
	if (WARN_ON_ONCE((flags & FOLL_LONGTERM) && !(flags & FOLL_PIN)))
		return false;

	/* References need an array to be returned in. */
	if (WARN_ON_ONCE((flags & (FOLL_GET | FOLL_PIN)) && pages == NULL))
		return false;

	/* Peer-to-peer DMA memory may not be held long term. */
	if (WARN_ON_ONCE((flags & FOLL_PCI_P2PDMA) && (flags & FOLL_LONGTERM)))
		return false;

	*gup_flags_p = flags;
	return true;
}

/* The walk-and-fault step, reduced to "every page was found". */
static long __get_user_pages(struct mm_struct *mm, unsigned long start,
			     unsigned long nr_pages, unsigned int gup_flags,
			     struct page **pages, int *locked)
{
	if (!nr_pages)
		return 0;
	/* faulting with FOLL_UNLOCKABLE could drop the lock here: *locked = 0 */
	return nr_pages;
}

/*
 * The worker every entry point ends in. It reads *@locked straight away
 * (so @locked must never be NULL here): 0 means "take the lock yourself
 * and drop it before returning", 1 means the caller holds it.
 */
static long __get_user_pages_locked(struct mm_struct *mm, unsigned long start,
				    unsigned long nr_pages, struct page **pages,
				    int *locked, unsigned int flags)
{
	bool took_lock = false;
	long done;

	if (*locked == 0) {
		if (mmap_read_lock_killable(mm))
			return -EAGAIN;
		took_lock = true;
		*locked = 1;
	}

	/* Asking for pages without saying how to hold them means a reference. */
	if (pages && !(flags & FOLL_PIN))
		flags |= FOLL_GET;

	done = __get_user_pages(mm, start, nr_pages, flags, pages, locked);

	if (took_lock && *locked) {
		mmap_read_unlock(mm);
		*locked = 0;
	}
	return done;
}

long get_user_pages_remote(struct mm_struct *mm, unsigned long start,
			   unsigned long nr_pages, unsigned int gup_flags,
			   struct page **pages, int *locked)
{
	int local_locked = 1;

	if (!is_valid_gup_args(pages, locked, &gup_flags, FOLL_TOUCH | FOLL_REMOTE))
		return -EINVAL;
	return __get_user_pages_locked(mm, start, nr_pages, pages,
				       locked ? locked : &local_locked, gup_flags);
}
EXPORT_SYMBOL(get_user_pages_remote);

long get_user_pages(unsigned long start, unsigned long nr_pages,
		    unsigned int gup_flags, struct page **pages)
{
	int local_locked = 1;

	/* no locked pointer: the caller's lock is never dropped */
	if (!is_valid_gup_args(pages, NULL, &gup_flags, FOLL_TOUCH))
		return -EINVAL;
	return __get_user_pages_locked(current->mm, start, nr_pages, pages,
				       &local_locked, gup_flags);
}
EXPORT_SYMBOL(get_user_pages);

long get_user_pages_unlocked(unsigned long start, unsigned long nr_pages,
			     struct page **pages, unsigned int gup_flags)
{
	int local_locked = 0;

	/* GUP takes the lock itself, so it is always free to drop it */
	if (!is_valid_gup_args(pages, NULL, &gup_flags, FOLL_TOUCH | FOLL_UNLOCKABLE))
		return -EINVAL;
	return __get_user_pages_locked(current->mm, start, nr_pages, pages,
				       &local_locked, gup_flags);
}
EXPORT_SYMBOL(get_user_pages_unlocked);

/*
 * The lockless walk is not modelled: after the mask check every page goes
 * to the slow path, which takes the lock itself and may drop it.
 */
static int gup_fast_fallback(unsigned long start, unsigned long nr_pages,
			     unsigned int gup_flags, struct page **pages)
{
	int local_locked = 0;

	if (WARN_ON_ONCE(gup_flags & ~DEMO_GUP_FAST_FLAGS))
		return -EINVAL;
	if (gup_flags & FOLL_FAST_ONLY)
		return 0;
	return __get_user_pages_locked(current->mm, start, nr_pages, pages,
				       &local_locked,
				       gup_flags | FOLL_TOUCH | FOLL_UNLOCKABLE);
}

int get_user_pages_fast_only(unsigned long start, int nr_pages,
			     unsigned int gup_flags, struct page **pages)
{
	if (!is_valid_gup_args(pages, NULL, &gup_flags, FOLL_GET | FOLL_FAST_ONLY))
		return -EINVAL;
	return gup_fast_fallback(start, nr_pages, gup_flags, pages);
}
EXPORT_SYMBOL_GPL(get_user_pages_fast_only);

int get_user_pages_fast(unsigned long start, int nr_pages,
			unsigned int gup_flags, struct page **pages)
{
	if (!is_valid_gup_args(pages, NULL, &gup_flags, FOLL_GET))
		return -EINVAL;
	return gup_fast_fallback(start, nr_pages, gup_flags, pages);
}
EXPORT_SYMBOL_GPL(get_user_pages_fast);

int pin_user_pages_fast(unsigned long start, int nr_pages,
			unsigned int gup_flags, struct page **pages)
{
	if (!is_valid_gup_args(pages, NULL, &gup_flags, FOLL_PIN))
		return -EINVAL;
	return gup_fast_fallback(start, nr_pages, gup_flags, pages);
}
EXPORT_SYMBOL_GPL(pin_user_pages_fast);

/* The pin_user_pages*() below return 0, not an error, on bad arguments. */

long pin_user_pages_remote(struct mm_struct *mm, unsigned long start,
			   unsigned long nr_pages, unsigned int gup_flags,
			   struct page **pages, int *locked)
{
	int local_locked = 1;

	if (!is_valid_gup_args(pages, locked, &gup_flags,
			       FOLL_PIN | FOLL_TOUCH | FOLL_REMOTE))
		return 0;
	return __get_user_pages_locked(mm, start, nr_pages, pages,
				       locked ? locked : &local_locked, gup_flags);
}
EXPORT_SYMBOL(pin_user_pages_remote);

long pin_user_pages(unsigned long start, unsigned long nr_pages,
		    unsigned int gup_flags, struct page **pages)
{
	int local_locked = 1;

	if (!is_valid_gup_args(pages, NULL, &gup_flags, FOLL_PIN))
		return 0;
	return __get_user_pages_locked(current->mm, start, nr_pages, pages,
				       &local_locked, gup_flags);
}
EXPORT_SYMBOL(pin_user_pages);

long pin_user_pages_unlocked(unsigned long start, unsigned long nr_pages,
			     struct page **pages, unsigned int gup_flags)
{
	int local_locked = 0;

	if (!is_valid_gup_args(pages, NULL, &gup_flags,
			       FOLL_PIN | FOLL_TOUCH | FOLL_UNLOCKABLE))
		return 0;
	return __get_user_pages_locked(current->mm, start, nr_pages, pages,
				       &local_locked, gup_flags);
}
EXPORT_SYMBOL(pin_user_pages_unlocked);

/*
 * MADV_POPULATE_(READ|WRITE): fault the range in as if the process had
 * touched it. Always unlockable, and @locked is handed to the worker as
 * is, which reads it at once: a NULL @locked is a NULL dereference.
 */
long faultin_page_range(struct mm_struct *mm, unsigned long start,
			unsigned long end, bool write, int *locked)
{
	unsigned long nr_pages = (end - start) / PAGE_SIZE;
	unsigned int gup_flags;

	gup_flags = FOLL_TOUCH | FOLL_HWPOISON | FOLL_UNLOCKABLE | FOLL_MADV_POPULATE;
	if (write)
		gup_flags |= FOLL_WRITE;

	return __get_user_pages_locked(mm, start, nr_pages, NULL, locked, gup_flags);
}

/*
 * mlock and mm_populate: fault the range of one VMA in. Unlike
 * faultin_page_range(), a NULL @locked is allowed and means "never drop
 * the lock"; a local stands in for it.
 */
long populate_vma_page_range(struct vm_area_struct *vma, unsigned long start,
			     unsigned long end, int *locked)
{
	struct mm_struct *mm = vma->vm_mm;
	unsigned long nr_pages = (end - start) / PAGE_SIZE;
	int local_locked = 1;
	unsigned int gup_flags;

	gup_flags = FOLL_TOUCH;
	/* private writable mappings: break COW now rather than at first write */
	if ((vma->vm_flags & (VM_WRITE | VM_SHARED)) == VM_WRITE)
		gup_flags |= FOLL_WRITE;
	/* mlock wants the pages even of a mapping the process may not read */
	if (vma_is_accessible(vma))
		gup_flags |= FOLL_FORCE;
	if (locked)
		gup_flags |= FOLL_UNLOCKABLE;

	return __get_user_pages(mm, start, nr_pages, gup_flags, NULL,
				locked ? locked : &local_locked);
}
