/* x86's fault path: try without waiting first, then with I/O allowed. */
#include <linux/mm.h>

struct page;
struct kvmf_slot;
struct kvmf_fault {
	const struct kvmf_slot *slot;
	unsigned long gfn;
	bool write;
	bool map_writable;
	struct page *refcounted_page;
	long pfn;
};

long __kvmf_faultin_pfn(const struct kvmf_slot *slot, unsigned long gfn,
			unsigned int foll, bool *writable, struct page **refcounted_page);

static int kvmf_mmu_faultin_pfn(struct kvmf_fault *fault)
{
	unsigned int foll = fault->write ? FOLL_WRITE : 0;

	foll |= FOLL_NOWAIT;
	fault->pfn = __kvmf_faultin_pfn(fault->slot, fault->gfn, foll,
					&fault->map_writable, &fault->refcounted_page);
	if (fault->pfn != -2)
		return 0;

	foll |= FOLL_INTERRUPTIBLE;
	foll &= ~FOLL_NOWAIT;
	fault->pfn = __kvmf_faultin_pfn(fault->slot, fault->gfn, foll,
					&fault->map_writable, &fault->refcounted_page);
	return 0;
}

int kvmf_page_fault(struct kvmf_fault *fault)
{
	return kvmf_mmu_faultin_pfn(fault);
}
