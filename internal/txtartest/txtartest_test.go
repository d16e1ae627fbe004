package txtartest

import "os"
import "path/filepath"
import "reflect"
import "testing"

func TestRead(t *testing.T) {
	path := filepath.Join(t.TempDir(), "c.txtar")
	text := "comment\n-- a --\nin a\n-- want --\nout a\n-- g/b: alone --\nin b\n-- g/c --\n-- g/want: note --\n"
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	want := []Case{
		{Name: "a", In: "in a\n", WantName: "want", Want: "out a\n"},
		{Name: "g/b: alone", In: "in b\n"},
		{Name: "g/c", WantName: "g/want: note"},
	}
	got := Read(t, path)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Read:\n%+v\nwant\n%+v", got, want)
	}
	if got[0].Line() != "out a" {
		t.Errorf("Line() = %q", got[0].Line())
	}
	for name, is := range map[string]bool{"want": true, "g/want": true, "want: x": true, "g/want: x": true, "wanted": false, "g/kept": false, "a/b/want": false} {
		if IsWant(name) != is {
			t.Errorf("IsWant(%q) = %v, want %v", name, !is, is)
		}
	}
}
