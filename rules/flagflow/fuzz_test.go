package flagflow

import "testing"
import "time"

import "golang.org/x/tools/go/analysis"

import "gupvet/analyzer"
import "gupvet/analyzer/fuzztest"
import "gupvet/cparse"
import "gupvet/internal/testtree"

func TestMain(m *testing.M) { fuzztest.Main(m) }

// FuzzFlagFlow runs the flag analysis over arbitrary C that parses: it must
// end, and not crash, whatever the control flow (gotos, switches, loops,
// deep expressions) and whatever the calls.
func FuzzFlagFlow(f *testing.F) {
	testtree.Seed(f, fixtureC...)
	f.Add([]byte("void f(int *l, unsigned g) { again: if (g & FOLL_NOWAIT) goto again; switch (g) { case 1: g |= FOLL_WRITE; default: break; } faultin_page_range(0, 0, 0, 0, g ? l : 0); }"))
	tree, model := demoModel(f)
	gup, err := tree.Parse("mm/gup.c", analyzer.NeedsOf([]*analysis.Analyzer{Analyzer}).Options(cparse.Tolerant, false))
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		// half the inputs are read whole: most random text names no GUP
		// word, and tolerant mode would not parse it
		u := fuzztest.Parse(t, src, analyzer.NeedsOf([]*analysis.Analyzer{Analyzer}).Options(cparse.Tolerant, len(src)%2 == 0))
		if u == nil {
			return
		}
		p, err := BuildWith(model, []*cparse.Unit{gup, u})
		if err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		for _, fd := range p.Funcs(u.Path) {
			p.Resolve(fd)
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Fatalf("analysis took %v", d)
		}
	})
}
