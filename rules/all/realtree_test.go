package all_test

import "os"
import "strings"
import "testing"

import "gupvet/analyzer"
import "gupvet/cparse"
import "gupvet/internal/realtree"
import "gupvet/rules/all"

// These tests run the rules on the real kernel trees that .ci/run
// provides (Debian's linux-source-6.12 with its linux-headers objtree, the
// newest 7.x with its objtree, linux-source-6.1). Mutations are applied in
// memory through the tree's overlay: a scratch copy of the changed file
// that nothing on disk sees.

func tree612(t *testing.T) (src, obj string) { return realtree.Source(t, "6.12") }

// currentTrees are the configured trees the headline tests run on: 6.12
// and the newest 7.x, whose KVM passes FOLL_NOWAIT in kvm_follow_pfn.flags.
var currentTrees = []string{"6.12", "7"}

// x86Only moves the files of other architectures to the context files:
// precise mode compiles for x86, context files are read tolerantly.
func x86Only(files, context []string) (f, c []string) {
	c = append(c, context...)
	for _, x := range files {
		if strings.HasPrefix(x, "arch/") && !strings.HasPrefix(x, "arch/x86/") {
			c = append(c, x)
		} else {
			f = append(f, x)
		}
	}
	return f, c
}

// kvmFiles are the files the KVM finding needs: kvm_main.c and, from 6.13
// on, the arch code that sets FOLL_NOWAIT (s390's, read as context in
// precise mode, which compiles for x86 only).
func kvmFiles(src string, mode cparse.Mode) (files, context []string) {
	files = []string{"virt/kvm/kvm_main.c"}
	for _, f := range []string{"arch/x86/kvm/mmu/mmu.c", "arch/s390/kvm/gmap/faultin.c", "arch/s390/kvm/faultin.c"} {
		if _, err := os.Stat(src + "/" + f); err != nil || !newKVM(src) {
			continue
		}
		files = append(files, f)
	}
	if mode == cparse.Precise {
		return x86Only(files, nil)
	}
	return files, nil
}

// newKVM reports whether the tree's KVM reads FOLL_NOWAIT from
// kfp->flags (6.13 and later).
func newKVM(src string) bool {
	b, _ := os.ReadFile(src + "/virt/kvm/kvm_main.c")
	return strings.Contains(string(b), "kfp->flags")
}

// kvmLine is the line of hva_to_pfn_slow's get_user_pages_unlocked call.
func kvmLine(t *testing.T, src string) int {
	t.Helper()
	b, err := os.ReadFile(src + "/virt/kvm/kvm_main.c")
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	i := strings.Index(s, "static int hva_to_pfn_slow(")
	if i < 0 {
		t.Fatal("kvm_main.c: no hva_to_pfn_slow")
	}
	j := strings.Index(s[i:], "get_user_pages_unlocked(")
	if j < 0 {
		t.Fatal("kvm_main.c: hva_to_pfn_slow calls no get_user_pages_unlocked")
	}
	return 1 + strings.Count(s[:i+j], "\n")
}

type finding struct {
	file string
	line int
	rule string
	msg  string
}

// only keeps the findings of the rules keep accepts.
func only(fs []finding, keep func(rule string) bool) []finding {
	var out []finding
	for _, f := range fs {
		if keep(f.rule) {
			out = append(out, f)
		}
	}
	return out
}

// rulesOf spells the rules of findings, in order: a run's verdict.
func rulesOf(fs []finding) string {
	var rs []string
	for _, f := range fs {
		rs = append(rs, f.rule)
	}
	return strings.Join(rs, " ")
}

// run analyses files of the tree (mm/gup.c as context) with content
// replaced by overlay, and returns the findings of the two headline rules
// (nowaitunlockable, nulllocked); the contract checks have tests of their
// own (contract_realtree_test.go).
func run(t *testing.T, src, obj string, mode cparse.Mode, overlay map[string]string, files ...string) []finding {
	t.Helper()
	return headline(runAll(t, src, obj, mode, overlay, nil, files...))
}

// headline keeps the findings of the two headline rules.
func headline(fs []finding) []finding {
	var out []finding
	for _, f := range fs {
		if f.rule == "nowaitunlockable" || f.rule == "nulllocked" {
			out = append(out, f)
		}
	}
	return out
}

// fileErrors are the files of the real trees that gupvet may fail to
// analyse, each with (a substring of) the reason: none. Every file of the
// whole 5.10, 6.1, 6.12 and 7.x trees is analysed in both modes; a file
// that is not fails the test that ran it, whether the test named it or
// the prefilter chose it, and so does an error listed here that did not
// happen on a whole-tree run.
var fileErrors = map[string]string{}

// checkFileErrors wants the errors of a run to be those of fileErrors,
// every one of them when the run was of the whole tree.
func checkFileErrors(t *testing.T, errs []analyzer.FileError, whole bool) {
	t.Helper()
	seen := map[string]bool{}
	for _, e := range errs {
		why, ok := fileErrors[e.Path]
		if !ok || !strings.Contains(e.Err.Error(), why) {
			t.Errorf("%s: %v (not an expected file error)", e.Path, e.Err)
		}
		seen[e.Path] = true
	}
	for p, why := range fileErrors {
		if whole && !seen[p] {
			t.Errorf("%s: no error, want %q (fileErrors is out of date)", p, why)
		}
	}
}

// runAll analyses files (none: the prefilter's choice over the whole tree)
// with every rule, mm/gup.c and context as context files. A file error
// that fileErrors does not expect fails the test.
func runAll(t *testing.T, src, obj string, mode cparse.Mode, overlay map[string]string, context []string, files ...string) []finding {
	t.Helper()
	if mode == cparse.Precise && obj == "" {
		t.Skip("precise mode: set GUPVET_LINUX_6_12_OBJ")
	}
	tr, err := cparse.NewTree(src, obj)
	if err != nil {
		t.Fatal(err)
	}
	for p, c := range overlay {
		tr.SetOverlay(p, []byte(c))
	}
	named := len(files) > 0
	if !named {
		files, _ = analyzer.NeedsOf(all.Analyzers).Prefilter(nil).Candidates(tr, nil, 0)
	}
	res, err := analyzer.Run(analyzer.Config{Tree: tr, Mode: mode, Analyzers: all.Analyzers}, files, context)
	if err != nil {
		t.Fatal(err)
	}
	checkFileErrors(t, res.Errors, !named)
	var out []finding
	for _, f := range res.Findings {
		out = append(out, finding{f.Posn.Filename, f.Posn.Line, f.Analyzer.Name, f.Diag.Message})
	}
	return out
}

// mutate replaces the one occurrence of old in file and returns the new
// content and the line where old began.
func mutate(t *testing.T, src, file, old, new string) (string, int) {
	t.Helper()
	b, err := os.ReadFile(src + "/" + file)
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	if n := strings.Count(s, old); n != 1 {
		t.Fatalf("%s: %q occurs %d times, want 1 (has the tree changed?)", file, old, n)
	}
	i := strings.Index(s, old)
	return strings.Replace(s, old, new, 1), 1 + strings.Count(s[:i], "\n")
}

func lineOf(t *testing.T, src, file, text string) int {
	t.Helper()
	b, err := os.ReadFile(src + "/" + file)
	if err != nil {
		t.Fatal(err)
	}
	i := strings.Index(string(b), text)
	if i < 0 {
		t.Fatalf("%s: no %q", file, text)
	}
	return 1 + strings.Count(string(b[:i]), "\n")
}

var modes = []cparse.Mode{cparse.Tolerant, cparse.Precise}

// The known true finding, in both modes: KVM's hva_to_pfn_slow passes
// FOLL_NOWAIT (when the fault may go asynchronous) to
// get_user_pages_unlocked, which adds FOLL_UNLOCKABLE; from 6.13 on the
// flag comes from the arch code in kvm_follow_pfn.flags, and the
// pin_user_pages_unlocked branch beside it, reached only by the vCPU-map
// path without FOLL_NOWAIT, is clean.
func TestKVM(t *testing.T) {
	eachTreeAndMode(t, func(t *testing.T, src, obj string, mode cparse.Mode) {
		want := kvmLine(t, src)
		files, context := kvmFiles(src, mode)
		got := headline(runAll(t, src, obj, mode, nil, context, files...))
		if len(got) != 1 || got[0].rule != "nowaitunlockable" || got[0].file != "virt/kvm/kvm_main.c" || got[0].line != want {
			t.Fatalf("got %v, want one nowaitunlockable at virt/kvm/kvm_main.c:%d", got, want)
		}
	})
}

// eachTreeAndMode runs f on each current tree in each mode, as subtests.
func eachTreeAndMode(t *testing.T, f func(t *testing.T, src, obj string, mode cparse.Mode)) {
	for _, v := range currentTrees {
		t.Run(v, func(t *testing.T) {
			src, obj := realtree.Source(t, v)
			for _, mode := range modes {
				t.Run(mode.String(), func(t *testing.T) { f(t, src, obj, mode) })
			}
		})
	}
}

// seedPatch applies the change of "mm/gup.c: Fixes FOLL_UNLOCKABLE against
// FOLL_NOWAIT" to 6.12's get_user_pages_unlocked: FOLL_UNLOCKABLE only
// without FOLL_NOWAIT.
func seedPatch(t *testing.T, src string) map[string]string {
	old := `	int locked = 0;

	if (!is_valid_gup_args(pages, NULL, &gup_flags,
			       FOLL_TOUCH | FOLL_UNLOCKABLE))
		return -EINVAL;

	return __get_user_pages_locked(current->mm, start, nr_pages, pages,
				       &locked, gup_flags);`
	new := `	int locked = 0;
	unsigned int extra = FOLL_TOUCH;

	if (!(gup_flags & FOLL_NOWAIT))
		extra |= FOLL_UNLOCKABLE;
	if (!is_valid_gup_args(pages, NULL, &gup_flags, extra))
		return -EINVAL;

	return __get_user_pages_locked(current->mm, start, nr_pages, pages,
				       &locked, gup_flags);`
	s, _ := mutate(t, src, "mm/gup.c", old, new)
	return map[string]string{"mm/gup.c": s}
}

func TestSeedPatched(t *testing.T) {
	eachTreeAndMode(t, func(t *testing.T, src, obj string, mode cparse.Mode) {
		files, context := kvmFiles(src, mode)
		if got := headline(runAll(t, src, obj, mode, seedPatch(t, src), context, files...)); len(got) != 0 {
			t.Fatalf("seed-patched tree: got %v, want no finding", got)
		}
	})
}

// Whole tree, tolerant mode, with the seed patch: no finding at all.
// (The unpatched whole-tree run is cmd/gupvet's TestRealTree.)
func TestSeedPatchedWholeTree(t *testing.T) {
	for _, v := range currentTrees {
		t.Run(v, func(t *testing.T) {
			src, _ := realtree.Whole(t, v)
			if got := run(t, src, "", cparse.Tolerant, seedPatch(t, src)); len(got) != 0 {
				t.Fatalf("seed-patched whole tree: got %v, want none", got)
			}
		})
	}
}

// mutation is a change to real call sites and the verdict it must get: a
// finding of rule at the line where the first change begins, or none.
type mutation struct {
	name  string
	edits []edit
	rule  string // "" = no finding expected
	// at, when set, is where the finding is expected instead of the first
	// edit: a file and a text on the line
	at *edit
	// files are analysed besides the edited ones (the callers that bring
	// the flags), context files read for facts only
	files, context []string
}

type edit struct{ file, old, new string }

// commonMutations hold on 6.12 and 7.x alike: the call sites are the same.
var commonMutations = []mutation{
	{name: "madvise passes NULL to faultin_page_range", rule: "nulllocked", edits: []edit{{"mm/madvise.c",
		"faultin_page_range(mm, start, end, write, &locked)", "faultin_page_range(mm, start, end, write, NULL)"}}},
	{name: "FOLL_NOWAIT to pin_user_pages_unlocked", rule: "nowaitunlockable", edits: []edit{{"drivers/media/pci/ivtv/ivtv-udma.c",
		"pin_user_pages_unlocked(user_dma.uaddr, user_dma.page_count,\n\t\t\tdma->map, 0);", "pin_user_pages_unlocked(user_dma.uaddr, user_dma.page_count,\n\t\t\tdma->map, FOLL_NOWAIT);"}}},
	{name: "FOLL_NOWAIT to get_user_pages_remote with &locked", rule: "nowaitunlockable", edits: []edit{{"virt/kvm/async_pf.c",
		"get_user_pages_remote(mm, addr, 1, FOLL_WRITE, NULL, &locked);", "get_user_pages_remote(mm, addr, 1, FOLL_WRITE | FOLL_NOWAIT, NULL, &locked);"}}},
	{name: "FOLL_NOWAIT to get_user_pages_remote with NULL locked", edits: []edit{{"fs/exec.c",
		"ret = get_user_pages_remote(mm, pos, 1,\n\t\t\twrite ? FOLL_WRITE : 0,", "ret = get_user_pages_remote(mm, pos, 1,\n\t\t\tFOLL_NOWAIT | (write ? FOLL_WRITE : 0),"}}},
}

// kvmMutations are 7.x's struct-member shapes: what reaches
// hva_to_pfn_slow's two branches through kvm_follow_pfn.
var kvmMutations = []mutation{
	{name: "the vCPU-map path asks for FOLL_NOWAIT: the pin branch gets it too", rule: "nowaitunlockable",
		at: &edit{file: "virt/kvm/kvm_main.c", old: "\t\tnpages = pin_user_pages_unlocked(kfp->hva, 1, &page, flags);"},
		edits: []edit{{"virt/kvm/kvm_main.c", "\t\t.flags = writable ? FOLL_WRITE : 0,\n\t\t.refcounted_page = &map->pinned_page,\n\t\t.pin = true,",
			"\t\t.flags = FOLL_NOWAIT | (writable ? FOLL_WRITE : 0),\n\t\t.refcounted_page = &map->pinned_page,\n\t\t.pin = true,"}},
		files: []string{"arch/x86/kvm/mmu/mmu.c"}, context: []string{"arch/s390/kvm/gmap/faultin.c"}},
	{name: "no arch code asks for FOLL_NOWAIT", edits: []edit{
		{"arch/x86/kvm/mmu/mmu.c", "\tfoll |= FOLL_NOWAIT;\n", "\n"},
		{"arch/s390/kvm/gmap/faultin.c", "\tfoll |= f->attempt_pfault ? FOLL_NOWAIT : 0;\n", "\n"}},
		files: []string{"virt/kvm/kvm_main.c"}},
	{name: "hva_to_pfn_slow masks FOLL_NOWAIT out", edits: []edit{{"virt/kvm/kvm_main.c",
		"\tunsigned int flags = FOLL_HWPOISON | FOLL_HONOR_NUMA_FAULT | kfp->flags;", "\tunsigned int flags = FOLL_HWPOISON | FOLL_HONOR_NUMA_FAULT | (kfp->flags & ~FOLL_NOWAIT);"}},
		files: []string{"arch/x86/kvm/mmu/mmu.c"}, context: []string{"arch/s390/kvm/gmap/faultin.c"}},
}

// Mutated copies of real call sites: each must give exactly the verdict
// the contract says, in both modes; before the mutation the same files
// give no finding except, for the KVM shapes, the known one.
func TestMutations(t *testing.T) {
	for _, v := range currentTrees {
		t.Run(v, func(t *testing.T) {
			src, obj := realtree.Source(t, v)
			cases := commonMutations
			if newKVM(src) {
				cases = append(append([]mutation(nil), cases...), kvmMutations...)
			}
			for _, c := range cases {
				t.Run(c.name, func(t *testing.T) {
					testMutation(t, src, obj, c)
				})
			}
		})
	}
}

func testMutation(t *testing.T, src, obj string, c mutation) {
	t.Helper()
	testMutationOf(t, src, obj, c, headline)
}

// testMutationOf is testMutation for the findings keep selects (the rules
// a test is about).
func testMutationOf(t *testing.T, src, obj string, c mutation, keep func([]finding) []finding) {
	t.Helper()
	ov := map[string]string{}
	line := 0
	var files []string
	seen := map[string]bool{}
	for _, e := range c.edits {
		base, ok := ov[e.file]
		if !ok {
			b, err := os.ReadFile(src + "/" + e.file)
			if err != nil {
				t.Fatal(err)
			}
			base = string(b)
		}
		if n := strings.Count(base, e.old); n != 1 {
			t.Fatalf("%s: %q occurs %d times, want 1 (has the tree changed?)", e.file, e.old, n)
		}
		if line == 0 {
			line = 1 + strings.Count(base[:strings.Index(base, e.old)], "\n")
		}
		ov[e.file] = strings.Replace(base, e.old, e.new, 1)
		if !seen[e.file] {
			seen[e.file] = true
			files = append(files, e.file)
		}
	}
	files = append(files, c.files...)
	first := c.edits[0].file
	if c.at != nil {
		first, line = c.at.file, lineOf(t, src, c.at.file, c.at.old)
	}
	known := kvmLine(t, src)
	var verdicts []string
	for _, mode := range modes {
		if mode == cparse.Precise && obj == "" {
			continue
		}
		files, context := files, c.context
		if mode == cparse.Precise {
			files, context = x86Only(files, context)
		}
		before := keep(runAll(t, src, obj, mode, nil, context, files...))
		for _, f := range before {
			if f.file != "virt/kvm/kvm_main.c" || f.line != known {
				t.Fatalf("%v, unmutated: got %v, want no finding but the known KVM one", mode, before)
			}
		}
		var got []finding
		for _, f := range keep(runAll(t, src, obj, mode, ov, context, files...)) {
			if f.file == "virt/kvm/kvm_main.c" && f.line == known && len(before) == 1 {
				continue // the known finding, still there
			}
			got = append(got, f)
		}
		switch {
		case c.rule == "" && len(got) != 0:
			t.Errorf("%v: got %v, want none", mode, got)
		case c.rule != "" && (len(got) != 1 || got[0].rule != c.rule || got[0].line != line || got[0].file != first):
			t.Errorf("%v: got %v, want one %s at %s:%d", mode, got, c.rule, first, line)
		}
		verdicts = append(verdicts, rulesOf(got))
	}
	if len(verdicts) == 2 && verdicts[0] != verdicts[1] {
		t.Errorf("tolerant and precise disagree: %q vs %q", verdicts[0], verdicts[1])
	}
}

// 6.1 has no FOLL_UNLOCKABLE and NULL was legal: no finding from the two
// rules on the whole tree.
func TestWholeTree61(t *testing.T) {
	src, _ := realtree.Whole(t, "6.1")
	if got := run(t, src, "", cparse.Tolerant, nil); len(got) != 0 {
		t.Fatalf("6.1: got %v, want no finding", got)
	}
}
