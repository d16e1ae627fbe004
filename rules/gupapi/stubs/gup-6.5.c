/*
 * gupvet's built-in model of the GUP entry points of Linux 6.5 and later
 * (no vmas argument; FOLL_UNLOCKABLE internal). It stands in for the
 * tree's own mm/gup.c and include/linux/mm.h wrappers when those are not
 * in reach. Each body keeps only what decides the effective flags and the
 * `locked` contract: which flags the entry point asks is_valid_gup_args to
 * add, and what it passes as `locked` to the internal functions. FOLL_
 * names resolve to the analysed tree's values.
 */

long get_user_pages(unsigned long start, unsigned long nr_pages,
		    unsigned int gup_flags, struct page **pages)
{
	int locked = 1;

	if (!is_valid_gup_args(pages, NULL, &gup_flags, FOLL_TOUCH))
		return -22;
	return __get_user_pages_locked(0, start, nr_pages, pages, &locked, gup_flags);
}

long get_user_pages_remote(struct mm_struct *mm, unsigned long start,
			   unsigned long nr_pages, unsigned int gup_flags,
			   struct page **pages, int *locked)
{
	int local_locked = 1;

	if (!is_valid_gup_args(pages, locked, &gup_flags, FOLL_TOUCH | FOLL_REMOTE))
		return -22;
	return __get_user_pages_locked(mm, start, nr_pages, pages,
				       locked ? locked : &local_locked, gup_flags);
}

long get_user_pages_unlocked(unsigned long start, unsigned long nr_pages,
			     struct page **pages, unsigned int gup_flags)
{
	int locked = 0;

	if (!is_valid_gup_args(pages, NULL, &gup_flags, FOLL_TOUCH | FOLL_UNLOCKABLE))
		return -22;
	return __get_user_pages_locked(0, start, nr_pages, pages, &locked, gup_flags);
}

int get_user_pages_fast(unsigned long start, int nr_pages,
			unsigned int gup_flags, struct page **pages)
{
	if (!is_valid_gup_args(pages, NULL, &gup_flags, FOLL_GET))
		return -22;
	return 0;
}

int get_user_pages_fast_only(unsigned long start, int nr_pages,
			     unsigned int gup_flags, struct page **pages)
{
	if (!is_valid_gup_args(pages, NULL, &gup_flags, FOLL_GET | FOLL_FAST_ONLY))
		return -22;
	return 0;
}

long pin_user_pages(unsigned long start, unsigned long nr_pages,
		    unsigned int gup_flags, struct page **pages)
{
	int locked = 1;

	if (!is_valid_gup_args(pages, NULL, &gup_flags, FOLL_PIN))
		return 0;
	return __get_user_pages_locked(0, start, nr_pages, pages, &locked, gup_flags);
}

int pin_user_pages_fast(unsigned long start, int nr_pages,
			unsigned int gup_flags, struct page **pages)
{
	if (!is_valid_gup_args(pages, NULL, &gup_flags, FOLL_PIN))
		return -22;
	return 0;
}

long pin_user_pages_remote(struct mm_struct *mm, unsigned long start,
			   unsigned long nr_pages, unsigned int gup_flags,
			   struct page **pages, int *locked)
{
	int local_locked = 1;

	if (!is_valid_gup_args(pages, locked, &gup_flags, FOLL_PIN | FOLL_TOUCH | FOLL_REMOTE))
		return 0;
	return __get_user_pages_locked(mm, start, nr_pages, pages,
				       locked ? locked : &local_locked, gup_flags);
}

long pin_user_pages_unlocked(unsigned long start, unsigned long nr_pages,
			     struct page **pages, unsigned int gup_flags)
{
	int locked = 0;

	if (!is_valid_gup_args(pages, NULL, &gup_flags, FOLL_PIN | FOLL_TOUCH | FOLL_UNLOCKABLE))
		return 0;
	return __get_user_pages_locked(0, start, nr_pages, pages, &locked, gup_flags);
}

/* 6.9+: the flags are fixed and `locked` is passed on as it is. */
long faultin_page_range(struct mm_struct *mm, unsigned long start,
			unsigned long end, bool write, int *locked)
{
	unsigned int gup_flags = FOLL_TOUCH | FOLL_HWPOISON | FOLL_UNLOCKABLE | FOLL_MADV_POPULATE;

	if (write)
		gup_flags |= FOLL_WRITE;
	return __get_user_pages_locked(mm, start, (end - start) >> 12, NULL, locked, gup_flags);
}

/* 6.3 to 6.8 spelling of the same, on a vma. */
long faultin_vma_page_range(struct vm_area_struct *vma, unsigned long start,
			    unsigned long end, bool write, int *locked)
{
	unsigned int gup_flags = FOLL_TOUCH | FOLL_HWPOISON | FOLL_UNLOCKABLE;

	if (write)
		gup_flags |= FOLL_WRITE;
	return __get_user_pages(vma->vm_mm, start, (end - start) >> 12, gup_flags, NULL, locked);
}

long populate_vma_page_range(struct vm_area_struct *vma, unsigned long start,
			     unsigned long end, int *locked)
{
	int local_locked = 1;
	unsigned int gup_flags = FOLL_TOUCH;

	if (locked)
		gup_flags |= FOLL_UNLOCKABLE;
	return __get_user_pages(vma->vm_mm, start, (end - start) >> 12, gup_flags, NULL,
				locked ? locked : &local_locked);
}

/* include/linux/mm.h wrappers */
struct page *get_user_page_vma_remote(struct mm_struct *mm, unsigned long addr,
				      int gup_flags, struct vm_area_struct **vmap)
{
	struct page *page;
	long got = get_user_pages_remote(mm, addr, 1, gup_flags, &page, NULL);

	if (got < 0)
		return (struct page *)got;
	return page;
}

bool get_user_page_fast_only(unsigned long addr, unsigned int gup_flags,
			     struct page **pagep)
{
	return get_user_pages_fast_only(addr, 1, gup_flags, pagep) == 1;
}
