/*
 * nowaitunlockable through struct objects: a member read sees the values
 * stored into that object along the path, members an initializer leaves
 * out are zero, and the report is at the call that reads the member.
 */
#include <linux/mm.h>

struct page;

struct nw_req {
	unsigned int flags;
	bool pin;
	unsigned long addr;
};

static long nw_do(struct nw_req *r, struct page **pages)
{
	if (r->pin)
		return pin_user_pages_unlocked(r->addr, 1, pages, r->flags);
	return get_user_pages_unlocked(r->addr, 1, pages, r->flags); // want `get_user_pages_unlocked may get FOLL_NOWAIT \(set at line 38, line 47, line 56 and 3 other places, passed in nw_req.flags\) together with FOLL_UNLOCKABLE`
}

static long nw_do_twice(struct nw_req *r, struct page **pages)
{
	return nw_do(r, pages);
}

/* .pin is never set together with FOLL_NOWAIT: the pin call is clean. */
long nw_pinned(unsigned long addr, struct page **pages)
{
	struct nw_req r = { .flags = FOLL_WRITE, .pin = true, .addr = addr };

	return nw_do_twice(&r, pages);
}

long nw_designated(unsigned long addr, struct page **pages)
{
	struct nw_req r = { .flags = FOLL_NOWAIT, .addr = addr };

	return nw_do_twice(&r, pages);
}

long nw_empty_init(unsigned long addr, struct page **pages)
{
	struct nw_req r = {};

	r.flags = FOLL_NOWAIT;
	r.addr = addr;
	return nw_do(&r, pages);
}

long nw_zero_init(unsigned long addr, struct page **pages)
{
	struct nw_req r = { 0 };

	r.flags |= FOLL_NOWAIT;
	return nw_do(&r, pages);
}

long nw_positional(unsigned long addr, struct page **pages)
{
	struct nw_req r = { FOLL_NOWAIT, false, addr };

	return nw_do(&r, pages);
}

long nw_copy(unsigned long addr, struct page **pages)
{
	struct nw_req a = { .addr = addr };
	struct nw_req b;

	a.flags = FOLL_NOWAIT;
	b = a;
	return nw_do(&b, pages);
}

long nw_compound(unsigned long addr, struct page **pages)
{
	return nw_do(&(struct nw_req){ .flags = FOLL_NOWAIT | FOLL_WRITE,
				      .addr = addr }, pages);
}

/* The negative twins: the same shapes without FOLL_NOWAIT. */
long nw_designated_clean(unsigned long addr, struct page **pages)
{
	struct nw_req r = { .flags = FOLL_WRITE, .addr = addr };

	return nw_do_twice(&r, pages);
}

long nw_copy_cleared(unsigned long addr, struct page **pages)
{
	struct nw_req a = { .flags = FOLL_NOWAIT, .addr = addr };
	struct nw_req b = a;

	b.flags &= ~FOLL_NOWAIT;
	return nw_do(&b, pages);
}

/* Pinned with FOLL_NOWAIT: pin_user_pages_unlocked adds FOLL_UNLOCKABLE too. */
struct nw_pin_req {
	unsigned int flags;
	bool pin;
	unsigned long addr;
};

static long nw_pin_do(struct nw_pin_req *r, struct page **pages)
{
	if (r->pin)
		return pin_user_pages_unlocked(r->addr, 1, pages, r->flags); // want `pin_user_pages_unlocked may get FOLL_NOWAIT \(set at line 116, passed in nw_pin_req.flags\)`
	return get_user_pages(r->addr, 1, r->flags, pages);
}

long nw_pin_nowait(unsigned long addr, struct page **pages)
{
	struct nw_pin_req r = { .pin = 1, .flags = FOLL_NOWAIT, .addr = addr };

	return nw_pin_do(&r, pages);
}

/* A zeroing allocator's object: its members are zero until stored. */
void *kzalloc(unsigned long size, unsigned int gfp);

struct nw_heap_req {
	unsigned int flags;
	bool pin;
	unsigned long addr;
};

static long nw_heap_do(struct nw_heap_req *r, struct page **pages)
{
	if (r->pin)
		return pin_user_pages_unlocked(r->addr, 1, pages, r->flags);
	return get_user_pages_unlocked(r->addr, 1, pages, r->flags); // want `get_user_pages_unlocked may get FOLL_NOWAIT \(set at line 141, passed in nw_heap_req.flags\)`
}

long nw_heap(unsigned long addr, struct page **pages)
{
	struct nw_heap_req *r = kzalloc(sizeof(*r), 0);

	r->flags = FOLL_NOWAIT;
	r->addr = addr;
	return nw_heap_do(r, pages);
}

long nw_heap_pinned(unsigned long addr, struct page **pages)
{
	struct nw_heap_req *r = kzalloc(sizeof(*r), 0);

	r->pin = true;
	r->flags = FOLL_WRITE;
	return nw_heap_do(r, pages);
}

/* A global object: what the program stores in the member, as "may". */
struct nw_global_req {
	unsigned int flags;
	unsigned long addr;
};

static struct nw_global_req nw_global = { .flags = FOLL_NOWAIT };

static long nw_global_do(struct nw_global_req *r, struct page **pages)
{
	return get_user_pages_unlocked(r->addr, 1, pages, r->flags); // want `get_user_pages_unlocked may get FOLL_NOWAIT \(stored in nw_global_req.flags at line 161\)`
}

long nw_global_use(struct page **pages)
{
	return nw_global_do(&nw_global, pages);
}
