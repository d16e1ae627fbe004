/* lockedone on 6.1: __get_user_pages_locked BUG()s on *locked != 1. */
#include <linux/mm.h>

long lo61_zero(struct mm_struct *mm, unsigned long addr, struct page **pages)
{
	int locked = 0;

	return get_user_pages_remote(mm, addr, 1, FOLL_WRITE, pages, NULL, &locked); // want `\*locked is 0 here \(set at line 6\).*__get_user_pages_locked: BUG_ON\(\*locked != 1\)`
}

long lo61_clean(struct mm_struct *mm, unsigned long addr, struct page **pages)
{
	int locked = 1;

	return get_user_pages_remote(mm, addr, 1, FOLL_WRITE, pages, NULL, &locked);
}

/* get_user_pages_unlocked uses a locked of its own, set to 1. */
long lo61_unlocked_clean(unsigned long addr, struct page **pages)
{
	return get_user_pages_unlocked(addr, 1, pages, FOLL_WRITE);
}
