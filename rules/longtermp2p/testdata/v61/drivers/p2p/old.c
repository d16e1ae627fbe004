/* 6.1 has no FOLL_PCI_P2PDMA: nothing to check, and 0x100000 is no flag. */
#include <linux/mm.h>

int p2p61_clean(unsigned long addr, struct page **pages)
{
	return pin_user_pages_fast(addr, 1, FOLL_LONGTERM | 0x100000, pages);
}
