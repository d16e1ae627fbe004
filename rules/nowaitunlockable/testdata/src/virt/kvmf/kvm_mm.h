/* The 6.13+ KVM shape: what a page lookup needs travels in one struct. */
#ifndef KVMF_MM_H
#define KVMF_MM_H

struct page;
struct kvmf_slot;

struct kvmf_follow {
	const struct kvmf_slot *slot;
	unsigned long gfn;
	unsigned long hva;
	/* FOLL_* flags modifying lookup behavior */
	unsigned int flags;
	/* pin the page (effectively FOLL_PIN) */
	bool pin;
	bool *map_writable;
	struct page **refcounted_page;
};

long kvmf_hva_to_pfn(struct kvmf_follow *kfp);

#endif
