package analysistest_test

import "fmt"
import "maps"
import "path/filepath"
import "reflect"
import "slices"
import "sort"
import "strings"
import "testing"

import "golang.org/x/tools/go/analysis"

import "gupvet/analyzer"
import "gupvet/analyzer/analysistest"
import "gupvet/cparse"

// recorder is a testing.TB that records what the harness reports instead
// of failing the test.
type recorder struct {
	testing.TB
	errs   []string
	fatals []string
}

func (r *recorder) Helper() {}
func (r *recorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}
func (r *recorder) Fatalf(format string, args ...any) {
	r.fatals = append(r.fatals, fmt.Sprintf(format, args...))
}

// expectErrors checks that the harness reported exactly the errors want,
// in any order, and nothing fatal.
func (r *recorder) expectErrors(t *testing.T, want ...string) {
	t.Helper()
	got := append([]string(nil), r.errs...)
	sort.Strings(got)
	want = append([]string(nil), want...)
	sort.Strings(want)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("harness reported:\n\t%s\nwant:\n\t%s", strings.Join(got, "\n\t"), strings.Join(want, "\n\t"))
	}
	if len(r.fatals) > 0 {
		t.Errorf("unexpected fatal errors: %q", r.fatals)
	}
}

// badcall is the harness's own test analyzer: it reports every call to a
// function named bad_call, saying how many arguments it has, with the
// enclosing function as related information.
var badcall = &analysis.Analyzer{
	Name:     "badcall",
	Doc:      "reports calls to bad_call (analysistest's own test analyzer)",
	Requires: []*analysis.Analyzer{analyzer.Unit, analyzer.Program},
	Run: func(pass *analysis.Pass) (any, error) {
		u := pass.ResultOf[analyzer.Unit].(*cparse.Unit)
		prog := pass.ResultOf[analyzer.Program].(*analyzer.ProgramData)
		for _, fn := range u.Funcs {
			cparse.Inspect(fn, func(n cparse.Node) bool {
				c, ok := n.(*cparse.Call)
				if !ok || c.CalleeName() != "bad_call" {
					return true
				}
				s := "s"
				if len(c.Args) == 1 {
					s = ""
				}
				pass.Report(analysis.Diagnostic{
					Pos:     prog.Pos(c.P),
					Message: fmt.Sprintf("bad_call with %d argument%s", len(c.Args), s),
					Related: []analysis.RelatedInformation{{Pos: prog.Pos(fn.P), Message: "in " + fn.Name}},
					SuggestedFixes: []analysis.SuggestedFix{{Message: "call good_call", TextEdits: []analysis.TextEdit{
						{Pos: prog.Pos(c.P), End: prog.Pos(c.P) + 3, NewText: []byte("good")}}}},
				})
				return true
			})
		}
		return nil, nil
	},
}

// The test analyzer looks at calls of bad_call: tolerant mode keeps the
// functions that call it.
func init() {
	analyzer.Declare(badcall, analyzer.Needs{Words: []string{"bad_call"}, Context: []string{"mm/gup.c"}})
}

func TestMatchedWants(t *testing.T) {
	res := analysistest.Run(t, "testdata/good", badcall, "drivers/a.c")
	if res == nil {
		t.Fatal("no result")
	}
	// 8 calls in drivers/a.c; mm/gup.c is context, so its call is not reported
	if got := len(res.Findings); got != 8 {
		for _, f := range res.Findings {
			t.Logf("%s: %s", f.Posn, f.Diag.Message)
		}
		t.Errorf("got %d findings, want 8", got)
	}
	var ctx []string
	for _, u := range res.Units {
		if u.Context {
			ctx = append(ctx, u.Path)
		}
	}
	if want := []string{"mm/gup.c"}; !reflect.DeepEqual(ctx, want) {
		t.Errorf("context units = %q, want %q", ctx, want)
	}
}

func TestGupAmongFiles(t *testing.T) {
	// listed, mm/gup.c is reported on and its want must be met
	res := analysistest.Run(t, "testdata/good", badcall, "drivers/a.c", "mm/gup.c")
	for _, u := range res.Units {
		if u.Context {
			t.Errorf("unit %s parsed as context although it was listed", u.Path)
		}
	}
}

func TestMismatches(t *testing.T) {
	r := &recorder{TB: t}
	analysistest.Run(r, "testdata/bad", badcall, "drivers/b.c")
	r.expectErrors(t,
		"drivers/b.c:9: unexpected diagnostic: bad_call with 1 argument",
		"drivers/b.c:10: no diagnostic was reported matching \"bad_call\"",
		"drivers/b.c:11: unexpected diagnostic: bad_call with 2 arguments",
		"drivers/b.c:11: no diagnostic was reported matching \"with 3 arguments\"",
		// one want, two diagnostics: the second is unexpected
		"drivers/b.c:12: unexpected diagnostic: bad_call with 1 argument",
	)
}

func TestFileErrorsReported(t *testing.T) {
	r := &recorder{TB: t}
	res := analysistest.Run(r, "testdata/broken", badcall, "x.c")
	if res == nil {
		t.Fatalf("no result; fatals: %q", r.fatals)
	}
	if len(r.errs) != 1 || !strings.HasPrefix(r.errs[0], "x.c: ") {
		t.Errorf("harness reported %q, want one error for x.c", r.errs)
	}
}

func TestMissingTree(t *testing.T) {
	r := &recorder{TB: t}
	if res := analysistest.Run(r, "testdata/no-such-tree", badcall, "a.c"); res != nil {
		t.Errorf("got a result for a missing tree")
	}
	if len(r.fatals) != 1 {
		t.Errorf("fatals = %q, want one", r.fatals)
	}
}

func TestDiagnosticsAndRelated(t *testing.T) {
	fs := analysistest.Diagnostics(t, "testdata/good", badcall, "drivers/a.c")
	if len(fs) != 8 {
		t.Fatalf("got %d findings, want 8", len(fs))
	}
	if p := fs[0].Posn; p.Filename != "drivers/a.c" || p.Line != 13 {
		t.Errorf("first finding at %s, want drivers/a.c:13", p)
	}
	res := analysistest.Collect(t, "testdata/good", cparse.Tolerant, badcall, "drivers/a.c")
	rel := analysistest.Related(res, res.Findings[0])
	if len(rel) != 1 || rel[0].Filename != "drivers/a.c" || rel[0].Line != 11 {
		t.Errorf("related = %v, want drivers/a.c:11 (function one)", rel)
	}
	if got, want := analysistest.RelatedLines(res, res.Findings[0]), []string{"drivers/a.c:11: in one"}; !reflect.DeepEqual(got, want) {
		t.Errorf("RelatedLines = %q, want %q", got, want)
	}
	if f, ok := analysistest.FindingAt(res, "drivers/a.c:19"); !ok || f.Diag.Message != "bad_call with 2 arguments" {
		t.Errorf("FindingAt(drivers/a.c:19) = %q, %v; want the finding with 2 arguments", f.Diag.Message, ok)
	}
	if got, want := analysistest.RelatedAt(t, res, "drivers/a.c:19"), []string{"drivers/a.c:17: in block_form"}; !reflect.DeepEqual(got, want) {
		t.Errorf("RelatedAt = %q, want %q", got, want)
	}
	r := &recorder{TB: t}
	if got := analysistest.RelatedAt(r, res, "drivers/a.c:12"); got != nil {
		t.Errorf("RelatedAt a line without a finding = %q", got)
	}
	r.expectErrors(t, "no finding at drivers/a.c:12")
}

func TestParseWant(t *testing.T) {
	for _, tc := range []struct {
		text string
		want []string
		err  bool
	}{
		{` want "a" `, []string{"a"}, false},
		{`want "a\\.b" ` + "`c.d`", []string{`a\.b`, "c.d"}, false},
		{`want"x"`, []string{"x"}, false},
		{`wanted: nothing`, nil, false},
		{`we want "x"`, nil, false},
		{`note // want "x"`, []string{"x"}, false},
		{`want x`, nil, true},
		{`want`, nil, true},
		{`want "unterminated`, nil, true},
		{`want "("`, nil, true},
	} {
		rxs, err := analysistest.ParseWant(tc.text)
		if (err != nil) != tc.err {
			t.Errorf("ParseWant(%q) error = %v, want error %v", tc.text, err, tc.err)
			continue
		}
		var got []string
		for _, rx := range rxs {
			got = append(got, rx.String())
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("ParseWant(%q) = %q, want %q", tc.text, got, tc.want)
		}
	}
}

func TestComments(t *testing.T) {
	src := "int a; // one\n" +
		"char *s = \"/* not */ // not\"; char c = '\"';\n" +
		"/* two\n   lines */ int b; /* three */\n" +
		"// four \\\n continued\n" +
		"int d; // five\n"
	var got []string
	for _, c := range analysistest.Comments([]byte(src)) {
		got = append(got, fmt.Sprintf("%d:%s", c.Line, strings.TrimSpace(c.Text)))
	}
	want := []string{"1:one", "3:two\n   lines", "4:three", "5:four \\\n continued", "7:five"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Comments = %q, want %q", got, want)
	}
}

// The fixes are applied and compared with the golden file; a golden file
// that says otherwise is reported.
func TestRunWithSuggestedFixes(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, "testdata/fix", badcall, "drivers/f.c")
	r := &recorder{TB: t}
	analysistest.RunWithSuggestedFixes(r, "testdata/fixwrong", badcall, "drivers/f.c")
	if len(r.errs) != 1 || !strings.Contains(r.errs[0], "drivers/f.c: after the suggested fixes:") || !strings.Contains(r.errs[0], "good_call(1)") {
		t.Errorf("a wrong golden file: harness reported %q", r.errs)
	}
}

// sharedTrees is the module's testdata, where the shared trees are.
const sharedTrees = "../../testdata"

// The layers of testdata/layered/testdata: src (over the module's demo
// tree) and v61 (over its v61 tree); neither the fuzz corpus, whose file
// has a want no run meets, nor stacked, which holds no .c file and has no
// shared tree, is a layer.
func TestLayers(t *testing.T) {
	got, err := analysistest.Layers("testdata/layered/testdata")
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"src", "v61"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Layers = %q, want %q", got, want)
	}
}

// RunTestdata, in a package directory whose testdata has layers, runs
// each layer as a subtest, all the .c files of a layer in one run.
func TestRunTestdata(t *testing.T) {
	t.Chdir("testdata/layered")
	res := analysistest.RunTestdata(t, badcall)
	if got := slices.Sorted(maps.Keys(res)); !reflect.DeepEqual(got, []string{"src", "v61"}) {
		t.Fatalf("layers run: %q, want src and v61", got)
	}
	for layer, want := range map[string][]string{
		"src": {"drivers/l/one.c", "mm/two.c"},
		"v61": {"drivers/l/old.c"},
	} {
		if res[layer] == nil {
			t.Errorf("%s: no result", layer)
			continue
		}
		var units []string
		for _, u := range res[layer].Units {
			if !u.Context {
				units = append(units, filepath.ToSlash(u.Path))
			}
		}
		sort.Strings(units)
		if !reflect.DeepEqual(units, want) {
			t.Errorf("%s: analysed %q, want %q", layer, units, want)
		}
		if len(res[layer].Findings) != len(want) {
			t.Errorf("%s: %d findings, want %d (one a file)", layer, len(res[layer].Findings), len(want))
		}
	}
}

// A layer's unmet wants and unexpected diagnostics are reported.
func TestRunLayerMismatches(t *testing.T) {
	r := &recorder{TB: t}
	if res := analysistest.RunLayer(r, "testdata/layered-bad/src", sharedTrees, badcall); res == nil {
		t.Fatalf("no result; fatals: %q", r.fatals)
	}
	r.expectErrors(t,
		"drivers/l/bad.c:9: unexpected diagnostic: bad_call with 1 argument",
		"drivers/l/bad.c:9: no diagnostic was reported matching \"with 2 arguments\"",
		"drivers/l/bad.c:10: no diagnostic was reported matching \"bad_call\"",
	)
}

// A layer without a shared tree of its name, or without .c files, is a
// fatal error: the test would not check what it says.
func TestRunLayerNotALayer(t *testing.T) {
	for _, tc := range []struct{ layer, shared, fatal string }{
		{"testdata/layered/testdata/src", "testdata/no-such-dir", "no shared tree"},
		{"testdata/layered/testdata/stacked", sharedTrees, "no shared tree"},
		// stacked over itself: a shared tree, no .c file
		{"testdata/layered/testdata/stacked", "testdata/layered/testdata", "no .c files"},
	} {
		r := &recorder{TB: t}
		if res := analysistest.RunLayer(r, tc.layer, tc.shared, badcall); res != nil {
			t.Errorf("%s: got a result", tc.layer)
		}
		if len(r.fatals) != 1 || !strings.Contains(r.fatals[0], tc.fatal) {
			t.Errorf("%s over %s: fatals %q, want one saying %q", tc.layer, tc.shared, r.fatals, tc.fatal)
		}
	}
}
