/* drivers/infiniband/hw/qib/qib_user_sdma.c (6.12, lines 797-1046): a macro
 * of a global header called with typeof(...), a type:
 * type_max(typeof(pkt->bytes_togo)).
 * want: sdma_queue calls qib_pin */
struct pkt { unsigned short bytes_togo; };

static int qib_pin(unsigned long addr, int npages, struct page **pages)
{
	return pin_user_pages_fast(addr, npages, FOLL_LONGTERM, pages);
}

int sdma_queue(struct pkt *pkt, unsigned long addr, int n, struct page **pages)
{
	unsigned long bytes_togo = 0;

	if (bytes_togo > type_max(typeof(pkt->bytes_togo)))
		return -22;
	return qib_pin(addr, n, pages);
}
