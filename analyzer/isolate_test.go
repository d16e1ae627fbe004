package analyzer_test

import "fmt"
import "go/token"
import "os"
import "reflect"
import "strings"
import "testing"
import "time"

import "golang.org/x/tools/go/analysis"

import "gupvet/analyzer"
import "gupvet/cparse"
import "gupvet/internal/testtree"
import "gupvet/rules/all"

// The test binary doubles as the parse worker.
func TestMain(m *testing.M) {
	if os.Getenv("GUPVET_TEST_WORKER") == "1" {
		os.Exit(analyzer.ServeWorker(os.Stdin, os.Stdout))
	}
	os.Exit(m.Run())
}

func isolation(mem int64) *analyzer.Isolation {
	return &analyzer.Isolation{Command: []string{os.Args[0]}, Env: []string{"GUPVET_TEST_WORKER=1"}, MemoryLimit: mem}
}

func findings(t *testing.T, cfg analyzer.Config, files, context []string) ([]string, *analyzer.Result) {
	t.Helper()
	cfg.Analyzers = all.Analyzers
	res, err := analyzer.Run(cfg, files, context)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, f := range res.Findings {
		out = append(out, f.Posn.String()+" "+f.Diag.Message)
	}
	return out, res
}

func TestIsolatedSameFindings(t *testing.T) {
	tr, err := cparse.NewTree("../testdata/demo", "")
	if err != nil {
		t.Fatal(err)
	}
	files := []string{"virt/kvm/kvm_main.c", "mm/madvise.c", "drivers/demo/clean.c"}
	in, _ := findings(t, analyzer.Config{Tree: tr, Mode: cparse.Tolerant}, files, []string{"mm/gup.c"})
	iso, _ := findings(t, analyzer.Config{Tree: tr, Mode: cparse.Tolerant, Isolation: isolation(0)}, files, []string{"mm/gup.c"})
	if len(in) != 2 || !reflect.DeepEqual(in, iso) {
		t.Fatalf("in process %v\nisolated %v", in, iso)
	}
}

// A file on which cc/v4 never finishes (testdata/runaway.c: the demo's
// kvm_main.c with its first comment opener lost, found by FuzzFlagFlow) is
// killed at its time or memory limit and reported; the other files are
// analysed.
func TestIsolatedRunaway(t *testing.T) {
	runaway, err := os.ReadFile("testdata/runaway.c")
	if err != nil {
		t.Fatal(err)
	}
	dir := testtree.Dir(t, map[string]string{
		"drv/loop.c": string(runaway),
		"drv/ok.c":   "long f(unsigned long a, struct page **p)\n{\n\treturn get_user_pages_unlocked(a, 1, p, FOLL_NOWAIT);\n}\n",
	})
	tr, err := cparse.NewTree(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	copyDemoHeaders(t, dir)
	start := time.Now()
	got, res := findings(t, analyzer.Config{Tree: tr, Mode: cparse.Tolerant, Isolation: isolation(256 << 20), FileTimeout: 20 * time.Second},
		[]string{"drv/loop.c", "drv/ok.c"}, nil)
	if time.Since(start) > time.Minute {
		t.Errorf("took %v", time.Since(start))
	}
	if len(got) != 1 || !strings.Contains(got[0], "drv/ok.c:3") {
		t.Errorf("findings %v: want the one in drv/ok.c", got)
	}
	if len(res.Errors) != 1 || res.Errors[0].Path != "drv/loop.c" {
		t.Fatalf("errors %v: want drv/loop.c reported", res.Errors)
	}
	if msg := res.Errors[0].Err.Error(); !strings.Contains(msg, "out of memory") && !strings.Contains(msg, "timed out") {
		t.Errorf("drv/loop.c: %q, want a memory or time limit", msg)
	}
}

// copyDemoHeaders gives a test tree the demo's FOLL_ definitions.
func copyDemoHeaders(t *testing.T, dir string) {
	t.Helper()
	for _, p := range []string{"Makefile", "include/linux/mm_types.h", "mm/internal.h"} {
		b, err := os.ReadFile("../testdata/demo/" + p)
		if err != nil {
			t.Fatal(err)
		}
		full := dir + "/" + p
		os.MkdirAll(full[:strings.LastIndex(full, "/")], 0o755)
		if err := os.WriteFile(full, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// The same findings, in the same order, whatever the number of workers.
func TestDeterministicJobs(t *testing.T) {
	tr, err := cparse.NewTree("../testdata/demo", "")
	if err != nil {
		t.Fatal(err)
	}
	files := []string{"drivers/demo/clean.c", "mm/gup.c", "mm/madvise.c", "virt/kvm/kvm_main.c"}
	var prev []string
	for _, j := range []int{1, 2, 4} {
		for _, iso := range []*analyzer.Isolation{nil, isolation(0)} {
			got, _ := findings(t, analyzer.Config{Tree: tr, Mode: cparse.Tolerant, Jobs: j, Isolation: iso}, files, nil)
			if prev != nil && !reflect.DeepEqual(got, prev) {
				t.Fatalf("-j %d: %v\nwant %v", j, got, prev)
			}
			prev = got
		}
	}
	if len(prev) != 2 {
		t.Fatalf("demo: %d findings, want 2", len(prev))
	}
}

// The same finding reached twice (a header function analysed with two
// units) is reported once, and the slice is shortened.
func TestSortFindingsDedupes(t *testing.T) {
	a := &analysis.Analyzer{Name: "r"}
	f := func(file string, line int, msg string) analyzer.Finding {
		return analyzer.Finding{Analyzer: a, Posn: token.Position{Filename: file, Line: line}, Diag: analysis.Diagnostic{Message: msg}}
	}
	got := analyzer.SortFindings([]analyzer.Finding{f("b.c", 1, "x"), f("a.h", 2, "y"), f("a.h", 2, "y"), f("a.c", 3, "z")})
	var s []string
	for _, g := range got {
		s = append(s, fmt.Sprintf("%s:%d %s", g.Posn.Filename, g.Posn.Line, g.Diag.Message))
	}
	if want := "a.c:3 z,a.h:2 y,b.c:1 x"; strings.Join(s, ",") != want {
		t.Errorf("got %v, want %s", s, want)
	}
}

// What tolerant mode gave up reaches the run's result as data, the same
// from a worker process, in process and from the cache: a later account
// of GUP call sites not analysed reads it.
func TestLostRegions(t *testing.T) {
	dir := testtree.Dir(t, map[string]string{
		// the first function has a statement cc/v4 cannot read without
		// the global headers (an unknown annotation before a call)
		"drv/lost.c": "long lost(unsigned long a, struct page **p)\n{\n\tstruct x y UNKNOWN_ATTR(3) = 1;\n\treturn get_user_pages_fast(a, 1, 0, p);\n}\n\n" +
			"long kept(unsigned long a, struct page **p)\n{\n\treturn pin_user_pages_fast(a, 1, FOLL_LONGTERM, p);\n}\n",
	})
	tr, err := cparse.NewTree(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	copyDemoHeaders(t, dir)
	want := []cparse.LineRange{{File: "drv/lost.c", From: 1, To: 5}}
	cache := &analyzer.Cache{Dir: t.TempDir()}
	for _, c := range []struct {
		name string
		cfg  analyzer.Config
	}{
		{"in process", analyzer.Config{Tree: tr, Mode: cparse.Tolerant}},
		{"worker, cold cache", analyzer.Config{Tree: tr, Mode: cparse.Tolerant, Isolation: isolation(0), Cache: cache}},
		{"warm cache", analyzer.Config{Tree: tr, Mode: cparse.Tolerant, Cache: cache}},
	} {
		_, res := findings(t, c.cfg, []string{"drv/lost.c"}, nil)
		var got []cparse.LineRange
		for _, u := range res.Units {
			if u.Path == "drv/lost.c" {
				got = u.Lost
			}
		}
		if len(got) != 1 || got[0].File != want[0].File || got[0].From != want[0].From || got[0].To != want[0].To || got[0].Why == "" {
			t.Errorf("%s: lost %+v, want %+v with a reason", c.name, got, want)
		}
	}
}
