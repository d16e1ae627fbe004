package cparse

import "bytes"
import "io/fs"
import "maps"
import "path/filepath"
import "slices"
import "strings"
import "testing"

import "gupvet/internal/realtree"
import "gupvet/internal/testtree"

// TestHeaderWords: a static inline function that names a word and a
// macro that expands to one (through another macro) are words of the
// include path; a function that names none is not; a header outside
// the include path does not count; the scan of a directory too large
// is refused.
func TestHeaderWords(t *testing.T) {
	dir := t.TempDir()
	write := func(rel, text string) { testtree.Write(t, dir, map[string]string{rel: text}) }
	write("include/linux/wrap.h", `static inline int wrap_gup(unsigned long a) { return get_user_pages_fast(a, 1, 0, 0); }
static inline int plain(int x) { return x + 1; }
#define GUP_ONE(a) wrap_gup(a)
#define GUP_TWO(a) GUP_ONE(a)
`)
	write("include/linux/other.h", `#define NOT_GUP(a) plain(a)
`)
	write("elsewhere/far.h", `static inline int far_gup(void) { return pin_user_pages_fast(0, 1, 0, 0); }
`)
	tr, err := NewTree(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	opt := Options{Vocab: map[string]bool{"get_user_pages_fast": true, "pin_user_pages_fast": true}}
	words, ok := tr.headerWords([]string{"", filepath.Join(dir, "include")}, &opt)
	if !ok {
		t.Fatal("scan refused")
	}
	for _, w := range []string{"wrap_gup", "GUP_ONE", "GUP_TWO"} {
		if !words[w] {
			t.Errorf("%s is not a word of the include path; got %v", w, words)
		}
	}
	for _, w := range []string{"plain", "NOT_GUP", "far_gup"} {
		if words[w] {
			t.Errorf("%s is a word of the include path, want not", w)
		}
	}
	old := maxHeaderScan
	defer func() { maxHeaderScan = old }()
	maxHeaderScan = 1
	tr2, _ := NewTree(dir, "")
	if _, ok := tr2.headerWords([]string{filepath.Join(dir, "include")}, &opt); ok {
		t.Errorf("a directory of 2 headers scanned with maxHeaderScan 1")
	}
}

// TestHeaderWordsClosed: on real trees, what headerWords finds from the
// headers that name a word holds every name precise mode can reach the
// API through (header functions that name a word, whose bodies it keeps,
// and macros that expand to a word or one of those, transitively),
// computed over every header of kvm_main.c's include path: no macro of a
// header that names no word leads to one.
func TestHeaderWordsClosed(t *testing.T) {
	for _, v := range []string{"6.12", "7"} {
		t.Run(realtree.Env(v), func(t *testing.T) {
			tr := realTreeFrom(t, v)
			opt := Options{Mode: Precise, Vocab: map[string]bool{}, VocabPrefixes: []string{"FOLL_"}}
			for _, w := range []string{"get_user_pages", "get_user_pages_remote", "get_user_pages_unlocked", "get_user_pages_fast",
				"get_user_pages_fast_only", "get_user_page_fast_only", "get_user_page_vma_remote", "pin_user_pages",
				"pin_user_pages_remote", "pin_user_pages_unlocked", "pin_user_pages_fast", "pin_user_pages_fast_only",
				"faultin_page_range", "faultin_vma_page_range", "populate_vma_page_range", "get_dump_page",
				"mmap_read_lock", "mmap_read_unlock", "mmap_write_lock", "mmap_write_unlock", "unpin_user_page", "unpin_user_pages"} {
				opt.Vocab[w] = true
			}
			abs := tr.Abs("virt/kvm/kvm_main.c")
			cfg, _, _, err := tr.preciseConfig(abs)
			if err != nil {
				t.Fatal(err)
			}
			dirs := append(slices.Clone(cfg.IncludePaths), cfg.SysIncludePaths...)
			got, ok := tr.headerWords(dirs, &opt)
			if !ok {
				t.Fatalf("scan refused for %q", dirs)
			}
			// every header, and the names precise mode keeps
			kept := map[string]bool{}
			macros := map[string]map[string]bool{}
			for _, d := range dirs {
				if d == "" {
					continue
				}
				filepath.WalkDir(d, func(p string, e fs.DirEntry, err error) error {
					if err != nil || e.IsDir() || !strings.HasSuffix(p, ".h") {
						return nil
					}
					b, err := tr.ReadFile(p)
					if err != nil {
						return nil
					}
					for name, body := range macroDefs(b) {
						macros[name] = identsOf(body)
					}
					lines := bytes.SplitAfter(b, []byte("\n"))
					for _, c := range topLevelChunks(b) {
						chunk := stripComments(joinLines(lines, c[0], c[1]))
						if name, ok := funcDefName(chunk); ok && anyIdent(identsOf(chunk), opt.inVocab) {
							kept[name] = true
						}
					}
					return nil
				})
			}
			for changed := true; changed; {
				changed = false
				for name, ids := range macros {
					if !kept[name] && anyIdent(ids, func(id string) bool { return id != name && (opt.inVocab(id) || kept[id]) }) {
						kept[name], changed = true, true
					}
				}
			}
			var missed []string
			for name := range kept {
				if !got[name] && !opt.inVocab(name) {
					missed = append(missed, name)
				}
			}
			slices.Sort(missed)
			if len(missed) > 0 {
				t.Errorf("names precise mode reaches the API through that headerWords misses: %v", missed)
			}
			t.Logf("%d names in the include path's headers reach the API; the scan found %v", len(kept), slices.Sorted(maps.Keys(got)))
		})
	}
}

// TestPreciseSlice: precise mode reads the functions that can reach the
// API (directly, or through a header's inline wrapper or macro) and
// blanks the others; a file none of whose functions can is not
// preprocessed, and its unit is not kept across runs (Transient).
func TestPreciseSlice(t *testing.T) {
	tr := fakeKernel(t)
	testtree.Write(t, tr.Src, map[string]string{
		"include/linux/wrap.h": "int get_user_pages_unlocked(unsigned long start);\n" +
			"static inline int wrap(unsigned long a) { return get_user_pages_unlocked(a); }\n" +
			"#define WRAP_MACRO(a) wrap(a)\n",
		"virt/kvm/kvm_main.c": "#include <linux/wrap.h>\n" +
			"int via_inline(unsigned long a) { return wrap(a); }\n" +
			"int via_macro(unsigned long a) { return WRAP_MACRO(a); }\n" +
			"int direct(unsigned long a) { return get_user_pages_unlocked(a); }\n" +
			"int unrelated(int x) { return x * 2; }\n" +
			// a file-scope invocation without ';' in the chunk of the
			// function after it (7.x's DEFINE_CLASS(bprm, ...)): it
			// stays when that function's body goes
			"#define MAKE_TYPE(n) typedef unsigned long n##_t;\n" +
			"MAKE_TYPE(addr)\n" +
			"int unrelated2(int x) { return x; }\n" +
			"int uses_helper(addr_t a) { return get_user_pages_unlocked(a); }\n",
		"mm/madvise.c":   "#include <linux/wrap.h>\nint nothing(int x) { return x; }\n",
		"mm/local_pin.h": "static inline int local_pin(unsigned long a) { return get_user_pages_unlocked(a); }\n",
		"mm/gup.c":       "#include <linux/wrap.h>\n#include \"local_pin.h\"\nint nothing2(int x) { return x; }\n",
	})
	opt := Options{Mode: Precise, Vocab: map[string]bool{"get_user_pages_unlocked": true}}
	u, err := tr.Parse("virt/kvm/kvm_main.c", opt)
	if err != nil {
		t.Fatal(err)
	}
	if len(u.Errors) > 0 {
		t.Fatalf("errors: %v", u.Err())
	}
	have := map[string]bool{}
	for _, f := range u.Funcs {
		if !f.Header {
			have[f.Name] = true
		}
	}
	for _, name := range []string{"via_inline", "via_macro", "direct", "uses_helper"} {
		if !have[name] {
			t.Errorf("%s, which reaches get_user_pages_unlocked, was not parsed; have %v", name, have)
		}
	}
	if have["unrelated"] || have["unrelated2"] {
		t.Errorf("unrelated or unrelated2 was parsed")
	}
	if u.Transient {
		t.Errorf("a parsed unit is Transient")
	}
	n, err := tr.Parse("mm/madvise.c", opt)
	if err != nil {
		t.Fatal(err)
	}
	if !n.Transient || n.Mode != Precise || len(n.Funcs) != 0 || !slices.ContainsFunc(n.Notes, func(s string) bool { return strings.Contains(s, "not parsed") }) {
		t.Errorf("a file with nothing that reaches the API: Transient %v, mode %v, %d funcs, notes %q; want Transient, precise, none, a note", n.Transient, n.Mode, len(n.Funcs), n.Notes)
	}
	// only a local header's function reaches the API: parsed, unless
	// the caller defers such files
	g, err := tr.Parse("mm/gup.c", opt)
	if err != nil {
		t.Fatal(err)
	}
	if g.HeaderOnly != nil || !slices.ContainsFunc(g.Funcs, func(f *Func) bool { return f.Name == "local_pin" }) {
		t.Errorf("mm/gup.c: HeaderOnly %q, want it parsed with local_pin", g.HeaderOnly)
	}
	deferred := opt
	deferred.DeferHeaderOnly = true
	g, err = tr.Parse("mm/gup.c", deferred)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{tr.Abs("mm/local_pin.h")}; !slices.Equal(g.HeaderOnly, want) || len(g.Funcs) != 0 {
		t.Errorf("mm/gup.c deferred: HeaderOnly %q, %d funcs; want %q and none", g.HeaderOnly, len(g.Funcs), want)
	}
	whole := opt
	whole.Whole = true
	w, err := tr.Parse("virt/kvm/kvm_main.c", whole)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(w.Funcs, func(f *Func) bool { return f.Name == "unrelated" }) {
		t.Errorf("Whole: unrelated not parsed")
	}
}
