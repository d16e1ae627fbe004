package analyzer

import "fmt"
import "os"
import "path/filepath"
import "strings"
import "testing"

import "gupvet/cparse"
import "gupvet/internal/testtree"

func memoTree(t *testing.T) *cparse.Tree {
	t.Helper()
	dir := testtree.Dir(t, map[string]string{"a.c": "long f(unsigned long a, struct page **p)\n{\n\treturn get_user_pages(a, 1, 0, p);\n}\n"})
	tr, err := cparse.NewTree(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

// A memo keeps what a run put and got for the next runs; an entry no run
// uses ages out after keptRuns runs that wrote the file; a run that made
// nothing new does not write it.
func TestMemoAcrossRuns(t *testing.T) {
	tr := memoTree(t)
	c := &Cache{Dir: t.TempDir()}
	s := newMemoStore(c, tr, "tag")
	m := s.memo("rule")
	if _, ok := m.Get("k1"); ok {
		t.Fatal("empty memo: found k1")
	}
	m.Put("k1", []byte("v1"))
	m.Put("k2", []byte("v2"))
	if v, ok := m.Get("k1"); !ok || string(v) != "v1" {
		t.Fatalf("this run's put: %q %v", v, ok)
	}
	s.save()

	// runs that use k2 and make one entry each: k1, unused, survives
	// keptRuns of them writing the file, and is gone for the next
	for run := 1; run <= keptRuns+1; run++ {
		s = newMemoStore(c, tr, "tag")
		m = s.memo("rule")
		if v, ok := m.Get("k2"); !ok || string(v) != "v2" {
			t.Fatalf("run %d: k2 = %q %v", run, v, ok)
		}
		_, ok := m.Get("k1")
		m.mu.Lock()
		delete(m.used, "k1") // asked, but as if not: only its age counts
		m.mu.Unlock()
		if want := run <= keptRuns; ok != want {
			t.Fatalf("run %d: k1 kept %v, want %v", run, ok, want)
		}
		m.Put(fmt.Sprintf("n%d", run), []byte("x"))
		s.save()
	}
	if n := s.notes(); len(n) != 1 || !strings.HasPrefix(n[0], "memo rule: 1 of 2 results kept") {
		t.Fatalf("notes %q", n)
	}

	s = newMemoStore(c, tr, "tag")
	m = s.memo("rule")
	if _, ok := m.Get("k2"); !ok {
		t.Fatal("k2 lost")
	}
	before, err := os.Stat(m.path)
	if err != nil {
		t.Fatal(err)
	}
	s.save() // nothing put: the file stays as it is
	after, err := os.Stat(m.path)
	if err != nil || !os.SameFile(before, after) {
		t.Fatalf("a run that made nothing rewrote the memo (%v)", err)
	}

	// another tag (tree, configuration) has a file of its own
	if _, ok := newMemoStore(c, tr, "other").memo("rule").Get("k2"); ok {
		t.Fatal("another configuration read this one's memo")
	}
}

func TestMemoDamagedAndDisabled(t *testing.T) {
	tr := memoTree(t)
	c := &Cache{Dir: t.TempDir()}
	s := newMemoStore(c, tr, "tag")
	s.memo("rule").Put("k", []byte("v"))
	s.save()
	path := s.memo("rule").path
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range [][]byte{b[:len(b)/2], []byte("not a memo"), {}} {
		if err := os.WriteFile(path, d, 0o644); err != nil {
			t.Fatal(err)
		}
		if _, ok := newMemoStore(c, tr, "tag").memo("rule").Get("k"); ok {
			t.Fatalf("a damaged memo (%d bytes) answered", len(d))
		}
	}
	if m := newMemoStore(&Cache{Dir: t.TempDir(), NoMemo: true}, tr, "tag").memo("rule"); m != nil {
		t.Fatal("NoMemo: a memo")
	}
	if m := newMemoStore(nil, tr, "tag").memo("rule"); m != nil {
		t.Fatal("no cache: a memo")
	}
	var nilMemo *Memo
	nilMemo.Put("k", nil)
	if _, ok := nilMemo.Get("k"); ok {
		t.Fatal("nil memo answered")
	}

	// a run through an overlay keeps nothing: its results describe no
	// state of the disk
	dir := t.TempDir()
	tr.SetOverlay("a.c", []byte("int x;\n"))
	s = newMemoStore(&Cache{Dir: dir}, tr, "tag")
	s.memo("rule").Put("k", []byte("v"))
	s.save()
	if ents, _ := os.ReadDir(filepath.Join(dir, "memo")); len(ents) != 0 {
		t.Fatalf("an overlaid run wrote %d memo files", len(ents))
	}
}

// A unit's digest names what it was made from: the same for the unit
// put and the one got back, another when a header it read changes, none
// for a transient unit.
func TestUnitDigest(t *testing.T) {
	dir := t.TempDir()
	write := func(p, s string) {
		if err := os.WriteFile(filepath.Join(dir, p), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("h.h", "#define F FOLL_WRITE\n")
	write("a.c", "#include \"h.h\"\nlong f(unsigned long a, struct page **p)\n{\n\treturn get_user_pages(a, 1, F, p);\n}\n")
	tr, err := cparse.NewTree(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	opt := cparse.Options{Mode: cparse.Tolerant}
	c := &Cache{Dir: t.TempDir()}
	u, err := tr.Parse("a.c", opt)
	if err != nil {
		t.Fatal(err)
	}
	c.Put(tr, "a.c", opt, u)
	put := c.digest(u)
	if put == "" {
		t.Fatal("no digest for a unit put")
	}
	c2 := &Cache{Dir: c.Dir}
	got := c2.Get(tr, "a.c", opt)
	if got == nil || c2.digest(got) != put {
		t.Fatalf("unit got back: digest %q, put %q", c2.digest(got), put)
	}
	write("h.h", "#define F FOLL_FORCE\n")
	c3 := &Cache{Dir: c.Dir}
	u3, err := tr.Parse("a.c", opt)
	if err != nil {
		t.Fatal(err)
	}
	c3.Put(tr, "a.c", opt, u3)
	if d := c3.digest(u3); d == "" || d == put {
		t.Fatalf("header changed: digest %q, before %q", d, put)
	}
	u3.Transient = true
	c4 := &Cache{Dir: t.TempDir()}
	c4.Put(tr, "a.c", opt, u3)
	if d := c4.digest(u3); d != "" {
		t.Fatalf("a transient unit has digest %q", d)
	}
}
