/*
 * gupvet's built-in model of the GUP entry points before Linux 6.3, which
 * had no FOLL_UNLOCKABLE: an entry point could drop mmap_lock exactly when
 * it ran with a non-NULL `locked` (the *_unlocked ones always use one of
 * their own). __gupvet_gup_args stands for that rule: it adds to_set and
 * marks the flags "may unlock" when locked is non-NULL. Used for every
 * tree before 6.3, whose mm/gup.c has no single place that says it.
 */

long get_user_pages(unsigned long start, unsigned long nr_pages,
		    unsigned int gup_flags, struct page **pages,
		    struct vm_area_struct **vmas)
{
	__gupvet_gup_args(pages, NULL, &gup_flags, FOLL_TOUCH);
	return 0;
}

long get_user_pages_remote(struct mm_struct *mm, unsigned long start,
			   unsigned long nr_pages, unsigned int gup_flags,
			   struct page **pages, struct vm_area_struct **vmas,
			   int *locked)
{
	__gupvet_gup_args(pages, locked, &gup_flags, FOLL_TOUCH | FOLL_REMOTE);
	return 0;
}

long get_user_pages_unlocked(unsigned long start, unsigned long nr_pages,
			     struct page **pages, unsigned int gup_flags)
{
	int locked = 1;

	__gupvet_gup_args(pages, &locked, &gup_flags, FOLL_TOUCH);
	return 0;
}

int get_user_pages_fast(unsigned long start, int nr_pages,
			unsigned int gup_flags, struct page **pages)
{
	__gupvet_gup_args(pages, NULL, &gup_flags, FOLL_GET);
	return 0;
}

int get_user_pages_fast_only(unsigned long start, int nr_pages,
			     unsigned int gup_flags, struct page **pages)
{
	__gupvet_gup_args(pages, NULL, &gup_flags, FOLL_GET | FOLL_FAST_ONLY);
	return 0;
}

long pin_user_pages(unsigned long start, unsigned long nr_pages,
		    unsigned int gup_flags, struct page **pages,
		    struct vm_area_struct **vmas)
{
	__gupvet_gup_args(pages, NULL, &gup_flags, FOLL_PIN);
	return 0;
}

int pin_user_pages_fast(unsigned long start, int nr_pages,
			unsigned int gup_flags, struct page **pages)
{
	__gupvet_gup_args(pages, NULL, &gup_flags, FOLL_PIN);
	return 0;
}

int pin_user_pages_fast_only(unsigned long start, int nr_pages,
			     unsigned int gup_flags, struct page **pages)
{
	__gupvet_gup_args(pages, NULL, &gup_flags, FOLL_PIN | FOLL_FAST_ONLY);
	return 0;
}

long pin_user_pages_remote(struct mm_struct *mm, unsigned long start,
			   unsigned long nr_pages, unsigned int gup_flags,
			   struct page **pages, struct vm_area_struct **vmas,
			   int *locked)
{
	__gupvet_gup_args(pages, locked, &gup_flags, FOLL_PIN | FOLL_TOUCH | FOLL_REMOTE);
	return 0;
}

long pin_user_pages_unlocked(unsigned long start, unsigned long nr_pages,
			     struct page **pages, unsigned int gup_flags)
{
	int locked = 1;

	__gupvet_gup_args(pages, &locked, &gup_flags, FOLL_PIN | FOLL_TOUCH);
	return 0;
}

bool get_user_page_fast_only(unsigned long addr, unsigned int gup_flags,
			     struct page **pagep)
{
	return get_user_pages_fast_only(addr, 1, gup_flags, pagep) == 1;
}
