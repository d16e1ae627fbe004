/* arch/x86/kvm/svm/sev.c (6.12, lines 2699-2752): guard(mutex)(&kvm->lock)
 * read as the declaration "int __gupvet_guard_mutex(&kvm->lock)".
 * want: register_region calls sev_pin
 * want: sev_pin calls pin_user_pages_fast
 * want: srcu_guarded calls get_user_pages_unlocked */
struct kvm { int lock; int srcu; };

static struct page **sev_pin(unsigned long uaddr, unsigned int flags)
{
	struct page **pages = 0;

	pin_user_pages_fast(uaddr, 1, flags, pages);
	return pages;
}

int register_region(struct kvm *kvm, unsigned long addr)
{
	guard(mutex)(&kvm->lock);

	return sev_pin(addr, FOLL_LONGTERM) != 0;
}

long srcu_guarded(struct kvm *kvm, unsigned long addr, struct page **p)
{
	guard(srcu)(&kvm->srcu);
	return get_user_pages_unlocked(addr, 1, p, FOLL_WRITE);
}
