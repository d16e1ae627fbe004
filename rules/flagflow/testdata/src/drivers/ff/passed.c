/* flagflow: Event.Passed (the caller's flags before to_set) and the value
 * a `locked` pointer points to at the call (Val.Deref). */
#include <linux/mm.h>

long ff_passed(unsigned long addr, struct page **pages)
{
	return pin_user_pages(addr, 1, FOLL_WRITE, pages); // want `passed=FOLL_WRITE flags=FOLL_WRITE\|FOLL_PIN`
}

long ff_locked_one(struct mm_struct *mm, unsigned long addr, struct page **pages)
{
	int locked = 1;

	return get_user_pages_remote(mm, addr, 1, 0, pages, &locked); // want `passed=0 flags=FOLL_TOUCH\|FOLL_REMOTE\|FOLL_UNLOCKABLE \*locked=must:0x1`
}

long ff_locked_maybe(struct mm_struct *mm, unsigned long addr, struct page **pages, bool held)
{
	int locked = 0;

	if (held)
		locked = 1; /* two paths, two events */
	return get_user_pages_remote(mm, addr, 1, 0, pages, &locked); // want `\*locked=must:0x1` `\*locked=must:0x0`
}

/* Through a wrapper that passes locked on. */
static long ff_wrap(struct mm_struct *mm, unsigned long addr, struct page **pages, int *lp)
{
	return pin_user_pages_remote(mm, addr, 1, FOLL_WRITE, pages, lp); // want `passed=FOLL_WRITE flags=FOLL_WRITE\|FOLL_TOUCH\|FOLL_REMOTE\|FOLL_PIN$` `\|FOLL_UNLOCKABLE \*locked=unknown`
}

long ff_via_wrap(struct mm_struct *mm, unsigned long addr, struct page **pages)
{
	int locked = 0;

	return ff_wrap(mm, addr, pages, &locked); // want `passed=FOLL_WRITE flags=FOLL_WRITE\|FOLL_TOUCH\|FOLL_REMOTE\|FOLL_PIN\|FOLL_UNLOCKABLE \*locked=must:0x0`
}

/* A call that may change *locked: unknown afterwards. */
long ff_after_call(struct mm_struct *mm, unsigned long addr, struct page **pages)
{
	int locked = 1;

	get_user_pages_remote(mm, addr, 1, 0, pages, &locked); // want `\*locked=must:0x1`
	return get_user_pages_remote(mm, addr, 1, 0, pages, &locked); // want `\*locked=unknown`
}

/* A file-scope initialiser with an assertion in a ?: is evaluated outside
 * any function: no GUP API code, no crash. */
struct ff_ops {
	unsigned int flags;
};
static struct ff_ops ff_ops_warn = { .flags = WARN_ON(!FOLL_WRITE) ? FOLL_WRITE : 0 };
