/* longtermnopin on 6.1: is_valid_gup_flags and get_user_pages_unlocked. */
#include <linux/mm.h>

long lt61_get(unsigned long addr, struct page **pages)
{
	return get_user_pages(addr, 1, FOLL_LONGTERM, pages, NULL); // want `get_user_pages gets FOLL_LONGTERM \(set at line 6\) without FOLL_PIN.*is_valid_gup_flags: WARN_ON_ONCE\(gup_flags & FOLL_LONGTERM\)`
}

long lt61_unlocked(unsigned long addr, struct page **pages)
{
	return get_user_pages_unlocked(addr, 1, pages, FOLL_LONGTERM); // want `get_user_pages_unlocked: WARN_ON_ONCE\(gup_flags & FOLL_LONGTERM\)`
}

/* get_user_pages_fast_only had no such check in 6.1. */
int lt61_fast_only_clean(unsigned long addr, struct page **pages)
{
	return get_user_pages_fast_only(addr, 1, FOLL_LONGTERM, pages);
}

long lt61_pin_clean(unsigned long addr, struct page **pages)
{
	return pin_user_pages(addr, 1, FOLL_LONGTERM, pages, NULL);
}
