/*
 * gupvet demo tree: the public get_user_pages() flags, laid out the way a
 * 6.12 kernel lays them out (an anonymous enum, one bit each). Written for
 * gupvet's tests; the comments are the demo's own summaries.
 */
#ifndef DEMO_LINUX_MM_TYPES_H
#define DEMO_LINUX_MM_TYPES_H

struct page;
struct folio;
struct mm_struct;
struct vm_area_struct;

enum {
	/* the caller means to write to the pages */
	FOLL_WRITE = 1 << 0,
	/* take an ordinary reference on each page returned */
	FOLL_GET = 1 << 1,
	/* core dump: report holes instead of faulting them in */
	FOLL_DUMP = 1 << 2,
	/* go ahead even where the mapping's permissions say no */
	FOLL_FORCE = 1 << 3,
	/* start any I/O a fault needs, but do not wait for it */
	FOLL_NOWAIT = 1 << 4,
	/* do not fault at all: return what is already mapped */
	FOLL_NOFAULT = 1 << 5,
	/* say -EHWPOISON, not -EFAULT, for a poisoned page */
	FOLL_HWPOISON = 1 << 6,
	/* only anonymous memory is acceptable */
	FOLL_ANON = 1 << 7,
	/* the pin may be held for a long time (pins only) */
	FOLL_LONGTERM = 1 << 8,
	/* break a huge PMD mapping into page-table entries first */
	FOLL_SPLIT_PMD = 1 << 9,
	/* peer-to-peer DMA pages are acceptable */
	FOLL_PCI_P2PDMA = 1 << 10,
	/* a signal may interrupt the wait, when unlocking is allowed */
	FOLL_INTERRUPTIBLE = 1 << 11,
	/* obey NUMA hinting faults rather than ignoring them */
	FOLL_HONOR_NUMA_FAULT = 1 << 12,
};

/*
 * The page-fault flags handle_mm_fault() and fixup_user_fault() take: a
 * different set from the FOLL_ flags above, although FAULT_FLAG_WRITE and
 * FOLL_WRITE happen to share bit 0.
 */
enum fault_flag {
	FAULT_FLAG_WRITE = 1 << 0,
	FAULT_FLAG_MKWRITE = 1 << 1,
	FAULT_FLAG_ALLOW_RETRY = 1 << 2,
	FAULT_FLAG_RETRY_NOWAIT = 1 << 3,
	FAULT_FLAG_KILLABLE = 1 << 4,
	FAULT_FLAG_TRIED = 1 << 5,
	FAULT_FLAG_USER = 1 << 6,
	FAULT_FLAG_REMOTE = 1 << 7,
	FAULT_FLAG_INSTRUCTION = 1 << 8,
	FAULT_FLAG_INTERRUPTIBLE = 1 << 9,
	FAULT_FLAG_UNSHARE = 1 << 10,
	FAULT_FLAG_ORIG_PTE_VALID = 1 << 11,
	FAULT_FLAG_VMA_LOCK = 1 << 12,
};

#endif /* DEMO_LINUX_MM_TYPES_H */
