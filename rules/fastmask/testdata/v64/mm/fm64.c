/* fastmask on 6.4: FOLL_TOUCH passes is_valid_gup_args, GUP-fast refuses it. */
#include "internal.h"

int fm64_touch(unsigned long addr, struct page **pages)
{
	return get_user_pages_fast(addr, 1, FOLL_TOUCH, pages); // want `get_user_pages_fast gets FOLL_TOUCH \(set at line 6\), which GUP-fast does not accept`
}

int fm64_clean(unsigned long addr, struct page **pages)
{
	return pin_user_pages_fast(addr, 1, FOLL_PCI_P2PDMA | FOLL_WRITE, pages);
}
