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
	}
	return ml_vma_remote(current->mm, start);
}
