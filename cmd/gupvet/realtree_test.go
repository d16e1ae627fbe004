package main

import "encoding/json"
import "fmt"
import "os"
import "path/filepath"
import "regexp"
import "strings"
import "testing"

import "gupvet/internal/realtree"
import "gupvet/rules/all"

// realTree is a configured kernel tree the real-tree tests run on.
type realTree struct {
	name     string // "6.12", "7"
	src, obj string
}

// configuredTrees returns the trees .ci/run provides with an object tree:
// Debian's 6.12 and the newest 7.x (7.3 in December 2026). Each subtest of
// a tree that is not set up skips, saying which variables enable it.
func configuredTrees() []realTree {
	var out []realTree
	for _, v := range []string{"6.12", "7"} {
		src, obj := realtree.Lookup(v)
		out = append(out, realTree{v, src, obj})
	}
	return out
}

func (rt realTree) skip(t *testing.T) {
	t.Helper()
	realtree.Configured(t, rt.name)
}

// TestRealTree runs gupvet on whole Debian kernel trees — 6.12 and the
// newest 7.x — in tolerant mode and in precise mode with the matching
// linux-headers object tree, and expects exactly one finding of any rule,
// exit status 1 (so no file that could not be analysed): the seed case,
// KVM's hva_to_pfn_slow passing FOLL_NOWAIT to get_user_pages_unlocked
// (which adds FOLL_UNLOCKABLE). In 6.12 hva_to_pfn_slow sets FOLL_NOWAIT
// itself; from 6.13 on it reads it from kfp->flags, set by x86's
// __kvm_mmu_faultin_pfn and s390's fault-in path, so the finding must
// name both, and nothing is reported at the pin_user_pages_unlocked
// branch, which only the vCPU-map path reaches, without FOLL_NOWAIT.
func TestRealTree(t *testing.T) {
	registered := map[string]bool{}
	for _, a := range all.Analyzers {
		registered[a.Name] = true
	}
	if !registered["nowaitunlockable"] {
		t.Fatal("rule nowaitunlockable is not registered in rules/all.Analyzers: the real-tree test cannot pass until it is")
	}
	withAnalyzers(t, all.Analyzers...)
	for _, rt := range configuredTrees() {
		t.Run(rt.name, func(t *testing.T) {
			for _, mode := range []struct {
				name string
				args []string
			}{
				{"tolerant", []string{"-C", rt.src, "-mode", "tolerant", "-json"}},
				{"precise", []string{"-C", rt.src, "-O", rt.obj, "-mode", "precise", "-json"}},
				{"default", []string{"-C", rt.src, "-O", rt.obj, "-json"}},
			} {
				t.Run(mode.name, func(t *testing.T) {
					rt.skip(t)
					checkKVMOnly(t, rt.src, runCmd(t, mode.args...), mode.name != "precise")
				})
			}
		})
	}
}

// The same verdict on a second current tree, sid's 7.2, without an object
// tree (tolerant mode assumes a usual x86-64 configuration).
func TestRealTree7SID(t *testing.T) {
	src, _ := realtree.Whole(t, "7_SID")
	withAnalyzers(t, all.Analyzers...)
	checkKVMOnly(t, src, runCmd(t, "-C", src, "-json"), true)
}

// wholeTreeFileErrors are the files of a whole real tree that gupvet may
// fail to analyse, each with (a substring of) the reason: none, in every
// tree and mode the tests run.
var wholeTreeFileErrors = map[string]string{}

// checkFileErrors wants the files a run could not analyse, which stderr
// lists one a line as "path: reason" (-v adds indented lines), to be
// exactly those of want.
func checkFileErrors(t *testing.T, stderr string, want map[string]string) {
	t.Helper()
	got := map[string]string{}
	for _, l := range strings.Split(stderr, "\n") {
		if l == "" || strings.HasPrefix(l, "\t") || strings.HasPrefix(l, "gupvet: ") {
			continue
		}
		if path, why, ok := strings.Cut(l, ": "); ok {
			got[path] = why
		} else {
			t.Errorf("stderr line %q is neither a file error nor a note", l)
		}
	}
	for path, why := range got {
		if w, ok := want[path]; !ok || !strings.Contains(why, w) {
			t.Errorf("%s: %s (not an expected file error)", path, why)
		}
	}
	for path, w := range want {
		if _, ok := got[path]; !ok {
			t.Errorf("%s: no error, want %q", path, w)
		}
	}
}

// jsonFindings reads a -json document as "posn: message [rule]" lines,
// and returns the diagnostics of rule.
func jsonFindings(t *testing.T, stdout, rule string) (all []string, of []jsonDiagnostic) {
	t.Helper()
	var doc map[string]map[string][]jsonDiagnostic
	if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
		t.Fatalf("stdout is not JSON: %v\n%s", err, stdout)
	}
	for unit, byRule := range doc {
		for r, diags := range byRule {
			for _, d := range diags {
				all = append(all, fmt.Sprintf("%s: %s [%s] (unit %s)", d.Posn, d.Message, r, unit))
				if r == rule {
					of = append(of, d)
				}
			}
		}
	}
	return all, of
}

// checkKVMOnly checks a whole-tree run's result: exit 1, no file error,
// and one finding, nowaitunlockable at hva_to_pfn_slow's
// get_user_pages_unlocked call, whose message names every arch function
// that sets FOLL_NOWAIT for it — of every architecture when the run read
// them all (tolerant), of x86 only when it read what an x86 object tree
// compiles (precise: s390's code is not read, and must not be named).
func checkKVMOnly(t *testing.T, src string, r result, allArchs bool) {
	t.Helper()
	kvm := filepath.Join(src, "virt/kvm/kvm_main.c")
	want := fmt.Sprintf("virt/kvm/kvm_main.c:%d", seedLine(t, kvm))
	if r.code != exitFindings {
		t.Errorf("exit status %d, want 1 (findings, every file analysed); stderr:\n%s", r.code, r.stderr)
	}
	checkFileErrors(t, r.stderr, wholeTreeFileErrors)
	got, hits := jsonFindings(t, r.stdout, "nowaitunlockable")
	var hit *jsonDiagnostic
	if len(hits) == 1 {
		hit = &hits[0]
	}
	if len(got) != 1 || hit == nil || !strings.HasPrefix(hit.Posn, want+":") {
		t.Fatalf("%d findings, want exactly one, nowaitunlockable at %s (the get_user_pages_unlocked call in hva_to_pfn_slow):\n%s",
			len(got), want, strings.Join(got, "\n"))
	}
	b, err := os.ReadFile(kvm)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), "kfp->flags") {
		return // 6.12 and before: FOLL_NOWAIT is set in hva_to_pfn_slow itself
	}
	for _, arch := range []struct{ file, text string }{
		{"arch/x86/kvm/mmu/mmu.c", "foll |= FOLL_NOWAIT;"},
		{"arch/s390/kvm/gmap/faultin.c", "foll |= f->attempt_pfault ? FOLL_NOWAIT : 0;"},
		{"arch/s390/kvm/faultin.c", "foll |= f->attempt_pfault ? FOLL_NOWAIT : 0;"},
	} {
		line := textLine(filepath.Join(src, arch.file), arch.text)
		if line == 0 {
			continue // not in this version
		}
		at := fmt.Sprintf("%s:%d", arch.file, line)
		switch read := allArchs || strings.HasPrefix(arch.file, "arch/x86/"); {
		case read && !strings.Contains(hit.Message, at):
			t.Errorf("message does not name %s, where FOLL_NOWAIT is set: %s", at, hit.Message)
		case !read && strings.Contains(hit.Message, at):
			t.Errorf("message names %s, code an x86 configuration does not compile: %s", at, hit.Message)
		}
	}
	if !strings.Contains(hit.Message, "passed in kvm_follow_pfn.flags") {
		t.Errorf("message does not say FOLL_NOWAIT comes in kvm_follow_pfn.flags: %s", hit.Message)
	}
}

// The trees before FOLL_UNLOCKABLE, Debian's 6.1 and bullseye's 5.10,
// without an object tree (the default mode is then tolerant): every file
// is analysed (6.1 once exited 2, kernel/bpf/helpers.c not read), so is
// every GUP call (once, the pre-6.3 model could not follow the *_fast_only
// variants and populate_vma_page_range's kin), the mmaplock
// findings are the calls without mmap_lock 5.10.262 still makes (see
// below), and the only other finding is the ia64 error-injection driver's
// get_user_pages_fast(..., NULL): get_user_pages_fast adds FOLL_GET in
// both versions, and a NULL pages array leaks the reference it takes
// (rules/all's TestContractWholeTree61 says why).
func TestRealTreeOld(t *testing.T) {
	for _, v := range []string{"6.1", "5.10"} {
		t.Run(v, func(t *testing.T) {
			src, _ := realtree.Whole(t, v)
			withAnalyzers(t, all.Analyzers...)
			r := runCmd(t, "-C", src, "-json")
			// exit 1: every call analysed (the pre-6.3 sinks of package
			// gupapi take the *_fast_only variants and __get_user_pages'
			// direct callers), and findings
			if r.code != exitFindings || strings.Contains(r.stderr, "not analysed:") {
				t.Errorf("exit status %d, want 1 with nothing named as not analysed; stderr:\n%s", r.code, r.stderr)
			}
			checkFileErrors(t, r.stderr, wholeTreeFileErrors)
			type want struct{ rule, file, text string }
			wants := []want{{"nullpages", "arch/ia64/kernel/err_inject.c", "ret = get_user_pages_fast(virt_addr, 1, FOLL_WRITE, NULL);"}}
			if v == "5.10" {
				// the calls without mmap_lock that 5.10.262 still makes,
				// each fixed upstream later
				wants = append(wants,
					// 3a0152b21952 (5.16): get_user_pages from the ioctl
					want{"mmaplock", "drivers/virt/nitro_enclaves/ne_misc_dev.c", "gup_rc = get_user_pages(mem_region.userspace_addr + memory_size, 1, FOLL_GET,"},
					// atomisp's alloc_user_pages drops the lock after
					// find_vma, then pins
					want{"mmaplock", "drivers/staging/media/atomisp/pci/hmm/hmm_bo.c", "page_nr = pin_user_pages((unsigned long)userptr, bo->pgnr,"},
					// exec's get_arg_page on the new mm: 6.1.192 and 6.12
					// take mmap_read_lock around this call, 5.10.262 not
					want{"mmaplock", "fs/exec.c", "ret = get_user_pages_remote(bprm->mm, pos, 1, gup_flags,"})
			}
			got, _ := jsonFindings(t, r.stdout, "")
			if len(got) != len(wants) {
				t.Errorf("%d findings, want %d:\n%s", len(got), len(wants), strings.Join(got, "\n"))
			}
			for _, w := range wants {
				line := textLine(filepath.Join(src, w.file), w.text)
				_, hits := jsonFindings(t, r.stdout, w.rule)
				n := 0
				for _, h := range hits {
					if line != 0 && strings.HasPrefix(h.Posn, fmt.Sprintf("%s:%d:", w.file, line)) {
						n++
					}
				}
				if n != 1 {
					t.Errorf("no %s finding at %s:%d (%q):\n%s", w.rule, w.file, line, w.text, strings.Join(got, "\n"))
				}
			}
			// Before 6.3 there is no FOLL_UNLOCKABLE: the seed's pair is
			// FOLL_NOWAIT with the non-NULL locked get_user_pages_unlocked
			// passes on, which -nowaitunlockable.pre63 asks for.
			kvm := "virt/kvm/kvm_main.c"
			r = runCmd(t, "-C", src, "-json", "-enable", "nowaitunlockable", "-nowaitunlockable.pre63", kvm)
			seed := seedLine(t, filepath.Join(src, kvm))
			got, hits := jsonFindings(t, r.stdout, "nowaitunlockable")
			if r.code == exitClean || len(hits) != 1 || !strings.HasPrefix(hits[0].Posn, fmt.Sprintf("%s:%d:", kvm, seed)) {
				t.Errorf("-nowaitunlockable.pre63: exit %d, %d findings, want one at %s:%d:\n%s%s", r.code, len(got), kvm, seed, strings.Join(got, "\n"), r.stderr)
			}
		})
	}
}

// textLine is the line of the first occurrence of text in a file, 0 when
// the file or the text is missing.
func textLine(path, text string) int {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0
	}
	i := strings.Index(string(b), text)
	if i < 0 {
		return 0
	}
	return 1 + strings.Count(string(b[:i]), "\n")
}

// seedLine finds the line of the get_user_pages_unlocked( call inside
// hva_to_pfn_slow in kvm_main.c.
func seedLine(t *testing.T, path string) int {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	def := regexp.MustCompile(`^[A-Za-z_].*\bhva_to_pfn_slow\(`)
	in := false
	for i, l := range strings.Split(string(b), "\n") {
		switch {
		case !in && def.MatchString(l) && !strings.HasSuffix(strings.TrimSpace(l), ";"):
			in = true
		case in && strings.HasPrefix(l, "}"):
			t.Fatalf("%s: no get_user_pages_unlocked( call inside hva_to_pfn_slow", path)
		case in && strings.Contains(l, "get_user_pages_unlocked("):
			return i + 1
		}
	}
	t.Fatalf("%s: no definition of hva_to_pfn_slow found", path)
	return 0
}

func TestSeedLine(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "kvm_main.c")
	src := "static int hva_to_pfn_slow(unsigned long addr);\n" +
		"long other(void)\n{\n\treturn get_user_pages_unlocked(a, 1, p, 0);\n}\n\n" +
		"static int hva_to_pfn_slow(unsigned long addr, bool *async,\n\t\t\t   bool write_fault)\n{\n" +
		"\tint npages;\n\n\tnpages = get_user_pages_unlocked(addr, 1, &page, flags);\n\treturn npages;\n}\n"
	os.WriteFile(p, []byte(src), 0o644)
	if got := seedLine(t, p); got != 12 {
		t.Errorf("seedLine = %d, want 12", got)
	}
}

func jsonUnmarshal(s string, v any) error { return json.Unmarshal([]byte(s), v) }

// Whole-tree output is the same bytes with one worker or two, and from a
// cold cache or a warm one.
func TestRealTreeDeterministic612(t *testing.T) {
	src, obj := realtree.Configured(t, "6.12")
	withAnalyzers(t, all.Analyzers...)
	cold1, cold2 := t.TempDir(), t.TempDir()
	// -v says how each of the 180 files was read (mode, configuration,
	// what tolerant mode assumed and gave up): that must not vary either,
	// but for the cache's place and what the memo kept (checked below)
	verbose := func(stderr string) string {
		var keep []string
		for _, l := range strings.Split(dropMemoNotes(stderr), "\n") {
			if !strings.Contains(l, "GUPVET_CACHE_DIR") {
				keep = append(keep, l)
			}
		}
		return strings.Join(keep, "\n")
	}
	var outs, logs []string
	for _, run := range []struct{ name, jobs, cache string }{
		{"-j 1, cold", "1", cold1},
		{"-j 2, cold", "2", cold2},
		{"-j 2, warm", "2", cold1},
	} {
		t.Setenv("GUPVET_CACHE_DIR", run.cache)
		r := runCmd(t, "-C", src, "-O", obj, "-j", run.jobs, "-json", "-v")
		if r.code != exitFindings {
			t.Fatalf("%s: exit %d, want 1; stderr:\n%s", run.name, r.code, r.stderr)
		}
		outs, logs = append(outs, r.stdout), append(logs, verbose(r.stderr))
		if outs[0] != r.stdout {
			t.Errorf("%s: output differs from -j 1, cold:\n%s\nwant\n%s", run.name, r.stdout, outs[0])
		}
		if logs[0] != logs[len(logs)-1] {
			t.Errorf("%s: -v differs from -j 1, cold (%d and %d bytes)", run.name, len(logs[len(logs)-1]), len(logs[0]))
		}
		// a cold run keeps nothing from before; the warm one, over the
		// same tree, everything
		for name, n := range memoNotes(r.stderr) {
			if cold := run.name != "-j 2, warm"; cold && n[0] != 0 || !cold && n[0] != n[1] || n[1] == 0 {
				t.Errorf("%s: memo %s kept %d of %d results", run.name, name, n[0], n[1])
			}
		}
		if len(memoNotes(r.stderr)) != 3 {
			t.Errorf("%s: memo notes %v, want mmaplock's, flagflow's and pinput's", run.name, memoNotes(r.stderr))
		}
	}
}
