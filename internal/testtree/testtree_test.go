package testtree

import "os"
import "path/filepath"
import "testing"

func TestWriteAndReplace(t *testing.T) {
	dir := Dir(t, map[string]string{"mm/gup.c": "a", "Makefile": "b"})
	for p, want := range map[string]string{"mm/gup.c": "a", "Makefile": "b"} {
		if b, err := os.ReadFile(filepath.Join(dir, p)); err != nil || string(b) != want {
			t.Errorf("%s: %q, %v; want %q", p, b, err, want)
		}
	}
	// a hard link of the file keeps the old text
	link := filepath.Join(t.TempDir(), "gup.c")
	if err := os.Link(filepath.Join(dir, "mm/gup.c"), link); err != nil {
		t.Fatal(err)
	}
	Replace(t, dir, "mm/gup.c", "new")
	if b, _ := os.ReadFile(filepath.Join(dir, "mm/gup.c")); string(b) != "new" {
		t.Errorf("replaced: %q", b)
	}
	if b, _ := os.ReadFile(link); string(b) != "a" {
		t.Errorf("the hard link changed: %q", b)
	}
}
