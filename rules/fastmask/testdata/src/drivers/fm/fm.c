/* fastmask: GUP-fast accepts only the flags its lockless walk honours. */
#include <linux/mm.h>

int fm_nowait(unsigned long addr, struct page **pages)
{
	return get_user_pages_fast(addr, 1, FOLL_WRITE | FOLL_NOWAIT, pages); // want `get_user_pages_fast gets FOLL_NOWAIT \(set at line 6\), which GUP-fast does not accept: gup_fast_fallback WARNs once and returns -EINVAL for any flag outside FOLL_WRITE\|FOLL_GET\|FOLL_FORCE\|FOLL_NOFAULT\|FOLL_LONGTERM\|FOLL_PCI_P2PDMA\|FOLL_HONOR_NUMA_FAULT\|FOLL_PIN\|FOLL_FAST_ONLY`
}

int fm_clean(unsigned long addr, struct page **pages)
{
	return pin_user_pages_fast(addr, 1, FOLL_WRITE | FOLL_LONGTERM | FOLL_NOFAULT | FOLL_PCI_P2PDMA, pages);
}

/* FOLL_NOWAIT is fine for the slow entry points. */
long fm_slow_clean(struct mm_struct *mm, unsigned long addr, struct page **pages)
{
	return get_user_pages_remote(mm, addr, 1, FOLL_NOWAIT | FOLL_HWPOISON, pages, NULL);
}

int fm_two(unsigned long addr, struct page **pages)
{
	return pin_user_pages_fast(addr, 1, FOLL_HWPOISON | FOLL_DUMP, pages); // want `pin_user_pages_fast gets FOLL_DUMP \(set at line 22\), FOLL_HWPOISON \(set at line 22\)`
}

bool fm_fast_only(unsigned long addr, struct page **page)
{
	return get_user_page_fast_only(addr, FOLL_WRITE | FOLL_SPLIT_PMD, page); // want `get_user_page_fast_only \(reaching get_user_pages_fast_only\) gets FOLL_SPLIT_PMD`
}

/* A helper with flags from the caller; FOLL_INTERRUPTIBLE on one path. */
static int fm_helper(unsigned long addr, unsigned int gup_flags, struct page **pages)
{
	return get_user_pages_fast(addr, 1, gup_flags, pages);
}

int fm_via_helper(unsigned long addr, bool intr, struct page **pages)
{
	return fm_helper(addr, intr ? FOLL_INTERRUPTIBLE : 0, pages); // want `fm_helper \(reaching get_user_pages_fast\) may get FOLL_INTERRUPTIBLE \(set at line 38\)`
}

int fm_via_helper_clean(unsigned long addr, struct page **pages)
{
	return fm_helper(addr, FOLL_FORCE, pages);
}
