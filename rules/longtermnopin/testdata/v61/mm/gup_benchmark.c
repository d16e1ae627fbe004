/* The shape of 5.9's mm/gup_benchmark.c: ioctl numbers made with _IOWR(),
 * a macro of a global header, in case labels, and FOLL_LONGTERM passed to
 * get_user_pages (657d4f7996c6, in 5.10, moved that case to
 * pin_user_pages). Tolerant mode once gave up the whole function, at the
 * first case label, and the bug went unseen. */
#include <linux/mm.h>

#define GUP_FAST_BENCHMARK	_IOWR('g', 1, struct gup_benchmark)
#define GUP_LONGTERM_BENCHMARK	_IOWR('g', 2, struct gup_benchmark)
#define GUP_BENCHMARK		_IOWR('g', 3, struct gup_benchmark)

struct gup_benchmark {
	__u64 addr;
	__u64 size;
	__u32 nr_pages_per_call;
	__u32 flags;
};

static int __gup_benchmark_ioctl(unsigned int cmd, struct gup_benchmark *gup,
				 struct page **pages)
{
	unsigned long addr = gup->addr;
	int nr = gup->nr_pages_per_call;

	gup->flags &= FOLL_WRITE;
	switch (cmd) {
	case GUP_FAST_BENCHMARK:
		nr = get_user_pages_fast(addr, nr, gup->flags, pages);
		break;
	case GUP_LONGTERM_BENCHMARK:
		nr = get_user_pages(addr, nr, gup->flags | FOLL_LONGTERM, pages, NULL); // want `get_user_pages gets FOLL_LONGTERM .*without FOLL_PIN`
		break;
	case GUP_BENCHMARK:
		nr = get_user_pages(addr, nr, gup->flags, pages, NULL);
		break;
	default:
		return -22;
	}
	return nr;
}
