/*
 * gupvet's built-in model of the GUP entry points of Linux 6.3 and 6.4,
 * where every entry point but the _fast and _unlocked ones still takes a
 * `vmas` array, placed before `locked`. Used when the tree's mm/gup.c is
 * not in reach; see gup-6.5.c for what the bodies keep.
 */

long get_user_pages(unsigned long start, unsigned long nr_pages,
		    unsigned int gup_flags, struct page **pages,
		    struct vm_area_struct **vmas)
{
	int locked = 1;

	if (!is_valid_gup_args(pages, vmas, NULL, &gup_flags, FOLL_TOUCH))
		return -22;
	return __get_user_pages_locked(0, start, nr_pages, pages, vmas, &locked, gup_flags);
}

long get_user_pages_remote(struct mm_struct *mm, unsigned long start,
			   unsigned long nr_pages, unsigned int gup_flags,
			   struct page **pages, struct vm_area_struct **vmas,
			   int *locked)
{
	int local_locked = 1;

	if (!is_valid_gup_args(pages, vmas, locked, &gup_flags, FOLL_TOUCH | FOLL_REMOTE))
		return -22;
	return __get_user_pages_locked(mm, start, nr_pages, pages, vmas,
				       locked ? locked : &local_locked, gup_flags);
}

long get_user_pages_unlocked(unsigned long start, unsigned long nr_pages,
			     struct page **pages, unsigned int gup_flags)
{
	int locked = 0;

	if (!is_valid_gup_args(pages, NULL, NULL, &gup_flags, FOLL_TOUCH | FOLL_UNLOCKABLE))
		return -22;
	return __get_user_pages_locked(0, start, nr_pages, pages, NULL, &locked, gup_flags);
}

int get_user_pages_fast(unsigned long start, int nr_pages,
			unsigned int gup_flags, struct page **pages)
{
	if (!is_valid_gup_args(pages, NULL, NULL, &gup_flags, FOLL_GET))
		return -22;
	return 0;
}

int get_user_pages_fast_only(unsigned long start, int nr_pages,
			     unsigned int gup_flags, struct page **pages)
{
	if (!is_valid_gup_args(pages, NULL, NULL, &gup_flags, FOLL_GET | FOLL_FAST_ONLY))
		return -22;
	return 0;
}

long pin_user_pages(unsigned long start, unsigned long nr_pages,
		    unsigned int gup_flags, struct page **pages,
		    struct vm_area_struct **vmas)
{
	int locked = 1;

	if (!is_valid_gup_args(pages, vmas, NULL, &gup_flags, FOLL_PIN))
		return 0;
	return __get_user_pages_locked(0, start, nr_pages, pages, vmas, &locked, gup_flags);
}

int pin_user_pages_fast(unsigned long start, int nr_pages,
			unsigned int gup_flags, struct page **pages)
{
	if (!is_valid_gup_args(pages, NULL, NULL, &gup_flags, FOLL_PIN))
		return -22;
	return 0;
}

long pin_user_pages_remote(struct mm_struct *mm, unsigned long start,
			   unsigned long nr_pages, unsigned int gup_flags,
			   struct page **pages, struct vm_area_struct **vmas,
			   int *locked)
{
	int local_locked = 1;

	if (!is_valid_gup_args(pages, vmas, locked, &gup_flags, FOLL_PIN | FOLL_TOUCH | FOLL_REMOTE))
		return 0;
	return __get_user_pages_locked(mm, start, nr_pages, pages, vmas,
				       locked ? locked : &local_locked, gup_flags);
}

long pin_user_pages_unlocked(unsigned long start, unsigned long nr_pages,
			     struct page **pages, unsigned int gup_flags)
{
	int locked = 0;

	if (!is_valid_gup_args(pages, NULL, NULL, &gup_flags, FOLL_PIN | FOLL_TOUCH | FOLL_UNLOCKABLE))
		return 0;
	return __get_user_pages_locked(0, start, nr_pages, pages, NULL, &locked, gup_flags);
}

long faultin_vma_page_range(struct vm_area_struct *vma, unsigned long start,
			    unsigned long end, bool write, int *locked)
{
	unsigned int gup_flags = FOLL_TOUCH | FOLL_HWPOISON | FOLL_UNLOCKABLE;

	if (write)
		gup_flags |= FOLL_WRITE;
	return __get_user_pages(vma->vm_mm, start, (end - start) >> 12, gup_flags, NULL, NULL, locked);
}

long populate_vma_page_range(struct vm_area_struct *vma, unsigned long start,
			     unsigned long end, int *locked)
{
	int local_locked = 1;
	unsigned int gup_flags = FOLL_TOUCH;

	if (locked)
		gup_flags |= FOLL_UNLOCKABLE;
	return __get_user_pages(vma->vm_mm, start, (end - start) >> 12, gup_flags, NULL, NULL,
				locked ? locked : &local_locked);
}

bool get_user_page_fast_only(unsigned long addr, unsigned int gup_flags,
			     struct page **pagep)
{
	return get_user_pages_fast_only(addr, 1, gup_flags, pagep) == 1;
}
