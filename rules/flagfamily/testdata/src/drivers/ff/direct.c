/* flagfamily: names of other flag families given as FOLL_ flags, and
 * their clean twins. */
#include <linux/mm.h>
#include <linux/gfp_types.h>
#include <uapi/asm-generic/fcntl.h>

struct page;

long ff_fault_write(unsigned long addr, struct page **pages)
{
	return get_user_pages(addr, 1, FAULT_FLAG_WRITE, pages); // want `^FAULT_FLAG_WRITE, a page-fault flag \(include/linux/mm_types.h:\d+\), reaches the FOLL_ flags of get_user_pages \(line 11\): its value 0x1 is FOLL_WRITE's, so the call does what the name says only because the two flag sets agree on this bit; write FOLL_WRITE$`
}

long ff_fault_write_clean(unsigned long addr, struct page **pages)
{
	return get_user_pages(addr, 1, FOLL_WRITE, pages);
}

/* 1 << 3 is FOLL_FORCE: the call asks for something else altogether. */
long ff_retry_nowait(unsigned long addr, struct page **pages)
{
	return get_user_pages_unlocked(addr, 1, pages, FOLL_WRITE | FAULT_FLAG_RETRY_NOWAIT); // want `^FAULT_FLAG_RETRY_NOWAIT, a page-fault flag .* reaches the FOLL_ flags of get_user_pages_unlocked \(line 22\): get_user_pages_unlocked reads its value 0x8 as FOLL_FORCE; write the FOLL_ flags the call needs$`
}

long ff_retry_nowait_clean(unsigned long addr, struct page **pages)
{
	return get_user_pages_unlocked(addr, 1, pages, FOLL_WRITE | FOLL_NOWAIT);
}

/* The vfio shape: or-ed in on one path, then passed on with more. */
long ff_conditional(struct mm_struct *mm, unsigned long addr, int prot, struct page **pages)
{
	unsigned int flags = 0;

	if (prot & 2)
		flags |= FAULT_FLAG_WRITE; // want `^FAULT_FLAG_WRITE, .* reaches the FOLL_ flags of pin_user_pages_remote \(line 37\): its value 0x1 is FOLL_WRITE's`
	return pin_user_pages_remote(mm, addr, 1, flags | FOLL_LONGTERM, pages, NULL);
}

long ff_conditional_clean(struct mm_struct *mm, unsigned long addr, int prot, struct page **pages)
{
	unsigned int flags = 0;

	if (prot & 2)
		flags |= FOLL_WRITE;
	return pin_user_pages_remote(mm, addr, 1, flags | FOLL_LONGTERM, pages, NULL);
}

/* The right translation: the fault flag is only tested. */
long ff_translated(unsigned long addr, unsigned int fault_flags, struct page **pages)
{
	unsigned int gup_flags = (fault_flags & FAULT_FLAG_WRITE) ? FOLL_WRITE : 0;

	return get_user_pages(addr, 1, gup_flags, pages);
}

/* ... and so is a VMA flag here. */
long ff_vm_tested(struct vm_area_struct *vma, unsigned long addr, struct page **pages)
{
	unsigned int gup_flags = FOLL_FORCE;

	if (vma->vm_flags & VM_WRITE)
		gup_flags |= FOLL_WRITE;
	return get_user_pages(addr, 1, gup_flags, pages);
}

/* VM_WRITE is 1 << 1: FOLL_GET. */
long ff_vm_write(unsigned long addr, struct page **pages)
{
	return get_user_pages_fast(addr, 1, VM_WRITE, pages); // want `^VM_WRITE, a VMA flag \(vm_flags\) \(include/linux/mm.h:\d+\), reaches the FOLL_ flags of get_user_pages_fast \(line 70\): get_user_pages_fast reads its value 0x2 as FOLL_GET, not FOLL_WRITE; write the FOLL_ flags the call needs$`
}

/* An allocation mask: four FOLL_ flags nobody asked for. */
long ff_gfp(unsigned long addr, struct page **pages)
{
	return pin_user_pages(addr, 1, GFP_KERNEL, pages); // want `^GFP_KERNEL, an allocation flag \(gfp_t\) \(include/linux/gfp_types.h:25\), reaches the FOLL_ flags of pin_user_pages \(line 76\): pin_user_pages reads its value 0xcc0 as FOLL_HWPOISON\|FOLL_ANON\|FOLL_PCI_P2PDMA\|FOLL_INTERRUPTIBLE;`
}

/* A value the configuration decides (defined under #ifdef and #else). */
long ff_gfp_config(unsigned long addr, struct page **pages)
{
	return pin_user_pages(addr, 1, FOLL_LONGTERM | __GFP_NOLOCKDEP, pages); // want `^__GFP_NOLOCKDEP, .*: its value depends on the configuration here, and pin_user_pages reads whatever bits it has as FOLL_ flags`
}

/* O_RDONLY is 0: nothing asked, nothing wrong but the name (a warning). */
long ff_open_rdonly(unsigned long addr, struct page **pages)
{
	return get_user_pages(addr, 1, O_RDONLY, pages); // want `^O_RDONLY, an open\(2\) flag .*: its value is 0, so the call gets no flag from it and works, but the name is of another flag set$`
}

/* Names the tree does not define in a flag family are no family's. */
long ff_not_a_family(unsigned long addr, struct page **pages)
{
	return get_user_pages(addr, 1, VM_FAULT_RETRY | O_NOT_DEFINED, pages);
}
