/* flagfamily: names that reach a GUP call through wrappers and struct
 * members, the KVM shape of 5f9df945d4e8, and their clean twins. */
#include <linux/mm.h>

struct page;

/* A wrapper that passes its foll argument on, as __kvm_faultin_pfn does. */
static long ff_faultin(unsigned long addr, unsigned int foll, struct page **pages)
{
	return get_user_pages_unlocked(addr, 1, pages, foll | FOLL_HWPOISON);
}

long ff_through_wrapper(unsigned long addr, bool write, struct page **pages)
{
	unsigned int foll = write ? FAULT_FLAG_WRITE : 0; // want `^FAULT_FLAG_WRITE, a page-fault flag \(include/linux/mm_types.h:\d+\), reaches the FOLL_ flags of get_user_pages_unlocked through ff_faultin \(line 17\): its value 0x1 is FOLL_WRITE's`

	return ff_faultin(addr, foll, pages);
}

long ff_through_wrapper_clean(unsigned long addr, bool write, struct page **pages)
{
	unsigned int foll = write ? FOLL_WRITE : 0;

	return ff_faultin(addr, foll, pages);
}

/* kvm_follow_pfn's shape: the flags travel in a struct member. */
struct ff_follow {
	unsigned long addr;
	unsigned int flags;
	struct page **pages;
};

static long ff_follow_slow(struct ff_follow *f)
{
	unsigned int flags = FOLL_HWPOISON | f->flags;

	return get_user_pages_unlocked(f->addr, 1, f->pages, flags);
}

static long ff_follow_pfn(unsigned long addr, unsigned int foll, struct page **pages)
{
	struct ff_follow f = {
		.addr = addr,
		.flags = foll,
		.pages = pages,
	};

	return ff_follow_slow(&f);
}

long ff_member(unsigned long addr, bool write, bool async, struct page **pages)
{
	unsigned int foll = write ? FAULT_FLAG_WRITE : 0; // want `^FAULT_FLAG_WRITE, .* reaches the FOLL_ flags of get_user_pages_unlocked \(line 38\), passed in ff_follow.flags: its value 0x1 is FOLL_WRITE's`

	foll |= async ? FOLL_NOWAIT : 0;
	return ff_follow_pfn(addr, foll, pages);
}

long ff_member_clean(unsigned long addr, bool write, bool async, struct page **pages)
{
	unsigned int foll = write ? FOLL_WRITE : 0;

	foll |= async ? FOLL_NOWAIT : 0;
	return ff_follow_pfn(addr, foll, pages);
}

/* One name, two calls: one finding, at the name. */
long ff_two_calls(unsigned long addr, struct page **pages)
{
	unsigned int flags = FAULT_FLAG_KILLABLE; // want `^FAULT_FLAG_KILLABLE, .* reaches the FOLL_ flags of get_user_pages \(line 74\) and one other call: get_user_pages reads its value 0x10 as FOLL_NOWAIT; write`
	long n;

	n = get_user_pages(addr, 1, flags, pages);
	if (n == 1)
		return n;
	return get_user_pages_fast(addr, 1, flags, pages);
}
