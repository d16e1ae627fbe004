/* mm/slab.h (6.12), read by most of mm/: static_assert, a macro of
 * linux/build_bug.h, at file scope.
 * want: slab_gup calls get_user_pages */
#include "slab.h"

long slab_gup(unsigned long addr, struct page **pages)
{
	return get_user_pages(addr, 1, FOLL_WRITE, pages);
}
