/*
 * gupvet demo tree: a driver that uses GUP correctly. gupvet must report
 * nothing in this file.
 */
#include <linux/mm.h>
#include <linux/slab.h>

/* A long-term pin of a user buffer for device DMA. */
static int demo_pin_dma_buffer(unsigned long uaddr, int npages,
			       struct page **pages)
{
	return pin_user_pages_fast(uaddr, npages, FOLL_WRITE | FOLL_LONGTERM,
				   pages);
}

/*
 * Look at a page of another process without waiting for I/O. NOWAIT is
 * fine here: with a NULL locked pointer GUP never drops mmap_lock.
 */
static long demo_peek_remote(struct mm_struct *mm, unsigned long addr,
			     struct page **page)
{
	long n;

	mmap_read_lock(mm);
	n = get_user_pages_remote(mm, addr, 1, FOLL_NOWAIT, page, NULL);
	mmap_read_unlock(mm);
	return n;
}

/* Read or write access chosen by the caller; GUP manages the lock. */
static long demo_get_range(unsigned long start, unsigned long nr,
			   struct page **pages, bool write)
{
	return get_user_pages_unlocked(start, nr, pages, write ? FOLL_WRITE : 0);
}

/* A remote pin that lets GUP drop the lock, with *locked set to 1 first. */
static long demo_pin_remote(struct mm_struct *mm, unsigned long start,
			    unsigned long nr, struct page **pages)
{
	int locked = 1;
	long n;

	mmap_read_lock(mm);
	n = pin_user_pages_remote(mm, start, nr, FOLL_WRITE, pages, &locked);
	if (locked)
		mmap_read_unlock(mm);
	return n;
}

long demo_ioctl(struct mm_struct *mm, unsigned long arg, struct page **pages,
		int cmd)
{
	switch (cmd) {
	case 1:
		return demo_pin_dma_buffer(arg, 1, pages);
	case 2:
		return demo_peek_remote(mm, arg, pages);
	case 3:
		return demo_get_range(arg, 1, pages, true);
	default:
		return demo_pin_remote(mm, arg, 1, pages);
	}
}
