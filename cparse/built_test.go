package cparse

import "testing"

// What the Debian 6.12 configuration builds, as its kbuild files say.
func TestBuilt612(t *testing.T) {
	tr := realTreeFrom(t, "6.12")
	for f, want := range map[string]bool{
		"mm/gup.c": true, "virt/kvm/kvm_main.c": true, "mm/madvise.c": true, "drivers/infiniband/core/umem.c": true,
		"mm/nommu.c": false, "drivers/vfio/vfio_iommu_spapr_tce.c": false, "drivers/sbus/char/oradax.c": false,
		"drivers/gpu/drm/i915/gem/selftests/i915_gem_mman.c": false,
	} {
		if got, known := tr.Built(f); !known || got != want {
			t.Errorf("%s: built %v (known %v), want %v", f, got, known, want)
		}
	}
}
