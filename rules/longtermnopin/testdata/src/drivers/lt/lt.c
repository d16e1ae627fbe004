/* longtermnopin: FOLL_LONGTERM is for pins only. */
#include <linux/mm.h>

int lt_fast(unsigned long addr, struct page **pages)
{
	return get_user_pages_fast(addr, 1, FOLL_WRITE | FOLL_LONGTERM, pages); // want `get_user_pages_fast gets FOLL_LONGTERM \(set at line 6\) without FOLL_PIN: only pins may be long-term, use pin_user_pages\*\(\); is_valid_gup_args: WARN_ON_ONCE\(\(flags & FOLL_LONGTERM\) && !\(flags & FOLL_PIN\)\) \(mm/gup.c:47\); get_user_pages_fast WARNs once and returns -EINVAL`
}

int lt_fast_clean(unsigned long addr, struct page **pages)
{
	return pin_user_pages_fast(addr, 1, FOLL_WRITE | FOLL_LONGTERM, pages);
}

long lt_remote(struct mm_struct *mm, unsigned long addr, struct page **pages)
{
	return get_user_pages_remote(mm, addr, 1, FOLL_LONGTERM, pages, NULL); // want `get_user_pages_remote gets FOLL_LONGTERM`
}

long lt_remote_clean(struct mm_struct *mm, unsigned long addr, struct page **pages)
{
	return pin_user_pages_remote(mm, addr, 1, FOLL_LONGTERM, pages, NULL);
}

/* Long-term on one path. */
long lt_maybe(unsigned long addr, bool dma, struct page **pages)
{
	unsigned int flags = FOLL_WRITE;

	if (dma)
		flags |= FOLL_LONGTERM;
	return get_user_pages_unlocked(addr, 1, pages, flags); // want `get_user_pages_unlocked may get FOLL_LONGTERM \(set at line 30\)`
}

/* A helper taking gup_flags, as drivers write them. */
static long lt_helper(unsigned long addr, unsigned int gup_flags, struct page **pages)
{
	return get_user_pages(addr, 1, gup_flags | FOLL_WRITE, pages);
}

long lt_via_helper(unsigned long addr, struct page **pages)
{
	return lt_helper(addr, FOLL_LONGTERM, pages); // want `lt_helper \(reaching get_user_pages\) gets FOLL_LONGTERM \(set at line 42\)`
}

long lt_via_helper_clean(unsigned long addr, struct page **pages)
{
	return lt_helper(addr, FOLL_FORCE, pages);
}

/* A flags field written in one place and used in another. */
struct lt_req {
	unsigned int gup_flags;
};

void lt_req_init(struct lt_req *r)
{
	r->gup_flags = FOLL_WRITE | FOLL_LONGTERM;
}

long lt_req_get(struct lt_req *r, unsigned long addr, struct page **pages)
{
	return get_user_pages(addr, 1, r->gup_flags, pages); // want `get_user_pages may get FOLL_LONGTERM \(stored in lt_req.gup_flags at line 57\)`
}

long lt_req_pin_clean(struct lt_req *r, unsigned long addr, struct page **pages)
{
	return pin_user_pages(addr, 1, r->gup_flags, pages);
}
