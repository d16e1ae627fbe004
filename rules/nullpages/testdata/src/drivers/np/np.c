/* nullpages: GET or PIN need a pages array to return the pages in. */
#include <linux/mm.h>

int np_fast(unsigned long addr)
{
	return get_user_pages_fast(addr, 1, FOLL_WRITE, NULL); // want `pages is NULL, but get_user_pages_fast runs with FOLL_GET \(added by get_user_pages_fast, mm/gup.c:\d+\), which returns each page through pages\[\]: is_valid_gup_args: WARN_ON_ONCE\(\(flags & \(FOLL_GET \| FOLL_PIN\)\) && pages == NULL\) \(mm/gup.c:51\); pass an array, or fault the range in with get_user_pages\(\)`
}

/* Without an array, get_user_pages only faults the range in: legal. */
long np_get_clean(unsigned long addr)
{
	return get_user_pages(addr, 1, FOLL_WRITE, NULL);
}

long np_remote_clean(struct mm_struct *mm, unsigned long addr)
{
	return get_user_pages_remote(mm, addr, 1, FOLL_WRITE, NULL, NULL);
}

long np_pin(unsigned long addr)
{
	return pin_user_pages(addr, 1, FOLL_WRITE, NULL); // want `pages is NULL, but pin_user_pages runs with FOLL_PIN`
}

/* The caller asks for references itself. */
long np_get_explicit(unsigned long addr)
{
	return get_user_pages(addr, 1, FOLL_GET, NULL); // want `pages is NULL, but get_user_pages runs with FOLL_GET \(set at line 28\).*; pass an array, or drop FOLL_GET to only fault the range in`
}

/* NULL on one path. */
long np_maybe(unsigned long addr, struct page **arr, bool want)
{
	struct page **pages = NULL;

	if (want)
		pages = arr;
	return pin_user_pages_unlocked(addr, 1, pages, 0); // want `pages may be NULL \(NULL from line 34\), but pin_user_pages_unlocked runs with FOLL_PIN`
}

/* A guard removes the NULL path. */
long np_guarded(unsigned long addr, struct page **pages)
{
	if (!pages)
		return -22;
	return pin_user_pages_unlocked(addr, 1, pages, 0);
}

long np_guarded_caller(unsigned long addr)
{
	return np_guarded(addr, NULL);
}

/* A helper whose caller passes NULL: reported at the caller. */
static int np_helper(unsigned long addr, struct page **pages)
{
	return pin_user_pages_fast(addr, 1, FOLL_WRITE | FOLL_LONGTERM, pages);
}

int np_via_helper(unsigned long addr)
{
	return np_helper(addr, NULL); // want `pages is NULL, but np_helper \(reaching pin_user_pages_fast\) runs with FOLL_PIN`
}

int np_via_helper_clean(unsigned long addr, struct page **pages)
{
	return np_helper(addr, pages);
}

/* A helper that passes NULL itself, and a caller that adds FOLL_GET. */
static long np_prefault(unsigned long addr, unsigned int gup_flags)
{
	return get_user_pages(addr, 1, gup_flags, NULL);
}

long np_prefault_get(unsigned long addr)
{
	return np_prefault(addr, FOLL_GET); // want `pages is NULL \(NULL from line 73\), but np_prefault \(reaching get_user_pages\) runs with FOLL_GET \(set at line 78\)`
}

long np_prefault_clean(unsigned long addr)
{
	return np_prefault(addr, FOLL_WRITE);
}

/* get_user_page_fast_only needs its page pointer too. */
bool np_fast_only(unsigned long addr)
{
	return get_user_page_fast_only(addr, 0, NULL); // want `get_user_page_fast_only \(reaching get_user_pages_fast_only\) runs with FOLL_GET`
}
