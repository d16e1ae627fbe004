/* flagfamily: FOLL_ names given as fault flags (fixup_user_fault,
 * handle_mm_fault and a wrapper of one), and their clean twins. */
#include <linux/mm.h>

int ff_fixup_write(struct mm_struct *mm, unsigned long addr, bool write)
{
	bool unlocked = false;

	return fixup_user_fault(mm, addr, write ? FOLL_WRITE : 0, &unlocked); // want `^FOLL_WRITE, a GUP flag \(include/linux/mm_types.h:\d+\), reaches the fault flags \(FAULT_FLAG_\) of fixup_user_fault \(line 9\): its value 0x1 is FAULT_FLAG_WRITE's, so the call does what the name says only because the two flag sets agree on this bit; write FAULT_FLAG_WRITE$`
}

int ff_fixup_write_clean(struct mm_struct *mm, unsigned long addr, bool write)
{
	bool unlocked = false;

	return fixup_user_fault(mm, addr, write ? FAULT_FLAG_WRITE : 0, &unlocked);
}

/* FOLL_FORCE is 1 << 3: FAULT_FLAG_RETRY_NOWAIT to the fault handler. */
int ff_fixup_force(struct mm_struct *mm, unsigned long addr)
{
	return fixup_user_fault(mm, addr, FAULT_FLAG_REMOTE | FOLL_FORCE, NULL); // want `^FOLL_FORCE, a GUP flag .* reaches the fault flags \(FAULT_FLAG_\) of fixup_user_fault \(line 22\): fixup_user_fault reads its value 0x8 as FAULT_FLAG_RETRY_NOWAIT; write the FAULT_FLAG_ flags the call needs$`
}

unsigned int ff_handle(struct vm_area_struct *vma, unsigned long addr)
{
	return handle_mm_fault(vma, addr, FOLL_WRITE | FAULT_FLAG_USER, NULL); // want `^FOLL_WRITE, .* of handle_mm_fault \(line 27\): its value 0x1 is FAULT_FLAG_WRITE's`
}

unsigned int ff_handle_clean(struct vm_area_struct *vma, unsigned long addr, unsigned int foll)
{
	unsigned int fault_flags = FAULT_FLAG_USER;

	if (foll & FOLL_WRITE)
		fault_flags |= FAULT_FLAG_WRITE;
	return handle_mm_fault(vma, addr, fault_flags, NULL);
}

/* gmap_fault's shape: a wrapper that passes its fault_flags on. */
static int ff_gmap_fault(struct mm_struct *mm, unsigned long addr, unsigned int fault_flags)
{
	return fixup_user_fault(mm, addr, fault_flags | FAULT_FLAG_REMOTE, NULL);
}

int ff_through_gmap(struct mm_struct *mm, unsigned long addr, bool write)
{
	unsigned int flags = 0;

	if (write)
		flags = FOLL_WRITE; // want `^FOLL_WRITE, .* reaches the fault flags \(FAULT_FLAG_\) of fixup_user_fault through ff_gmap_fault \(line 51\): its value 0x1 is FAULT_FLAG_WRITE's`
	return ff_gmap_fault(mm, addr, flags);
}

int ff_through_gmap_clean(struct mm_struct *mm, unsigned long addr, bool write)
{
	unsigned int flags = 0;

	if (write)
		flags = FAULT_FLAG_WRITE;
	return ff_gmap_fault(mm, addr, flags);
}

/* The right translation both ways: tested, not passed. */
int ff_translated(struct mm_struct *mm, unsigned long addr, unsigned int gup_flags)
{
	unsigned int fault_flags = (gup_flags & FOLL_WRITE) ? FAULT_FLAG_WRITE : 0;

	return fixup_user_fault(mm, addr, fault_flags, NULL);
}
