/*
 * pinput across functions: wrappers that take pages and return them,
 * helpers that release or fill what they are passed.
 */
#include <linux/mm.h>

struct folio;
struct folio *page_folio(struct page *page);
void folio_put(struct folio *folio);
void unpin_folio(struct folio *folio);
void unpin_user_page(struct page *page);
void unpin_user_pages(struct page **pages, unsigned long npages);
struct page *alloc_page(unsigned int gfp);
void *page_address(struct page *page);
void set_page_dirty_lock(struct page *page);

/* s390's pin_map_page(): a wrapper that pins one page and returns it. */
static struct page *hp_pin_map_page(struct mm_struct *mm, unsigned long uaddr)
{
	struct page *page = NULL;
	int locked = 1;

	pin_user_pages_remote(mm, uaddr, 1, FOLL_WRITE, &page, &locked);
	return page;
}

/* 6.12's get_map_page(): the same with a reference. */
static struct page *hp_get_map_page(struct mm_struct *mm, unsigned long uaddr)
{
	struct page *page = NULL;
	int locked = 1;

	if (get_user_pages_remote(mm, uaddr, 1, FOLL_WRITE, &page, &locked) != 1)
		return NULL;
	return page;
}

int hp_set_ind(struct mm_struct *mm, unsigned long addr)
{
	struct page *ind_page, *summary_page;

	ind_page = hp_pin_map_page(mm, addr);
	if (!ind_page)
		return -1;
	set_page_dirty_lock(ind_page);
	put_page(ind_page); // want `put_page releases a page pinned by hp_pin_map_page \(line 42\), which pins it with pin_user_pages_remote \(line 23\)`
	summary_page = hp_pin_map_page(mm, addr + 8);
	if (!summary_page)
		return -1;
	unpin_user_page(summary_page);
	return 0;
}

int hp_set_summary(struct mm_struct *mm, unsigned long addr)
{
	struct page *summary_page = hp_get_map_page(mm, addr);

	if (!summary_page)
		return -1;
	unpin_user_page(summary_page); // want `unpin_user_page releases a page referenced by hp_get_map_page \(line 56\), which references it with get_user_pages_remote \(line 33\)`
	summary_page = hp_get_map_page(mm, addr);
	put_page(summary_page);
	return 0;
}

/* A helper that releases what it is passed. */
static void hp_put_pages(struct page **pages, unsigned long n)
{
	unsigned long i;

	for (i = 0; i < n; i++)
		put_page(pages[i]);
}

long hp_pin_then_put(unsigned long addr, struct page **pages, unsigned long n)
{
	long got = pin_user_pages_fast(addr, n, FOLL_WRITE, pages);

	if (got > 0)
		hp_put_pages(pages, got); // want `hp_put_pages is passed pages pinned by pin_user_pages_fast \(line 77\) and releases them with put_page \(line 72\)`
	return got;
}

long hp_get_then_put(unsigned long addr, struct page **pages, unsigned long n)
{
	long got = get_user_pages_fast(addr, n, FOLL_WRITE, pages);

	if (got > 0)
		hp_put_pages(pages, got);
	return got;
}

/* mm/gup_test.c's shape: the release follows cmd, as the taking did. */
enum { HP_GUP = 1, HP_PIN = 2, HP_DUMP = 3 };
#define HP_DUMP_PIN 0x1

static void hp_put_back(unsigned int cmd, struct page **pages, unsigned long n, unsigned int tflags)
{
	unsigned long i;

	switch (cmd) {
	case HP_GUP:
		for (i = 0; i < n; i++)
			put_page(pages[i]);
		break;
	case HP_PIN:
		unpin_user_pages(pages, n);
		break;
	case HP_DUMP:
		if (tflags & HP_DUMP_PIN) {
			unpin_user_pages(pages, n);
		} else {
			for (i = 0; i < n; i++)
				put_page(pages[i]);
		}
		break;
	}
}

long hp_test(unsigned int cmd, unsigned long addr, unsigned long n, struct page **pages, unsigned int tflags)
{
	long nr;

	switch (cmd) {
	case HP_GUP:
		nr = get_user_pages(addr, n, 0, pages);
		break;
	case HP_PIN:
		nr = pin_user_pages(addr, n, 0, pages);
		break;
	case HP_DUMP:
		if (tflags & HP_DUMP_PIN)
			nr = pin_user_pages(addr, n, 0, pages);
		else
			nr = get_user_pages(addr, n, 0, pages);
		break;
	default:
		return -22;
	}
	hp_put_back(cmd, pages, nr, tflags);
	return nr;
}

/* The taking's family does not follow cmd here: the dump test pins. */
long hp_test_wrong(unsigned int cmd, unsigned long addr, unsigned long n, struct page **pages, unsigned int tflags)
{
	long nr;

	switch (cmd) {
	case HP_GUP:
		nr = get_user_pages(addr, n, 0, pages);
		break;
	case HP_DUMP:
		nr = pin_user_pages(addr, n, 0, pages);
		break;
	default:
		return -22;
	}
	hp_put_back(cmd, pages, nr, 0); // want `hp_put_back is passed pages pinned by pin_user_pages \(line 154\) and releases them with put_page \(line 114\)`
	return nr;
}

/* A page read out of the array, a folio made of it. */
long hp_elements(unsigned long addr, struct page **pages, unsigned long n)
{
	long got = pin_user_pages_fast(addr, n, 0, pages);
	struct page *p;
	struct folio *folio;

	if (got < 2)
		return got;
	p = pages[0];
	put_page(p); // want `put_page releases a page pinned by pin_user_pages_fast`
	folio = page_folio(pages[1]);
	folio_put(folio); // want `folio_put releases a page pinned by pin_user_pages_fast`
	unpin_folio(page_folio(pages[1]));
	return got;
}

/* The variable is given a page of another source before the release. */
int hp_reassigned(unsigned long addr)
{
	struct page *page;

	if (pin_user_pages_fast(addr, 1, 0, &page) != 1)
		return -14;
	unpin_user_page(page);
	page = alloc_page(0);
	put_page(page);
	return 0;
}

/* Pages handed to a structure and released where gupvet cannot tie them. */
struct hp_buf {
	struct page **pages;
	unsigned long n;
};

long hp_handoff(struct hp_buf *b, unsigned long addr, struct page **pages, unsigned long n)
{
	long got = pin_user_pages_fast(addr, n, 0, pages);

	b->pages = pages;
	b->n = got;
	return got;
}

void hp_release(struct hp_buf *b)
{
	unsigned long i;

	for (i = 0; i < b->n; i++)
		put_page(b->pages[i]);
}

/* A helper that fills what it is passed. */
static long hp_fill(unsigned long addr, unsigned long n, struct page **pages)
{
	return pin_user_pages_fast(addr, n, FOLL_WRITE, pages);
}

long hp_filled(unsigned long addr, struct page **pages, unsigned long n)
{
	long got = hp_fill(addr, n, pages);

	if (got > 0)
		put_page(pages[0]); // want `put_page releases a page pinned by hp_fill \(line 224\), which pins it with pin_user_pages_fast \(line 219\)`
	return got;
}

/* A helper whose family its argument chooses. */
static long hp_take(bool pin, unsigned long addr, unsigned long n, struct page **pages)
{
	if (pin)
		return pin_user_pages_fast(addr, n, 0, pages);
	return get_user_pages_fast(addr, n, 0, pages);
}

long hp_taken(unsigned long addr, struct page **pages, unsigned long n)
{
	long got = hp_take(true, addr, n, pages);

	unpin_user_pages(pages, got);
	got = hp_take(false, addr, n, pages);
	unpin_user_pages(pages, got); // want `unpin_user_pages releases pages referenced by hp_take`
	return got;
}

/*
 * WARN_ON_ONCE() as precise mode reads it: a statement expression whose
 * value is a local that holds the condition. The guard keeps pinned
 * pages off the put_page() path as the call form does.
 */
void hp_warn(void);

struct hp_kfp {
	unsigned long hva;
	unsigned int flags;
	bool pin;
	bool map_writable;
};

int hp_slow_expanded(struct hp_kfp *kfp, struct page **out)
{
	unsigned int flags = kfp->flags;
	struct page *page, *wpage;
	int npages;

	if (kfp->pin)
		npages = pin_user_pages_unlocked(kfp->hva, 1, &page, flags);
	else
		npages = get_user_pages_unlocked(kfp->hva, 1, &page, flags);
	if (npages != 1)
		return npages;

	if (({ int __ret_warn_on = !!(kfp->map_writable && kfp->pin);
	       if (__builtin_expect(!!(__ret_warn_on), 0))
		       hp_warn();
	       __builtin_expect(!!(__ret_warn_on), 0); }))
		goto out;

	if (kfp->map_writable && get_user_page_fast_only(kfp->hva, FOLL_WRITE, &wpage)) {
		put_page(page);
		page = wpage;
	}
out:
	*out = page;
	return npages;
}

/* The same guard on another condition: a pinned page reaches put_page(). */
int hp_slow_expanded_other(struct hp_kfp *kfp, struct page **out)
{
	unsigned int flags = kfp->flags;
	struct page *page, *wpage;
	int npages;

	if (kfp->pin)
		npages = pin_user_pages_unlocked(kfp->hva, 1, &page, flags);
	else
		npages = get_user_pages_unlocked(kfp->hva, 1, &page, flags);
	if (npages != 1)
		return npages;

	if (({ int __ret_warn_on = !!(kfp->map_writable && kfp->hva == 0);
	       if (__builtin_expect(!!(__ret_warn_on), 0))
		       hp_warn();
	       __builtin_expect(!!(__ret_warn_on), 0); }))
		goto out;

	if (kfp->map_writable && get_user_page_fast_only(kfp->hva, FOLL_WRITE, &wpage)) {
		put_page(page); // want `put_page releases a page pinned by pin_user_pages_unlocked \(line 299\)`
		page = wpage;
	}
out:
	*out = page;
	return npages;
}

/* A local that holds the family's condition with another test. */
long hp_local_cond(struct hp_kfp *kfp, struct page **pages)
{
	bool pinned = kfp->pin && kfp->map_writable;
	long got;

	if (pinned)
		got = pin_user_pages_fast(kfp->hva, 1, 0, pages);
	else
		got = get_user_pages_fast(kfp->hva, 1, 0, pages);
	if (got != 1)
		return got;
	if (kfp->pin && kfp->map_writable)
		unpin_user_page(pages[0]);
	else
		put_page(pages[0]);
	return 0;
}

/* Its twin: the release tests only half of it. */
long hp_local_cond_half(struct hp_kfp *kfp, struct page **pages)
{
	bool pinned = kfp->pin && kfp->map_writable;
	long got;

	if (pinned)
		got = pin_user_pages_fast(kfp->hva, 1, 0, pages);
	else
		got = get_user_pages_fast(kfp->hva, 1, 0, pages);
	if (got != 1)
		return got;
	if (kfp->pin)
		unpin_user_page(pages[0]); // want `unpin_user_page releases a page referenced by get_user_pages_fast`
	else
		put_page(pages[0]); /* pinned pages never come here: pinned implies kfp->pin */
	return 0;
}
