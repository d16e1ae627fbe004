/* internalflag on 6.4: the inline list, FOLL_TOUCH not in it. */
#include "internal.h"

long ifl64_touch_clean(unsigned long addr, struct page **pages)
{
	return get_user_pages(addr, 1, FOLL_TOUCH, pages, NULL);
}

long ifl64_remote(struct mm_struct *mm, unsigned long addr, struct page **pages)
{
	return get_user_pages_remote(mm, addr, 1, FOLL_REMOTE, pages, NULL, NULL); // want `get_user_pages_remote gets FOLL_REMOTE \(set at line 11\), but FOLL_REMOTE is GUP's own and may not be passed by a caller \(is_valid_gup_args: the internal flags \(FOLL_PIN\|FOLL_TRIED\|FOLL_UNLOCKABLE\|FOLL_REMOTE\|FOLL_FAST_ONLY\) may not be passed`
}
