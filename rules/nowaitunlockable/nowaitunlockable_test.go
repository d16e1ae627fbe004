package nowaitunlockable_test

import "os"
import "path/filepath"
import "strings"
import "testing"

import "gupvet/analyzer/analysistest"
import "gupvet/rules/nowaitunlockable"

const demo = "../../testdata/demo"

func TestRule(t *testing.T) {
	tree := analysistest.Overlay(t, demo, "testdata/src")
	analysistest.Run(t, tree, nowaitunlockable.Analyzer, "drivers/nw/direct.c", "drivers/nw/wrappers.c", "drivers/nw/macros.c")
}

// The demo's KVM-shaped call is reported with the path that explains it.
func TestDemoRelated(t *testing.T) {
	res := analysistest.Collect(t, demo, 0, nowaitunlockable.Analyzer, "virt/kvm/kvm_main.c")
	if len(res.Findings) != 1 {
		t.Fatalf("got %d findings, want 1", len(res.Findings))
	}
	rel := analysistest.RelatedLines(res, res.Findings[0])
	joined := strings.Join(rel, "\n")
	if !strings.Contains(joined, "virt/kvm/kvm_main.c:") || !strings.Contains(joined, "mm/gup.c:") {
		t.Errorf("related %q: want where FOLL_NOWAIT is set (kvm_main.c) and where FOLL_UNLOCKABLE is added (mm/gup.c)", rel)
	}
}

// patchGUP rewrites the tree's get_user_pages_unlocked the way the seed
// patch ("mm/gup: Fixes FOLL_UNLOCKABLE against FOLL_NOWAIT") did: add
// FOLL_UNLOCKABLE only without FOLL_NOWAIT.
func patchGUP(t *testing.T, tree string) {
	t.Helper()
	p := filepath.Join(tree, "mm/gup.c")
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	old := "is_valid_gup_args(pages, NULL, &gup_flags, FOLL_TOUCH | FOLL_UNLOCKABLE)"
	s := string(b)
	i := strings.Index(s, "long get_user_pages_unlocked(")
	j := strings.Index(s[i:], old)
	if i < 0 || j < 0 {
		t.Fatalf("demo mm/gup.c has no get_user_pages_unlocked calling %q", old)
	}
	j += i
	body := "unsigned int extra = FOLL_TOUCH; if (!(gup_flags & FOLL_NOWAIT)) extra |= FOLL_UNLOCKABLE; "
	// put the declaration at the start of the statement holding the call
	k := strings.LastIndex(s[:j], "\n")
	s = s[:k+1] + body + s[k+1:j+len(body)-len(body)] + strings.Replace(s[j:], old, "is_valid_gup_args(pages, NULL, &gup_flags, extra)", 1)
	if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

// With the seed patch in the tree's mm/gup.c, get_user_pages_unlocked no
// longer combines the flags, so the KVM shape is clean; the other
// unlocking paths still are reported.
func TestSeedPatchedTree(t *testing.T) {
	tree := analysistest.Overlay(t, demo)
	patchGUP(t, tree)
	res := analysistest.Collect(t, tree, 0, nowaitunlockable.Analyzer, "virt/kvm/kvm_main.c")
	if len(res.Findings) != 0 {
		t.Errorf("patched tree: got %d findings at KVM, want 0: %v", len(res.Findings), res.Findings[0].Diag.Message)
	}
	tree2 := analysistest.Overlay(t, demo, "testdata/src")
	patchGUP(t, tree2)
	res = analysistest.Collect(t, tree2, 0, nowaitunlockable.Analyzer, "drivers/nw/direct.c")
	var got []string
	for _, f := range res.Findings {
		got = append(got, strings.Fields(f.Diag.Message)[0])
	}
	for _, f := range got {
		if f == "get_user_pages_unlocked" {
			t.Errorf("patched tree: get_user_pages_unlocked still reported")
		}
	}
	if !strings.Contains(strings.Join(got, " "), "pin_user_pages_unlocked") || !strings.Contains(strings.Join(got, " "), "get_user_pages_remote") {
		t.Errorf("patched tree: got %v, want pin_user_pages_unlocked and get_user_pages_remote still reported", got)
	}
}

// An explicit FOLL_UNLOCKABLE next to FOLL_NOWAIT gets a fix that drops it.
// The explicit "| FOLL_UNLOCKABLE" an mm/ caller writes next to
// FOLL_NOWAIT is dropped by the suggested fix (nw_internal.c.golden).
func TestSuggestedFix(t *testing.T) {
	tree := analysistest.Overlay(t, demo, "testdata/src")
	res := analysistest.RunWithSuggestedFixes(t, tree, nowaitunlockable.Analyzer, "mm/nw_internal.c")
	if res == nil || len(res.Findings) != 1 || len(res.Findings[0].Diag.SuggestedFixes) != 1 {
		t.Fatalf("want one finding with one suggested fix")
	}
}

// Struct objects: members stored into the object a pointer designates,
// through any number of calls; omitted members are zero.
func TestObjects(t *testing.T) {
	tree := analysistest.Overlay(t, demo, "testdata/src")
	analysistest.Run(t, tree, nowaitunlockable.Analyzer, "drivers/nw/objects.c")
}

// The 6.13+ KVM shape across files: FOLL_NOWAIT from x86 and s390 arch
// code, through kvm_follow_pfn.flags, to hva_to_pfn_slow's
// get_user_pages_unlocked; the pin_user_pages_unlocked branch only ever
// sees the vCPU-map path's flags.
func TestKVMFollowPFN(t *testing.T) {
	tree := analysistest.Overlay(t, demo, "testdata/src")
	analysistest.Run(t, tree, nowaitunlockable.Analyzer, "virt/kvmf/kvmf_main.c", "arch/x86/kvmf/mmu.c", "arch/s390/kvmf/faultin.c")
}

// Before 6.3 (no FOLL_UNLOCKABLE) the rule reports nothing unless
// -nowaitunlockable.pre63 asks for the equivalent: FOLL_NOWAIT with a
// non-NULL locked, the combination that hung KVM in 4.16–5.0.
func TestPre63(t *testing.T) {
	tree := analysistest.Overlay(t, "../../testdata/v61", "testdata/v61")
	if got := analysistest.Diagnostics(t, tree, nowaitunlockable.Analyzer, "virt/kvm/kvm_old.c"); len(got) != 0 {
		t.Errorf("without -pre63: %d findings, want none: %v", len(got), got[0].Diag.Message)
	}
	setFlag(t, "pre63", "true")
	analysistest.Run(t, tree, nowaitunlockable.Analyzer, "virt/kvm/kvm_old.c")
}

// setFlag sets one of the analyzer's flags for the rest of the test.
func setFlag(t *testing.T, name, value string) {
	t.Helper()
	f := nowaitunlockable.Analyzer.Flags.Lookup(name)
	if f == nil {
		t.Fatalf("no flag %s", name)
	}
	old := f.Value.String()
	if err := f.Value.Set(value); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Value.Set(old) })
}
