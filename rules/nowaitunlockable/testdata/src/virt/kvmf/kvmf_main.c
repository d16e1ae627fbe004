/*
 * nowaitunlockable through struct members, the way KVM passes FOLL_NOWAIT
 * since 6.13: arch code sets it in a local, __kvmf_faultin_pfn() stores it
 * in kfp.flags, and hva_to_pfn_slow() reads it back three calls later.
 * Only the vCPU-map path sets .pin, and never with FOLL_NOWAIT.
 */
#include <linux/mm.h>
#include "kvm_mm.h"

static long kvmf_hva_to_pfn_slow(struct kvmf_follow *kfp, unsigned long *pfn)
{
	unsigned int flags = FOLL_HWPOISON | kfp->flags;
	struct page *page;
	long npages;

	if (kfp->pin)
		npages = pin_user_pages_unlocked(kfp->hva, 1, &page, flags);
	else
		npages = get_user_pages_unlocked(kfp->hva, 1, &page, flags); // want `get_user_pages_unlocked may get FOLL_NOWAIT \(set at arch/s390/kvmf/faultin.c:23 and arch/x86/kvmf/mmu.c:22, passed in kvmf_follow.flags\) together with FOLL_UNLOCKABLE`
	if (npages != 1)
		return npages;
	*pfn = 1;
	return npages;
}

long kvmf_hva_to_pfn(struct kvmf_follow *kfp)
{
	unsigned long pfn = 0;
	long npages;

	npages = kvmf_hva_to_pfn_slow(kfp, &pfn);
	if (npages == 1)
		return pfn;
	if ((kfp->flags & FOLL_NOWAIT) && npages == 0)
		return -2;
	return -1;
}

static long kvmf_follow_pfn(struct kvmf_follow *kfp)
{
	kfp->hva = kfp->gfn << 12;
	if (kfp->map_writable && !kfp->hva)
		kfp->map_writable = NULL;
	return kvmf_hva_to_pfn(kfp);
}

long __kvmf_faultin_pfn(const struct kvmf_slot *slot, unsigned long gfn,
			unsigned int foll, bool *writable, struct page **refcounted_page)
{
	struct kvmf_follow kfp = {
		.slot = slot,
		.gfn = gfn,
		.flags = foll,
		.map_writable = writable,
		.refcounted_page = refcounted_page,
	};

	*writable = false;
	return kvmf_follow_pfn(&kfp);
}

/* Pinned for a kernel mapping: .pin with FOLL_WRITE at most. */
long kvmf_vcpu_map(const struct kvmf_slot *slot, unsigned long gfn, bool writable, struct page **pinned)
{
	struct kvmf_follow kfp = {
		.slot = slot,
		.gfn = gfn,
		.flags = writable ? FOLL_WRITE : 0,
		.refcounted_page = pinned,
		.pin = true,
	};

	return kvmf_follow_pfn(&kfp);
}

long kvmf_gfn_to_page(const struct kvmf_slot *slot, unsigned long gfn, bool write)
{
	struct page *refcounted_page = NULL;
	struct kvmf_follow kfp = {
		.slot = slot,
		.gfn = gfn,
		.flags = write ? FOLL_WRITE : 0,
		.refcounted_page = &refcounted_page,
	};

	return kvmf_follow_pfn(&kfp);
}
