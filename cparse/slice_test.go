package cparse

import (
	"strings"
	"testing"
)

// newTestTree makes a tree of files (relative path -> content).
func newTestTree(t *testing.T, files map[string]string) *Tree {
	t.Helper()
	dir := t.TempDir()
	writeTree(t, dir, files)
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
