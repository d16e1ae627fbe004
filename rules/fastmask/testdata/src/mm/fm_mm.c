/* FOLL_TOUCH is refused first by is_valid_gup_args (internalflag). */
#include "internal.h"

int fm_touch_clean(unsigned long addr, struct page **pages)
{
	return get_user_pages_fast(addr, 1, FOLL_TOUCH, pages);
}
