// Functions that reach the GUP API only through macros: tolerant mode must
// not take them for unrelated code and skip them.
#include "nw_macros.h"

#define NW_GUP(addr, pages, flags) get_user_pages_unlocked(addr, 1, pages, flags)
#define NW_GUP_ASYNC(addr, pages) NW_GUP(addr, pages, NW_ASYNC_FLAGS)
#define NW_ASYNC_FLAGS (FOLL_WRITE | FOLL_NOWAIT)

long nw_macro_direct(unsigned long addr, struct page **pages)
{
	return NW_GUP_ASYNC(addr, pages); // want `get_user_pages_unlocked gets FOLL_NOWAIT`
}

long nw_macro_header(unsigned long addr, struct page **pages)
{
	return NW_PIN_ASYNC(addr, pages); // want `pin_user_pages_unlocked gets FOLL_NOWAIT`
}

/* A caller of the function above: kept with it, no finding of its own. */
long nw_macro_caller(unsigned long addr, struct page **pages)
{
	return nw_macro_header(addr, pages);
}

long nw_macro_sync(unsigned long addr, struct page **pages)
{
	return NW_GUP(addr, pages, 0);
}
