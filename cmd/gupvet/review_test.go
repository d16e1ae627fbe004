package main

import "crypto/sha256"
import "encoding/json"
import "fmt"
import "io/fs"
import "os"
import "os/exec"
import "path/filepath"
import "regexp"
import "strings"
import "testing"

import "github.com/santhosh-tekuri/jsonschema/v6"

import "gupvet/rules/all"

// Tests of -review beyond a single exact patch: fuzz and offsets as GNU
// patch applies them, three-way application from git's blobs, series
// with per-patch attribution, SARIF, and input it refuses.

// seedlikeTree is the demo tree made a 6.4-shaped tree: the fixture's
// Makefile and mm/gup.c (testdata/review/seedlike) replace the demo's,
// and madvise.c, whose faultin_page_range 6.4 does not have, goes.
func seedlikeTree(t *testing.T) string {
	t.Helper()
	dir := copyDemo(t)
	os.Remove(filepath.Join(dir, "mm/madvise.c"))
	for _, f := range []string{"Makefile", "mm/gup.c"} {
		b, err := os.ReadFile(filepath.Join("testdata/review/seedlike", f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// treeDigest is a digest of every file of a tree, to check that nothing
// was written.
func treeDigest(t *testing.T, dir string) string {
	t.Helper()
	h := sha256.New()
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		fmt.Fprintf(h, "%s %x\n", p, sha256.Sum256(b))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("%x", h.Sum(nil))
}

// The seed patch's situation on a fixture: the patch was made against a
// later mm/gup.c with 35 more lines above and comments aligned with
// spaces where the tree has tabs. GNU patch applies it with "Hunk #1
// succeeded at 63 with fuzz 1 (offset -35 lines)", hunk #2 at 74 with fuzz
// 2, hunk #3 at 86 with the offset only (the fixture's README says how
// the numbers follow); -review does the same, says so, and reports KVM's
// finding fixed.
func TestReviewFuzzLikeSeed(t *testing.T) {
	withAnalyzers(t, all.Analyzers...)
	dir := seedlikeTree(t)
	const patch = "testdata/review/seedlike.patch"
	// the finding the patch fixes is there before
	r := runCmd(t, "-C", dir)
	if got := findings(r.stdout); len(got) != 1 || got[0] != kvmFinding || r.code != exitFindings {
		t.Fatalf("plain run: exit %d, findings %v\n%s%s", r.code, got, r.stdout, r.stderr)
	}
	digest := treeDigest(t, dir)
	r = runCmd(t, "-C", dir, "-review", patch)
	if got := findings(r.stdout); len(got) != 1 || got[0] != "fixed "+kvmFinding || r.code != exitClean {
		t.Errorf("exit %d, findings %v\n%s%s", r.code, got, r.stdout, r.stderr)
	}
	want := []string{
		"gupvet: " + patch + ": patching file mm/gup.c: hunk #1 succeeded at 63 with fuzz 1 (offset -35 lines)",
		"gupvet: " + patch + ": patching file mm/gup.c: hunk #2 succeeded at 74 with fuzz 2 (offset -35 lines)",
		"gupvet: " + patch + ": patching file mm/gup.c: hunk #3 succeeded at 86 (offset -35 lines)",
	}
	if got := lines(withoutAccount(r.stderr)); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("stderr:\n%s\nwant:\n%s", r.stderr, strings.Join(want, "\n"))
	}
	// GNU patch, when installed, says the same
	if bin, err := exec.LookPath("patch"); err == nil {
		cmd := exec.Command(bin, "--dry-run", "-p1", "-i", filepath.Join(mustAbs(t, "."), patch))
		cmd.Dir = dir
		out, err := cmd.CombinedOutput()
		for _, w := range want {
			w = strings.Replace(strings.TrimPrefix(w, "gupvet: "+patch+": patching file mm/gup.c: "), "hunk", "Hunk", 1) + "."
			if err != nil || !strings.Contains(string(out), w+"\n") {
				t.Errorf("patch(1) does not say %q: %v\n%s", w, err, out)
			}
		}
	} else {
		t.Log("GNU patch not installed: its output is not compared")
	}
	// with less fuzz it does not apply: one line naming file and hunk
	for _, c := range []struct{ fuzz, hunk string }{
		{"1", `mm/gup.c: hunk #2 (@@ -106,6 +109,7 @@ long faultin_vma_page_range(struct vm_area_struct *vma, unsigned long start,, line 14 of the patch) does not apply (even with fuzz 1): line 72 is "\t *\t\t  poisoned page.", the patch expects "\t *                poisoned page."`},
		{"0", `mm/gup.c: hunk #1 (@@ -98,6 +98,9 @@ long faultin_vma_page_range(struct vm_area_struct *vma, unsigned long start,, line 4 of the patch) does not apply: the file has 94 lines, and its context and removed lines are not in it`},
	} {
		r = runCmd(t, "-C", dir, "-review-fuzz", c.fuzz, "-review", patch)
		if r.code != exitTrouble || r.stdout != "" || strings.Count(r.stderr, "\n") != 1 || !strings.HasPrefix(r.stderr, "gupvet: -review "+patch+": "+c.hunk) {
			t.Errorf("-review-fuzz %s: exit %d, stdout %q, stderr %q\nwant it to start %q", c.fuzz, r.code, r.stdout, r.stderr, "gupvet: -review "+patch+": "+c.hunk)
		}
	}
	if treeDigest(t, dir) != digest {
		t.Error("-review wrote to the tree")
	}
}

func mustAbs(t *testing.T, p string) string {
	t.Helper()
	a, err := filepath.Abs(p)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// testdata/review/series.mbox, three patches from git format-patch on
// the demo tree: 1 passes NULL as madvise_populate's locked (a new
// nulllocked), 2 makes get_user_pages_unlocked leave out FOLL_UNLOCKABLE
// under FOLL_NOWAIT (KVM's finding fixed), 3 adds a driver passing
// FOLL_NOWAIT to pin_user_pages_unlocked (a new nowaitunlockable) and
// puts &locked back (patch 1's finding fixed).
const (
	series1 = "[PATCH 1/3] mm/madvise: populate without a lock pointer"
	series2 = "[PATCH 2/3] mm/gup: no FOLL_UNLOCKABLE for FOLL_NOWAIT in get_user_pages_unlocked"
	series3 = "[PATCH 3/3] drivers/demo: pin a page without waiting; mm/madvise: the lock pointer back"
)

var seriesWant = []string{
	"new: " + series1 + ": mm/madvise.c:19 [nulllocked]",
	"fixed: " + series2 + ": " + kvmFinding,
	"new: " + series3 + ": drivers/demo/nowait.c:9 [nowaitunlockable]",
	"fixed: " + series3 + ": mm/madvise.c:19 [nulllocked]",
}

var taggedRx = regexp.MustCompile(`(?m)^(new|fixed): (.*?): (\S+?:\d+):\d+: .*\[(\w+)\]$`)

// taggedFindings are the first lines of -review's text output,
// "new|fixed: SUBJECT: path:line [rule]".
func taggedFindings(out string) []string {
	var fs []string
	for _, m := range taggedRx.FindAllStringSubmatch(out, -1) {
		fs = append(fs, fmt.Sprintf("%s: %s: %s [%s]", m[1], m[2], m[3], m[4]))
	}
	return fs
}

// wantTagged checks -review's status and the first lines of its text
// output.
func wantTagged(t *testing.T, r result, code int, want ...string) {
	t.Helper()
	if got := taggedFindings(r.stdout); strings.Join(got, "\n") != strings.Join(want, "\n") || r.code != code {
		t.Errorf("exit %d (want %d), findings:\n%s\nwant:\n%s\nstdout:\n%s\nstderr:\n%s", r.code, code, strings.Join(got, "\n"), strings.Join(want, "\n"), r.stdout, r.stderr)
	}
}

func TestReviewSeries(t *testing.T) {
	withAnalyzers(t, all.Analyzers...)
	dir := copyDemo(t)
	mbox, err := os.ReadFile("testdata/review/series.mbox")
	if err != nil {
		t.Fatal(err)
	}
	r := runCmd(t, "-C", dir, "-review", "testdata/review/series.mbox")
	wantTagged(t, r, exitFindings, seriesWant...)
	if withoutAccount(r.stderr) != "" {
		t.Errorf("stderr: %s", r.stderr)
	}

	// what b4 am -o - writes: the same mails, "From git@z" lines
	b4 := regexp.MustCompile(`(?m)^From [0-9a-f]{40} Mon Sep 17 00:00:00 2001$`).ReplaceAllString(string(mbox), "From git@z Thu Jan  1 00:00:00 1970")
	cmdStdin(t, b4)
	r = runCmd(t, "-C", dir, "-review", "-")
	wantTagged(t, r, exitFindings, seriesWant...)

	// -json: each diagnostic says its patch
	r = runCmd(t, "-C", dir, "-json", "-review", "testdata/review/series.mbox")
	var doc map[string]map[string]map[string][]reviewJSONDiagnostic
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil || r.code != exitFindings {
		t.Fatalf("-json: exit %d, %v\n%s", r.code, err, r.stdout)
	}
	var gotJSON []string
	for _, kind := range []string{"new", "fixed"} {
		for unit, rules := range doc[kind] {
			for rule, ds := range rules {
				for _, d := range ds {
					gotJSON = append(gotJSON, fmt.Sprintf("%s %s %s %s [%s]", kind, d.Patch, unit, d.Posn, rule))
				}
			}
		}
	}
	wantJSON := []string{
		"new " + series1 + " mm/madvise.c mm/madvise.c:19:11 [nulllocked]",
		"new " + series3 + " drivers/demo/nowait.c drivers/demo/nowait.c:9:9 [nowaitunlockable]",
		"fixed " + series3 + " mm/madvise.c mm/madvise.c:19:11 [nulllocked]",
		"fixed " + series2 + " virt/kvm/kvm_main.c virt/kvm/kvm_main.c:30:11 [nowaitunlockable]",
	}
	if len(gotJSON) != len(wantJSON) {
		t.Errorf("-json: %q, want %q", gotJSON, wantJSON)
	}
	for _, w := range wantJSON {
		if !contains(gotJSON, w) {
			t.Errorf("-json: no %q in %q", w, gotJSON)
		}
	}

	// -sarif: the new findings are the results, valid against the schema
	r = runCmd(t, "-C", dir, "-sarif", "-review", "testdata/review/series.mbox")
	inst, err := jsonschema.UnmarshalJSON(strings.NewReader(r.stdout))
	if err != nil || r.code != exitFindings {
		t.Fatalf("-sarif: exit %d, %v\n%s", r.code, err, r.stderr)
	}
	if err := compileSARIFSchema(t).Validate(inst); err != nil {
		t.Fatalf("invalid SARIF: %v\n%s", err, r.stdout)
	}
	var log struct {
		Runs []struct {
			Results []struct {
				RuleID        string         `json:"ruleId"`
				BaselineState string         `json:"baselineState"`
				Properties    map[string]any `json:"properties"`
				Locations     []sarifLocation
			} `json:"results"`
			Properties struct {
				Fixed []sarifFixed `json:"fixed"`
			} `json:"properties"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &log); err != nil {
		t.Fatal(err)
	}
	var gotSARIF []string
	for _, res := range log.Runs[0].Results {
		loc := res.Locations[0].PhysicalLocation
		gotSARIF = append(gotSARIF, fmt.Sprintf("%s %s %v %v %s:%d", res.RuleID, res.BaselineState, res.Properties["patch"], res.Properties["patchNumber"], loc.ArtifactLocation.URI, loc.Region.StartLine))
	}
	for _, fx := range log.Runs[0].Properties.Fixed {
		gotSARIF = append(gotSARIF, fmt.Sprintf("fixed %s %s %s", fx.RuleID, fx.Patch, fx.Location))
	}
	wantSARIF := []string{
		"nulllocked new " + series1 + " 1 mm/madvise.c:19",
		"nowaitunlockable new " + series3 + " 3 drivers/demo/nowait.c:9",
		"fixed nowaitunlockable " + series2 + " virt/kvm/kvm_main.c:30:11",
		"fixed nulllocked " + series3 + " mm/madvise.c:19:11",
	}
	if strings.Join(gotSARIF, "\n") != strings.Join(wantSARIF, "\n") {
		t.Errorf("-sarif:\n%s\nwant:\n%s", strings.Join(gotSARIF, "\n"), strings.Join(wantSARIF, "\n"))
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// A patch that changes no C file is not analysed again (-v says so), and
// changes nothing in the verdict.
func TestReviewSeriesNoCChange(t *testing.T) {
	withAnalyzers(t, all.Analyzers...)
	dir := copyDemo(t)
	mbox := `From 1111111111111111111111111111111111111111 Mon Sep 17 00:00:00 2001
Subject: [PATCH 1/2] docs: a word

---
diff --git a/README.md b/README.md
--- a/README.md
+++ b/README.md
@@ -1,1 +1,2 @@
` + " " + firstLine(t, filepath.Join(dir, "README.md")) + `
+A word.
From 2222222222222222222222222222222222222222 Mon Sep 17 00:00:00 2001
Subject: [PATCH 2/2] mm/madvise: NULL

---
` + madvisePatchBody(t)
	cmdStdin(t, mbox)
	r := runCmd(t, "-C", dir, "-v", "-review", "-")
	wantTagged(t, r, exitFindings, "new: [PATCH 2/2] mm/madvise: NULL: mm/madvise.c:19 [nulllocked]")
	if !strings.Contains(r.stderr, "gupvet: [PATCH 1/2] docs: a word: changes no C source or header: not analysed again\n") {
		t.Errorf("-v does not say the docs patch was not analysed:\n%s", r.stderr)
	}
}

func firstLine(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	l, _, _ := strings.Cut(string(b), "\n")
	return l
}

// madvisePatchBody is testdata/review/madvise-null-locked.patch from its
// "diff --git" line.
func madvisePatchBody(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("testdata/review/madvise-null-locked.patch")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// hdrPatch is a mail of a series changing the body line of
// drivers/hdr/hdr.h's hdr_fault from one statement to another.
func hdrPatch(n int, subject, from, to string) string {
	return fmt.Sprintf("From %040d Mon Sep 17 00:00:00 2001\nSubject: [PATCH %d/3] %s\n\n", n, n, subject) +
		"diff --git a/drivers/hdr/hdr.h b/drivers/hdr/hdr.h\n--- a/drivers/hdr/hdr.h\n+++ b/drivers/hdr/hdr.h\n@@ -1,4 +1,4 @@\n static inline long hdr_fault(struct mm_struct *mm, unsigned long a)\n {\n-\t" + from + "\n+\t" + to + "\n }\n"
}

// hdrTree is the demo tree with drivers/hdr: hdr.c calls hdr.h's
// hdr_fault, which does not reach the GUP API (yet); comment goes into
// hdr.c.
func hdrTree(t *testing.T, comment string) string {
	t.Helper()
	dir := copyDemo(t)
	os.MkdirAll(filepath.Join(dir, "drivers/hdr"), 0o755)
	os.WriteFile(filepath.Join(dir, "drivers/hdr/hdr.h"), []byte("static inline long hdr_fault(struct mm_struct *mm, unsigned long a)\n{\n\treturn 0;\n}\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "drivers/hdr/hdr.c"), []byte("#include <linux/mm.h>\n#include \"hdr.h\"\n"+comment+"\nlong hdr_use(struct mm_struct *mm, unsigned long a)\n{\n\treturn hdr_fault(mm, a);\n}\n"), 0o644)
	return dir
}

const (
	hdrNull   = "return faultin_page_range(mm, a, a + PAGE_SIZE, false, NULL);"
	hdrLocked = "int locked = 1; return faultin_page_range(mm, a, a + PAGE_SIZE, false, &locked);"
)

// A series that changes a local header: the files that include it are
// found (the prefilter is asked again in the header's directory: hdr.c
// names no GUP word itself) and parsed again at each patch, never from a
// unit read with the header as an earlier patch left it.
func TestReviewSeriesHeader(t *testing.T) {
	withAnalyzers(t, all.Analyzers...)
	dir := hdrTree(t, "")
	if r := runCmd(t, "-C", dir, "drivers/hdr"); r.code != exitClean {
		t.Fatalf("before: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	cmdStdin(t, hdrPatch(1, "hdr: fault with NULL", "return 0;", hdrNull)+
		hdrPatch(2, "hdr: a local lock", hdrNull, hdrLocked)+
		hdrPatch(3, "hdr: NULL again", hdrLocked, hdrNull))
	wantTagged(t, runCmd(t, "-C", dir, "-review", "-", "drivers/hdr"), exitFindings,
		"new: [PATCH 1/3] hdr: fault with NULL: drivers/hdr/hdr.h:3 [nulllocked]",
		"fixed: [PATCH 2/3] hdr: a local lock: drivers/hdr/hdr.h:3 [nulllocked]",
		"new: [PATCH 3/3] hdr: NULL again: drivers/hdr/hdr.h:3 [nulllocked]")
}

// The same when the file is analysed from the start (a comment names a
// GUP function) but nothing in it reaches the API until the second
// patch: the unit that says "nothing to parse" depends on the patched
// header too.
func TestReviewSeriesHeaderNothingToParse(t *testing.T) {
	withAnalyzers(t, all.Analyzers...)
	dir := hdrTree(t, "/* hdr_fault() will call get_user_pages() one day */")
	cmdStdin(t, hdrPatch(1, "hdr: one", "return 0;", "return 1;")+
		hdrPatch(2, "hdr: fault with NULL", "return 1;", hdrNull)+
		hdrPatch(3, "hdr: a local lock", hdrNull, hdrLocked))
	wantTagged(t, runCmd(t, "-C", dir, "-review", "-", "drivers/hdr"), exitFindings,
		"new: [PATCH 2/3] hdr: fault with NULL: drivers/hdr/hdr.h:3 [nulllocked]",
		"fixed: [PATCH 3/3] hdr: a local lock: drivers/hdr/hdr.h:3 [nulllocked]")
}

// In a git checkout whose history has the blob a patch was made against,
// a patch that applies neither as it is nor with fuzz (the tree changed a
// line between two of its changes) is applied three-way, and -review
// says so; without the repository it is refused.
func TestReviewThreeWay(t *testing.T) {
	withAnalyzers(t, all.Analyzers...)
	dir := gitDemo(t)
	// the patch, made against the demo's mm/gup.c
	gitIn(t, dir, "checkout", "-q", "-b", "topic")
	edit(t, dir, "mm/gup.c", "\tint local_locked = 0;\n\n\t/* GUP takes the lock itself, so it is always free to drop it */\n\tif (!is_valid_gup_args(pages, NULL, &gup_flags, FOLL_TOUCH | FOLL_UNLOCKABLE))\n",
		"\tunsigned int to_set = FOLL_TOUCH;\n\tint local_locked = 0;\n\n\t/* GUP takes the lock itself: it may drop it unless told not to wait */\n\tif (!(gup_flags & FOLL_NOWAIT))\n\t\tto_set |= FOLL_UNLOCKABLE;\n\tif (!is_valid_gup_args(pages, NULL, &gup_flags, to_set))\n")
	gitIn(t, dir, "commit", "-q", "-am", "mm/gup: no FOLL_UNLOCKABLE under FOLL_NOWAIT")
	mbox := gitIn(t, dir, "format-patch", "--stdout", "-1")
	// the tree moved on: a line between the patch's two changes
	gitIn(t, dir, "checkout", "-q", "-")
	edit(t, dir, "mm/gup.c", "\tint local_locked = 0;\n\n\t/* GUP takes the lock itself, so it is always free to drop it */\n",
		"\tint local_locked = 0;\n\t/* 0: GUP takes the lock and gives it back */\n\n\t/* GUP takes the lock itself, so it is always free to drop it */\n")
	gitIn(t, dir, "commit", "-q", "-am", "mm/gup: say what 0 means")
	blob := strings.TrimSpace(gitIn(t, dir, "rev-parse", "--short=7", "HEAD~1:mm/gup.c"))
	if !strings.Contains(mbox, "index "+blob+"..") {
		t.Fatalf("the patch does not name blob %s:\n%s", blob, mbox)
	}
	cmdStdin(t, mbox)
	r := runCmd(t, "-C", dir, "-review", "-")
	if got := findings(r.stdout); len(got) != 1 || got[0] != "fixed "+kvmFinding || r.code != exitClean {
		t.Errorf("exit %d, findings %v\n%s%s", r.code, got, r.stdout, r.stderr)
	}
	want := "gupvet: <stdin>: [PATCH] mm/gup: no FOLL_UNLOCKABLE under FOLL_NOWAIT: patching file mm/gup.c: hunk #1 does not apply as it is: applied three-way from blob " + blob + " (git merge-file, no conflict)\n"
	if withoutAccount(r.stderr) != want {
		t.Errorf("stderr %q, want %q", r.stderr, want)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "mm/gup.c")); strings.Contains(string(b), "unless told not to wait") {
		t.Error("-review changed the tree on disk")
	}

	// the same tree without its repository: fuzz 2 cannot bridge a
	// changed line inside the hunk
	plain := t.TempDir()
	if out, err := exec.Command("cp", "-r", dir+"/.", plain).CombinedOutput(); err != nil {
		t.Fatalf("cp: %v %s", err, out)
	}
	os.RemoveAll(filepath.Join(plain, ".git"))
	cmdStdin(t, mbox)
	r = runCmd(t, "-C", plain, "-review", "-")
	if r.code != exitTrouble || r.stdout != "" || strings.Count(r.stderr, "\n") != 1 ||
		!strings.HasPrefix(r.stderr, "gupvet: -review <stdin>: [PATCH] mm/gup: no FOLL_UNLOCKABLE under FOLL_NOWAIT: mm/gup.c: hunk #1 (@@ -131,10 +131,13 @@") ||
		!strings.Contains(r.stderr, "does not apply (even with fuzz 2)") {
		t.Errorf("without git: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
}

// reviewRefused runs -review on the demo tree with a patch that must be
// refused: exit 2, nothing on stdout, one line on stderr that says each
// of wants, and the tree untouched.
func reviewRefused(t *testing.T, patch string, wants ...string) {
	t.Helper()
	withAnalyzers(t, all.Analyzers...)
	dir := copyDemo(t)
	digest := treeDigest(t, dir)
	cmdStdin(t, patch)
	r := runCmd(t, "-C", dir, "-review", "-")
	if r.code != exitTrouble || r.stdout != "" || strings.Count(r.stderr, "\n") != 1 {
		t.Errorf("exit %d, stdout %q, stderr %q; want exit 2, one line on stderr", r.code, r.stdout, r.stderr)
	}
	for _, w := range wants {
		if !strings.Contains(r.stderr, w) {
			t.Errorf("stderr %q does not say %q", r.stderr, w)
		}
	}
	if treeDigest(t, dir) != digest {
		t.Error("the tree was written to")
	}
}

func TestReviewRefusesMissingFile(t *testing.T) {
	reviewRefused(t, "From 1111111111111111111111111111111111111111 Mon Sep 17 00:00:00 2001\nSubject: [PATCH] mm/nothere: a fix\n\n---\ndiff --git a/mm/nothere.c b/mm/nothere.c\n--- a/mm/nothere.c\n+++ b/mm/nothere.c\n@@ -1,3 +1,3 @@\n a\n-b\n+c\n d\n",
		"gupvet: -review <stdin>: [PATCH] mm/nothere: a fix: mm/nothere.c: hunk #1 (@@ -1,3 +1,3 @@, line 8 of the patch): the file is not in the tree: no such file or directory (is -C the tree the patch is for?)")
}

func TestReviewRefusesBinary(t *testing.T) {
	reviewRefused(t, "diff --git a/drivers/demo/fw.bin b/drivers/demo/fw.bin\nnew file mode 100644\nindex 0000000..1c4ab4e\nGIT binary patch\nliteral 4\nLcmZ?d00001\n\nliteral 0\nHcmV?d00001\n\n",
		"gupvet: -review <stdin>: drivers/demo/fw.bin: a binary diff: -review applies text hunks only")
}

func TestReviewRefusesRename(t *testing.T) {
	reviewRefused(t, "diff --git a/mm/madvise.c b/mm/populate.c\nsimilarity index 96%\nrename from mm/madvise.c\nrename to mm/populate.c\nindex 4586662..aeea3c5 100644\n--- a/mm/madvise.c\n+++ b/mm/populate.c\n@@ -16,7 +16,7 @@\n \tlong pages;\n \n \twhile (start < end) {\n-\t\tpages = faultin_page_range(mm, start, end, write, &locked);\n+\t\tpages = faultin_page_range(mm, start, end, write, NULL);\n \t\tif (!locked) {\n \t\t\tmmap_read_lock(mm);\n \t\t\tlocked = 1;\n",
		"gupvet: -review <stdin>: mm/populate.c: a rename (from mm/madvise.c)")
}

// An mbox whose second mail was cut short: its hunk runs into the third
// mail's "From " line.
func TestReviewRefusesMalformedMbox(t *testing.T) {
	withAnalyzers(t, all.Analyzers...)
	b, err := os.ReadFile("testdata/review/series.mbox")
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	cut := strings.Index(s, "+\tif (!(gup_flags & FOLL_NOWAIT))")
	next := strings.Index(s, "\nFrom 97f5c58729e042eae79eeb19e70444497ae5b0de")
	if cut < 0 || next < cut {
		t.Fatal("series.mbox is not the expected fixture")
	}
	s = s[:cut] + s[next+1:]
	line := 1 + strings.Count(s[:strings.Index(s, "From 97f5c58729e042eae79eeb19e70444497ae5b0de")], "\n")
	reviewRefused(t, s,
		fmt.Sprintf("gupvet: -review <stdin>:%d: %s: malformed diff: mm/gup.c: hunk #1 (@@ -131,10 +131,13 @@ EXPORT_SYMBOL(get_user_pages);, line 42): the next patch starts inside it", line, series2))
}

// A series whose third patch does not apply, even with fuzz 2: nothing
// is analysed, and the line names the patch, the file and the hunk.
func TestReviewRefusesNotApplying(t *testing.T) {
	withAnalyzers(t, all.Analyzers...)
	b, err := os.ReadFile("testdata/review/series.mbox")
	if err != nil {
		t.Fatal(err)
	}
	// patch 3's removed line is not what patch 1 left
	s := strings.Replace(string(b), "-\t\tpages = faultin_page_range(mm, start, end, write, NULL);", "-\t\tpages = faultin_page_range(mm, start, end, 0, NULL);", 1)
	if s == string(b) {
		t.Fatal("series.mbox is not the expected fixture")
	}
	reviewRefused(t, s,
		"gupvet: -review <stdin>: "+series3+": mm/madvise.c: hunk #1 (@@ -16,7 +16,7 @@ static long madvise_populate(struct mm_struct *mm, unsigned long start,, line 93 of the patch) does not apply (even with fuzz 2): line 19 is \"\\t\\tpages = faultin_page_range(mm, start, end, write, NULL);\", the patch expects \"\\t\\tpages = faultin_page_range(mm, start, end, 0, NULL);\"")
}
