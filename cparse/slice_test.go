package cparse

import "strings"
import "testing"

import "gupvet/internal/testtree"

// newTestTree makes a tree of files (relative path -> content).
func newTestTree(t *testing.T, files map[string]string) *Tree {
	t.Helper()
	dir := t.TempDir()
	testtree.Write(t, dir, files)
	tr, err := NewTree(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

func funcNames(u *Unit) string {
	var n []string
	for _, f := range u.Funcs {
		n = append(n, f.Name)
	}
	return strings.Join(n, " ")
}

// What tolerant mode keeps of a file: functions reaching the GUP API
// directly, through a macro of the file or of a local header, through a
// local header's inline function, and their callers; a file where nothing
// does is not parsed at all, whatever its comments say.
func TestSliceVocabulary(t *testing.T) {
	opt := Options{Mode: Tolerant, Vocab: map[string]bool{"get_user_pages": true}, VocabPrefixes: []string{"FOLL_"}}
	tr := newTestTree(t, map[string]string{
		"d/h.h": "#define H_PIN(a) get_user_pages(a, 1, 0, 0)\nstatic inline long h_wrap(long a) { return get_user_pages(a, 1, FOLL_WRITE, 0); }\n",
		"d/a.c": "#include \"h.h\"\n#define PIN(a) H_PIN(a)\n" +
			"long direct(long a) { return get_user_pages(a, 1, 0, 0); }\n" +
			"long by_macro(long a) { return PIN(a); }\n" +
			"long by_header_fn(long a) { return h_wrap(a); }\n" +
			"long caller(long a) { return by_macro(a); }\n" +
			"long unrelated(long a) { /* get_user_pages */ return a; }\n",
		"e/comment.c": "/* calls get_user_pages? no. */\nlong f(long a) { return a + 1; }\nstatic int g(int x) { return x; }\n",
		"e/decl.c":    "static unsigned int flags = FOLL_WRITE;\nlong f(long a) { return a; }\n",
	})
	u, err := tr.Parse("d/a.c", opt)
	if err != nil {
		t.Fatal(err)
	}
	got := funcNames(u)
	for _, want := range []string{"direct", "by_macro", "by_header_fn", "caller", "h_wrap"} {
		if !strings.Contains(" "+got+" ", " "+want+" ") {
			t.Errorf("d/a.c: functions %q: want %s kept", got, want)
		}
	}
	if strings.Contains(got, "unrelated") {
		t.Errorf("d/a.c: functions %q: unrelated (a GUP word in a comment only) should be skipped", got)
	}

	u, err = tr.Parse("e/comment.c", opt)
	if err != nil {
		t.Fatal(err)
	}
	if len(u.Funcs) != 0 || !strings.Contains(strings.Join(u.Notes, "\n"), "not parsed") {
		t.Errorf("e/comment.c: funcs %q notes %q: want nothing parsed", funcNames(u), u.Notes)
	}
	if len(u.Deps) == 0 || u.Deps[0] != tr.Abs("e/comment.c") {
		t.Errorf("e/comment.c: deps %v: want the file itself first (the result cache checks it)", u.Deps)
	}

	// a file-scope initializer naming a flag is read (struct field facts)
	u, err = tr.Parse("e/decl.c", opt)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(strings.Join(u.Notes, "\n"), "not parsed") {
		t.Errorf("e/decl.c: notes %q: a file-scope FOLL_ initializer must be parsed", u.Notes)
	}
}

// cc/v4 crashes (nil dereference) on this, reduced from
// net/netfilter/ipset/ip_set_bitmap_gen.h, a generator header whose
// IPSET_TOKEN tolerant mode cannot expand. Blanking the .c file's
// declarations cannot help: its local headers are read as empty instead.
func TestCrashInLocalHeader(t *testing.T) {
	tr := newTestTree(t, map[string]string{
		"d/gen.h": "#define mtype_do_add\t\tIPSET_TOKEN(MTYPE, _do_add)\n" +
			"#define mtype_adt_elem\t\tIPSET_TOKEN(MTYPE, _adt_elem)\n" +
			"#define mtype_add\t\tIPSET_TOKEN(MTYPE, _add)\n" +
			"mtype_add(struct ip_set *set, void *value, const struct ip_set_ext *ext,\n" +
			"\t  struct ip_set_ext *mext, u32 flags)\n{\n" +
			"\tconst struct mtype_adt_elem *e = value;\n" +
			"\tint ret = mtype_do_add(e, map, flags, set->dsize);\n",
		"d/a.c": "#define MTYPE bitmap_ip\n#include \"gen.h\"\nlong f(long a) { return get_user_pages(a, 1, 0, 0); }\n",
	})
	u, err := tr.Parse("d/a.c", Options{Mode: Tolerant, Whole: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(u.Errors) > 0 || funcNames(u) != "f" {
		t.Errorf("errors %v, functions %q: want f read and no error", u.Errors, funcNames(u))
	}
	if !strings.Contains(strings.Join(u.Notes, "\n"), "crashed in the file's local headers") {
		t.Errorf("notes %q: want the header given up said", u.Notes)
	}
	if len(u.Lost) != 1 || u.Lost[0].File != "d/gen.h" || u.Lost[0].From != 1 || u.Lost[0].To != 8 {
		t.Errorf("lost %+v: want all of d/gen.h, lines 1-8", u.Lost)
	}
}

// A Keep word keeps the function that names it, in a file the
// vocabulary chose, and nothing more: not its callers, not a file that
// names only Keep words.
func TestSliceKeep(t *testing.T) {
	opt := Options{Mode: Tolerant, Vocab: map[string]bool{"pin_user_pages": true}, Keep: map[string]bool{"put_page": true}}
	tr := newTestTree(t, map[string]string{
		"d/a.c": "long pin(long a) { return pin_user_pages(a, 1, 0, 0); }\n" +
			"static void release(struct page **p) { put_page(p[0]); }\n" +
			"void caller(struct page **p) { release(p); }\n" +
			"long unrelated(long a) { return a; }\n",
		"e/only.c": "static void release(struct page **p) { put_page(p[0]); }\n",
	})
	u, err := tr.Parse("d/a.c", opt)
	if err != nil {
		t.Fatal(err)
	}
	if got := funcNames(u); got != "pin release" {
		t.Errorf("d/a.c: functions %q, want \"pin release\" (caller and unrelated skipped)", got)
	}
	u, err = tr.Parse("e/only.c", opt)
	if err != nil {
		t.Fatal(err)
	}
	if len(u.Funcs) != 0 {
		t.Errorf("e/only.c: functions %q, want none: a Keep word alone does not make a file worth parsing", funcNames(u))
	}
}
