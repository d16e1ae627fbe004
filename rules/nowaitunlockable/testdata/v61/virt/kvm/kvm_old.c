/*
 * The 4.16–6.2 KVM shape (ce53053ce378 "kvm: switch get_user_page_nowait()
 * to get_user_pages_unlocked()"): FOLL_NOWAIT to an entry point that runs
 * with a non-NULL locked. Before 6.3 there is no FOLL_UNLOCKABLE, so only
 * -nowaitunlockable.pre63 reports it.
 */
#include <linux/mm.h>

struct page;

static int hva_to_pfn_slow(unsigned long addr, bool *async, bool write_fault, struct page **page)
{
	unsigned int flags = FOLL_HWPOISON;

	if (write_fault)
		flags |= FOLL_WRITE;
	if (async)
		flags |= FOLL_NOWAIT;
	return get_user_pages_unlocked(addr, 1, page, flags); // want `get_user_pages_unlocked may get FOLL_NOWAIT \(set at line 18\) together with the non-NULL locked get_user_pages_unlocked passes on.*before 6.3 a non-NULL locked lets GUP drop mmap_lock`
}

/* get_user_pages never unlocks: nothing to report, option or not. */
long old_plain(unsigned long addr, struct page **page)
{
	return get_user_pages(addr, 1, FOLL_NOWAIT, page);
}
