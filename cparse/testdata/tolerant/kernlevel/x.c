/* drivers/infiniband/hw/usnic/usnic_uiom.c (6.12, lines 84-188) and
 * arch/x86/um/ptrace_32.c (5.10): printk(KERN_INFO "...") through a local
 * macro, and printk(KERN_ERR "..."): KERN_* are macros of a global header,
 * an identifier before a string does not parse.
 * want: uiom_get_pages calls pin_user_pages
 * want: is_syscall calls access_process_vm */
#include "log.h"

int uiom_get_pages(unsigned long cur_base, unsigned long npages, struct page **page_list)
{
	long ret = pin_user_pages(cur_base, npages, FOLL_WRITE | FOLL_LONGTERM, page_list);

	uiom_dbg("va: 0x%lx pages: %ld\n", cur_base, ret);
	return ret;
}

int is_syscall(unsigned long addr, struct task_struct *child)
{
	unsigned short instr;
	int n = access_process_vm(child, addr, &instr, sizeof(instr), FOLL_FORCE);

	if (n != sizeof(instr)) {
		printk(KERN_ERR "is_syscall : failed to read "
		       "instruction from 0x%lx\n", addr);
		return 0;
	}
	return instr == 0x80cd;
}
