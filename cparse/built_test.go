package cparse

import (
	"os"
	"testing"
)

// What the Debian 6.12 configuration builds, as its kbuild files say.
func TestBuilt612(t *testing.T) {
	src, obj := os.Getenv("GUPVET_LINUX_6_12"), os.Getenv("GUPVET_LINUX_6_12_OBJ")
	if src == "" || obj == "" {
		t.Skip("set GUPVET_LINUX_6_12 and GUPVET_LINUX_6_12_OBJ to run")
	}
	tr, err := NewTree(src, obj)
	if err != nil {
		t.Fatal(err)
	}
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
