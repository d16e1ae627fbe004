/*
 * gupvet demo tree: the get_user_pages() family as a 6.12 kernel declares
 * it, plus two inline helpers built on it. Prototypes only for the entry
 * points; their simplified bodies are in mm/gup.c.
 */
#ifndef DEMO_LINUX_MM_H
#define DEMO_LINUX_MM_H

#include <linux/err.h>
#include <linux/mm_types.h>

/* Helpers the demo uses but does not define. */
struct vm_area_struct *vma_lookup(struct mm_struct *mm, unsigned long addr);
void put_page(struct page *page);
void mmap_read_lock(struct mm_struct *mm);
int mmap_read_lock_killable(struct mm_struct *mm);
void mmap_read_unlock(struct mm_struct *mm);

/* Pages of the current process; the caller holds mmap_lock for read. */
long get_user_pages(unsigned long start, unsigned long nr_pages,
		    unsigned int gup_flags, struct page **pages);
long pin_user_pages(unsigned long start, unsigned long nr_pages,
		    unsigned int gup_flags, struct page **pages);

/*
 * Pages of mm. With @locked NULL the lock is never dropped; otherwise
 * *locked must be 1 and GUP may drop the lock, clearing *locked.
 */
long get_user_pages_remote(struct mm_struct *mm, unsigned long start,
			   unsigned long nr_pages, unsigned int gup_flags,
			   struct page **pages, int *locked);
long pin_user_pages_remote(struct mm_struct *mm, unsigned long start,
			   unsigned long nr_pages, unsigned int gup_flags,
			   struct page **pages, int *locked);

/*
 * Pages of the current process; GUP takes mmap_lock itself and may drop
 * and retake it. Note the order: pages before flags.
 */
long get_user_pages_unlocked(unsigned long start, unsigned long nr_pages,
			     struct page **pages, unsigned int gup_flags);
long pin_user_pages_unlocked(unsigned long start, unsigned long nr_pages,
			     struct page **pages, unsigned int gup_flags);

/* Lockless walk first, the slow path for whatever it could not get. */
int get_user_pages_fast(unsigned long start, int nr_pages,
			unsigned int gup_flags, struct page **pages);
int pin_user_pages_fast(unsigned long start, int nr_pages,
			unsigned int gup_flags, struct page **pages);
/* Lockless walk only: may return fewer pages than asked for, or none. */
int get_user_pages_fast_only(unsigned long start, int nr_pages,
			     unsigned int gup_flags, struct page **pages);

/*
 * One page of mm and the VMA it lies in. The helper has no way to say
 * "not yet", so a caller asking for FOLL_NOWAIT gets -EINVAL back.
 */
static inline struct page *get_user_page_vma_remote(struct mm_struct *mm,
						    unsigned long addr,
						    int gup_flags,
						    struct vm_area_struct **vmap)
{
	struct vm_area_struct *vma;
	struct page *page;
	long n;

	if (WARN_ON_ONCE(gup_flags & FOLL_NOWAIT))
		return ERR_PTR(-EINVAL);

	/* no locked pointer: the lock stays held throughout */
	n = get_user_pages_remote(mm, addr, 1, gup_flags, &page, NULL);
	if (n < 0)
		return ERR_PTR(n);
	if (WARN_ON_ONCE(n == 0))
		return ERR_PTR(-EIO);

	vma = vma_lookup(mm, addr);
	if (WARN_ON_ONCE(vma == NULL)) {
		put_page(page);
		return ERR_PTR(-EINVAL);
	}
	*vmap = vma;
	return page;
}

/* One page of the current process, lockless walk only; true if it got it. */
static inline bool get_user_page_fast_only(unsigned long addr,
					   unsigned int gup_flags,
					   struct page **pagep)
{
	return get_user_pages_fast_only(addr, 1, gup_flags, pagep) == 1;
}

/* VMA flags (vm_flags): another flag set again, bit 1 is VM_WRITE. */
#define VM_NONE		0x00000000
#define VM_READ		0x00000001
#define VM_WRITE	0x00000002
#define VM_EXEC		0x00000004
#define VM_SHARED	0x00000008

/* The fault handlers: they take FAULT_FLAG_ flags, not FOLL_ ones. */
int fixup_user_fault(struct mm_struct *mm, unsigned long address,
		     unsigned int fault_flags, bool *unlocked);
struct pt_regs;
unsigned int handle_mm_fault(struct vm_area_struct *vma, unsigned long address,
			     unsigned int flags, struct pt_regs *regs);

#endif /* DEMO_LINUX_MM_H */
