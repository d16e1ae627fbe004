package main

import "bytes"
import "encoding/json"
import "fmt"
import "io"
import "os"
import "os/exec"
import "path/filepath"
import "regexp"
import "strconv"
import "strings"
import "testing"

import "github.com/santhosh-tekuri/jsonschema/v6"

import "gupvet/internal/testtree"
import "gupvet/rules/all"

// Tests of the workflows: diff-aware runs, patch review, SARIF, fixes,
// suppression, rule selection, exit codes, kbuild's CHECK=.

// copyDemo copies the demo tree to a temporary directory.
func copyDemo(t *testing.T) string {
	t.Helper()
	needDemo(t)
	dst := t.TempDir()
	copyDir(t, demoTree, dst)
	return dst
}

func needGit(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
}

// gitIn runs git in dir with a fixed identity; it fails the test on error.
func gitIn(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-c", "user.name=gupvet test", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false", "-c", "core.hooksPath=/dev/null"}, args...)...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// gitDemo is the demo tree in a fresh git repository, committed.
func gitDemo(t *testing.T) string {
	t.Helper()
	needGit(t)
	dir := copyDemo(t)
	gitIn(t, dir, "init", "-q")
	gitIn(t, dir, "add", "-A")
	gitIn(t, dir, "commit", "-q", "-m", "demo")
	return dir
}

// edit replaces old with new (once) in a file of dir.
func edit(t *testing.T, dir, file, old, new string) {
	t.Helper()
	p := filepath.Join(dir, file)
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Count(string(b), old) != 1 {
		t.Fatalf("%s: %q appears %d times", file, old, strings.Count(string(b), old))
	}
	if err := os.WriteFile(p, []byte(strings.Replace(string(b), old, new, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
}

// findingLines are the first lines of text findings, "path:line:col: ... [rule]".
var findingRx = regexp.MustCompile(`(?m)^(?:(new|fixed): )?(\S+?:\d+):\d+: .*\[(\w+)\]$`)

func findings(out string) []string {
	var fs []string
	for _, m := range findingRx.FindAllStringSubmatch(out, -1) {
		s := m[2] + " [" + m[3] + "]"
		if m[1] != "" {
			s = m[1] + " " + s
		}
		fs = append(fs, s)
	}
	return fs
}

const (
	kvmFinding     = "virt/kvm/kvm_main.c:30 [nowaitunlockable]"
	madviseFinding = "mm/madvise.c:41 [nulllocked]"
)

// the change the diff-aware tests add: a second NULL locked, in a new
// function of madvise.c (line 49 after the change)
const addedNull = `
long demo_populate_again(struct mm_struct *mm, unsigned long start)
{
	return faultin_page_range(mm, start, start + PAGE_SIZE, true, NULL);
}
`

func appendTo(t *testing.T, dir, file, text string) {
	t.Helper()
	f, err := os.OpenFile(filepath.Join(dir, file), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString(text); err != nil {
		t.Fatal(err)
	}
	f.Close()
}

func addedFinding(t *testing.T, dir string) string {
	t.Helper()
	b, _ := os.ReadFile(filepath.Join(dir, "mm/madvise.c"))
	for i, l := range strings.Split(string(b), "\n") {
		if strings.Contains(l, "start + PAGE_SIZE, true, NULL") {
			return "mm/madvise.c:" + strconv.Itoa(i+1) + " [nulllocked]"
		}
	}
	t.Fatal("added line not found")
	return ""
}

// A git fixture where two findings pre-exist and one is added: a plain
// run reports three, -new-from-rev HEAD and -patch the added one only.
func TestNewFromRevAndPatch(t *testing.T) {
	withAnalyzers(t, all.Analyzers...)
	dir := gitDemo(t)
	appendTo(t, dir, "mm/madvise.c", addedNull)
	added := addedFinding(t, dir)

	r := runCmd(t, "-C", dir)
	if got := findings(r.stdout); len(got) != 3 || r.code != exitFindings {
		t.Fatalf("plain run: exit %d, findings %v\n%s", r.code, got, r.stderr)
	}
	r = runCmd(t, "-C", dir, "-new-from-rev", "HEAD")
	if got := findings(r.stdout); len(got) != 1 || got[0] != added || r.code != exitFindings {
		t.Errorf("-new-from-rev HEAD: exit %d, findings %v, want [%s]\n%s%s", r.code, got, added, r.stdout, r.stderr)
	}
	patch := filepath.Join(t.TempDir(), "change.diff")
	os.WriteFile(patch, []byte(gitIn(t, dir, "diff")), 0o644)
	r = runCmd(t, "-C", dir, "-patch", patch)
	if got := findings(r.stdout); len(got) != 1 || got[0] != added || r.code != exitFindings {
		t.Errorf("-patch: exit %d, findings %v, want [%s]\n%s%s", r.code, got, added, r.stdout, r.stderr)
	}
	// from stdin, and -json agrees
	cmdStdin(t, gitIn(t, dir, "diff"))
	r = runCmd(t, "-C", dir, "-json", "-patch", "-")
	var doc map[string]map[string][]jsonDiagnostic
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil || r.code != exitFindings || len(doc["mm/madvise.c"]["nulllocked"]) != 1 {
		t.Errorf("-json -patch -: exit %d, %v\n%s%s", r.code, err, r.stdout, r.stderr)
	}
	// committed: nothing new
	gitIn(t, dir, "commit", "-q", "-a", "-m", "more")
	r = runCmd(t, "-C", dir, "-new-from-rev", "HEAD")
	if r.code != exitClean || r.stdout != "" {
		t.Errorf("after commit: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	// a finding whose related position is on an added line counts: a
	// change of mm/gup.c's line 137 touches KVM's finding
	edit(t, dir, "mm/gup.c", "/* GUP takes the lock itself, so it is always free to drop it */\n\tif (!is_valid_gup_args(pages, NULL, &gup_flags, FOLL_TOUCH | FOLL_UNLOCKABLE))",
		"/* GUP takes the lock itself, so it is always free to drop it */\n\tif (!is_valid_gup_args(pages, NULL, &gup_flags, FOLL_UNLOCKABLE | FOLL_TOUCH))")
	r = runCmd(t, "-C", dir, "-new-from-rev", "HEAD")
	if got := findings(r.stdout); len(got) != 1 || got[0] != kvmFinding {
		t.Errorf("related on an added line: exit %d, findings %v, want [%s]\n%s", r.code, got, kvmFinding, r.stderr)
	}
}

func cmdStdin(t *testing.T, s string) {
	t.Helper()
	old := stdinForTests
	stdinForTests = strings.NewReader(s)
	t.Cleanup(func() { stdinForTests = old })
}

func TestMalformedPatch(t *testing.T) {
	withAnalyzers(t, all.Analyzers...)
	dir := copyDemo(t)
	patch := filepath.Join(t.TempDir(), "bad.diff")
	os.WriteFile(patch, []byte("--- a/mm/madvise.c\n+++ b/mm/madvise.c\n@@ -1,3 +1,3 @@\n x\n?y\n"), 0o644)
	r := runCmd(t, "-C", dir, "-patch", patch)
	want := patch + ":5: malformed diff: mm/madvise.c: hunk #1 (@@ -1,3 +1,3 @@, line 3): want a ' ', '-' or '+' line"
	if r.code != exitTrouble || !strings.HasPrefix(r.stderr, "gupvet: "+want) || strings.Count(r.stderr, "\n") != 1 {
		t.Errorf("exit %d, stderr %q, want one line starting %q", r.code, r.stderr, want)
	}
}

// -staged analyses the index: a staged new finding is reported, an
// unstaged one is not (the working copy is not what would be committed).
func TestStaged(t *testing.T) {
	withAnalyzers(t, all.Analyzers...)
	dir := gitDemo(t)
	appendTo(t, dir, "mm/madvise.c", addedNull)
	added := addedFinding(t, dir)
	gitIn(t, dir, "add", "mm/madvise.c")
	// unstaged: another NULL in kvm_main.c's neighbour, a new line in madvise.c
	appendTo(t, dir, "mm/madvise.c", strings.ReplaceAll(addedNull, "again", "unstaged"))
	r := runCmd(t, "-C", dir, "-staged")
	if got := findings(r.stdout); len(got) != 1 || got[0] != added || r.code != exitFindings {
		t.Errorf("-staged: exit %d, findings %v, want [%s]\n%s%s", r.code, got, added, r.stdout, r.stderr)
	}
	// nothing staged that adds a finding
	gitIn(t, dir, "commit", "-q", "-m", "x")
	r = runCmd(t, "-C", dir, "-staged")
	if r.code != exitClean {
		t.Errorf("nothing staged: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// scripts/pre-commit blocks a commit that adds a finding and lets a
// clean one through.
func TestPreCommitHook(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the gupvet binary")
	}
	dir := gitDemo(t)
	bin := filepath.Join(t.TempDir(), "gupvet")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	hook, err := filepath.Abs("../../scripts/pre-commit")
	if err != nil {
		t.Fatal(err)
	}
	commit := func() (string, error) {
		cmd := exec.Command("git", "-c", "user.name=t", "-c", "user.email=t@example.org", "-c", "commit.gpgsign=false",
			"-c", "core.hooksPath="+filepath.Dir(hook), "commit", "-q", "-m", "change")
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GUPVET="+bin)
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	// a clean change
	appendTo(t, dir, "drivers/demo/clean.c", "\n/* a comment */\n")
	gitIn(t, dir, "add", "-A")
	if out, err := commit(); err != nil {
		t.Fatalf("clean commit refused: %v\n%s", err, out)
	}
	// one that adds a finding
	appendTo(t, dir, "mm/madvise.c", addedNull)
	gitIn(t, dir, "add", "-A")
	out, err := commit()
	if err == nil || !strings.Contains(out, "[nulllocked]") {
		t.Errorf("commit adding a finding: err %v\n%s", err, out)
	}
	if strings.Contains(out, "kvm_main.c") {
		t.Errorf("the hook reported a finding the commit does not add:\n%s", out)
	}
}

// -review: a patch to mm/gup.c fixes KVM's finding far away; a patch
// passing NULL adds one; a format-patch mbox works the same; a patch that
// does not apply names the file and hunk.
func TestReview(t *testing.T) {
	withAnalyzers(t, all.Analyzers...)
	dir := copyDemo(t)
	r := runCmd(t, "-C", dir, "-review", "testdata/review/gup-nowait-not-unlockable.patch")
	if got := findings(r.stdout); len(got) != 1 || got[0] != "fixed "+kvmFinding || r.code != exitClean {
		t.Errorf("fixing patch: exit %d, findings %v\n%s%s", r.code, got, r.stdout, r.stderr)
	}
	r = runCmd(t, "-C", dir, "-review", "testdata/review/madvise-null-locked.patch")
	if got := findings(r.stdout); len(got) != 1 || got[0] != "new mm/madvise.c:19 [nulllocked]" || r.code != exitFindings {
		t.Errorf("NULL patch: exit %d, findings %v\n%s%s", r.code, got, r.stdout, r.stderr)
	}
	// -json: {"new": ..., "fixed": ...}
	r = runCmd(t, "-C", dir, "-json", "-review", "testdata/review/gup-nowait-not-unlockable.patch")
	var doc map[string]map[string]map[string][]jsonDiagnostic
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil || len(doc["fixed"]["virt/kvm/kvm_main.c"]["nowaitunlockable"]) != 1 || len(doc["new"]) != 0 {
		t.Errorf("-json: %v\n%s", err, r.stdout)
	}
	// the tree on disk is unchanged
	if b, _ := os.ReadFile(filepath.Join(dir, "mm/madvise.c")); !strings.Contains(string(b), "write, &locked)") {
		t.Error("-review changed the tree on disk")
	}
	// does not apply
	bad := filepath.Join(t.TempDir(), "bad.patch")
	b, _ := os.ReadFile("testdata/review/madvise-null-locked.patch")
	os.WriteFile(bad, bytes.Replace(b, []byte("-\t\tpages = faultin_page_range(mm, start, end, write, &locked);"), []byte("-\t\tpages = something_else();"), 1), 0o644)
	r = runCmd(t, "-C", dir, "-review", bad)
	if r.code != exitTrouble || !strings.Contains(r.stderr, "mm/madvise.c: hunk #1 (@@ -16,7 +16,7 @@") || !strings.Contains(r.stderr, "does not apply") || strings.Count(r.stderr, "\n") != 1 {
		t.Errorf("not applying: exit %d, stderr %q", r.code, r.stderr)
	}
}

func TestReviewMbox(t *testing.T) {
	withAnalyzers(t, all.Analyzers...)
	dir := gitDemo(t)
	b, _ := os.ReadFile("testdata/review/madvise-null-locked.patch")
	cmd := exec.Command("git", "apply")
	cmd.Dir, cmd.Stdin = dir, bytes.NewReader(b)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git apply: %v\n%s", err, out)
	}
	gitIn(t, dir, "commit", "-q", "-a", "-m", "mm/madvise: pass NULL\n\nA message with\n--- a line like a header.")
	mbox := gitIn(t, dir, "format-patch", "--stdout", "-1")
	gitIn(t, dir, "reset", "-q", "--hard", "HEAD~1")
	cmdStdin(t, mbox)
	r := runCmd(t, "-C", dir, "-review", "-")
	if got := findings(r.stdout); len(got) != 1 || got[0] != "new mm/madvise.c:19 [nulllocked]" || r.code != exitFindings {
		t.Errorf("mbox: exit %d, findings %v\n%s%s", r.code, got, r.stdout, r.stderr)
	}
}

// the demo's nw_internal.c-style caller inside mm/, whose explicit
// FOLL_UNLOCKABLE nowaitunlockable offers to drop
const mmExplicit = `#include <linux/mm.h>
#include "internal.h"

long nw_mm_explicit(struct mm_struct *mm, unsigned long addr, struct page **pages)
{
	return get_user_pages_remote(mm, addr, 1, FOLL_NOWAIT | FOLL_UNLOCKABLE, pages, NULL);
}
`

// -diff prints a patch git apply --check accepts; -fix applies it in
// place, keeps the mode and leaves no temporary file.
func TestFixAndDiff(t *testing.T) {
	withAnalyzers(t, all.Analyzers...)
	dir := copyDemo(t)
	os.WriteFile(filepath.Join(dir, "mm/nw_explicit.c"), []byte(mmExplicit), 0o640)
	needGit(t)
	gitIn(t, dir, "init", "-q")
	gitIn(t, dir, "add", "-A")
	gitIn(t, dir, "commit", "-q", "-m", "demo")

	r := runCmd(t, "-C", dir, "-diff")
	if r.code != exitFindings || !strings.HasPrefix(r.stdout, "diff --git a/mm/nw_explicit.c b/mm/nw_explicit.c\n") ||
		!strings.Contains(r.stdout, "-\treturn get_user_pages_remote(mm, addr, 1, FOLL_NOWAIT | FOLL_UNLOCKABLE, pages, NULL);\n+\treturn get_user_pages_remote(mm, addr, 1, FOLL_NOWAIT, pages, NULL);\n") {
		t.Fatalf("-diff: exit %d\nstdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
	}
	if !strings.Contains(r.stderr, "[nowaitunlockable]") {
		t.Errorf("-diff: findings not on stderr:\n%s", r.stderr)
	}
	cmd := exec.Command("git", "apply", "--check", "-")
	cmd.Dir, cmd.Stdin = dir, strings.NewReader(r.stdout)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("git apply --check: %v\n%s\n%s", err, out, r.stdout)
	}

	r = runCmd(t, "-C", dir, "-fix")
	if r.code != exitFindings || !strings.Contains(r.stderr, "mm/nw_explicit.c: applied 1 fix(es)") {
		t.Fatalf("-fix: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	b, _ := os.ReadFile(filepath.Join(dir, "mm/nw_explicit.c"))
	if want := strings.Replace(mmExplicit, " | FOLL_UNLOCKABLE", "", 1); string(b) != want {
		t.Errorf("fixed file:\n%s\nwant:\n%s", b, want)
	}
	if fi, _ := os.Stat(filepath.Join(dir, "mm/nw_explicit.c")); fi.Mode().Perm() != 0o640 {
		t.Errorf("mode %v, want 0640", fi.Mode().Perm())
	}
	ents, _ := os.ReadDir(filepath.Join(dir, "mm"))
	for _, e := range ents {
		if strings.Contains(e.Name(), ".gupvet-") {
			t.Errorf("temporary file left: %s", e.Name())
		}
	}
	r = runCmd(t, "-C", dir, "mm/nw_explicit.c")
	if r.code != exitClean {
		t.Errorf("after -fix: exit %d\n%s", r.code, r.stdout)
	}
}

// A file changed between the analysis and the fix is not written.
func TestFixRefusesChangedFile(t *testing.T) {
	withAnalyzers(t, all.Analyzers...)
	dir := copyDemo(t)
	f := filepath.Join(dir, "mm/nw_explicit.c")
	os.WriteFile(f, []byte(mmExplicit), 0o644)
	o, paths, err := parseFlags([]string{"-C", dir, "mm/nw_explicit.c"})
	if err != nil {
		t.Fatal(err)
	}
	p, err := makePlan(o, paths)
	if err != nil {
		t.Fatal(err)
	}
	snap := takeSnapshot(p)
	// someone edits the file while gupvet runs
	os.WriteFile(f, []byte(mmExplicit+"\n"), 0o644)
	res, err := analyse(o, p, analyzers, io.Discard)
	if err != nil || len(res.Findings) == 0 {
		t.Fatalf("analyse: %v, %d findings", err, len(res.Findings))
	}
	var warn bytes.Buffer
	if err := applyFixes(p, res, snap, &warn); err == nil || !strings.Contains(err.Error(), "changed since gupvet read it") {
		t.Errorf("applyFixes on a changed file: %v", err)
	}
}

// gupvet:ignore with a reason silences; without one it is reported and
// silences nothing; an unknown rule is reported; -unused-ignores reports
// a directive that silences nothing.
func TestIgnoreDirectives(t *testing.T) {
	withAnalyzers(t, all.Analyzers...)
	dir := copyDemo(t)
	const call = "\treturn faultin_page_range(mm, start, end, false, NULL); /* expected: nulllocked */"
	edit(t, dir, "mm/madvise.c", call, "\t/* gupvet:ignore nulllocked the demo keeps its bug */\n"+call)
	r := runCmd(t, "-C", dir)
	if got := findings(r.stdout); len(got) != 1 || got[0] != kvmFinding {
		t.Errorf("with a reason: findings %v\n%s", got, r.stdout)
	}
	r = runCmd(t, "-C", dir, "-unused-ignores")
	if got := findings(r.stdout); len(got) != 1 {
		t.Errorf("used directive reported unused: %v\n%s", got, r.stdout)
	}

	dir = copyDemo(t)
	edit(t, dir, "mm/madvise.c", call, "\t// gupvet:ignore nulllocked\n"+call)
	r = runCmd(t, "-C", dir)
	got := findings(r.stdout)
	if len(got) != 3 || got[0] != "mm/madvise.c:41 [ignore]" || got[1] != "mm/madvise.c:42 [nulllocked]" || !strings.Contains(r.stdout, "has no reason") {
		t.Errorf("without a reason: findings %v\n%s", got, r.stdout)
	}

	dir = copyDemo(t)
	edit(t, dir, "mm/madvise.c", call, call+" // gupvet:ignore nullocked,nulllocked typo in one name")
	r = runCmd(t, "-C", dir)
	if got := findings(r.stdout); len(got) != 2 || got[0] != "mm/madvise.c:41 [ignore]" || !strings.Contains(r.stdout, "unknown rule(s) nullocked") {
		t.Errorf("unknown rule: findings %v\n%s", got, r.stdout)
	}

	dir = copyDemo(t)
	b, _ := os.ReadFile(filepath.Join(dir, "drivers/demo/clean.c"))
	os.WriteFile(filepath.Join(dir, "drivers/demo/clean.c"), append([]byte("/* gupvet:ignore nulllocked nothing here */\n"), b...), 0o644)
	r = runCmd(t, "-C", dir, "-unused-ignores", "drivers/demo/clean.c")
	if got := findings(r.stdout); len(got) != 1 || got[0] != "drivers/demo/clean.c:1 [ignore]" || !strings.Contains(r.stdout, "silences nothing") || r.code != exitFindings {
		t.Errorf("-unused-ignores: exit %d findings %v\n%s%s", r.code, got, r.stdout, r.stderr)
	}
	if r := runCmd(t, "-C", dir, "drivers/demo/clean.c"); r.code != exitClean {
		t.Errorf("unused directive without -unused-ignores: exit %d\n%s", r.code, r.stdout)
	}
}

func TestEnableDisable(t *testing.T) {
	withAnalyzers(t, all.Analyzers...)
	needDemo(t)
	r := runCmd(t, "-C", demoTree, "-enable", "nulllocked")
	if got := findings(r.stdout); len(got) != 1 || got[0] != madviseFinding {
		t.Errorf("-enable nulllocked: %v", got)
	}
	r = runCmd(t, "-C", demoTree, "-disable", "nulllocked,internalflag")
	if got := findings(r.stdout); len(got) != 1 || got[0] != kvmFinding {
		t.Errorf("-disable nulllocked: %v", got)
	}
	r = runCmd(t, "-C", demoTree, "-disable", "nowait")
	if r.code != exitTrouble || !strings.Contains(r.stderr, `-disable: unknown rule "nowait"`) {
		t.Errorf("unknown rule: exit %d %q", r.code, r.stderr)
	}
}

// The exit status is the same in every output format; -json and -sarif
// print only the document on stdout.
func TestExitCodesAcrossFormats(t *testing.T) {
	withAnalyzers(t, all.Analyzers...)
	needDemo(t)
	broken := testtree.Dir(t, map[string]string{"drivers/x/x.c": "int f(void) { return get_user_pages_fast(0, 1, FOLL_WRITE, 0) +; }\n"})
	for _, c := range []struct {
		name string
		args []string
		want int
	}{
		{"findings", []string{"-C", demoTree}, exitFindings},
		{"clean", []string{"-C", demoTree, "drivers/demo/clean.c"}, exitClean},
		{"failure", []string{"-C", broken}, exitTrouble},
	} {
		for _, format := range [][]string{nil, {"-json"}, {"-sarif"}} {
			r := runCmd(t, append(append([]string(nil), format...), c.args...)...)
			if r.code != c.want {
				t.Errorf("%s %v: exit %d, want %d\n%s", c.name, format, r.code, c.want, r.stderr)
			}
			if len(format) > 0 {
				var v any
				if err := json.Unmarshal([]byte(r.stdout), &v); err != nil {
					t.Errorf("%s %v: stdout is not one JSON document: %v\n%s", c.name, format, err, r.stdout)
				}
			}
		}
	}
}

func compileSARIFSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	sch, err := c.Compile("testdata/sarif/gupvet-sarif-2.1.0-subset.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	return sch
}

// -sarif validates against gupvet's SARIF 2.1.0 schema (written from the
// specification; see the schema's description), carries what GitHub
// needs, and its fingerprints survive lines moving.
func TestSARIF(t *testing.T) {
	withAnalyzers(t, all.Analyzers...)
	sch := compileSARIFSchema(t)
	dir := copyDemo(t)
	r := runCmd(t, "-C", dir, "-sarif")
	if r.code != exitFindings {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
	inst, err := jsonschema.UnmarshalJSON(strings.NewReader(r.stdout))
	if err != nil {
		t.Fatal(err)
	}
	if err := sch.Validate(inst); err != nil {
		t.Fatalf("invalid SARIF: %v\n%s", err, r.stdout)
	}
	var log sarifLog
	if err := json.Unmarshal([]byte(r.stdout), &log); err != nil {
		t.Fatal(err)
	}
	run := log.Runs[0]
	if run.Tool.Driver.Name != "gupvet" || len(run.Results) != 2 {
		t.Fatalf("driver %q, %d results", run.Tool.Driver.Name, len(run.Results))
	}
	rules := map[string]sarifRule{}
	for _, ru := range run.Tool.Driver.Rules {
		rules[ru.ID] = ru
	}
	for _, a := range all.Analyzers {
		ru, ok := rules[a.Name]
		if !ok || ru.HelpURI != a.URL || ru.ShortDescription.Text == "" || ru.FullDescription.Text == "" {
			t.Errorf("rule %s: %+v", a.Name, ru)
		}
	}
	// levels by what the violation does: a contract only unclear (the
	// pair runs as NOWAIT|KILLABLE) is a warning, a latent NULL
	// dereference an error
	levels := map[string]string{"nowaitunlockable": "warning", "nulllocked": "error"}
	for id, want := range levels {
		if got := rules[id].DefaultConfiguration.Level; got != want {
			t.Errorf("rule %s: level %q, want %q", id, got, want)
		}
	}
	var kvm sarifResult
	for _, res := range run.Results {
		if run.Tool.Driver.Rules[res.RuleIndex].ID != res.RuleID {
			t.Errorf("ruleIndex %d is not %s", res.RuleIndex, res.RuleID)
		}
		if res.Level != levels[res.RuleID] {
			t.Errorf("result of %s: level %q, want %q", res.RuleID, res.Level, levels[res.RuleID])
		}
		if res.RuleID == "nowaitunlockable" {
			kvm = res
		}
	}
	loc := kvm.Locations[0].PhysicalLocation
	if loc.ArtifactLocation.URI != "virt/kvm/kvm_main.c" || loc.ArtifactLocation.URIBaseID != "%SRCROOT%" ||
		loc.Region.StartLine != 30 || loc.Region.StartColumn != 11 || loc.Region.EndLine != 30 || loc.Region.EndColumn <= 11 {
		t.Errorf("location %+v %+v", loc.ArtifactLocation, loc.Region)
	}
	if len(kvm.RelatedLocations) == 0 || !strings.Contains(kvm.Message.Text, "[FOLL_NOWAIT is set here](1)") ||
		len(kvm.CodeFlows) != 1 || len(kvm.CodeFlows[0].ThreadFlows[0].Locations) != len(kvm.RelatedLocations)+1 {
		t.Errorf("related: %+v\nmessage %s", kvm.RelatedLocations, kvm.Message.Text)
	}

	// three lines inserted at the top of kvm_main.c: the same fingerprint
	b, _ := os.ReadFile(filepath.Join(dir, "virt/kvm/kvm_main.c"))
	os.WriteFile(filepath.Join(dir, "virt/kvm/kvm_main.c"), append([]byte("/*\n * moved\n */\n"), b...), 0o644)
	r2 := runCmd(t, "-C", dir, "-sarif")
	var log2 sarifLog
	json.Unmarshal([]byte(r2.stdout), &log2)
	for _, res := range log2.Runs[0].Results {
		if res.RuleID == "nowaitunlockable" {
			if res.Locations[0].PhysicalLocation.Region.StartLine != 33 || res.PartialFingerprints["gupvetLineHash/v1"] != kvm.PartialFingerprints["gupvetLineHash/v1"] {
				t.Errorf("after the move: line %d fingerprint %v, before %v", res.Locations[0].PhysicalLocation.Region.StartLine, res.PartialFingerprints, kvm.PartialFingerprints)
			}
		}
	}
}

// A clean run's SARIF is valid too (no results, the rules listed).
func TestSARIFClean(t *testing.T) {
	withAnalyzers(t, all.Analyzers...)
	needDemo(t)
	r := runCmd(t, "-C", demoTree, "-sarif", "drivers/demo/clean.c")
	inst, err := jsonschema.UnmarshalJSON(strings.NewReader(r.stdout))
	if err != nil || r.code != exitClean {
		t.Fatalf("exit %d %v\n%s", r.code, err, r.stdout)
	}
	if err := compileSARIFSchema(t).Validate(inst); err != nil {
		t.Error(err)
	}
}

func TestKbuildArgvDetection(t *testing.T) {
	for _, c := range []struct {
		args []string
		want bool
	}{
		{[]string{"-D__linux__", "-Wbitwise", "--arch=x86", "-nostdinc", "-I./include", "-include", "x.h", "-o", "y.o", "drivers/a.c"}, true},
		{[]string{"-C", "tree", "mm/gup.c"}, false},
		{[]string{"-mode", "tolerant", "virt/kvm/kvm_main.c"}, false},
		{[]string{"-Wp,-MMD,x.d", "-c", "a.c"}, true},
		{[]string{"-D__KERNEL__", "-o", "a.c"}, false}, // -o's value is no source
	} {
		if got := isKbuildArgv(c.args); got != c.want {
			t.Errorf("isKbuildArgv(%q) = %v, want %v", c.args, got, c.want)
		}
	}
}

// make C=2 CHECK=gupvet on an out-of-tree module, against the Debian
// object tree: gupvet's finding is in make's output and make goes on.
func TestKbuildModule(t *testing.T) {
	obj := os.Getenv("GUPVET_LINUX_6_12_OBJ")
	if obj == "" {
		t.Skip("skipped: set GUPVET_LINUX_6_12_OBJ to a /usr/src/linux-headers-6.12.*-amd64 object tree to run make C=2 CHECK=gupvet on a test module (bash .ci/run does it)")
	}
	if _, err := exec.LookPath("make"); err != nil {
		t.Skip("make not installed")
	}
	bin := filepath.Join(t.TempDir(), "gupvet")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	mod := t.TempDir()
	for _, f := range []string{"gupdemo.c", "Kbuild"} {
		b, err := os.ReadFile(filepath.Join("testdata/kbuild", f))
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(mod, f), b, 0o644)
	}
	// C=2 checks every file, even one that does not need recompiling
	cmd := exec.Command("make", "-C", obj, "M="+mod, "C=2", "CHECK="+bin, "modules")
	out, err := cmd.CombinedOutput()
	t.Logf("make output:\n%s", out)
	if !strings.Contains(string(out), "CHECK   "+filepath.Join(mod, "gupdemo.c")) {
		t.Fatalf("make did not run the checker (err %v)", err)
	}
	src, _ := os.ReadFile(filepath.Join(mod, "gupdemo.c"))
	line := 1 + strings.Count(string(src[:strings.Index(string(src), "FOLL_NOWAIT);")]), "\n")
	wantRx := regexp.MustCompile(regexp.QuoteMeta(filepath.Join(mod, "gupdemo.c")) + fmt.Sprintf(`:%d:6: get_user_pages_unlocked gets FOLL_NOWAIT \(set at line %d\) together with FOLL_UNLOCKABLE.*\[nowaitunlockable\]`, line, line))
	if !wantRx.Match(out) {
		t.Errorf("no nowaitunlockable finding for gupdemo.c:%d in make's output", line)
	}
	// -Wgupvet-error makes the finding stop make
	cmd = exec.Command("make", "-C", obj, "M="+mod, "C=2", "CHECK="+bin+" -Wgupvet-error", "modules")
	if out, err := cmd.CombinedOutput(); err == nil {
		t.Errorf("make with -Wgupvet-error succeeded:\n%s", out)
	}
}

// One owner of suppression: a directive without a reason silences no
// rule's finding, the contract rules' included, and is itself reported.
func TestIgnoreWithoutReasonContract(t *testing.T) {
	withAnalyzers(t, all.Analyzers...)
	dir := copyDemo(t)
	os.MkdirAll(filepath.Join(dir, "drivers/fm"), 0o755)
	os.WriteFile(filepath.Join(dir, "drivers/fm/fm.c"), []byte(`#include <linux/mm.h>

int fm_nowait(unsigned long addr, struct page **pages)
{
	/* gupvet:ignore fastmask */
	return get_user_pages_fast(addr, 1, FOLL_NOWAIT, pages);
}

int fm_reason(unsigned long addr, struct page **pages)
{
	/* gupvet:ignore fastmask the test says why */
	return get_user_pages_fast(addr, 1, FOLL_NOWAIT, pages);
}
`), 0o644)
	r := runCmd(t, "-C", dir, "drivers/fm/fm.c")
	got := findings(r.stdout)
	if len(got) != 2 || got[0] != "drivers/fm/fm.c:5 [ignore]" || got[1] != "drivers/fm/fm.c:6 [fastmask]" || !strings.Contains(r.stdout, "has no reason") {
		t.Errorf("findings %v, want the directive without a reason reported and the fastmask finding at line 6 kept, the one at line 12 silenced\n%s%s", got, r.stdout, r.stderr)
	}
}
