struct mmu_cache { int n; };

void free_mmu_cache(struct mmu_cache *mc);

DEFINE_FREE(mmu_cache, struct mmu_cache *, if (_T) free_mmu_cache(_T))

static inline struct mmu_cache *new_mmu_cache(void)
{
	struct mmu_cache *mc __free(mmu_cache) = 0;

	return mc;
}
