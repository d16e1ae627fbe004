/* nullpages on 6.1 (arch/ia64/kernel/err_inject.c had this call). */
#include <linux/mm.h>

int np61_fast(unsigned long addr)
{
	return get_user_pages_fast(addr, 1, FOLL_WRITE, NULL); // want `pages is NULL, but get_user_pages_fast runs with FOLL_GET \(added by get_user_pages_fast, gupvet's built-in model of the GUP API\), which returns each page through pages\[\]: the GUP-fast walk stores each page in pages\[\] and its slow path hits __get_user_pages' VM_BUG_ON`
}

long np61_pin(unsigned long addr)
{
	return pin_user_pages(addr, 1, 0, NULL, NULL); // want `pin_user_pages: WARN_ON_ONCE\(!pages\)`
}

long np61_get_clean(unsigned long addr)
{
	return get_user_pages(addr, 1, FOLL_WRITE, NULL, NULL);
}

long np61_get_explicit(unsigned long addr)
{
	return get_user_pages_unlocked(addr, 1, NULL, FOLL_GET); // want `__get_user_pages: VM_BUG_ON`
}
