/*
 * vmaremotenowait test tree: the access_process_vm() family reduced to how
 * its gup_flags travel (mm/memory.c in 6.12): every wrapper passes them on
 * to __access_remote_vm, which hands them to get_user_page_vma_remote for
 * each page.
 */
#include <linux/mm.h>

struct task_struct;
struct mm_struct *get_task_mm(struct task_struct *tsk);

static int __access_remote_vm(struct mm_struct *mm, unsigned long addr, void *buf,
			      int len, unsigned int gup_flags)
{
	while (len) {
		struct vm_area_struct *vma = NULL;
		struct page *page = get_user_page_vma_remote(mm, addr, gup_flags, &vma);

		if (IS_ERR(page))
			break;
		len--;
	}
	return len;
}

int access_remote_vm(struct mm_struct *mm, unsigned long addr, void *buf,
		     int len, unsigned int gup_flags)
{
	return __access_remote_vm(mm, addr, buf, len, gup_flags);
}

int access_process_vm(struct task_struct *tsk, unsigned long addr, void *buf,
		      int len, unsigned int gup_flags)
{
	struct mm_struct *mm = get_task_mm(tsk);

	return __access_remote_vm(mm, addr, buf, len, gup_flags);
}
