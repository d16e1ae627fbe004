/* vmaremotenowait: FOLL_NOWAIT to get_user_page_vma_remote, 6.7+. */
#include <linux/mm.h>

struct task_struct;
int access_process_vm(struct task_struct *tsk, unsigned long addr, void *buf, int len, unsigned int gup_flags);
int access_remote_vm(struct mm_struct *mm, unsigned long addr, void *buf, int len, unsigned int gup_flags);

struct page *vr_direct(struct mm_struct *mm, unsigned long addr, struct vm_area_struct **vma)
{
	return get_user_page_vma_remote(mm, addr, FOLL_NOWAIT, vma); // want `get_user_page_vma_remote gets FOLL_NOWAIT \(set at line 10\), but get_user_page_vma_remote cannot return "not yet": it WARNs once and returns ERR_PTR\(-EINVAL\) on FOLL_NOWAIT \(6.7\+\)`
}

struct page *vr_direct_clean(struct mm_struct *mm, unsigned long addr, struct vm_area_struct **vma)
{
	return get_user_page_vma_remote(mm, addr, FOLL_FORCE, vma);
}

/* Through access_process_vm and __access_remote_vm. */
int vr_peek(struct task_struct *tsk, unsigned long addr, void *buf, int len)
{
	return access_process_vm(tsk, addr, buf, len, FOLL_FORCE | FOLL_NOWAIT); // want `access_process_vm \(reaching get_user_page_vma_remote\) gets FOLL_NOWAIT \(set at line 21\)`
}

int vr_peek_clean(struct task_struct *tsk, unsigned long addr, void *buf, int len)
{
	return access_process_vm(tsk, addr, buf, len, FOLL_FORCE);
}

/* On one path, through a local variable. */
int vr_maybe(struct mm_struct *mm, unsigned long addr, void *buf, int len, bool atomic)
{
	unsigned int flags = 0;

	if (atomic)
		flags |= FOLL_NOWAIT;
	return access_remote_vm(mm, addr, buf, len, flags); // want `access_remote_vm \(reaching get_user_page_vma_remote\) may get FOLL_NOWAIT \(set at line 35\)`
}

/* FOLL_NOWAIT is legal for get_user_pages_remote itself. */
long vr_remote_clean(struct mm_struct *mm, unsigned long addr, struct page **page)
{
	return get_user_pages_remote(mm, addr, 1, FOLL_NOWAIT, page, NULL);
}
