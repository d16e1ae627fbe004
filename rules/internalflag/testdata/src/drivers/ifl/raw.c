/* internalflag outside mm/: only a raw number can carry an internal flag. */
#include <linux/mm.h>

long ifl_raw(unsigned long addr, struct page **pages)
{
	/* 0x40000 was FOLL_PIN before 6.3; in 6.12 it is FOLL_REMOTE */
	return get_user_pages(addr, 1, 0x40000, pages); // want `get_user_pages gets FOLL_REMOTE \(set at line 7\)`
}

long ifl_raw_clean(unsigned long addr, struct page **pages)
{
	return get_user_pages(addr, 1, 0x1, pages);
}

/* GUP-fast adds FOLL_GET itself: nothing internal from the caller. */
int ifl_fast_clean(unsigned long addr, struct page **pages)
{
	return get_user_pages_fast(addr, 1, FOLL_WRITE, pages);
}
