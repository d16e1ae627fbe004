package all_test

import "fmt"
import "os"
import "strings"
import "testing"

import "gupvet/analyzer"
import "gupvet/cparse"
import "gupvet/internal/realtree"
import "gupvet/rules/all"

// Real-tree tests of flagfamily. The one merged fix of the class,
// 5f9df945d4e8 "KVM: s390: Fix FOLL_*/FAULT_FLAG_* confusion" (6.17), is
// in none of the trees as pre-fix code (6.14–6.17-rc5): its bug is
// reconstructed at today's call sites, where the flags now take the same
// way (FAULT_FLAG_WRITE in s390's foll, through __kvm_faultin_pfn and
// kvm_follow_pfn.flags to get_user_pages_unlocked), next to the other
// direction (FOLL_WRITE as fixup_user_fault's fault flags) and vfio's
// pin_user_pages_remote. Each is reported at the name, and the same files
// unmutated give no finding. The fixed lines themselves, reverted, are
// silent: in 7.x they only feed a bool.

func onlyFamily(fs []finding) []finding {
	return only(fs, func(r string) bool { return r == "flagfamily" })
}

// familyTrees are the trees the mutations run on: the configured current
// ones, 7.2 and the older ones (tolerant mode only, they have no objtree
// here).
var familyTrees = []string{"6.12", "7", "7.SID", "6.1", "5.10"}

// existing returns the first of paths the tree has.
func existing(src string, paths ...string) string {
	for _, p := range paths {
		if _, err := os.Stat(src + "/" + p); err == nil {
			return p
		}
	}
	return ""
}

// familyMutations are the mutations that apply to the tree at src, and
// whether each can be checked in precise mode (an x86 objtree: an s390
// file is then read for its facts only and cannot be reported on).
func familyMutations(src string) (cases []mutation, precise []bool) {
	add := func(c mutation, p bool) {
		cases = append(cases, c)
		precise = append(precise, p)
	}
	vfio := "drivers/vfio/vfio_iommu_type1.c"
	add(mutation{name: "vfio: FAULT_FLAG_WRITE into pin_user_pages_remote's flags", rule: "flagfamily",
		edits: []edit{{vfio, "\tif (prot & IOMMU_WRITE)\n\t\tflags |= FOLL_WRITE;\n", "\tif (prot & IOMMU_WRITE)\n\t\tflags |= FAULT_FLAG_WRITE;\n"}},
		at:    &edit{file: vfio, old: "\t\tflags |= FOLL_WRITE;"}}, true)
	add(mutation{name: "kvm: FOLL_WRITE as fixup_user_fault's fault flags", rule: "flagfamily",
		edits: []edit{{"virt/kvm/kvm_main.c", "\t\t\t\t     (write_fault ? FAULT_FLAG_WRITE : 0),\n", "\t\t\t\t     (write_fault ? FOLL_WRITE : 0),\n"}}}, true)
	kvmS390 := existing(src, "arch/s390/kvm/s390/s390.c", "arch/s390/kvm/kvm-s390.c")
	if faultin := existing(src, "arch/s390/kvm/gmap/faultin.c", "arch/s390/kvm/faultin.c"); faultin != "" {
		// 7.x: the closest shapes of 5f9df945d4e8's bug
		add(mutation{name: "s390 faultin: FAULT_FLAG_WRITE in foll, to __kvm_faultin_pfn", rule: "flagfamily",
			edits: []edit{{faultin, "\tfoll = f->write_attempt ? FOLL_WRITE : 0;\n", "\tfoll = f->write_attempt ? FAULT_FLAG_WRITE : 0;\n"}},
			files: []string{"virt/kvm/kvm_main.c"}}, true)
		add(mutation{name: "s390 get_guest_page: FAULT_FLAG_WRITE in foll", rule: "flagfamily",
			edits: []edit{{faultin, "\tint foll = w ? FOLL_WRITE : 0;\n", "\tint foll = w ? FAULT_FLAG_WRITE : 0;\n"}},
			files: []string{"virt/kvm/kvm_main.c"}}, true)
		// the fix's own lines, reverted: the value now becomes a bool
		// (vcpu_dat_fault_handler's wr) before any FOLL_ flag is made
		for i, e := range []edit{
			{kvmS390, "\tif (kvm_s390_cur_gmap_fault_is_write())\n\t\tfoll = FOLL_WRITE;\n", "\tif (kvm_s390_cur_gmap_fault_is_write())\n\t\tfoll = FAULT_FLAG_WRITE;\n"},
			{kvmS390, "\t\tif (rc != -ENXIO)\n\t\t\tbreak;\n\t\tfoll = FOLL_WRITE;\n", "\t\tif (rc != -ENXIO)\n\t\t\tbreak;\n\t\tfoll = FAULT_FLAG_WRITE;\n"},
		} {
			add(mutation{name: fmt.Sprintf("s390: fixed line %d of 5f9df945d4e8 reverted feeds a bool", i+1),
				edits: []edit{e}, files: []string{faultin, "virt/kvm/kvm_main.c"}}, true)
		}
	} else if b, _ := os.ReadFile(src + "/" + kvmS390); strings.Contains(string(b), "\t\tflags = FAULT_FLAG_WRITE;\n") {
		// 6.12: the fault flags go to gmap_fault, which hands them to
		// fixup_user_fault in another file
		add(mutation{name: "s390 6.12: FOLL_WRITE to gmap_fault's fault flags", rule: "flagfamily",
			edits: []edit{{kvmS390, "\tif (kvm_s390_cur_gmap_fault_is_write())\n\t\tflags = FAULT_FLAG_WRITE;\n", "\tif (kvm_s390_cur_gmap_fault_is_write())\n\t\tflags = FOLL_WRITE;\n"}},
			at:    &edit{file: kvmS390, old: "\t\tflags = FAULT_FLAG_WRITE;\n"},
			files: []string{"arch/s390/mm/gmap.c"}}, false)
	}
	return cases, precise
}

func TestFlagFamilyMutations(t *testing.T) {
	for _, v := range familyTrees {
		t.Run(v, func(t *testing.T) {
			src, obj := realtree.Source(t, v)
			cases, precise := familyMutations(src)
			for i, c := range cases {
				t.Run(c.name, func(t *testing.T) {
					o := obj
					if !precise[i] {
						o = "" // tolerant only
					}
					testMutationOf(t, src, o, c, onlyFamily)
				})
			}
		})
	}
}

// The whole 6.12 and 7.3 trees, as a default run reads them (tolerant,
// with the configuration): no flagfamily finding, and no file the run
// could not analyse.
func TestFlagFamilyWholeTree(t *testing.T) {
	for _, v := range currentTrees {
		t.Run(v, func(t *testing.T) {
			src, obj := realtree.Whole(t, v)
			tr, err := cparse.NewTree(src, obj)
			if err != nil {
				t.Fatal(err)
			}
			files, _ := analyzer.NeedsOf(all.Analyzers).Prefilter(nil).Candidates(tr, nil, 0)
			res, err := analyzer.Run(analyzer.Config{Tree: tr, Mode: cparse.Tolerant, Analyzers: all.Analyzers}, files, nil)
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range res.Errors {
				t.Errorf("%s: %v", e.Path, e.Err)
			}
			for _, f := range res.Findings {
				if f.Analyzer.Name == "flagfamily" {
					t.Errorf("%s: %s", f.Posn, f.Diag.Message)
				}
			}
		})
	}
}
