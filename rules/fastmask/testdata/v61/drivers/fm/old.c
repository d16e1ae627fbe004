/* fastmask on 6.1: no FOLL_PCI_P2PDMA or FOLL_HONOR_NUMA_FAULT yet. */
#include <linux/mm.h>

int fm61_nowait(unsigned long addr, struct page **pages)
{
	return get_user_pages_fast(addr, 1, FOLL_NOWAIT, pages); // want `get_user_pages_fast gets FOLL_NOWAIT \(set at line 6\), which GUP-fast does not accept: internal_get_user_pages_fast WARNs once and returns -EINVAL for any flag outside FOLL_WRITE\|FOLL_GET\|FOLL_FORCE\|FOLL_NOFAULT\|FOLL_LONGTERM\|FOLL_PIN\|FOLL_FAST_ONLY$`
}

int fm61_touch(unsigned long addr, struct page **pages)
{
	return pin_user_pages_fast_only(addr, 1, FOLL_TOUCH, pages); // want `pin_user_pages_fast_only gets FOLL_TOUCH`
}

int fm61_clean(unsigned long addr, struct page **pages)
{
	return get_user_pages_fast(addr, 1, FOLL_WRITE | FOLL_LONGTERM, pages);
}
