/* Code inside mm/ can name FOLL_UNLOCKABLE and write it next to FOLL_NOWAIT. */
#include "internal.h"

long nw_mm_explicit(struct mm_struct *mm, unsigned long addr, struct page **pages)
{
	return get_user_pages_remote(mm, addr, 1, FOLL_NOWAIT | FOLL_UNLOCKABLE, pages, NULL); // want `get_user_pages_remote gets FOLL_NOWAIT \(set at line 6\) together with FOLL_UNLOCKABLE.*added by nw_mm_explicit \(line 6\)`
}
