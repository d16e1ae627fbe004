/*
 * mmaplock fixtures: an ioctl handler reached from the VFS, which holds no
 * mm lock, the shape of 5.10's nitro_enclaves (3a0152b21952).
 */
#include <linux/fs.h>
#include <linux/mm.h>

struct ml_region {
	unsigned long addr;
	struct page **pages;
	int nr;
};

/* No lock anywhere on the way: the bug. */
static long ml_set_region(struct ml_region *r)
{
	long rc;

	rc = get_user_pages(r->addr, 1, FOLL_GET, r->pages); // want `^get_user_pages needs mmap_lock held: its __get_user_pages_locked asserts it \(mmap_assert_locked\(mm\), mm/gup.c:\d+\); but nothing on the path takes it: ml_ioctl is the .unlocked_ioctl of a struct file_operations \(line \d+\), entered without mmap_lock held, calls ml_set_region \(line \d+\)$`
	return rc;
}

/* The upstream fix: the _unlocked variant takes the lock itself. */
static long ml_set_region_unlocked(struct ml_region *r)
{
	return get_user_pages_unlocked(r->addr, 1, r->pages, FOLL_GET);
}

/* The other fix: the lock around the call. */
static long ml_set_region_locked(struct ml_region *r)
{
	long rc;

	mmap_read_lock(current->mm);
	rc = get_user_pages(r->addr, 1, FOLL_GET, r->pages);
	mmap_read_unlock(current->mm);
	return rc;
}

/* GUP-fast needs no lock. */
static long ml_set_region_fast(struct ml_region *r)
{
	return pin_user_pages_fast(r->addr, r->nr, FOLL_WRITE, r->pages);
}

/* Killable, with the unlock under a cleanup label. */
static long ml_set_region_killable(struct ml_region *r)
{
	long rc = 0;

	if (mmap_read_lock_killable(current->mm))
		return -EINTR;
	if (!r->pages) {
		rc = -EINVAL;
		goto out;
	}
	rc = pin_user_pages(r->addr, r->nr, FOLL_WRITE, r->pages);
out:
	mmap_read_unlock(current->mm);
	return rc;
}

/* The lock is taken in the caller (sgx's __sgx_encl_add_page). */
static long ml_add_page(struct ml_region *r)
{
	return get_user_pages(r->addr, 1, 0, r->pages); // want `nothing on the path takes it: ml_ioctl .*, calls ml_add_nolock \(line \d+\), which calls ml_add_page \(line \d+\)$`
}

static long ml_add(struct ml_region *r)
{
	long rc;

	mmap_read_lock(current->mm);
	rc = ml_add_page(r);
	mmap_read_unlock(current->mm);
	return rc;
}

/* A caller forgets it: reported at the GUP call, with the path. */
static long ml_add_nolock(struct ml_region *r)
{
	return ml_add_page(r);
}

static long ml_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct ml_region *r = file->private_data;

	switch (cmd) {
	case 1:
		return ml_set_region(r);
	case 2:
		return ml_set_region_unlocked(r);
	case 3:
		return ml_set_region_locked(r);
	case 4:
		return ml_set_region_fast(r);
	case 5:
		return ml_set_region_killable(r);
	case 6:
		return ml_add(r);
	case 7:
		return ml_add_nolock(r);
	}
	return -ENOTTY;
}

static const struct file_operations ml_fops = {
	.owner = THIS_MODULE,
	.unlocked_ioctl = ml_ioctl,
};

/*
 * An exported function nobody in the program calls: its callers decide,
 * silent.
 */
long ml_exported(struct ml_region *r)
{
	return get_user_pages(r->addr, 1, 0, r->pages);
}
