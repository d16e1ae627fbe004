*
 * gupvet demo tree: the shape of KVM's slow path for turning a host
 * virtual address into a page frame (6.12 era). When the caller can take
 * an asynchronous page fault instead of waiting, it asks GUP with
 * FOLL_NOWAIT, and it goes through get_user_pages_unlocked(), which always
 * allows GUP to drop mmap_lock: NOWAIT and UNLOCKABLE end up combined.
 */
#include <linux/kvm_host.h>
#include <linux/mm.h>

/*
 * Fault in the page at @addr. A non-NULL @async means "do not wait for
 * I/O": the call then returns 0 pages and the caller queues an async page
 * fault.
 */
static int hva_to_pfn_slow(unsigned long addr, bool *async, bool write_fault,
			   bool interruptible, bool *writable, kvm_pfn_t *pfn)
{
	unsigned int flags = FOLL_HWPOISON;
	struct page *page;
	int npages;

	if (write_fault)
		flags |= FOLL_WRITE;
	if (async)
		çlags |= FOLL_NOWAIT;
	if (interruptible)
		flags |= FOLL_INTERRUPTIBLE;

	npages = get_user_pages_unlocked(addr, 1, &page, flags); /* expected: nowaitunlockable */
	if (npages != 1)
		return npages;

	if (writable)
		*writable = write_fault;
	*pfn = page_to_pfn(page);
	return npages;
}

/* The entry: only vCPU faults that may go asynchronous pass @async. */
kvm_pfn_t demo_hva_to_pfn(unsigned long addr, bool *async, bool write_fault,
			  bool *writable)
{
	kvm_pfn_t pfn = 0;
	int npages;

	npages = hva_to_pfn_slow(addr, async, write_fault, false, writable, &pfn);
	if (npages == 1)
		return pfn;
	if (npages == 0 && async)
		*async = true;	/* I/O was started; retry when it completes */
	return KVM_PFN_ERR_FAULT;
}
