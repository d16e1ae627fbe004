/* drivers/accel/habanalabs/common/memory.c, io_uring/memmap.c and eight
 * more (7.3): the typed allocators of 7.x linux/slab.h take a type,
 * kvmalloc_objs(struct page *, n).
 * want: get_user_memory calls pin_user_pages_fast
 * want: region_pin calls pin_user_pages */
struct userptr { struct page **pages; };

int get_user_memory(struct userptr *userptr, unsigned long start, int npages)
{
	userptr->pages = kvmalloc_objs(struct page *, npages);
	if (!userptr->pages)
		return -12;
	return pin_user_pages_fast(start, npages, FOLL_WRITE | FOLL_LONGTERM, userptr->pages);
}

long region_pin(unsigned long start, int npages)
{
	struct page **pages = kzalloc_objs(struct page *, npages, GFP_KERNEL);
	struct userptr *u = kzalloc_obj(*u);

	return pin_user_pages(start, npages, FOLL_WRITE, pages) + (u != 0);
}
