/*
 * gupvet demo tree: mm-private declarations. Only files under mm/ include
 * this header, so only they can name the internal GUP flags.
 */
#ifndef DEMO_MM_INTERNAL_H
#define DEMO_MM_INTERNAL_H

#include <linux/mm.h>

enum {
	/* mark the pages accessed (GUP sets it; callers may not) */
	FOLL_TOUCH = 1 << 16,
	/* second attempt after a fault asked to be retried */
	FOLL_TRIED = 1 << 17,
	/* the pages belong to another process's mm */
	FOLL_REMOTE = 1 << 18,
	/* pin_user_pages*() references, released with unpin_user_page() */
	FOLL_PIN = 1 << 19,
	/* the lockless walk only: never fall back to the slow path */
	FOLL_FAST_ONLY = 1 << 20,
	/* GUP may drop mmap_lock while it works (and say so in *locked) */
	FOLL_UNLOCKABLE = 1 << 21,
	/* MADV_POPULATE_(READ|WRITE) rules for which mappings are fine */
	FOLL_MADV_POPULATE = 1 << 22,
};

/* The flags above: a caller of a public entry point must not pass them. */
#define INTERNAL_GUP_FLAGS (FOLL_TOUCH | FOLL_TRIED | FOLL_REMOTE | FOLL_PIN | FOLL_FAST_ONLY | FOLL_UNLOCKABLE | FOLL_MADV_POPULATE)

/*
 * Fault in [start, end) of mm. @locked must point to 1 (mmap_lock held for
 * read); the lock may be dropped, in which case *locked becomes 0.
 */
long faultin_page_range(struct mm_struct *mm, unsigned long start,
			unsigned long end, bool write, int *locked);

/*
 * Fault in [start, end) of vma for mlock and mm_populate. @locked may be
 * NULL: then the lock is never dropped.
 */
long populate_vma_page_range(struct vm_area_struct *vma, unsigned long start,
			     unsigned long end, int *locked);

#endif /* DEMO_MM_INTERNAL_H */
