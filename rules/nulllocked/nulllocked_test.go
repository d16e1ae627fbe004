package nulllocked_test

import "strings"
import "testing"

import "gupvet/analyzer"
import "gupvet/analyzer/analysistest"
import "gupvet/internal/testtree"
import "gupvet/rules/nulllocked"

const demo = "../../testdata/demo"

// drivers/nl/caller.c names no GUP word: a whole-tree run would not read
// its functions (doc.go says so). The cross-file flow is what is tested
// here, so the helper's name is made a word.
func init() { analyzer.Declare(nulllocked.Analyzer, analyzer.Needs{Words: []string{"nl_helper"}}) }

// The layer of testdata: src, over the demo tree (6.12); both its files
// in one run, for the cross-file flow.
func TestRule(t *testing.T) {
	analysistest.RunTestdata(t, nulllocked.Analyzer)
}

// The cross-file report names the path down to the dereference.
func TestRelatedPath(t *testing.T) {
	tree := analysistest.Overlay(t, demo, "testdata/src")
	res := analysistest.Collect(t, tree, 0, nulllocked.Analyzer, "mm/nl_populate.c", "drivers/nl/caller.c")
	rel := analysistest.RelatedAt(t, res, "drivers/nl/caller.c:8")
	j := strings.Join(rel, "\n")
	if !strings.Contains(j, "mm/nl_populate.c:") || !strings.Contains(j, "mm/gup.c:") {
		t.Errorf("related %q: want the helper's call (mm/nl_populate.c) and faultin_page_range's (mm/gup.c)", rel)
	}
}

// Before 6.3 the internal functions accepted a NULL locked: a 6.1-shaped
// tree (FOLL_ #defines, no FOLL_UNLOCKABLE) gives no report.
func TestPre63Silent(t *testing.T) {
	tree := t.TempDir()
	write := func(p, s string) { testtree.Write(t, tree, map[string]string{p: s}) }
	write("Makefile", "VERSION = 6\nPATCHLEVEL = 1\nSUBLEVEL = 0\n")
	write("include/linux/mm.h", "#define FOLL_WRITE\t0x01\n#define FOLL_TOUCH\t0x02\n#define FOLL_GET\t0x04\n#define FOLL_NOWAIT\t0x20\n#define FOLL_HWPOISON\t0x100\n")
	write("mm/old.c", `struct vm_area_struct;
long faultin_vma_page_range(struct vm_area_struct *vma, unsigned long start, unsigned long end, bool write, int *locked);
long old_caller(struct vm_area_struct *vma, unsigned long s, unsigned long e)
{
	return faultin_vma_page_range(vma, s, e, false, NULL);
}
`)
	res := analysistest.Collect(t, tree, 0, nulllocked.Analyzer, "mm/old.c")
	if len(res.Findings) != 0 {
		t.Errorf("6.1 tree: got %q, want no finding (NULL was legal then)", res.Findings[0].Diag.Message)
	}
}
