/* nowaitunlockable through functions: the report is where the flag is written. */
#include <linux/mm.h>

struct page;

/* A driver helper that takes gup_flags and adds its own. */
static long nw_helper(unsigned long addr, unsigned int gup_flags, struct page **pages)
{
	return get_user_pages_unlocked(addr, 1, pages, gup_flags | FOLL_WRITE);
}

long nw_helper_nowait(unsigned long addr, struct page **pages)
{
	return nw_helper(addr, FOLL_NOWAIT, pages); // want `nw_helper gets FOLL_NOWAIT \(set at line 14\)`
}

long nw_helper_clean(unsigned long addr, struct page **pages)
{
	return nw_helper(addr, FOLL_FORCE, pages);
}

/* The helper steers FOLL_NOWAIT away from the unlocking entry point. */
static long nw_steer(struct mm_struct *mm, unsigned long addr, unsigned int gup_flags, struct page **pages)
{
	if (gup_flags & FOLL_NOWAIT)
		return get_user_pages_remote(mm, addr, 1, gup_flags, pages, NULL);
	return get_user_pages_unlocked(addr, 1, pages, gup_flags);
}

long nw_steer_nowait(struct mm_struct *mm, unsigned long addr, struct page **pages)
{
	return nw_steer(mm, addr, FOLL_NOWAIT, pages);
}

/* locked comes from the caller: unlockable only for callers that give one. */
static long nw_remote(struct mm_struct *mm, unsigned long addr, struct page **pages, int *locked)
{
	return pin_user_pages_remote(mm, addr, 1, FOLL_NOWAIT, pages, locked);
}

long nw_remote_with_locked(struct mm_struct *mm, unsigned long addr, struct page **pages)
{
	int locked = 1;

	return nw_remote(mm, addr, pages, &locked); // want `nw_remote gets FOLL_NOWAIT \(set at line 38\).*non-NULL locked at line 45`
}

long nw_remote_without_locked(struct mm_struct *mm, unsigned long addr, struct page **pages)
{
	return nw_remote(mm, addr, pages, NULL);
}

/* A flags member set in one function and passed in another (KVM's kfp->flags). */
struct nw_follow {
	unsigned long addr;
	unsigned int flags;
};

void nw_follow_init(struct nw_follow *f, bool async)
{
	f->flags = FOLL_HWPOISON;
	if (async)
		f->flags |= FOLL_NOWAIT;
}

long nw_follow_gup(struct nw_follow *f, struct page **pages)
{
	return get_user_pages_unlocked(f->addr, 1, pages, f->flags); // want `may get FOLL_NOWAIT \(stored in nw_follow.flags at line 63\)`
}
