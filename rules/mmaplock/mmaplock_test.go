package mmaplock_test

import "os"
import "path/filepath"
import "strings"
import "testing"

import "gupvet/analyzer/analysistest"
import "gupvet/rules/mmaplock"

const demo = "../../testdata/demo"

// gupEdits give the demo's mm/gup.c the lock contract of a 6.12 tree:
// __get_user_pages_locked asserts the lock unless it takes it itself
// (*locked == 0), __get_user_pages walks the VMA tree, and
// fixup_user_fault walks it too.
var gupEdits = []edit{
	{"\t\ttook_lock = true;\n\t\t*locked = 1;\n\t}\n", "\t\ttook_lock = true;\n\t\t*locked = 1;\n\t} else {\n\t\tmmap_assert_locked(mm);\n\t}\n"},
	vmaWalk,
	{"EXPORT_SYMBOL(get_user_pages_remote);\n", "EXPORT_SYMBOL(get_user_pages_remote);\n\n" + fixupUserFault},
}

// noAssertEdits are the 5.10 and 6.1 shape: the VMA walk, no assertion.
var noAssertEdits = []edit{vmaWalk}

var vmaWalk = edit{"\tif (!nr_pages)\n\t\treturn 0;\n\t/* faulting", "\tif (!nr_pages)\n\t\treturn 0;\n\tif (!vma_lookup(mm, start))\n\t\treturn -EFAULT;\n\t/* faulting"}

const fixupUserFault = `int fixup_user_fault(struct mm_struct *mm, unsigned long address,
		     unsigned int fault_flags, bool *unlocked)
{
	struct vm_area_struct *vma;

	vma = gup_vma_lookup(mm, address);
	if (!vma)
		return -EFAULT;
	if (handle_mm_fault(vma, address, fault_flags, NULL) & VM_FAULT_RETRY) {
		mmap_read_lock(mm);
		*unlocked = true;
	}
	return 0;
}
`

type edit struct{ old, new string }

// tree builds the demo tree with the fixtures and the edits made to its
// mm/gup.c.
func tree(t *testing.T, edits []edit) string {
	t.Helper()
	dir := analysistest.Overlay(t, demo, "testdata/src")
	p := filepath.Join(dir, "mm/gup.c")
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	for _, e := range edits {
		if n := strings.Count(s, e.old); n != 1 {
			t.Fatalf("demo mm/gup.c: %q occurs %d times, want 1", e.old, n)
		}
		s = strings.Replace(s, e.old, e.new, 1)
	}
	if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestRule(t *testing.T) {
	analysistest.Run(t, tree(t, gupEdits), mmaplock.Analyzer, "drivers/ml/nitro.c", "drivers/ml/paths.c", "drivers/ml/remote.c", "mm/ml_internal.c")
}

// On a 5.10- or 6.1-shaped mm/gup.c, which walks the VMA tree but asserts
// nothing, the same calls are reported, the message citing the walk (the
// real 5.10 tree's message also says the version does not notice at run
// time: the real-tree test checks it).
func TestRuleNoAssert(t *testing.T) {
	res := analysistest.Collect(t, tree(t, noAssertEdits), 0, mmaplock.Analyzer, "drivers/ml/nitro.c")
	var lines []int
	for _, f := range res.Findings {
		lines = append(lines, f.Posn.Line)
		if !strings.Contains(f.Diag.Message, "it walks the VMA tree the lock protects (vma_lookup(mm, start) in __get_user_pages") ||
			strings.Contains(f.Diag.Message, "asserts") {
			t.Errorf("%v: message %q: want the VMA walk cited, no assertion", f.Posn, f.Diag.Message)
		}
	}
	if len(lines) != 2 || lines[0] != 19 || lines[1] != 66 {
		t.Errorf("findings at lines %v, want 19 and 66 (as with the assertion)", lines)
	}
}
