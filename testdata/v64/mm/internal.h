/*
 * gupvet test tree: 6.3/6.4's internal GUP flags. There is no
 * INTERNAL_GUP_FLAGS yet: is_valid_gup_args lists PIN, TRIED, UNLOCKABLE,
 * REMOTE and FAST_ONLY inline, and FOLL_TOUCH is not refused.
 */
#ifndef V64_MM_INTERNAL_H
#define V64_MM_INTERNAL_H

#include <linux/mm.h>

enum {
	FOLL_TOUCH = 1 << 16,
	FOLL_TRIED = 1 << 17,
	FOLL_REMOTE = 1 << 18,
	FOLL_PIN = 1 << 19,
	FOLL_FAST_ONLY = 1 << 20,
	FOLL_UNLOCKABLE = 1 << 21,
};

#endif
