/* s390's fault path: FOLL_NOWAIT when an async pfault may be set up. */
#include <linux/mm.h>

struct page;
struct kvmf_slot;
struct kvmf_guest_fault {
	unsigned long gfn;
	bool write_attempt;
	bool attempt_pfault;
	bool writable;
	struct page *page;
	long pfn;
};

long __kvmf_faultin_pfn(const struct kvmf_slot *slot, unsigned long gfn,
			unsigned int foll, bool *writable, struct page **refcounted_page);

int kvmf_s390_faultin(const struct kvmf_slot *slot, struct kvmf_guest_fault *f)
{
	int foll;

	foll = f->write_attempt ? FOLL_WRITE : 0;
	foll |= f->attempt_pfault ? FOLL_NOWAIT : 0;

	f->pfn = __kvmf_faultin_pfn(slot, f->gfn, foll, &f->writable, &f->page);
	if (f->pfn == -2) {
		foll &= ~FOLL_NOWAIT;
		f->pfn = __kvmf_faultin_pfn(slot, f->gfn, foll, &f->writable, &f->page);
	}
	return 0;
}
