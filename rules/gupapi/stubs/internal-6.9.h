/*
 * gupvet's stand-in for the GUP part of mm/internal.h, Linux 6.9 and
 * later (checked against 6.12), for trees that have no mm/internal.h: a
 * packaged headers tree such as Debian's linux-headers-*-common, which is
 * what an out-of-tree module is checked against (make M=dir C=1
 * CHECK=gupvet). A tree with its own mm/internal.h never reads this.
 */
enum {
	FOLL_TOUCH = 1 << 16,
	FOLL_TRIED = 1 << 17,
	FOLL_REMOTE = 1 << 18,
	FOLL_PIN = 1 << 19,
	FOLL_FAST_ONLY = 1 << 20,
	FOLL_UNLOCKABLE = 1 << 21,
	FOLL_MADV_POPULATE = 1 << 22,
};

#define INTERNAL_GUP_FLAGS (FOLL_TOUCH | FOLL_TRIED | FOLL_REMOTE | FOLL_PIN | \
			    FOLL_FAST_ONLY | FOLL_UNLOCKABLE | \
			    FOLL_MADV_POPULATE)
