/* getpin: FOLL_GET with the FOLL_PIN that pin_user_pages* add. */
#include <linux/mm.h>

int gp_fast(unsigned long addr, struct page **pages)
{
	return pin_user_pages_fast(addr, 1, FOLL_WRITE | FOLL_GET, pages); // want `pin_user_pages_fast gets FOLL_GET \(set at line 6\) together with FOLL_PIN \(added by pin_user_pages_fast, mm/gup.c:\d+\): a page is either referenced or pinned, not both; is_valid_gup_args: WARN_ON_ONCE\(\(flags & \(FOLL_PIN \| FOLL_GET\)\) == \(FOLL_PIN \| FOLL_GET\)\) \(mm/gup.c:43\); pin_user_pages_fast WARNs once and returns -EINVAL`
}

int gp_fast_clean(unsigned long addr, struct page **pages)
{
	return pin_user_pages_fast(addr, 1, FOLL_WRITE, pages);
}

long gp_remote(struct mm_struct *mm, unsigned long addr, struct page **pages)
{
	return pin_user_pages_remote(mm, addr, 1, FOLL_GET, pages, NULL); // want `pin_user_pages_remote gets FOLL_GET .* pin_user_pages_remote WARNs once and returns 0`
}

/* FOLL_GET is what get_user_pages_fast adds anyway: legal. */
int gp_get_fast_clean(unsigned long addr, struct page **pages)
{
	return get_user_pages_fast(addr, 1, FOLL_GET, pages);
}

/* get_user_pages with FOLL_GET: no FOLL_PIN anywhere. */
long gp_get_clean(unsigned long addr, struct page **pages)
{
	return get_user_pages(addr, 1, FOLL_GET | FOLL_WRITE, pages);
}

/* On one path. */
long gp_maybe(unsigned long addr, bool ref, struct page **pages)
{
	unsigned int flags = FOLL_WRITE;

	if (ref)
		flags |= FOLL_GET;
	return pin_user_pages_unlocked(addr, 1, pages, flags); // want `pin_user_pages_unlocked may get FOLL_GET \(set at line 37\)`
}

/* A helper picks pin or get; the caller's FOLL_GET reaches the pin side. */
static long gp_helper(unsigned long addr, unsigned int gup_flags, bool pin, struct page **pages)
{
	if (pin)
		return pin_user_pages(addr, 1, gup_flags, pages);
	return get_user_pages(addr, 1, gup_flags, pages);
}

long gp_via_helper(unsigned long addr, struct page **pages)
{
	return gp_helper(addr, FOLL_GET, true, pages); // want `gp_helper \(reaching pin_user_pages\) gets FOLL_GET \(set at line 51\)`
}

long gp_via_helper_clean(unsigned long addr, struct page **pages)
{
	return gp_helper(addr, FOLL_WRITE, true, pages);
}

long gp_silenced(unsigned long addr, struct page **pages)
{
	return pin_user_pages(addr, 1, FOLL_GET, pages); /* gupvet:ignore getpin test */
}
