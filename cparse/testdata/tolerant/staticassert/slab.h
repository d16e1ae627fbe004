struct slab {
	unsigned long __page_flags;
};

#define SLAB_MATCH(pg, sl)						\
	static_assert(offsetof(struct page, pg) == offsetof(struct slab, sl))
SLAB_MATCH(flags, __page_flags);
#undef SLAB_MATCH
static_assert(sizeof(struct slab) <= sizeof(struct page));
