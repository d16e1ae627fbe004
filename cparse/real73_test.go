package cparse

import "path/filepath"
import "strings"
import "testing"

// realTree73 is Debian's 7.3 source tree with its configured object tree.
func realTree73(t *testing.T) *Tree {
	return realTreeFrom(t, "7")
}

// TestPreciseRealTree73: the 7.x files that failed before the
// ",##__VA_ARGS__" work-around (kzalloc_objs/kvzalloc_objs: "too many
// macro arguments") and before $(src) was read from scripts/Makefile.build
// (i915's -I$(src): "include file not found") parse in precise mode with
// no error, and their GUP calls are there.
func TestPreciseRealTree73(t *testing.T) {
	tr := realTree73(t)
	vocab := map[string]bool{"get_user_pages_unlocked": true, "pin_user_pages_unlocked": true, "pin_user_pages_fast": true, "FOLL_WRITE": true}
	for _, c := range []struct {
		file  string
		funcs []string // defined in the file
		calls map[string]string
	}{
		{"virt/kvm/kvm_main.c", []string{"hva_to_pfn_slow", "kvm_create_vm_debugfs"},
			map[string]string{"hva_to_pfn_slow": "get_user_pages_unlocked"}},
		{"arch/x86/kvm/mmu/mmu.c", []string{"kvm_mmu_alloc_page_hash", "kvm_mmu_init_vm"}, nil},
		{"drivers/gpu/drm/i915/gem/i915_gem_userptr.c", []string{"i915_gem_object_userptr_submit_init", "i915_gem_userptr_ioctl"},
			map[string]string{"i915_gem_object_userptr_submit_init": "pin_user_pages_fast"}},
	} {
		t.Run(c.file, func(t *testing.T) {
			have := parseRealPrecise(t, tr, c.file, vocab, c.funcs)
			for fn, callee := range c.calls {
				f := have[fn]
				if f == nil {
					continue
				}
				found := false
				for _, call := range callsIn(f.Body) {
					found = found || call.CalleeName() == callee
				}
				if !found {
					t.Errorf("%s: no call to %s", fn, callee)
				}
			}
		})
	}
}

// TestKbuildReal73: what Debian's 7.3 configuration builds, and the
// flags of the files above, as the 7.3 kbuild files say.
func TestKbuildReal73(t *testing.T) {
	tr := realTree73(t)
	for f, want := range map[string]bool{
		"mm/gup.c": true, "virt/kvm/kvm_main.c": true, "arch/x86/kvm/mmu/mmu.c": true,
		"drivers/gpu/drm/i915/gem/i915_gem_userptr.c": true,
		"mm/nommu.c": false, "drivers/gpu/drm/i915/gem/selftests/i915_gem_mman.c": false,
	} {
		if got, known := tr.Built(f); !known || got != want {
			t.Errorf("%s: built %v (known %v), want %v", f, got, known, want)
		}
	}
	// kvm_main.c is compiled from arch/x86/kvm, whose Makefile adds
	// -I $(srctree)/arch/x86/kvm; kbuild then adds the source directory
	// of that Makefile, $(src), and its object directory
	kb := tr.kbuild(tr.Abs("virt/kvm/kvm_main.c"))
	want := []string{"-I" + filepath.Join(tr.Src, "arch/x86/kvm"), "-Iarch/x86/kvm"}
	if n := len(kb.Flags); n < 2 || kb.Flags[n-2] != want[0] || kb.Flags[n-1] != want[1] {
		t.Errorf("kvm_main.c flags %q do not end in %q", kb.Flags, want)
	}
	if !kb.Module || kb.ModName != "kvm" || !strings.HasSuffix(kb.Makefile, "arch/x86/kvm/Makefile") {
		t.Errorf("kvm_main.c: %+v", kb)
	}
}
