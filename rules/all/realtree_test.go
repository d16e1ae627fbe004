package all_test

import (
	"os"
	"strings"
	"testing"

	"gupvet/analyzer"
	"gupvet/cparse"
	"gupvet/rules/all"
	"gupvet/rules/gupapi"
)

// These tests run the rules on the real kernel trees that .ci/run
// installs (Debian's linux-source-6.12 with its linux-headers objtree, and
// linux-source-6.1). Mutations are applied in memory through the tree's
// overlay: a scratch copy of the changed file that nothing on disk sees.

func tree612(t *testing.T) (src, obj string) {
	src = os.Getenv("GUPVET_LINUX_6_12")
	if src == "" {
		t.Skip("set GUPVET_LINUX_6_12 to an extracted linux-source-6.12 tree (and GUPVET_LINUX_6_12_OBJ to its linux-headers-*-amd64 objtree) to run; bash .ci/run does")
	}
	return src, os.Getenv("GUPVET_LINUX_6_12_OBJ")
}

type finding struct {
	file string
	line int
	rule string
	msg  string
}

// run analyses files of the tree (mm/gup.c as context) with content
// replaced by overlay, and returns the findings of the two headline rules
// (nowaitunlockable, nulllocked); the contract checks have tests of their
// own (contract_realtree_test.go).
func run(t *testing.T, src, obj string, mode cparse.Mode, overlay map[string]string, files ...string) []finding {
	t.Helper()
	var out []finding
	for _, f := range runAll(t, src, obj, mode, overlay, nil, files...) {
		if f.rule == "nowaitunlockable" || f.rule == "nulllocked" {
			out = append(out, f)
		}
	}
	return out
}

// runAll analyses files (none: the prefilter's choice over the whole tree)
// with every rule, mm/gup.c and context as context files. Errors of files
// named explicitly fail the test.
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
	m, err := gupapi.Load(tr)
	if err != nil {
		t.Fatal(err)
	}
	named := len(files) > 0
	if !named {
		pf := &analyzer.Prefilter{Words: gupapi.Words, Prefixes: gupapi.Prefixes}
		files, _ = pf.Candidates(tr, nil, 0)
	}
	res, err := analyzer.Run(analyzer.Config{Tree: tr, Mode: mode, Analyzers: all.Analyzers, Vocab: gupapi.Vocab(m.FlagNames()), VocabPrefixes: gupapi.Prefixes},
		files, append([]string{"mm/gup.c"}, context...))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range res.Errors {
		if named {
			t.Errorf("%s: %v", e.Path, e.Err)
		}
	}
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
// FOLL_NOWAIT (when async) to get_user_pages_unlocked, which adds
// FOLL_UNLOCKABLE.
func TestKVM612(t *testing.T) {
	src, obj := tree612(t)
	want := lineOf(t, src, "virt/kvm/kvm_main.c", "npages = get_user_pages_unlocked(addr, 1, &page, flags);")
	for _, mode := range modes {
		t.Run(mode.String(), func(t *testing.T) {
			got := run(t, src, obj, mode, nil, "virt/kvm/kvm_main.c")
			if len(got) != 1 || got[0].rule != "nowaitunlockable" || got[0].file != "virt/kvm/kvm_main.c" || got[0].line != want {
				t.Fatalf("got %v, want one nowaitunlockable at virt/kvm/kvm_main.c:%d", got, want)
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

func TestSeedPatched612(t *testing.T) {
	src, obj := tree612(t)
	ov := seedPatch(t, src)
	for _, mode := range modes {
		t.Run(mode.String(), func(t *testing.T) {
			if got := run(t, src, obj, mode, ov, "virt/kvm/kvm_main.c"); len(got) != 0 {
				t.Fatalf("seed-patched tree: got %v, want no finding", got)
			}
		})
	}
}

// Whole tree, tolerant mode, with the seed patch: no finding at all.
// (The unpatched whole-tree run is cmd/gupvet's TestRealTree612.)
func TestSeedPatchedWholeTree612(t *testing.T) {
	src, _ := tree612(t)
	if testing.Short() {
		t.Skip("whole tree: not in -short")
	}
	if got := run(t, src, "", cparse.Tolerant, seedPatch(t, src)); len(got) != 0 {
		t.Fatalf("seed-patched whole tree: got %v, want none", got)
	}
}

// Mutated copies of real call sites: each must give exactly the verdict
// the contract says, in both modes.
func TestMutations612(t *testing.T) {
	src, obj := tree612(t)
	cases := []struct {
		name, file, old, new string
		rule                 string // "" = no finding expected
	}{
		{"madvise passes NULL to faultin_page_range", "mm/madvise.c",
			"faultin_page_range(mm, start, end, write, &locked)", "faultin_page_range(mm, start, end, write, NULL)", "nulllocked"},
		{"FOLL_NOWAIT to pin_user_pages_unlocked", "drivers/media/pci/ivtv/ivtv-udma.c",
			"pin_user_pages_unlocked(user_dma.uaddr, user_dma.page_count,\n\t\t\tdma->map, 0);", "pin_user_pages_unlocked(user_dma.uaddr, user_dma.page_count,\n\t\t\tdma->map, FOLL_NOWAIT);", "nowaitunlockable"},
		{"FOLL_NOWAIT to get_user_pages_remote with &locked", "virt/kvm/async_pf.c",
			"get_user_pages_remote(mm, addr, 1, FOLL_WRITE, NULL, &locked);", "get_user_pages_remote(mm, addr, 1, FOLL_WRITE | FOLL_NOWAIT, NULL, &locked);", "nowaitunlockable"},
		{"FOLL_NOWAIT to get_user_pages_remote with NULL locked", "fs/exec.c",
			"ret = get_user_pages_remote(mm, pos, 1,\n\t\t\twrite ? FOLL_WRITE : 0,", "ret = get_user_pages_remote(mm, pos, 1,\n\t\t\tFOLL_NOWAIT | (write ? FOLL_WRITE : 0),", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			// before the mutation the file is clean
			s, line := mutate(t, src, c.file, c.old, c.new)
			var verdicts []string
			for _, mode := range modes {
				if mode == cparse.Precise && obj == "" {
					continue
				}
				if got := run(t, src, obj, mode, nil, c.file); len(got) != 0 {
					t.Fatalf("%v, unmutated %s: got %v, want no finding", mode, c.file, got)
				}
				got := run(t, src, obj, mode, map[string]string{c.file: s}, c.file)
				switch {
				case c.rule == "" && len(got) != 0:
					t.Errorf("%v: got %v, want none", mode, got)
				case c.rule != "" && (len(got) != 1 || got[0].rule != c.rule || got[0].line != line || got[0].file != c.file):
					t.Errorf("%v: got %v, want one %s at %s:%d", mode, got, c.rule, c.file, line)
				}
				verdicts = append(verdicts, strings.TrimSpace(strings.Join(strings.Fields(func() string {
					var b strings.Builder
					for _, f := range got {
						b.WriteString(f.rule + " ")
					}
					return b.String()
				}()), " ")))
			}
			if len(verdicts) == 2 && verdicts[0] != verdicts[1] {
				t.Errorf("tolerant and precise disagree: %q vs %q", verdicts[0], verdicts[1])
			}
		})
	}
}

// 6.1 has no FOLL_UNLOCKABLE and NULL was legal: no finding from the two
// rules on the whole tree.
func TestWholeTree61(t *testing.T) {
	src := os.Getenv("GUPVET_LINUX_6_1")
	if src == "" {
		t.Skip("set GUPVET_LINUX_6_1 to an extracted linux-source-6.1 tree to run; bash .ci/run does")
	}
	if testing.Short() {
		t.Skip("whole tree: not in -short")
	}
	if got := run(t, src, "", cparse.Tolerant, nil); len(got) != 0 {
		t.Fatalf("6.1: got %v, want no finding", got)
	}
}
