/* drivers/gpu/drm/vmwgfx/vmwgfx_drv.h, habanalabs.h (6.12): a member or
 * local declared with DECLARE_HASHTABLE(name, bits), a macro of
 * linux/hashtable.h.
 * want: hl_pin calls pin_user_pages_fast */
struct hl_ctx {
	DECLARE_HASHTABLE(mem_hash, 9);
	int asid;
};

long hl_pin(struct hl_ctx *ctx, unsigned long addr, struct page **pages)
{
	DECLARE_HASHTABLE(seen, 4);

	return pin_user_pages_fast(addr, 1, FOLL_WRITE | FOLL_LONGTERM, pages) + ctx->asid + (seen != 0);
}
