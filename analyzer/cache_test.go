package analyzer_test

import "os"
import "path/filepath"
import "reflect"
import "sync"
import "testing"
import "time"

import "gupvet/analyzer"
import "gupvet/cparse"
import "gupvet/internal/testtree"
import "gupvet/rules/all"

func openCache(t *testing.T) *analyzer.Cache {
	t.Helper()
	t.Setenv("GUPVET_CACHE_DIR", t.TempDir())
	c, err := analyzer.OpenCache()
	if err != nil || c == nil {
		t.Fatalf("OpenCache: %v %v", c, err)
	}
	return c
}

var opt = analyzer.NeedsOf(all.Analyzers).Options(cparse.Tolerant, false)

func TestCacheRoundTripAndInvalidation(t *testing.T) {
	dir := testtree.Dir(t, map[string]string{
		"drv/flags.h": "#define DRV_FLAGS (FOLL_WRITE | FOLL_FORCE)\n",
		"drv/a.c":     "#include \"flags.h\"\nlong f(unsigned long a, struct page **p)\n{\n\treturn get_user_pages(a, 1, DRV_FLAGS, p);\n}\n",
	})
	tr, err := cparse.NewTree(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	c := openCache(t)
	if u := c.Get(tr, "drv/a.c", opt); u != nil {
		t.Fatal("empty cache: got a unit")
	}
	u, err := tr.Parse("drv/a.c", opt)
	if err != nil || len(u.Funcs) != 1 {
		t.Fatalf("parse: %v %v", u, err)
	}
	c.Put(tr, "drv/a.c", opt, u)
	got := c.Get(tr, "drv/a.c", opt)
	if got == nil {
		t.Fatal("after Put: no unit")
	}
	if !reflect.DeepEqual(got.Funcs, u.Funcs) {
		t.Error("cached unit differs from the parsed one")
	}
	// another mode is another entry
	if c.Get(tr, "drv/a.c", cparse.Options{Mode: cparse.Precise}) != nil {
		t.Error("precise lookup hit a tolerant entry")
	}
	// a header the unit read changes: the entry must not be used (a new
	// Cache: hashes are memoised per run)
	if err := os.WriteFile(filepath.Join(dir, "drv/flags.h"), []byte("#define DRV_FLAGS (FOLL_WRITE | FOLL_NOWAIT)\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	c2 := &analyzer.Cache{Dir: c.Dir}
	if c2.Get(tr, "drv/a.c", opt) != nil {
		t.Error("header changed: cache returned the old unit")
	}
	// overlaid content is never stored nor served
	tr.SetOverlay("drv/a.c", []byte("long g(void) { return 0; }\n"))
	if c2.Get(tr, "drv/a.c", opt) != nil {
		t.Error("overlaid file served from the cache")
	}
}

func TestCacheOff(t *testing.T) {
	t.Setenv("GUPVET_CACHE_DIR", "off")
	c, err := analyzer.OpenCache()
	if c != nil || err != nil {
		t.Fatalf("GUPVET_CACHE_DIR=off: got %v, %v", c, err)
	}
	// a nil cache is usable and never hits
	if c.Get(nil, "x.c", opt) != nil {
		t.Fatal("nil cache hit")
	}
}

// Two runs sharing a cache directory at once, and a cold and a warm run,
// give the same findings.
func TestCacheConcurrentRunsSameFindings(t *testing.T) {
	dir := t.TempDir()
	tr, err := cparse.NewTree("../testdata/demo", "")
	if err != nil {
		t.Fatal(err)
	}
	files := []string{"virt/kvm/kvm_main.c", "mm/madvise.c", "drivers/demo/clean.c"}
	runOnce := func() []string {
		c := &analyzer.Cache{Dir: dir}
		res, err := analyzer.Run(analyzer.Config{Tree: tr, Mode: cparse.Tolerant, Analyzers: all.Analyzers, Cache: c}, files, nil)
		if err != nil {
			t.Error(err)
			return nil
		}
		var out []string
		for _, f := range res.Findings {
			out = append(out, f.Posn.String()+" "+f.Diag.Message)
		}
		return out
	}
	cold := runOnce()
	if len(cold) != 2 {
		t.Fatalf("demo: got %d findings, want 2: %v", len(cold), cold)
	}
	var wg sync.WaitGroup
	results := make([][]string, 4)
	for i := range results {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			results[i] = runOnce()
		}(i)
	}
	wg.Wait()
	for i, r := range results {
		if !reflect.DeepEqual(r, cold) {
			t.Errorf("run %d: %v, want %v", i, r, cold)
		}
	}
	left, _ := filepath.Glob(filepath.Join(dir, "units", "*", ".tmp-*"))
	if len(left) != 0 {
		t.Errorf("temporary files left in the cache: %v", left)
	}
}

// The prefilter remembers what files said; a changed file is read again,
// and a header that starts to mention a GUP word makes its includer a
// candidate.
func TestPrefilterScanCache(t *testing.T) {
	dir := testtree.Dir(t, map[string]string{
		"drv/a.c":     "#include \"local.h\"\nint a;\n",
		"drv/local.h": "int nothing_here;\n",
		"drv/b.c":     "long b(void) { return get_user_pages_fast(0, 1, 0, 0); }\n",
	})
	tr, err := cparse.NewTree(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	c := &analyzer.Cache{Dir: t.TempDir()}
	pf := func() []string { return prefiltered(t, tr, c) }
	if got := pf(); !reflect.DeepEqual(got, []string{"drv/b.c"}) {
		t.Fatalf("cold: %v", got)
	}
	if got := pf(); !reflect.DeepEqual(got, []string{"drv/b.c"}) {
		t.Fatalf("warm: %v", got)
	}
	// same size, new content and time: must be read again
	if err := os.WriteFile(filepath.Join(dir, "drv/local.h"), []byte("#define X FOLL_WRITE\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	now := time.Now().Add(time.Second)
	os.Chtimes(filepath.Join(dir, "drv/local.h"), now, now)
	if got := pf(); !reflect.DeepEqual(got, []string{"drv/a.c", "drv/b.c"}) {
		t.Fatalf("after the header changed: %v", got)
	}
}
