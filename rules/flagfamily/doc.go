// Package flagfamily defines an Analyzer that reports flags of the wrong
// family: a FAULT_FLAG_, GFP_, VM_, O_, MAP_ or PROT_ name where a GUP
// call takes FOLL_ flags, and a FOLL_ name where a fault handler takes
// FAULT_FLAG_ flags.
//
// # Analyzer flagfamily
//
// flagfamily: report a name of another flag family (FAULT_FLAG_, GFP_, VM_, ...) reaching FOLL_ flags, or FOLL_ reaching FAULT_FLAG_ flags
//
// The GUP entry points take FOLL_ flags; handle_mm_fault() and
// fixup_user_fault() take FAULT_FLAG_ flags; the kernel has more flag sets
// (gfp_t allocation flags, vm_flags, open(2)'s O_, mmap(2)'s MAP_ and
// PROT_) that are all plain integers to the compiler. A name of one set
// where another is expected compiles, and the callee reads its bits with
// its own meanings. FAULT_FLAG_WRITE and FOLL_WRITE are both bit 0, so
// that mistake works by accident; the other bits differ:
// FAULT_FLAG_RETRY_NOWAIT (1 << 3) is FOLL_FORCE from 6.3 on,
// FAULT_FLAG_KILLABLE (1 << 4) FOLL_NOWAIT, VM_WRITE (1 << 1) FOLL_GET,
// and in the other direction FOLL_FORCE given to fixup_user_fault() asks
// for FAULT_FLAG_RETRY_NOWAIT.
//
// The real bug: 5f9df945d4e8 "KVM: s390: Fix FOLL_*/FAULT_FLAG_*
// confusion" (6.17). From 6.14, s390's vcpu_post_run_handle_fault() set
// flags = FAULT_FLAG_WRITE and handed them, through
// vcpu_dat_fault_handler() and __kvm_s390_handle_dat_fault(), to
// __kvm_faultin_pfn(), which passes its foll argument in
// kvm_follow_pfn.flags to get_user_pages_unlocked(). "This still works
// because they happen to have the same integer value, but it's a
// mistake, thus the fix."
//
// Which family a name belongs to is read from the analysed tree's own
// definitions: the members of enum fault_flag (include/linux/mm_types.h;
// macros in include/linux/mm.h before 6.1), the VM_ macros of
// include/linux/mm.h (and 7.x's VMA_*_BIT enum they are built from), the
// gfp_types.h (gfp.h before 6.0) masks, and the O_, MAP_ and PROT_ macros
// of the uapi headers. VM_FAULT_RETRY is not a VM_ flag, and a name the
// tree does not define in one of those places is no family's. Values are
// read from the same definitions, to say what the callee gets instead.
//
// The names are followed as the flag flow follows FOLL_ flags: through
// locals, conditionals, struct members (kvm_follow_pfn.flags) and any
// number of wrappers, to every GUP call they reach (the entry point's
// argument check). FOLL_ names are followed to the fault flags of
// fixup_user_fault() and handle_mm_fault() and of the functions that pass
// a parameter on to one of them (gmap_fault()). Names tested in a
// condition are not values (write ? FOLL_WRITE : 0 from
// fault_flags & FAULT_FLAG_WRITE is the right translation).
//
// The finding is at the name, where the fix goes, and says which call it
// reaches; its related positions give each call and the way there. It is
// an error when the name's value is not the flag it seems to stand for
// (SARIF level error, category "namespace"), and a warning when the two
// values coincide, as WRITE's do (level warning, category
// "namespace-same-value").
//
// Tolerant mode sees every name as written. Precise mode sees what the
// preprocessor made of it: FAULT_FLAG_ names (enum constants), one-token
// macros (VM_WRITE up to 6.x, MAP_SHARED) and the GFP_/VM_ masks built
// from their *_BIT enums are followed; a mask that expands to a bare
// (1 << n), as 7.x's O_ flags, is not.
//
// Example:
//
//	foll = f->write_attempt ? FAULT_FLAG_WRITE : 0;	/* should be FOLL_WRITE */
//	pfn = __kvm_faultin_pfn(slot, gfn, foll, &writable, &page);
//
// Silence a report with /* gupvet:ignore flagfamily reason */ on the line
// or the line before.
package flagfamily
