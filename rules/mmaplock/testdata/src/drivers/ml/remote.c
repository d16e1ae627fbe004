/*
 * mmaplock fixtures: GUP with a locked pointer may drop the lock, and says
 * so in *locked = 0.
 */
#include <linux/mm.h>

struct ml_user {
	struct mm_struct *mm;
	unsigned long addr;
	struct page **pages;
	int locked;
};

/* process_vm_access's shape: unlock only if still locked. */
static long ml_remote(struct mm_struct *mm, unsigned long addr, struct page **pages)
{
	int locked = 1;
	long rc;

	mmap_read_lock(mm);
	rc = pin_user_pages_remote(mm, addr, 1, FOLL_WRITE, pages, &locked);
	if (locked)
		mmap_read_unlock(mm);
	return rc;
}

/* A second GUP call that does not look at locked: the lock may be gone. */
static long ml_remote_twice(struct mm_struct *mm, unsigned long addr, struct page **pages)
{
	int locked = 1;
	long rc;

	mmap_read_lock(mm);
	rc = pin_user_pages_remote(mm, addr, 1, FOLL_WRITE, pages, &locked);
	rc += get_user_pages_remote(mm, addr + PAGE_SIZE, 1, 0, pages + 1, NULL); // want `but pin_user_pages_remote at line 34 may have dropped it \(it then sets \*locked to 0\), and nothing takes it again on this path$`
	if (locked)
		mmap_read_unlock(mm);
	return rc;
}

/* madvise_populate's shape: retake the lock when GUP dropped it. */
static long ml_retake(struct mm_struct *mm, unsigned long start, unsigned long end)
{
	int locked = 1;
	long pages;

	mmap_read_lock(mm);
	while (start < end) {
		pages = get_user_pages_remote(mm, start, 1, 0, NULL, &locked);
		if (!locked) {
			mmap_read_lock(mm);
			locked = 1;
		}
		if (pages < 0)
			break;
		start += PAGE_SIZE;
	}
	mmap_read_unlock(mm);
	return 0;
}

/*
 * iommufd's shape: the lock taken lazily and recorded in a struct member
 * that is also GUP's locked.
 */
static long ml_lazy(struct ml_user *user)
{
	if (!user->locked) {
		mmap_read_lock(user->mm);
		user->locked = 1;
	}
	return pin_user_pages_remote(user->mm, user->addr, 1, FOLL_WRITE, user->pages, &user->locked);
}

static void ml_lazy_done(struct ml_user *user)
{
	if (user->locked) {
		mmap_read_unlock(user->mm);
		user->locked = 0;
	}
}

/* The lazy lock, then a GUP that needs it: held. */
long ml_lazy_twice(struct ml_user *user)
{
	long rc;

	user->locked = 0;
	rc = ml_lazy(user);
	if (!user->locked) {
		mmap_read_lock(user->mm);
		user->locked = 1;
	}
	rc += get_user_pages_remote(user->mm, user->addr, 1, 0, NULL, NULL);
	ml_lazy_done(user);
	return rc;
}

/* ... and without retaking it: reported. */
long ml_lazy_forgot(struct ml_user *user)
{
	long rc;

	user->locked = 0;
	rc = ml_lazy(user);
	rc += get_user_pages_remote(user->mm, user->addr, 1, 0, NULL, NULL); // want `but pin_user_pages_remote at line 72 in ml_lazy may have dropped it`
	ml_lazy_done(user);
	return rc;
}
