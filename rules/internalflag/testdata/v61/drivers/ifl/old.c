/* internalflag on 6.1: is_valid_gup_flags refuses FOLL_PIN on get_*. */
#include <linux/mm.h>

long ifl61_pin(unsigned long addr, struct page **pages)
{
	return get_user_pages(addr, 1, FOLL_PIN, pages, NULL); // want `get_user_pages gets FOLL_PIN \(set at line 6\), but FOLL_PIN is GUP's own and may not be passed by a caller \(is_valid_gup_flags`
}

int ifl61_fast_pin(unsigned long addr, struct page **pages)
{
	return get_user_pages_fast(addr, 1, FOLL_PIN | FOLL_WRITE, pages); // want `get_user_pages_fast gets FOLL_PIN`
}

long ifl61_remote_pin(struct mm_struct *mm, unsigned long addr, struct page **pages)
{
	return get_user_pages_remote(mm, addr, 1, FOLL_PIN, pages, NULL, NULL); // want `get_user_pages_remote gets FOLL_PIN`
}

/* FOLL_TOUCH and FOLL_REMOTE were public in 6.1: nothing refused them. */
long ifl61_touch_clean(struct mm_struct *mm, unsigned long addr, struct page **pages)
{
	return get_user_pages_remote(mm, addr, 1, FOLL_TOUCH | FOLL_REMOTE, pages, NULL, NULL);
}

/* get_user_pages_unlocked did not run is_valid_gup_flags. */
long ifl61_unlocked_clean(unsigned long addr, struct page **pages)
{
	return get_user_pages_unlocked(addr, 1, pages, FOLL_PIN);
}
