/* nowaitunlockable: calls that state both flags, and their clean twins. */
#include <linux/mm.h>

#define NW_FLAGS (FOLL_NOWAIT | FOLL_WRITE)

struct page;

long nw_literal(unsigned long addr, struct page **pages)
{
	return get_user_pages_unlocked(addr, 1, pages, FOLL_NOWAIT); // want `get_user_pages_unlocked gets FOLL_NOWAIT \(set at line 10\) together with FOLL_UNLOCKABLE.*added by get_user_pages_unlocked \(mm/gup.c:\d+\)`
}

long nw_literal_clean(unsigned long addr, struct page **pages)
{
	return get_user_pages_unlocked(addr, 1, pages, FOLL_WRITE);
}

long nw_pin(unsigned long addr, struct page **pages)
{
	return pin_user_pages_unlocked(addr, 1, pages, FOLL_WRITE | FOLL_NOWAIT); // want `pin_user_pages_unlocked gets FOLL_NOWAIT.*added by pin_user_pages_unlocked`
}

long nw_local_macro(unsigned long addr, struct page **pages)
{
	return pin_user_pages_unlocked(addr, 1, pages, NW_FLAGS); // want `pin_user_pages_unlocked gets FOLL_NOWAIT`
}

long nw_initializer(unsigned long addr, struct page **pages)
{
	unsigned int flags = FOLL_NOWAIT | FOLL_HWPOISON;

	return get_user_pages_unlocked(addr, 1, pages, flags); // want `gets FOLL_NOWAIT \(set at line 30\)`
}

/* The KVM shape: FOLL_NOWAIT only when the caller can take an async fault. */
long nw_conditional(unsigned long addr, bool *async, bool write, struct page **pages)
{
	unsigned int flags = FOLL_HWPOISON;

	if (write)
		flags |= FOLL_WRITE;
	if (async)
		flags |= FOLL_NOWAIT;
	return get_user_pages_unlocked(addr, 1, pages, flags); // want `get_user_pages_unlocked may get FOLL_NOWAIT \(set at line 43\)`
}

/* Cleared again before the call. */
long nw_conditional_cleared(unsigned long addr, bool *async, struct page **pages)
{
	unsigned int flags = FOLL_HWPOISON;

	if (async)
		flags |= FOLL_NOWAIT;
	flags &= ~FOLL_NOWAIT;
	return get_user_pages_unlocked(addr, 1, pages, flags);
}

long nw_ternary(unsigned long addr, int nowait, struct page **pages)
{
	return get_user_pages_unlocked(addr, 1, pages, nowait ? FOLL_NOWAIT : 0); // want `may get FOLL_NOWAIT`
}

/* UNLOCKABLE from a non-NULL locked to *_remote. */
long nw_remote_locked(struct mm_struct *mm, unsigned long addr, struct page **pages)
{
	int locked = 1;

	return get_user_pages_remote(mm, addr, 1, FOLL_NOWAIT, pages, &locked); // want `get_user_pages_remote gets FOLL_NOWAIT.*from the non-NULL locked at line 68`
}

/* NULL locked: the remote call never unlocks, FOLL_NOWAIT is fine. */
long nw_remote_null(struct mm_struct *mm, unsigned long addr, struct page **pages)
{
	return get_user_pages_remote(mm, addr, 1, FOLL_NOWAIT, pages, NULL);
}

/* get_user_pages never unlocks. */
long nw_plain(unsigned long addr, struct page **pages)
{
	return get_user_pages(addr, 1, FOLL_NOWAIT, pages);
}

/* GUP-fast rejects FOLL_NOWAIT up front: another check's business. */
int nw_fast(unsigned long addr, struct page **pages)
{
	return get_user_pages_fast(addr, 1, FOLL_NOWAIT, pages);
}

struct nw_user_req {
	unsigned int gup_flags;
};

/* Flags a user gave: unknown, not reported. */
long nw_user_flags(struct nw_user_req *req, unsigned long addr, struct page **pages)
{
	return get_user_pages_unlocked(addr, 1, pages, req->gup_flags);
}

/* A call in a brace initializer is a call like any other. */
struct nw_result {
	long n;
};

long nw_in_initializer(unsigned long addr, struct page **pages)
{
	struct nw_result r = { .n = get_user_pages_unlocked(addr, 1, pages, FOLL_NOWAIT) }; // want `get_user_pages_unlocked gets FOLL_NOWAIT`

	return r.n;
}
