package analyzer_test

import "strings"
import "testing"

import "golang.org/x/tools/go/analysis"

import "gupvet/analyzer"
import "gupvet/cparse"
import "gupvet/rules/all"
import "gupvet/rules/callsites"

// A file none of whose own functions can reach the GUP API, included a
// local header whose inline function can, is read only when no other
// unit reads that header (cparse.Options.DeferHeaderOnly): the first such
// file in path order, then none. The header's GUP call is found either
// way, once.
func TestHeaderOnlyRead(t *testing.T) {
	// the demo tree gives the API model (mm/gup.c, include/linux); the
	// driver's files are in the tree's overlay
	tr, err := cparse.NewTree("../testdata/demo", "")
	if err != nil {
		t.Fatal(err)
	}
	for p, text := range map[string]string{
		"drivers/x/wrap.h": "#include <linux/mm.h>\n" +
			"static inline long x_pin(unsigned long a, struct page **p) { return get_user_pages_unlocked(a, 1, p, FOLL_NOWAIT); }\n",
		"drivers/x/a.c": "#include \"wrap.h\"\nint a_only(int x) { return x; }\n",
		"drivers/x/b.c": "#include \"wrap.h\"\nint b_only(int x) { return x + 1; }\n",
		"drivers/x/c.c": "#include \"wrap.h\"\nlong c_pins(unsigned long a, struct page **p) { return x_pin(a, p); }\n",
	} {
		tr.SetOverlay(tr.Abs(p), []byte(text))
	}
	for _, c := range []struct {
		files  []string
		parsed []string // the others are left unparsed
		sites  int
	}{
		{[]string{"drivers/x/b.c", "drivers/x/a.c"}, []string{"drivers/x/a.c"}, 1},
		{[]string{"drivers/x/b.c"}, []string{"drivers/x/b.c"}, 1},
		{[]string{"drivers/x/a.c", "drivers/x/b.c", "drivers/x/c.c"}, []string{"drivers/x/c.c"}, 1},
	} {
		res, err := analyzer.Run(analyzer.Config{Tree: tr, Mode: cparse.Tolerant, Analyzers: all.Analyzers, Collect: []*analysis.Analyzer{callsites.Analyzer}}, c.files, nil)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]bool{}
		for _, p := range c.parsed {
			want[p] = true
		}
		for _, u := range res.Units {
			if u.Context {
				continue // mm/gup.c
			}
			deferred := false
			for _, n := range u.Notes {
				deferred = deferred || strings.Contains(n, "only functions of its local headers")
			}
			if deferred == want[u.Path] {
				t.Errorf("%v: %s parsed %v, want %v (notes %q)", c.files, u.Path, !deferred, want[u.Path], u.Notes)
			}
		}
		n := 0
		for _, r := range res.Collected[callsites.Analyzer] {
			for _, s := range r.Value.(*callsites.Result).Sites {
				if strings.HasSuffix(s.Pos.File, "wrap.h") && s.Entry == "get_user_pages_unlocked" {
					n++
				}
			}
		}
		if n != c.sites {
			t.Errorf("%v: %d GUP call site(s) in wrap.h, want %d", c.files, n, c.sites)
		}
	}
}
