/*
 * gupvet test tree: the public GUP flags as 6.3/6.4 lay them out (an enum;
 * no FOLL_HONOR_NUMA_FAULT yet).
 */
#ifndef V64_LINUX_MM_TYPES_H
#define V64_LINUX_MM_TYPES_H

struct page;
struct mm_struct;
struct vm_area_struct;

enum {
	FOLL_WRITE = 1 << 0,
	FOLL_GET = 1 << 1,
	FOLL_DUMP = 1 << 2,
	FOLL_FORCE = 1 << 3,
	FOLL_NOWAIT = 1 << 4,
	FOLL_NOFAULT = 1 << 5,
	FOLL_HWPOISON = 1 << 6,
	FOLL_ANON = 1 << 7,
	FOLL_LONGTERM = 1 << 8,
	FOLL_SPLIT_PMD = 1 << 9,
	FOLL_PCI_P2PDMA = 1 << 10,
	FOLL_INTERRUPTIBLE = 1 << 11,
};

#endif
