/* longtermp2p: P2P DMA pages may not be pinned long-term. */
#include <linux/mm.h>

int p2p_fast(unsigned long addr, struct page **pages)
{
	return pin_user_pages_fast(addr, 1, FOLL_LONGTERM | FOLL_PCI_P2PDMA, pages); // want `pin_user_pages_fast gets FOLL_LONGTERM \(set at line 6\) together with FOLL_PCI_P2PDMA \(set at line 6\): peer-to-peer DMA pages may not be pinned long-term; is_valid_gup_args: WARN_ON_ONCE\(\(flags & FOLL_PCI_P2PDMA\) && \(flags & FOLL_LONGTERM\)\) \(mm/gup.c:55\)`
}

int p2p_fast_clean(unsigned long addr, struct page **pages)
{
	return pin_user_pages_fast(addr, 1, FOLL_WRITE | FOLL_PCI_P2PDMA, pages);
}

int p2p_longterm_clean(unsigned long addr, struct page **pages)
{
	return pin_user_pages_fast(addr, 1, FOLL_WRITE | FOLL_LONGTERM, pages);
}

/* The iov_iter shape: P2P allowed by the caller, long-term by a helper. */
static long p2p_helper(unsigned long addr, unsigned int gup_flags, struct page **pages)
{
	return pin_user_pages(addr, 1, gup_flags | FOLL_LONGTERM, pages);
}

long p2p_via_helper(unsigned long addr, bool p2p, struct page **pages)
{
	unsigned int flags = FOLL_WRITE;

	if (p2p)
		flags |= FOLL_PCI_P2PDMA;
	return p2p_helper(addr, flags, pages); // want `p2p_helper \(reaching pin_user_pages\) may get FOLL_PCI_P2PDMA \(set at line 30\) together with FOLL_LONGTERM \(added by p2p_helper`
}

long p2p_via_helper_clean(unsigned long addr, struct page **pages)
{
	return p2p_helper(addr, FOLL_WRITE, pages);
}

/* Without FOLL_PIN it is refused earlier: longtermnopin's finding. */
long p2p_get_clean(unsigned long addr, struct page **pages)
{
	return get_user_pages(addr, 1, FOLL_LONGTERM | FOLL_PCI_P2PDMA, pages);
}
