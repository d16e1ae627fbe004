/* lockedone: a non-NULL locked must point to 1 at the call. */
#include <linux/mm.h>

long lo_zero(struct mm_struct *mm, unsigned long addr, struct page **pages)
{
	int locked = 0;

	return get_user_pages_remote(mm, addr, 1, FOLL_WRITE, pages, &locked); // want `\*locked is 0 here \(set at line 6\), but get_user_pages_remote needs \*locked == 1 \(mmap_lock held for read\) when locked is non-NULL: is_valid_gup_args: WARN_ON_ONCE\(\*locked != 1\)`
}

long lo_one_clean(struct mm_struct *mm, unsigned long addr, struct page **pages)
{
	int locked = 1;

	mmap_read_lock(mm);
	return pin_user_pages_remote(mm, addr, 1, FOLL_WRITE, pages, &locked);
}

/* NULL: GUP never drops the lock, nothing to say. */
long lo_null_clean(struct mm_struct *mm, unsigned long addr, struct page **pages)
{
	return pin_user_pages_remote(mm, addr, 1, FOLL_WRITE, pages, NULL);
}

/* 1 on one path only (the iommufd shape, gone wrong). */
long lo_maybe(struct mm_struct *mm, unsigned long addr, struct page **pages, bool lock)
{
	int locked = 0;

	if (lock) {
		mmap_read_lock(mm);
		locked = 1;
	}
	return pin_user_pages_remote(mm, addr, 1, FOLL_WRITE, pages, &locked); // want `\*locked may be 0 here \(set at line 28\), but pin_user_pages_remote needs`
}

/* Set in a struct field. */
struct lo_user {
	struct mm_struct *mm;
	int locked;
};

long lo_field(struct lo_user *user, unsigned long addr, struct page **pages)
{
	user->locked = 0;
	return pin_user_pages_remote(user->mm, addr, 1, 0, pages, &user->locked); // want `\*locked is 0 here \(set at line 45\)`
}

long lo_field_clean(struct lo_user *user, unsigned long addr, struct page **pages)
{
	if (!user->locked) {
		mmap_read_lock(user->mm);
		user->locked = 1;
	}
	return pin_user_pages_remote(user->mm, addr, 1, 0, pages, &user->locked);
}

/* A wrapper that passes locked on: reported where the value is written. */
static long lo_wrap(struct mm_struct *mm, unsigned long addr, struct page **pages, int *lp)
{
	return get_user_pages_remote(mm, addr, 1, FOLL_WRITE, pages, lp);
}

long lo_via_wrap(struct mm_struct *mm, unsigned long addr, struct page **pages)
{
	int locked = 0;

	return lo_wrap(mm, addr, pages, &locked); // want `\*locked is 0 here \(set at line 66\), but lo_wrap \(reaching get_user_pages_remote\) needs`
}

/* After a call that may have dropped the lock, the value is unknown. */
long lo_loop_clean(struct mm_struct *mm, unsigned long addr, struct page **pages)
{
	int locked = 1;
	long n;

	n = get_user_pages_remote(mm, addr, 1, 0, pages, &locked);
	if (n == 0)
		n = get_user_pages_remote(mm, addr, 1, 0, pages, &locked);
	if (locked)
		mmap_read_unlock(mm);
	return n;
}
