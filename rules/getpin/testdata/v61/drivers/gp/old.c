/* getpin on 6.1: each pin_user_pages* WARNs on FOLL_GET itself. */
#include <linux/mm.h>

long gp61_pin(unsigned long addr, struct page **pages)
{
	return pin_user_pages(addr, 1, FOLL_GET, pages, NULL); // want `pin_user_pages gets FOLL_GET \(set at line 6\) together with FOLL_PIN.*pin_user_pages: WARN_ON_ONCE\(gup_flags & FOLL_GET\); pin_user_pages WARNs once and returns -EINVAL`
}

int gp61_fast_only(unsigned long addr, struct page **pages)
{
	return pin_user_pages_fast_only(addr, 1, FOLL_GET | FOLL_WRITE, pages); // want `pin_user_pages_fast_only gets FOLL_GET`
}

/* FOLL_PIN to get_user_pages is is_valid_gup_flags' (internalflag). */
long gp61_get_pin_clean(unsigned long addr, struct page **pages)
{
	return get_user_pages(addr, 1, FOLL_PIN, pages, NULL);
}
