/* the 6.12 shape: the numbers in a local header */
#define PIN_FAST_BENCHMARK	_IOWR('g', 4, struct gup_benchmark)

struct gup_benchmark {
	__u64 addr;
	__u64 size;
	__u32 flags;
};
