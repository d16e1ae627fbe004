// SPDX-License-Identifier: GPL-2.0
/*
 * gupvet's kbuild test module (never loaded): an out-of-tree module that
 * asks get_user_pages_unlocked() not to wait, which gupvet reports as
 * nowaitunlockable when make runs it as CHECK=.
 */
#include <linux/module.h>
#include <linux/mm.h>

long gupdemo_touch(unsigned long addr);

long gupdemo_touch(unsigned long addr)
{
	struct page *page;
	long n;

	n = get_user_pages_unlocked(addr, 1, &page, FOLL_NOWAIT);
	if (n == 1)
		put_page(page);
	return n;
}
EXPORT_SYMBOL_GPL(gupdemo_touch);

MODULE_DESCRIPTION("gupvet kbuild CHECK= test module");
MODULE_LICENSE("GPL");
