package all_test

import "io/fs"
import "maps"
import "path/filepath"
import "regexp"
import "slices"
import "strings"
import "testing"

import "gupvet/analyzer"
import "gupvet/analyzer/analysistest"
import "gupvet/cparse"
import "gupvet/rules/all"

// demoDir is the demo tree of the README quick start, which the rule
// tests' src layers are laid over.
const demoDir = "../../testdata/demo"

// demoTree opens the demo tree.
func demoTree(t *testing.T) *cparse.Tree {
	t.Helper()
	tree, err := cparse.NewTree(demoDir, "")
	if err != nil {
		t.Fatal(err)
	}
	return tree
}

// demoFuncs are the functions each file of the demo tree must define.
var demoFuncs = map[string][]string{
	"mm/gup.c": {
		"is_valid_gup_args", "__get_user_pages", "__get_user_pages_locked",
		"get_user_pages", "get_user_pages_remote", "get_user_pages_unlocked",
		"get_user_pages_fast", "get_user_pages_fast_only", "gup_fast_fallback",
		"pin_user_pages", "pin_user_pages_remote", "pin_user_pages_unlocked",
		"pin_user_pages_fast", "faultin_page_range", "populate_vma_page_range",
	},
	"mm/madvise.c":         {"madvise_populate", "demo_populate_unlocked", "demo_madvise"},
	"virt/kvm/kvm_main.c":  {"hva_to_pfn_slow", "demo_hva_to_pfn"},
	"drivers/demo/clean.c": {"demo_pin_dma_buffer", "demo_peek_remote", "demo_get_range", "demo_pin_remote", "demo_ioctl"},
	// headers parsed on their own: their inline helpers and declarations
	"include/linux/mm.h":       {"get_user_page_vma_remote", "get_user_page_fast_only"},
	"include/linux/mm_types.h": nil,
	"mm/internal.h":            nil,
}

// TestDemoTreeParses checks that every C file of the demo tree parses in
// tolerant mode without errors or skipped lines and defines the functions
// the demo is about, and that no C file of the tree is left unchecked.
func TestDemoTreeParses(t *testing.T) {
	tree := demoTree(t)
	var onDisk []string
	err := filepath.WalkDir(tree.Src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if ext := filepath.Ext(p); !d.IsDir() && (ext == ".c" || ext == ".h") {
			onDisk = append(onDisk, filepath.ToSlash(tree.Rel(p)))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	listed := slices.Sorted(maps.Keys(demoFuncs))
	slices.Sort(onDisk)
	if !slices.Equal(onDisk, listed) {
		t.Errorf("C files of the demo tree: %q; the test lists %q", onDisk, listed)
	}

	opt := analyzer.NeedsOf(all.Analyzers).Options(cparse.Tolerant, false)
	for _, f := range listed {
		u, err := tree.Parse(filepath.FromSlash(f), opt)
		if err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		for _, e := range u.Errors {
			t.Errorf("%s: parse error: %v", f, e)
		}
		for _, n := range u.Notes {
			if strings.HasPrefix(n, "skipped: ") || strings.HasPrefix(n, "guessed typedefs: ") || strings.HasPrefix(n, "header ") {
				t.Errorf("%s: %s", f, n)
			}
		}
		if u.Partial {
			t.Errorf("%s: parsed only in part", f)
		}
		have := map[string]bool{}
		for _, fn := range u.Funcs {
			have[fn.Name] = true
		}
		for _, name := range demoFuncs[f] {
			if !have[name] {
				t.Errorf("%s: function %s not found", f, name)
			}
		}
	}
}

// TestDemoTreeShape checks the facts of the demo tree the quick start and
// the rule tests rely on: a 6.12 Makefile, the flag values of gup-facts
// §2, and one marked line per expected finding.
func TestDemoTreeShape(t *testing.T) {
	tree := demoTree(t)
	read := func(f string) []byte {
		t.Helper()
		b, err := tree.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	if !strings.HasPrefix(string(read("Makefile")), "VERSION = 6\nPATCHLEVEL = 12\nSUBLEVEL = 0\n") {
		t.Errorf("Makefile does not start with the 6.12.0 version lines")
	}

	flags := map[string]int{}
	enumRx := regexp.MustCompile(`(?m)^\s*(FOLL_\w+) = 1 << (\d+),`)
	for _, h := range []string{"include/linux/mm_types.h", "mm/internal.h"} {
		for _, m := range enumRx.FindAllStringSubmatch(string(read(h)), -1) {
			n := 0
			for _, c := range m[2] {
				n = n*10 + int(c-'0')
			}
			flags[m[1]] = n
		}
	}
	want := map[string]int{
		"FOLL_WRITE": 0, "FOLL_GET": 1, "FOLL_DUMP": 2, "FOLL_FORCE": 3, "FOLL_NOWAIT": 4,
		"FOLL_NOFAULT": 5, "FOLL_HWPOISON": 6, "FOLL_ANON": 7, "FOLL_LONGTERM": 8,
		"FOLL_SPLIT_PMD": 9, "FOLL_PCI_P2PDMA": 10, "FOLL_INTERRUPTIBLE": 11,
		"FOLL_HONOR_NUMA_FAULT": 12, "FOLL_TOUCH": 16, "FOLL_TRIED": 17, "FOLL_REMOTE": 18,
		"FOLL_PIN": 19, "FOLL_FAST_ONLY": 20, "FOLL_UNLOCKABLE": 21, "FOLL_MADV_POPULATE": 22,
	}
	for name, bit := range want {
		if got, ok := flags[name]; !ok || got != bit {
			t.Errorf("%s: bit %d (found %v), want %d", name, got, ok, bit)
		}
	}
	if len(flags) != len(want) {
		t.Errorf("demo defines %d FOLL_ flags, want %d", len(flags), len(want))
	}

	expected := map[string]string{}
	markRx := regexp.MustCompile(`/\* expected: (\w+) \*/`)
	for _, f := range []string{"mm/gup.c", "mm/madvise.c", "virt/kvm/kvm_main.c", "drivers/demo/clean.c", "include/linux/mm.h"} {
		for _, m := range markRx.FindAllStringSubmatch(string(read(f)), -1) {
			expected[m[1]] += f + " "
		}
	}
	wantMarks := map[string]string{"nowaitunlockable": "virt/kvm/kvm_main.c ", "nulllocked": "mm/madvise.c "}
	if len(expected) != len(wantMarks) || expected["nowaitunlockable"] != wantMarks["nowaitunlockable"] || expected["nulllocked"] != wantMarks["nulllocked"] {
		t.Errorf("expected-finding marks: %q, want %q", expected, wantMarks)
	}
}

// Every rule but the two of the quick start's findings (the expected-finding
// marks TestDemoTreeShape counts: nowaitunlockable's in kvm_main.c,
// nulllocked's in madvise.c) reports nothing on the demo's callers.
func TestDemoClean(t *testing.T) {
	for _, a := range all.Analyzers {
		if a.Name == "nowaitunlockable" || a.Name == "nulllocked" {
			continue
		}
		t.Run(a.Name, func(t *testing.T) {
			analysistest.Run(t, demoDir, a, "virt/kvm/kvm_main.c", "mm/madvise.c", "drivers/demo/clean.c")
		})
	}
}
