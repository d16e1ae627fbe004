/* arch/s390/kvm/gmap/faultin.c (7.3): DEFINE_FREE(...) at file scope in a
 * local header, and a placeholder for it (a macro called with a type)
 * read as a K&R declarator that swallowed the file: "unexpected <EOF>".
 * want: faultin_gfn calls get_user_pages_remote */
#include "dat.h"

int faultin_gfn(struct mm_struct *mm, unsigned long addr, struct page **page)
{
	struct mmu_cache *mc __free(mmu_cache) = new_mmu_cache();
	int locked = 1;

	return get_user_pages_remote(mm, addr, 1, FOLL_WRITE, page, &locked) + (mc != 0);
}
