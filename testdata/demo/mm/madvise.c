/*
 * gupvet demo tree: callers of faultin_page_range(), whose contract is
 * that @locked points to 1 (mmap_lock held for read). The first follows
 * it the way MADV_POPULATE_(READ|WRITE) does; the second breaks it.
 */
#include <linux/errno.h>
#include <linux/mm.h>

#include "internal.h"

/* Populate [start, end) of mm, retaking the lock whenever GUP dropped it. */
static long madvise_populate(struct mm_struct *mm, unsigned long start,
			     unsigned long end, bool write)
{
	int locked = 1;
	long pages;

	while (start < end) {
		pages = faultin_page_range(mm, start, end, write, &locked);
		if (!locked) {
			mmap_read_lock(mm);
			locked = 1;
		}
		if (pages < 0) {
			if (pages == -EINTR || pages == -ENOMEM)
				return pages;
			return -EFAULT;
		}
		start += pages * PAGE_SIZE;
	}
	return 0;
}

/*
 * Wrong on purpose: NULL is no way to say "keep the lock" here, and the
 * GUP worker dereferences it at once.
 */
static long demo_populate_unlocked(struct mm_struct *mm, unsigned long start,
				   unsigned long end)
{
	return faultin_page_range(mm, start, end, false, NULL); /* expected: nulllocked */
}

long demo_madvise(struct mm_struct *mm, unsigned long start,
		  unsigned long len, int behavior)
{
	if (behavior == 0)
		return demo_populate_unlocked(mm, start, start + len);
	return madvise_populate(mm, start, start + len, behavior == 2);
}
