/* flagflow: where names of other flag families (here FAULT_FLAG_ and
 * VM_) go in a value, as the flagfamily rule reads them at the sink. */
#include <linux/mm.h>

struct page;

long nm_or(unsigned long addr, struct page **pages)
{
	return get_user_pages(addr, 1, FOLL_FORCE | FAULT_FLAG_WRITE, pages); // want `names=FAULT_FLAG_WRITE@9`
}

long nm_cond_join(unsigned long addr, bool w, struct page **pages)
{
	unsigned int f = w ? FAULT_FLAG_WRITE : FAULT_FLAG_KILLABLE;

	return get_user_pages(addr, 1, f, pages); // want `names=FAULT_FLAG_WRITE@14,FAULT_FLAG_KILLABLE@14`
}

/* A world holding the name is not merged away into one holding an
 * unknown value of the same bits. */
long nm_worlds(unsigned long addr, bool w, unsigned int other, struct page **pages)
{
	unsigned int f;

	if (w)
		f = other;
	else
		f = FAULT_FLAG_WRITE;
	return get_user_pages(addr, 1, f, pages); // want `names=-` `names=FAULT_FLAG_WRITE@28`
}

/* x & NAME is made of the name's bits; so is 1 << NAME. */
long nm_and_shift(unsigned long addr, unsigned int fault_flags, struct page **pages)
{
	get_user_pages(addr, 1, fault_flags & FAULT_FLAG_WRITE, pages); // want `names=FAULT_FLAG_WRITE@35`
	return get_user_pages(addr, 1, 1 << VM_WRITE, pages); // want `names=VM_WRITE@36`
}

/* Tested, negated, compared, complemented: no longer the name's bits. */
long nm_dropped(unsigned long addr, unsigned int fault_flags, struct page **pages)
{
	unsigned int f = (fault_flags & FAULT_FLAG_WRITE) ? FOLL_WRITE : 0;

	get_user_pages(addr, 1, f, pages); // want `names=-`
	get_user_pages(addr, 1, !FAULT_FLAG_WRITE, pages); // want `names=-`
	get_user_pages(addr, 1, fault_flags == FAULT_FLAG_WRITE, pages); // want `names=-`
	return get_user_pages(addr, 1, FOLL_WRITE & ~FAULT_FLAG_WRITE, pages); // want `names=-`
}

/* Through a parameter: the caller's names, in the callee's event. */
static long nm_callee(unsigned long addr, unsigned int foll, struct page **pages)
{
	return get_user_pages(addr, 1, foll | FOLL_HWPOISON, pages); // want `names=-`
}

long nm_caller(unsigned long addr, struct page **pages)
{
	return nm_callee(addr, FAULT_FLAG_WRITE, pages); // want `names=FAULT_FLAG_WRITE@58`
}

/* Through a struct member: the hop is recorded. */
struct nm_req {
	unsigned int flags;
};

static long nm_do(struct nm_req *r, unsigned long addr, struct page **pages)
{
	return get_user_pages(addr, 1, r->flags, pages); // want `names=-` `names=FAULT_FLAG_WRITE@73>nm_req.flags`
}

long nm_member(unsigned long addr, struct page **pages)
{
	struct nm_req r = { .flags = FAULT_FLAG_WRITE };

	return nm_do(&r, addr, pages); // want `names=FAULT_FLAG_WRITE@73>nm_req.flags`
}
