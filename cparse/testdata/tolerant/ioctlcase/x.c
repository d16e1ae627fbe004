/* mm/gup_benchmark.c (5.9) and mm/gup_test.c (6.12, lines 100-204): ioctl
 * numbers made with _IOWR(type, nr, struct ...), a macro of a global
 * header, in case labels. Read as a call, its type argument did not parse,
 * and the whole ioctl function was given up: 5.9's FOLL_LONGTERM passed to
 * get_user_pages (fixed by 657d4f7996c6) went unseen.
 * want: gup_benchmark_ioctl calls get_user_pages
 * want: gup_benchmark_ioctl calls pin_user_pages_fast
 * want: gup_benchmark_ioctl calls get_user_pages_fast */
#include "gup_benchmark.h"

#define GUP_FAST_BENCHMARK	_IOWR('g', 1, struct gup_benchmark)
#define GUP_LONGTERM_BENCHMARK	_IOWR('g', 2, struct gup_benchmark)
#define GUP_BENCHMARK		_IOWR('g', 3, struct gup_benchmark)

static int gup_benchmark_ioctl(unsigned int cmd, struct gup_benchmark *gup,
			       unsigned long addr, int nr, struct page **pages)
{
	switch (cmd) {
	case GUP_FAST_BENCHMARK:
		nr = get_user_pages_fast(addr, nr, gup->flags, pages);
		break;
	case GUP_LONGTERM_BENCHMARK:
		nr = get_user_pages(addr, nr, gup->flags | FOLL_LONGTERM, pages, NULL);
		break;
	case GUP_BENCHMARK:
		nr = get_user_pages(addr, nr, gup->flags, pages, NULL);
		break;
	case PIN_FAST_BENCHMARK:
		nr = pin_user_pages_fast(addr, nr, gup->flags, pages);
		break;
	default:
		return -22;
	}
	return nr;
}
