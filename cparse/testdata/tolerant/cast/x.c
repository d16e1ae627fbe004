/* drivers/gpu/drm/vmwgfx/vmwgfx_msg.c (6.12, lines 934-1078): a cast to a
 * type of a header tolerant mode does not read, (PPN64)page_to_pfn(page),
 * does not parse as an expression.
 * want: stats_ioctl calls pin_user_pages_fast */
long stats_ioctl(unsigned long addr, struct page **pages)
{
	long n = pin_user_pages_fast(addr, 1, FOLL_WRITE, pages);

	if (n == 1)
		hypervisor_ppn_add((PPN64)page_to_pfn(pages[0]));
	if (n == 1)
		hypervisor_ppn_remove((PPN64 *)pages, (PPN64)-1);
	return n;
}
