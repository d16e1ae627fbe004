package main

import "bytes"
import "encoding/json"
import "go/token"
import "os"
import "path/filepath"
import "regexp"
import "strings"
import "testing"

import "golang.org/x/tools/go/analysis"

import "gupvet/analyzer"
import "gupvet/cparse"
import "gupvet/internal/testtree"
import "gupvet/rules/gupapi"

// testRule reports every function of a unit's main file whose name starts
// with "bad_", with a related position and a suggested fix, so that the
// printers are exercised whatever rules are registered.
var testRule = &analysis.Analyzer{
	Name: "testrule",
	Doc: `testrule: reports functions named bad_*

A rule for the command's tests only.
It exercises every part of a diagnostic.

Second paragraph.`,
	Requires: []*analysis.Analyzer{analyzer.Unit, analyzer.Program},
	Run: func(pass *analysis.Pass) (any, error) {
		u := pass.ResultOf[analyzer.Unit].(*cparse.Unit)
		prog := pass.ResultOf[analyzer.Program].(*analyzer.ProgramData)
		for _, f := range u.Funcs {
			if f.Header || !strings.HasPrefix(f.Name, "bad_") {
				continue
			}
			pos := prog.Pos(f.P)
			end := pos + token.Pos(len(f.Name))
			pass.Report(analysis.Diagnostic{
				Pos:      pos,
				End:      end,
				Category: "naming",
				Message:  "function " + f.Name + " is bad",
				Related:  []analysis.RelatedInformation{{Pos: pos, End: end, Message: "named here"}},
				SuggestedFixes: []analysis.SuggestedFix{{
					Message:   "rename it",
					TextEdits: []analysis.TextEdit{{Pos: pos, End: pos + 4, NewText: []byte("good_")}},
				}},
			})
		}
		return nil, nil
	},
}

// testRule reads what the GUP rules read: the files that name the API,
// mm/gup.c as context.
func init() {
	analyzer.Declare(testRule, analyzer.Needs{Words: gupapi.Words, Prefixes: gupapi.Prefixes, Context: []string{"mm/gup.c"}})
}

// withAnalyzers runs a test with as the registered rules.
func withAnalyzers(t *testing.T, as ...*analysis.Analyzer) {
	t.Helper()
	old := analyzers
	analyzers = as
	t.Cleanup(func() { analyzers = old })
}

const gupC = `long get_user_pages_unlocked(unsigned long start, unsigned long nr_pages,
			     struct page **pages, unsigned int gup_flags)
{
	return 0;
}
`

const driverA = `long bad_pin(unsigned long addr, struct page **pages)
{
	return get_user_pages_unlocked(addr, 1, pages, FOLL_WRITE);
}

long fine_pin(unsigned long addr, struct page **pages)
{
	return get_user_pages_unlocked(addr, 1, pages, 0);
}

int bad_again(void)
{
	return fine_pin(0, 0) + get_user_pages_unlocked(0, 1, 0, 0);
}
`

// a file the prefilter drops: it names nothing of the GUP API (so
// tolerant mode does not even lower its functions)
const driverB = `int bad_unrelated(void)
{
	return 1;
}
`

func smallTree(t *testing.T) string {
	return testtree.Dir(t, map[string]string{
		"mm/gup.c":          gupC,
		"drivers/a/a.c":     driverA,
		"drivers/b/b.c":     driverB,
		"Documentation/x.c": driverA, // never walked
	})
}

type result struct {
	code           int
	stdout, stderr string
}

func runCmd(t *testing.T, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(args, &out, &errb)
	return result{code, out.String(), errb.String()}
}

func lines(s string) []string {
	s = strings.TrimRight(s, "\n")
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

func TestFindingsText(t *testing.T) {
	withAnalyzers(t, testRule)
	dir := smallTree(t)
	r := runCmd(t, "-C", dir)
	if r.code != exitFindings {
		t.Fatalf("exit %d, want 1; stderr:\n%s", r.code, r.stderr)
	}
	want := "drivers/a/a.c:1:6: function bad_pin is bad [testrule]\n" +
		"\tdrivers/a/a.c:1:6: named here\n" +
		"drivers/a/a.c:11:5: function bad_again is bad [testrule]\n" +
		"\tdrivers/a/a.c:11:5: named here\n"
	if r.stdout != want {
		t.Errorf("stdout:\n%s\nwant:\n%s", r.stdout, want)
	}
	if r.stderr != "" {
		t.Errorf("stderr not empty:\n%s", r.stderr)
	}
	// stable whatever the parallelism
	for _, j := range []string{"1", "3"} {
		if r2 := runCmd(t, "-C", dir, "-j", j); r2.stdout != r.stdout || r2.code != r.code {
			t.Errorf("-j %s: exit %d, output:\n%s", j, r2.code, r2.stdout)
		}
	}
}

func TestExplicitPaths(t *testing.T) {
	withAnalyzers(t, testRule)
	dir := smallTree(t)
	// a file named explicitly is analysed even if the prefilter would drop it
	r := runCmd(t, "-C", dir, "-v", "drivers/b/b.c")
	if r.code != exitClean || !strings.Contains(r.stderr, "1 file(s) to analyse") || !strings.Contains(r.stderr, "gupvet: drivers/b/b.c: tolerant") {
		t.Errorf("exit %d, stdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
	}
	// a directory is filtered
	r = runCmd(t, "-C", dir, "drivers/b")
	if r.code != exitClean || r.stdout != "" {
		t.Errorf("drivers/b: exit %d, stdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
	}
	// an absolute path inside the tree is fine
	r = runCmd(t, "-C", dir, filepath.Join(dir, "drivers"))
	if r.code != exitFindings || len(lines(r.stdout)) != 4 {
		t.Errorf("absolute path: exit %d, stdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
	}
}

func TestNoFindings(t *testing.T) {
	withAnalyzers(t, testRule)
	dir := testtree.Dir(t, map[string]string{
		"mm/gup.c":      gupC,
		"drivers/a/a.c": strings.ReplaceAll(driverA, "bad_", "good_"),
	})
	r := runCmd(t, "-C", dir)
	if r.code != exitClean || r.stdout != "" || r.stderr != "" {
		t.Errorf("exit %d, stdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
	}
	r = runCmd(t, "-C", dir, "-json")
	if r.code != exitClean || strings.TrimSpace(r.stdout) != "{}" {
		t.Errorf("-json: exit %d, stdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
	}
}

func TestJSON(t *testing.T) {
	withAnalyzers(t, testRule)
	dir := smallTree(t)
	r := runCmd(t, "-C", dir, "-json")
	if r.code != exitFindings {
		t.Fatalf("exit %d, want 1; stderr:\n%s", r.code, r.stderr)
	}
	// the go vet -json shape
	var doc map[string]map[string][]struct {
		Category       string `json:"category"`
		Posn           string `json:"posn"`
		End            string `json:"end"`
		Message        string `json:"message"`
		SuggestedFixes []struct {
			Message string `json:"message"`
			Edits   []struct {
				Filename string `json:"filename"`
				Start    int    `json:"start"`
				End      int    `json:"end"`
				New      string `json:"new"`
			} `json:"edits"`
		} `json:"suggested_fixes"`
		Related []struct {
			Posn    string `json:"posn"`
			End     string `json:"end"`
			Message string `json:"message"`
		} `json:"related"`
	}
	dec := json.NewDecoder(strings.NewReader(r.stdout))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&doc); err != nil {
		t.Fatalf("stdout is not the go vet JSON shape: %v\n%s", err, r.stdout)
	}
	if dec.More() {
		t.Errorf("more than one JSON document on stdout")
	}
	if len(doc) != 1 || len(doc["drivers/a/a.c"]) != 1 {
		t.Fatalf("want one unit drivers/a/a.c with one analyzer, got:\n%s", r.stdout)
	}
	diags := doc["drivers/a/a.c"]["testrule"]
	if len(diags) != 2 {
		t.Fatalf("want 2 diagnostics, got %d:\n%s", len(diags), r.stdout)
	}
	src, _ := os.ReadFile(filepath.Join(dir, "drivers/a/a.c"))
	posRx := regexp.MustCompile(`^drivers/a/a\.c:\d+:\d+$`)
	d := diags[0]
	if d.Posn != "drivers/a/a.c:1:6" || d.End != "drivers/a/a.c:1:13" || d.Category != "naming" || d.Message != "function bad_pin is bad" {
		t.Errorf("diagnostic: %+v", d)
	}
	for _, d := range diags {
		if !posRx.MatchString(d.Posn) || !posRx.MatchString(d.End) {
			t.Errorf("posn %q end %q: not path:line:col", d.Posn, d.End)
		}
		if len(d.Related) != 1 || d.Related[0].Posn != d.Posn || d.Related[0].Message != "named here" {
			t.Errorf("related: %+v", d.Related)
		}
		if len(d.SuggestedFixes) != 1 || len(d.SuggestedFixes[0].Edits) != 1 {
			t.Fatalf("suggested_fixes: %+v", d.SuggestedFixes)
		}
		e := d.SuggestedFixes[0].Edits[0]
		if e.Filename != "drivers/a/a.c" || e.End-e.Start != 4 || string(src[e.Start:e.End]) != "bad_" || e.New != "good_" {
			t.Errorf("edit %+v does not cover bad_ (byte offsets)", e)
		}
	}
	if r.stderr != "" {
		t.Errorf("stderr:\n%s", r.stderr)
	}
}

func TestList(t *testing.T) {
	withAnalyzers(t, testRule, &analysis.Analyzer{Name: "other", Doc: "one line only", Run: testRule.Run})
	r := runCmd(t, "-list")
	want := `testrule: reports functions named bad_*

    A rule for the command's tests only.
    It exercises every part of a diagnostic.

    Second paragraph.

other: one line only
`
	if r.code != exitClean || r.stdout != want {
		t.Errorf("exit %d, stdout:\n%s\nwant:\n%s", r.code, r.stdout, want)
	}
}

func TestListRegistered(t *testing.T) {
	// the real registry: each rule has a name and a title
	r := runCmd(t, "-list")
	if r.code != exitClean {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	for _, a := range analyzers {
		if !strings.Contains(r.stdout, a.Name+": ") {
			t.Errorf("-list does not show %s:\n%s", a.Name, r.stdout)
		}
	}
}

func TestVersionAndHelp(t *testing.T) {
	for _, f := range []string{"-V", "-version"} {
		r := runCmd(t, f)
		if r.code != exitClean || !strings.HasPrefix(r.stdout, "gupvet version ") {
			t.Errorf("%s: exit %d, stdout %q", f, r.code, r.stdout)
		}
	}
	r := runCmd(t, "-h")
	if r.code != exitClean || !strings.HasPrefix(r.stdout, "usage: gupvet") {
		t.Errorf("-h: exit %d, stdout %q", r.code, r.stdout)
	}
}

// Bad usage: one line on stderr, nothing on stdout, exit 2.
func TestBadUsage(t *testing.T) {
	withAnalyzers(t, testRule)
	dir := smallTree(t)
	outside := t.TempDir()
	os.WriteFile(filepath.Join(outside, "o.c"), []byte(driverA), 0o644)
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"no such -C", []string{"-C", "/no/such/dir"}, "/no/such/dir"},
		{"-C is a file", []string{"-C", filepath.Join(dir, "mm/gup.c")}, "not a directory"},
		{"unknown flag", []string{"-C", dir, "-frobnicate"}, "frobnicate"},
		{"no such -O", []string{"-C", dir, "-O", "/no/such/obj"}, "/no/such/obj"},
		{"-O not configured", []string{"-C", dir, "-O", outside}, ".config"},
		{"bad -mode", []string{"-C", dir, "-mode", "sloppy"}, "sloppy"},
		{"bad -j", []string{"-C", dir, "-j", "0"}, "-j"},
		{"precise without objtree", []string{"-C", dir, "-mode", "precise"}, "precise"},
		{"-p without compile_commands.json", []string{"-C", dir, "-p", outside}, "-p"},
		{"-p no such dir", []string{"-C", dir, "-p", "/no/such/build"}, "/no/such/build"},
		{"-p malformed", []string{"-C", dir, "-p", testtree.Dir(t, map[string]string{"compile_commands.json": "[{\"file\": 3"})}, "compile_commands.json"},
		{"relative path outside", []string{"-C", dir, "../x.c"}, "outside the tree"},
		{"absolute path outside", []string{"-C", dir, filepath.Join(outside, "o.c")}, "outside the tree"},
		{"-review-fuzz alone", []string{"-C", dir, "-review-fuzz", "1"}, "-review-fuzz goes with -review"},
		{"negative -review-fuzz", []string{"-C", dir, "-review", "x.patch", "-review-fuzz", "-2"}, "-review-fuzz -2"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := runCmd(t, tc.args...)
			if r.code != exitTrouble {
				t.Errorf("exit %d, want 2", r.code)
			}
			if r.stdout != "" {
				t.Errorf("stdout not empty: %q", r.stdout)
			}
			if l := lines(r.stderr); len(l) != 1 || !strings.HasPrefix(l[0], "gupvet: ") || !strings.Contains(l[0], tc.want) {
				t.Errorf("stderr %q: want one line mentioning %q", r.stderr, tc.want)
			}
		})
	}
}

// A file that cannot be analysed is listed on stderr with its reason; the
// others are still analysed and reported; the exit status is 2.
func TestUnparsableFile(t *testing.T) {
	withAnalyzers(t, testRule)
	dir := smallTree(t)
	if err := os.WriteFile(filepath.Join(dir, "x.c"), []byte("\x7fELF\x00\x00\x01get_user_pages\x00"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"-C", dir, "x.c", "drivers/a/a.c"},
		{"-C", dir, "-json", "x.c", "drivers/a/a.c"},
	} {
		r := runCmd(t, args...)
		if r.code != exitTrouble {
			t.Errorf("%v: exit %d, want 2", args, r.code)
		}
		if !strings.Contains(r.stdout, "function bad_pin is bad") {
			t.Errorf("%v: the other file was not reported:\n%s", args, r.stdout)
		}
		l := lines(r.stderr)
		if len(l) != 1 || !strings.HasPrefix(l[0], "x.c: ") || !strings.Contains(l[0], "NUL") {
			t.Errorf("%v: stderr %q: want one line \"x.c: reason\"", args, r.stderr)
		}
	}
}

// A file that cannot be read (a path that does not exist, a dangling
// symlink, a file without read permission) is listed with its reason; the other files
// are analysed; the exit status is 2.
func TestUnreadableFiles(t *testing.T) {
	withAnalyzers(t, testRule)
	dir := smallTree(t)
	if err := os.Symlink("/no/such/target.c", filepath.Join(dir, "dangling.c")); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ path, want string }{
		{"dangling.c", "dangling.c: no such file or directory"},
		{"drivers/nope.c", "drivers/nope.c: no such file or directory"},
	} {
		r := runCmd(t, "-C", dir, tc.path, "drivers/a/a.c")
		if r.code != exitTrouble {
			t.Errorf("%s: exit %d, want 2", tc.path, r.code)
		}
		if !strings.Contains(r.stdout, "function bad_pin is bad") {
			t.Errorf("%s: the other file was not reported:\n%s", tc.path, r.stdout)
		}
		if l := lines(r.stderr); len(l) != 1 || !strings.Contains(l[0], tc.want) {
			t.Errorf("%s: stderr %q: want one line mentioning %q", tc.path, r.stderr, tc.want)
		}
	}

	// no read permission: root reads it anyway, so then it is analysed
	secret := filepath.Join(dir, "drivers/a/secret.c")
	if err := os.WriteFile(secret, []byte(strings.ReplaceAll(driverA, "bad_pin", "bad_secret")), 0o000); err != nil {
		t.Fatal(err)
	}
	r := runCmd(t, "-C", dir, "drivers/a")
	if os.Geteuid() == 0 {
		if r.code != exitFindings || !strings.Contains(r.stdout, "bad_secret") {
			t.Errorf("as root: exit %d, stdout %q: want the unreadable-for-others file analysed", r.code, r.stdout)
		}
	} else {
		if r.code != exitTrouble || !strings.Contains(r.stderr, "permission denied") || !strings.Contains(r.stdout, "bad_pin") {
			t.Errorf("exit %d, stdout %q, stderr %q: want secret.c reported as unreadable, a.c analysed, exit 2", r.code, r.stdout, r.stderr)
		}
	}
}

func TestVerbose(t *testing.T) {
	withAnalyzers(t, testRule)
	dir := smallTree(t)
	r := runCmd(t, "-C", dir, "-v", "drivers/a")
	if r.code != exitFindings {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	// the finding, then the notes -v adds
	wantAll(t, r.stdout, "bad_pin")
	wantAll(t, r.stderr,
		"mode tolerant (auto",
		"1 file(s) to analyse; context: mm/gup.c",
		"gupvet: drivers/a/a.c: tolerant\n",
		"gupvet: mm/gup.c: tolerant, context: facts only\n",
	)
}

func TestModeSelection(t *testing.T) {
	dir := smallTree(t)
	obj := testtree.Dir(t, map[string]string{".config": "CONFIG_MMU=y\n", "include/generated/autoconf.h": ""})
	inTree := testtree.Dir(t, map[string]string{"mm/gup.c": gupC, ".config": "CONFIG_MMU=y\n", "include/generated/autoconf.h": ""})
	compdb := testtree.Dir(t, map[string]string{"compile_commands.json": `[{"directory": "` + dir + `", "file": "drivers/a/a.c", "arguments": ["gcc", "-Iinclude", "-c", "drivers/a/a.c"]}]`})
	for _, tc := range []struct {
		name     string
		o        options
		mode     cparse.Mode
		obj      string
		inWhy    string
		noObjErr bool
	}{
		{"plain tree", options{dir: dir, mode: "auto"}, cparse.Tolerant, "", "no object tree", false},
		{"-O", options{dir: dir, obj: obj, mode: "auto"}, cparse.Precise, obj, "(-O)", false},
		{"-O tolerant", options{dir: dir, obj: obj, mode: "tolerant"}, cparse.Tolerant, obj, "(-mode)", false},
		{"in-tree build", options{dir: inTree, mode: "auto"}, cparse.Precise, inTree, "in-tree build", false},
		{"in-tree build, precise", options{dir: inTree, mode: "precise"}, cparse.Precise, inTree, "in-tree build", false},
		{"-p", options{dir: dir, compdb: compdb, mode: "auto"}, cparse.Precise, "", "(-p)", false},
		{"-p the file", options{dir: dir, compdb: filepath.Join(compdb, "compile_commands.json"), mode: "precise"}, cparse.Precise, "", "(-p)", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.o.jobs = 2
			p, err := makePlan(&tc.o, nil)
			if err != nil {
				t.Fatal(err)
			}
			if p.mode != tc.mode || p.tree.Obj != tc.obj || !strings.Contains(p.why, tc.inWhy) {
				t.Errorf("mode %v obj %q why %q; want %v %q %q", p.mode, p.tree.Obj, p.why, tc.mode, tc.obj, tc.inWhy)
			}
			if len(p.context) != 1 || p.context[0] != "mm/gup.c" {
				t.Errorf("context %v, want [mm/gup.c]", p.context)
			}
		})
	}
	// no mm/gup.c: no context
	p, err := makePlan(&options{dir: testtree.Dir(t, map[string]string{"a.c": driverA}), mode: "auto", jobs: 1}, nil)
	if err != nil || len(p.context) != 0 || len(p.files) != 1 {
		t.Errorf("plan %+v, err %v", p, err)
	}
}

func TestSplitDoc(t *testing.T) {
	for _, tc := range []struct{ doc, title, rest string }{
		{"one line", "one line", ""},
		{"name: title\nwrapped\n\nbody\nmore", "title wrapped", "body\nmore"},
		{"title\n\n\n\nbody", "title", "body"},
	} {
		title, rest := splitDoc("name", tc.doc)
		if title != tc.title || rest != tc.rest {
			t.Errorf("splitDoc(%q) = %q, %q; want %q, %q", tc.doc, title, rest, tc.title, tc.rest)
		}
	}
}

func TestNoProgressWhenNotATerminal(t *testing.T) {
	var b bytes.Buffer
	p := newProgress(&b)
	p.start = p.start.Add(-10e9)
	for i := 1; i <= 100; i++ {
		p.update(i, 100, "f.c")
	}
	p.done()
	if b.Len() != 0 {
		t.Errorf("progress printed to a non-terminal: %q", b.String())
	}
}

func TestDropOtherArches(t *testing.T) {
	files := []string{"arch/powerpc/kvm/a.c", "arch/x86/kvm/b.c", "arch/s390/c.c", "mm/gup.c", "virt/kvm/kvm_main.c"}
	for _, tc := range []struct {
		paths         []string
		kept, dropped string
	}{
		{nil, "arch/x86/kvm/b.c mm/gup.c virt/kvm/kvm_main.c", "arch/powerpc/kvm/a.c arch/s390/c.c"},
		{[]string{"arch"}, "arch/x86/kvm/b.c mm/gup.c virt/kvm/kvm_main.c", "arch/powerpc/kvm/a.c arch/s390/c.c"},
		{[]string{"arch/powerpc"}, "arch/powerpc/kvm/a.c arch/x86/kvm/b.c mm/gup.c virt/kvm/kvm_main.c", "arch/s390/c.c"},
		{[]string{"arch/s390/c.c"}, "arch/x86/kvm/b.c arch/s390/c.c mm/gup.c virt/kvm/kvm_main.c", "arch/powerpc/kvm/a.c"},
	} {
		kept, dropped := dropOtherArches("x86", files, tc.paths)
		if strings.Join(kept, " ") != tc.kept || strings.Join(dropped, " ") != tc.dropped {
			t.Errorf("paths %v: kept %v dropped %v; want %s / %s", tc.paths, kept, dropped, tc.kept, tc.dropped)
		}
	}

	// only in precise mode
	dir := testtree.Dir(t, map[string]string{
		"mm/gup.c":               gupC,
		"arch/powerpc/kvm/hv.c":  driverA,
		"arch/x86/kvm/mmu/mmu.c": driverA,
	})
	obj := testtree.Dir(t, map[string]string{".config": "CONFIG_MMU=y\n", "include/generated/autoconf.h": ""})
	for _, tc := range []struct {
		mode, files string
	}{
		{"tolerant", "arch/powerpc/kvm/hv.c arch/x86/kvm/mmu/mmu.c mm/gup.c"},
		{"precise", "arch/x86/kvm/mmu/mmu.c mm/gup.c"},
	} {
		p, err := makePlan(&options{dir: dir, obj: obj, mode: tc.mode, jobs: 1}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(p.files, " "); got != tc.files {
			t.Errorf("-mode %s: files %q, want %q", tc.mode, got, tc.files)
		}
	}
}

// wantAll reports, as a test error, each of wants that out (a run's
// stdout or stderr) lacks.
func wantAll(t *testing.T, out string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(out, w) {
			t.Errorf("no %q in:\n%s", w, out)
		}
	}
}
