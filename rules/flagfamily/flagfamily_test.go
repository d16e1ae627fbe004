package flagfamily_test

import "regexp"
import "slices"
import "testing"

import "golang.org/x/tools/go/analysis"

import "gupvet/analyzer"
import "gupvet/analyzer/analysistest"
import "gupvet/cparse"
import "gupvet/rules/flagfamily"
import "gupvet/rules/report"

const demo = "../../testdata/demo"

var fixtures = []string{"drivers/ff/direct.c", "drivers/ff/wrappers.c", "drivers/ff/fault.c"}

// The layer of testdata: src, the fixtures, over the demo tree (6.12).
func TestRule(t *testing.T) {
	analysistest.RunTestdata(t, flagfamily.Analyzer)
}

// Every function of the fixtures is read (tolerant mode blanks those that
// cannot reach the GUP API or a fault handler): a clean twin that was not
// read would pass vacuously.
func TestFixturesRead(t *testing.T) {
	tree := analysistest.Overlay(t, demo, "testdata/src")
	tr, err := cparse.NewTree(tree, "")
	if err != nil {
		t.Fatal(err)
	}
	opts := analyzer.NeedsOf([]*analysis.Analyzer{flagfamily.Analyzer}).Options(cparse.Tolerant, false)
	defRx := regexp.MustCompile(`(?m)^[a-z].*\b(ff_\w+)\(`)
	for _, f := range fixtures {
		b, err := tr.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		u, err := tr.Parse(f, opts)
		if err != nil {
			t.Fatal(err)
		}
		read := map[string]bool{}
		for _, fn := range u.Funcs {
			read[fn.Name] = true
		}
		for _, m := range defRx.FindAllStringSubmatch(string(b), -1) {
			if !read[m[1]] {
				t.Errorf("%s: %s was not read", f, m[1])
			}
		}
	}
}

// A value coinciding with the flag it stands for is a warning, any other
// an error (SARIF's level); the path to the call is in the related
// positions, the member it travelled in included.
func TestSeverityAndRelated(t *testing.T) {
	tree := analysistest.Overlay(t, demo, "testdata/src")
	res := analysistest.Collect(t, tree, cparse.Tolerant, flagfamily.Analyzer, fixtures...)
	type want struct {
		level   string
		related []string // "file:line: message", in order
	}
	wants := map[string]want{
		"drivers/ff/direct.c:11": {"warning", []string{"drivers/ff/direct.c:11: get_user_pages gets FAULT_FLAG_WRITE in its FOLL_ flags here"}},
		"drivers/ff/direct.c:22": {"error", nil},
		"drivers/ff/direct.c:88": {"warning", nil},
		"drivers/ff/fault.c:22":  {"error", nil},
		"drivers/ff/wrappers.c:54": {"warning", []string{
			"drivers/ff/wrappers.c:57: ff_member passes it to ff_follow_pfn here",
			"drivers/ff/wrappers.c:45: FAULT_FLAG_WRITE is stored in ff_follow.flags here",
			"drivers/ff/wrappers.c:38: get_user_pages_unlocked gets FAULT_FLAG_WRITE in its FOLL_ flags here",
		}},
		"drivers/ff/fault.c:50": {"warning", []string{
			"drivers/ff/fault.c:51: ff_gmap_fault gets FOLL_WRITE here, for the fault flags of fixup_user_fault",
			"drivers/ff/fault.c:42: ff_gmap_fault passes them to fixup_user_fault here",
		}},
	}
	for k, w := range wants {
		f, ok := analysistest.FindingAt(res, k)
		if !ok {
			t.Errorf("no finding at %s", k)
			continue
		}
		if got := report.SeverityOfCategory(flagfamily.Analyzer, f.Diag.Category).SARIF(); got != w.level {
			t.Errorf("%s: level %s (category %q), want %s", k, got, f.Diag.Category, w.level)
		}
		if w.related == nil {
			continue
		}
		got := analysistest.RelatedLines(res, f)
		if !slices.Equal(got, w.related) {
			t.Errorf("%s: related %q\nwant %q", k, got, w.related)
		}
	}
}
