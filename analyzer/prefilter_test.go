package analyzer_test

import "os"
import "path/filepath"
import "reflect"
import "regexp"
import "sort"
import "strings"
import "syscall"
import "testing"
import "time"

import "gupvet/analyzer"
import "gupvet/cparse"
import "gupvet/internal/realtree"
import "gupvet/internal/scantest"
import "gupvet/internal/testtree"
import "gupvet/rules/all"

// vocabRx is what Prefilter.Match means, as a regexp: a word as a whole
// identifier, or a prefix with more identifier bytes after it.
func vocabRx(words, prefixes []string) *regexp.Regexp {
	var alts []string
	for _, w := range words {
		alts = append(alts, regexp.QuoteMeta(w)+`\b`)
	}
	for _, p := range prefixes {
		alts = append(alts, regexp.QuoteMeta(p)+`\w`)
	}
	return regexp.MustCompile(`\b(?:` + strings.Join(alts, "|") + `)`)
}

func TestPrefilterMatch(t *testing.T) {
	pf := analyzer.NeedsOf(all.Analyzers).Prefilter(nil)
	for src, want := range map[string]bool{
		"n = get_user_pages(a, b);":        true,
		"get_user_pages":                   true, // the whole file
		"x_get_user_pages(a)":              false,
		"get_user_pages_x(a)":              false,
		"1get_user_pages(a)":               false, // digits are identifier bytes
		"\xc3get_user_pages\xa9":           true,  // other bytes are not
		"flags |= FOLL_WRITE;":             true,
		"FOLL_":                            false, // a prefix needs more
		"FOLL_;":                           false,
		"XFOLL_WRITE":                      false,
		"#define F FOLL_1":                 true,
		"access_remote_vm(mm, a, b, n, 0)": true,
		"__access_remote_vm(":              true,
		"_access_remote_vm(":               false,
		"no words here, just _ and __":     false,
		"":                                 false,
		"pin_user_pages_fast_only":         true,
		"faultin_page_range;":              true,
	} {
		if got := pf.Match([]byte(src)); got != want {
			t.Errorf("Match(%q) = %v, want %v", src, got, want)
		}
	}
}

// Random text made of the vocabulary's pieces: Match and the regexp agree,
// for gupvet's vocabulary and for vocabularies with no common byte or
// other pivots.
func TestPrefilterMatchRandom(t *testing.T) {
	gup := analyzer.NeedsOf(all.Analyzers)
	vocabs := []struct{ words, prefixes []string }{
		{gup.Words, gup.Prefixes},
		{[]string{"ab", "xyz", "a"}, nil},      // no byte common to all
		{[]string{"kq", "qk"}, []string{"Q_"}}, // no common byte with the prefix
		{[]string{"zap", "zip"}, []string{"z"}},
		{nil, []string{"FOLL_"}},
	}
	for _, v := range vocabs {
		pf := &analyzer.Prefilter{Words: v.words, Prefixes: v.prefixes}
		rx := vocabRx(v.words, v.prefixes)
		pieces := []string{" ", "_", "1", "(", "\n", "\xff", "x", "FOLL", "FOLL_", "get_user_pages", "pin_user", "_pages",
			"access_remote_vm", "__", "ab", "xyz", "a", "kq", "qk", "Q_", "zap", "zip", "z"}
		scantest.RandomTexts(20000, pieces, 12, func(b []byte) {
			if got, want := pf.Match(b), rx.Match(b); got != want {
				t.Fatalf("words %q prefixes %q: Match(%q) = %v, the regexp says %v", v.words, v.prefixes, b, got, want)
			}
		})
	}
}

// What the walk selects: .c files naming a word themselves or through a
// header they include by a relative path (a symbolic link to a header
// counts, a symbolic link to a .c does not), never under a dot directory
// or the top-level tools; a header the files include that cannot be read
// makes its includer an error, not a file silently left out.
func TestPrefilterCandidates(t *testing.T) {
	dir := testtree.Dir(t, map[string]string{
		"drv/a.c":       "long a(void) { return get_user_pages_fast(0, 1, 0, 0); }\n",
		"drv/b.c":       "#include \"b.h\"\nint b;\n",
		"drv/b.h":       "#define B_FLAGS FOLL_WRITE\n",
		"drv/c.c":       "#include \"../inc/c.h\"\n",
		"inc/c.h":       "int c(void) { return pin_user_pages_fast(0, 1, 0, 0); }\n",
		"drv/d.c":       "#include \"d.h\"\n#include <linux/mm.h>\nint get_user_pages_x;\n",
		"drv/d.h":       "int nothing;\n",
		"drv/e.c":       "#include \"e.h\"\n",
		"drv/f.c":       "#include \"loop.h\"\n",
		"drv/g.c":       "#include \"missing.h\"\n#include \"b.c/x.h\"\n",
		"drv/h.c":       "#include \"../drv\"\n",
		".hidden/x.c":   "int x = FOLL_GET;\n",
		"tools/t.c":     "int t = FOLL_GET;\n",
		"sub/tools/t.c": "int t = FOLL_GET;\n",
	})
	for link, target := range map[string]string{
		"drv/e.h":    "b.h",    // a header through a link: read
		"drv/link.c": "a.c",    // a .c through a link: not a file of its own
		"drv/loop.h": "loop.h", // cannot be read
		"lnk":        "drv",    // a directory through a link: not walked (git keeps the link, not a copy)
	} {
		if err := os.Symlink(target, filepath.Join(dir, link)); err != nil {
			t.Fatal(err)
		}
	}
	tr, err := cparse.NewTree(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, jobs := range []int{1, 3} {
		pf := analyzer.NeedsOf(all.Analyzers).Prefilter(nil)
		files, errs := pf.Candidates(tr, nil, jobs)
		want := []string{"drv/a.c", "drv/b.c", "drv/c.c", "drv/e.c", "sub/tools/t.c"}
		if !reflect.DeepEqual(files, want) {
			t.Errorf("-j %d: candidates %q, want %q", jobs, files, want)
		}
		if len(errs) != 1 || errs[0].Path != "drv/f.c" || !strings.Contains(errs[0].Err.Error(), "loop.h") ||
			!strings.Contains(errs[0].Err.Error(), syscall.ELOOP.Error()) {
			t.Errorf("-j %d: errors %v, want drv/f.c's loop.h: %v", jobs, errs, syscall.ELOOP)
		}
	}
	// the tree itself reached through a link (~/linux linked to where
	// the checkout is): the same files and errors (the walk before
	// walkSources saw a link at the top and read nothing)
	link := filepath.Join(t.TempDir(), "linux")
	if err := os.Symlink(dir, link); err != nil {
		t.Fatal(err)
	}
	lt, err := cparse.NewTree(link, "")
	if err != nil {
		t.Fatal(err)
	}
	files, errs := analyzer.NeedsOf(all.Analyzers).Prefilter(nil).Candidates(lt, nil, 2)
	if want := []string{"drv/a.c", "drv/b.c", "drv/c.c", "drv/e.c", "sub/tools/t.c"}; !reflect.DeepEqual(files, want) || len(errs) != 1 || errs[0].Path != "drv/f.c" {
		t.Errorf("tree through a link: candidates %q, errors %v; want %q and drv/f.c's", files, errs, want)
	}
	// explicit paths: a file is returned as it is, a directory walked
	pf := analyzer.NeedsOf(all.Analyzers).Prefilter(nil)
	files, errs = pf.Candidates(tr, []string{"drv/d.c", "inc", "tools"}, 2)
	if want := []string{"drv/d.c", "tools/t.c"}; !reflect.DeepEqual(files, want) || len(errs) != 0 {
		t.Errorf("named paths: %q %v, want %q and no errors", files, errs, want)
	}
}

// A file changed again within its modification time's tick keeps its
// size and time; the prefilter does not remember what a file said while
// its time is that recent, so the change is seen.
func TestPrefilterRacyEntries(t *testing.T) {
	dir := testtree.Dir(t, map[string]string{"a.c": "int x = NOTHING_1;\n", "b.c": "int y = NOTHING_2;\n"})
	tr, err := cparse.NewTree(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	c := &analyzer.Cache{Dir: t.TempDir()}
	run := func() []string {
		files := prefiltered(t, tr, c)
		sort.Strings(files)
		return files
	}
	old := time.Now().Add(-time.Hour)
	recent := time.Now()
	os.Chtimes(filepath.Join(dir, "a.c"), old, old)
	os.Chtimes(filepath.Join(dir, "b.c"), recent, recent)
	if got := run(); len(got) != 0 {
		t.Fatalf("first run: %q", got)
	}
	// same sizes, same times, new content
	for f, when := range map[string]time.Time{"a.c": old, "b.c": recent} {
		p := filepath.Join(dir, f)
		if err := os.WriteFile(p, []byte("int x = FOLL_WRIT;\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		os.Chtimes(p, when, when)
	}
	// a.c's old time was remembered: its change is not seen (the limit of
	// a cache by size and time); b.c's recent one was not
	if got, want := run(), []string{"b.c"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("after the change: %q, want %q", got, want)
	}
}

// BenchmarkPrefilterMatch: Match over 100 MB of the real 6.12 tree's .c
// files (drivers/), in memory.
func BenchmarkPrefilterMatch(b *testing.B) {
	src, _ := realtree.Source(b, "6.12")
	var files [][]byte
	size := 0
	filepath.WalkDir(filepath.Join(src, "drivers"), func(p string, d os.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() && strings.HasSuffix(p, ".c") && size < 100<<20 {
			c, err := os.ReadFile(p)
			if err == nil {
				files = append(files, c)
				size += len(c)
			}
		}
		return nil
	})
	pf := analyzer.NeedsOf(all.Analyzers).Prefilter(nil)
	b.SetBytes(int64(size))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, f := range files {
			pf.Match(f)
		}
	}
}

// prefiltered are the files the rules' prefilter, with cache c (nil:
// none), finds in tr; each file it could not read is a test error.
func prefiltered(t *testing.T, tr *cparse.Tree, c *analyzer.Cache) []string {
	t.Helper()
	files, errs := analyzer.NeedsOf(all.Analyzers).Prefilter(c).Candidates(tr, nil, 2)
	for _, e := range errs {
		t.Errorf("%s: %s: %v", tr.Src, e.Path, e.Err)
	}
	return files
}
