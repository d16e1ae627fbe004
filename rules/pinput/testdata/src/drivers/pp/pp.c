/*
 * pinput: pages taken by one GUP family, released by the other's
 * function. Each positive case has a negative twin right after it.
 */
#include <linux/mm.h>

struct folio;
struct folio *page_folio(struct page *page);
void folio_put(struct folio *folio);
void unpin_folio(struct folio *folio);
void unpin_user_page(struct page *page);
void unpin_user_pages(struct page **pages, unsigned long npages);
void unpin_user_pages_dirty_lock(struct page **pages, unsigned long npages, bool make_dirty);
void release_pages(struct page **pages, int nr);
struct page *alloc_page(unsigned int gfp);
void *kvcalloc(unsigned long n, unsigned long size, unsigned int gfp);
void kvfree(void *p);
void set_page_dirty_lock(struct page *page);

int pp_pin_put(unsigned long addr)
{
	struct page *page;

	if (pin_user_pages_fast(addr, 1, FOLL_WRITE, &page) != 1)
		return -14;
	put_page(page); // want `put_page releases a page pinned by pin_user_pages_fast \(line 24\): pinned pages are released with unpin_user_page\(\)`
	return 0;
}

int pp_pin_unpin(unsigned long addr)
{
	struct page *page;

	if (pin_user_pages_fast(addr, 1, FOLL_WRITE, &page) != 1)
		return -14;
	unpin_user_page(page);
	return 0;
}

long pp_get_unpin(unsigned long addr, unsigned long nr)
{
	struct page **pages = kvcalloc(nr, sizeof(struct page *), 0);
	long got;

	got = get_user_pages_unlocked(addr, nr, pages, FOLL_WRITE);
	if (got > 0)
		unpin_user_pages(pages, got); // want `unpin_user_pages releases pages referenced by get_user_pages_unlocked \(line 45\): referenced pages are released with put_page\(\) on each, or release_pages\(\)`
	kvfree(pages);
	return got;
}

long pp_get_release(unsigned long addr, unsigned long nr)
{
	struct page **pages = kvcalloc(nr, sizeof(struct page *), 0);
	long got;

	got = get_user_pages_unlocked(addr, nr, pages, FOLL_WRITE);
	if (got > 0)
		release_pages(pages, got);
	kvfree(pages);
	return got;
}

/* Nitro Enclaves' shape: pages got into a member array, partly. */
struct pp_region {
	struct page **pages;
	unsigned long nr_pages;
	int pinned;
};

int pp_region_get(struct pp_region *r, unsigned long addr, unsigned long n)
{
	unsigned long i;
	long rc;

	r->pages = kvcalloc(n, sizeof(*r->pages), 0);
	for (i = 0; i < n; i++) {
		rc = get_user_pages_unlocked(addr + i * 4096, 1, r->pages + i, FOLL_GET);
		if (rc < 0)
			goto put_pages;
		r->nr_pages++;
	}
	return 0;
put_pages:
	unpin_user_pages(r->pages, r->nr_pages); // want `unpin_user_pages releases pages referenced by get_user_pages_unlocked \(line 78\)`
	return rc;
}

int pp_region_get_ok(struct pp_region *r, unsigned long addr, unsigned long n)
{
	unsigned long i;
	long rc;

	r->pages = kvcalloc(n, sizeof(*r->pages), 0);
	for (i = 0; i < n; i++) {
		rc = get_user_pages_unlocked(addr + i * 4096, 1, r->pages + i, FOLL_GET);
		if (rc < 0)
			goto put_pages;
		r->nr_pages++;
	}
	return 0;
put_pages:
	for (i = 0; i < r->nr_pages; i++)
		put_page(r->pages[i]);
	return rc;
}

/*
 * KVM's hva_to_pfn_slow() (7.3): the family follows kfp->pin, and the
 * put_page() below is on a path only referenced pages take.
 */
struct pp_kfp {
	unsigned long hva;
	unsigned int flags;
	bool pin;
	bool map_writable;
};

int pp_slow(struct pp_kfp *kfp, struct page **out)
{
	unsigned int flags = FOLL_HWPOISON | kfp->flags;
	struct page *page, *wpage;
	int npages;

	if (kfp->pin)
		npages = pin_user_pages_unlocked(kfp->hva, 1, &page, flags);
	else
		npages = get_user_pages_unlocked(kfp->hva, 1, &page, flags);
	if (npages != 1)
		return npages;

	if (WARN_ON_ONCE(kfp->map_writable && kfp->pin))
		goto out;

	if (!(flags & FOLL_WRITE) && kfp->map_writable &&
	    get_user_page_fast_only(kfp->hva, FOLL_WRITE, &wpage)) {
		put_page(page);
		page = wpage;
		flags |= FOLL_WRITE;
	}
out:
	*out = page;
	return npages;
}

/* The same without the guard: a pinned page can reach put_page(). */
int pp_slow_unguarded(struct pp_kfp *kfp, struct page **out)
{
	unsigned int flags = FOLL_HWPOISON | kfp->flags;
	struct page *page, *wpage;
	int npages;

	if (kfp->pin)
		npages = pin_user_pages_unlocked(kfp->hva, 1, &page, flags);
	else
		npages = get_user_pages_unlocked(kfp->hva, 1, &page, flags);
	if (npages != 1)
		return npages;

	if (!(flags & FOLL_WRITE) && kfp->map_writable &&
	    get_user_page_fast_only(kfp->hva, FOLL_WRITE, &wpage)) {
		put_page(page); // want `put_page releases a page pinned by pin_user_pages_unlocked \(line 154\)`
		page = wpage;
		flags |= FOLL_WRITE;
	}
	*out = page;
	return npages;
}

/* The release follows the same test as the taking. */
int pp_correlated(struct pp_kfp *kfp)
{
	struct page *page;
	bool pinned = kfp->pin;

	if (pinned) {
		if (pin_user_pages_fast(kfp->hva, 1, 0, &page) != 1)
			return -14;
	} else if (get_user_pages_fast(kfp->hva, 1, 0, &page) != 1) {
		return -14;
	}
	set_page_dirty_lock(page);
	if (kfp->pin)
		unpin_user_page(page);
	else
		put_page(page);
	return 0;
}

/* The release follows a tag gupvet cannot tie to the taking: quiet. */
int pp_tagged(struct pp_kfp *kfp, struct pp_region *r)
{
	struct page *page;

	if (pin_user_pages_fast(kfp->hva, 1, 0, &page) != 1)
		return -14;
	if (r->pinned)
		unpin_user_page(page);
	else
		put_page(page);
	r->pinned ? unpin_user_page(page) : put_page(page);
	return 0;
}

/* A tag set with the taking, tested for the release. */
int pp_tag_set(struct pp_kfp *kfp, struct pp_region *r, struct page **pages)
{
	if (kfp->pin) {
		pin_user_pages_fast(kfp->hva, 1, 0, pages);
		r->pinned = 1;
	} else {
		get_user_pages_fast(kfp->hva, 1, 0, pages);
		r->pinned = 0;
	}
	if (r->pinned)
		unpin_user_pages(pages, 1);
	else
		put_page(pages[0]);
	if (!r->pinned)
		unpin_user_pages(pages, 1); // want `unpin_user_pages releases pages referenced by get_user_pages_fast \(line 212\)`
	return 0;
}
