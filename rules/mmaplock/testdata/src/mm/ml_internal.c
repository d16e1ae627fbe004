/*
 * mmaplock fixtures: the mm-internal entry points and fixup_user_fault,
 * reached from system calls.
 */
#include <linux/mm.h>

#include "internal.h"

/* mlock's shape: populate_vma_page_range needs the lock held. */
static long ml_populate(struct vm_area_struct *vma, unsigned long start, unsigned long end)
{
	int locked = 1;
	long ret;

	mmap_read_lock(vma->vm_mm);
	ret = populate_vma_page_range(vma, start, end, &locked);
	if (locked)
		mmap_read_unlock(vma->vm_mm);
	return ret;
}

static long ml_populate_nolock(struct vm_area_struct *vma, unsigned long start, unsigned long end)
{
	return populate_vma_page_range(vma, start, end, NULL); // want `^populate_vma_page_range needs mmap_lock held: it walks the VMA tree the lock protects \(vma_lookup\(mm, start\) in __get_user_pages, mm/gup.c:\d+\); but nothing on the path takes it: sys_ml_mlock is a system call`
}

/* futex's fault_in_user_writeable(): fixup_user_fault under the lock. */
static int ml_fault_in(unsigned long uaddr)
{
	struct mm_struct *mm = current->mm;
	int ret;

	mmap_read_lock(mm);
	ret = fixup_user_fault(mm, uaddr, FAULT_FLAG_WRITE, NULL);
	mmap_read_unlock(mm);
	return ret;
}

static int ml_fault_in_nolock(unsigned long uaddr)
{
	return fixup_user_fault(current->mm, uaddr, FAULT_FLAG_WRITE, NULL); // want `^fixup_user_fault needs mmap_lock held: it walks the VMA tree the lock protects \(gup_vma_lookup\(mm, address\), mm/gup.c:\d+\); but nothing`
}

/* get_user_page_vma_remote wraps get_user_pages_remote. */
static int ml_vma_remote(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *vma;
	struct page *page = get_user_page_vma_remote(mm, addr, 0, &vma); // want `^get_user_page_vma_remote needs mmap_lock held: it calls get_user_pages_remote, whose __get_user_pages_locked asserts it`

	return IS_ERR(page) ? PTR_ERR(page) : 0;
}

/*
 * 7.x madvise_lock(): a helper that takes the lock killably and returns
 * -EINTR when it could not (EINTR is a name tolerant mode may not have
 * read: still not zero).
 */
static int ml_madvise_lock(struct mm_struct *mm)
{
	if (mmap_write_lock_killable(mm))
		return -EINTR;
	return 0;
}

static long ml_madvise(struct vm_area_struct *vma, unsigned long start, unsigned long end)
{
	int locked = 1;
	long ret = ml_madvise_lock(vma->vm_mm);

	if (ret)
		return ret;
	ret = populate_vma_page_range(vma, start, end, &locked);
	if (locked)
		mmap_write_unlock(vma->vm_mm);
	return ret;
}

/* Its twin that does not look at the result: the lock may not be held. */
static long ml_madvise_unchecked(struct vm_area_struct *vma, unsigned long start, unsigned long end)
{
	int locked = 1;
	long ret;

	ml_madvise_lock(vma->vm_mm);
	ret = populate_vma_page_range(vma, start, end, &locked); // want `but mmap_write_lock_killable at line \d+ in ml_madvise_lock can fail without taking it, and this path goes on$`
	if (locked)
		mmap_write_unlock(vma->vm_mm);
	return ret;
}

SYSCALL_DEFINE3(ml_mlock, unsigned long, start, size_t, len, int, how)
{
	struct vm_area_struct *vma = vma_lookup(current->mm, start);

	switch (how) {
	case 0:
		return ml_populate(vma, start, start + len);
	case 1:
		return ml_populate_nolock(vma, start, start + len);
	case 2:
		return ml_fault_in(start);
	case 3:
		return ml_fault_in_nolock(start);
	case 4:
		return ml_madvise(vma, start, start + len);
	case 5:
		return ml_madvise_unchecked(vma, start, start + len);
	}
	return ml_vma_remote(current->mm, start);
}
