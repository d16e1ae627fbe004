// Package pinput defines an Analyzer that reports pages taken by one GUP
// family and released with the other family's function.
//
// # Analyzer pinput
//
// pinput: report pinned pages released with put_page() and referenced pages released with unpin_user_page()
//
// The GUP API has two families. pin_user_pages*() pin (FOLL_PIN): on a
// small folio a pin adds GUP_PIN_COUNTING_BIAS (1024) to the refcount, on
// a large folio one reference and one _pincount, and page_maybe_dma_pinned()
// then says the page may be under DMA. Pinned pages are released with
// unpin_user_page(), unpin_user_pages(), unpin_user_pages_dirty_lock(),
// unpin_user_page_range_dirty_lock(), unpin_folio(s)() or
// unpin_user_folio(). get_user_pages*() and the other entry points take
// a plain reference (FOLL_GET), released with put_page(), folio_put(),
// release_pages() (put_user_page*() before 5.6, which called put_page()).
//
// Mixing them corrupts the counts. put_page() on a pinned page drops one
// reference and leaves the pin: the page stays pinned, its references
// leak. unpin_user_page() on a referenced page takes away a pin that was
// never added: the refcount underflows and the page can be freed while
// in use.
//
// The rule follows each array or page the pages argument of a GUP call
// designates (pages, pages + i, &page, ne_mem_region->pages) from the call
// to its releases, along each path of the function: a page read out of
// the array (page = pages[i]), a folio made of it (page_folio(page)), an
// array or page stored in a variable or a struct member and released
// from there. Functions the pages are passed to or come back from are
// followed: a helper that releases its argument, a wrapper that pins a
// page and returns it (s390's pin_map_page()), a helper that fills an
// array. The paths are told apart by the conditions they take, so
//
//	if (kfp->pin)
//		npages = pin_user_pages_unlocked(kfp->hva, 1, &page, flags);
//	else
//		npages = get_user_pages_unlocked(kfp->hva, 1, &page, flags);
//	...
//	if (kfp->pin)
//		unpin_user_page(page);
//	else
//		put_page(page);
//
// is quiet: a later test of kfp->pin goes the way the first one went.
// A release whose family a condition the path does not know chooses
// (if (bo->pinned) unpin_user_pages(...); else put_page(...), with
// bo->pinned set elsewhere) is left alone, as is a page released where it
// cannot be tied to the GUP call that took it (handed to a structure and
// released in another function). Inside mm/gup.c the pages of
// __get_user_pages_locked() and __get_user_pages() are pinned when the
// flags they get hold FOLL_PIN: a release that does not test the caller's
// gup_flags the same way is reported.
//
// The real bugs: 96e1fac162cc "mm/gup: use unpin_user_pages() in
// __gup_longterm_locked()" (v5.10-rc4): two unwind paths of mm/gup.c put
// FOLL_PIN pages back with put_page(). The Nitro Enclaves driver as posted
// in its v2 to v5 reviews (2020) released pages from get_user_pages() with
// unpin_user_pages(); v6 changed it "to match the get_user_pages() calls".
//
// Example:
//
//	rc = get_user_pages_unlocked(addr, nr, ne_mem_region->pages + i, FOLL_GET);
//	...
//	unpin_user_pages(ne_mem_region->pages, ne_mem_region->nr_pages);
//
// Silence a report with /* gupvet:ignore pinput reason */ on the line or
// the line before.
package pinput
