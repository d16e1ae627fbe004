package cparse

import "slices"
import "testing"

func TestWordsAndOccurrences(t *testing.T) {
	b := []byte("enum e; enumx xenum enum_ (enum)enum")
	if got, want := slices.Collect(Words(b, "enum")), []int{0, 27, 32}; !slices.Equal(got, want) {
		t.Errorf("Words = %v, want %v", got, want)
	}
	if got, want := slices.Collect(Occurrences(b, "enum")), []int{0, 8, 15, 20, 27, 32}; !slices.Equal(got, want) {
		t.Errorf("Occurrences = %v, want %v", got, want)
	}
	if got := slices.Collect(Occurrences([]byte("aaaa"), "aa")); !slices.Equal(got, []int{0, 2}) {
		t.Errorf("Occurrences overlap: %v, want [0 2]", got)
	}
	// the body moves the scan on past what it handled
	var seen []int
	off := 0
	for i := range scan([]byte("ab ab ab ab"), "ab", &off) {
		seen = append(seen, i)
		off = i + 5
	}
	if !slices.Equal(seen, []int{0, 6}) {
		t.Errorf("scan with the body moving on: %v, want [0 6]", seen)
	}
}

func TestSplice(t *testing.T) {
	s := splice{src: []byte("one two three")}
	if out, ok := s.done(); ok || string(out) != "one two three" {
		t.Errorf("no edit: %q, %v", out, ok)
	}
	s.keep(0, 0)
	s.add("[")
	s.keep(4, 7)
	s.add("2", "!")
	if out, ok := s.done(); !ok || string(out) != "[one 2! three" {
		t.Errorf("edited: %q, %v; want \"[one 2! three\", true", out, ok)
	}
}

func TestClosing(t *testing.T) {
	b := []byte("f(a, (b)) [x[1]] { y; } (c; d)")
	for _, c := range []struct {
		p, limit int
		stop     string
		want     int
	}{
		{1, len(b), "", 8},
		{5, len(b), "", 7},
		{10, len(b), "", 15},
		{17, len(b), "", 22},
		{17, len(b), ";", -1}, // a stop byte first
		{1, 5, "", -1},        // beyond the limit
		{24, len(b), "", 29},
		{24, len(b), ";{}", -1},
	} {
		if got := Closing(b, c.p, c.limit, c.stop); got != c.want {
			t.Errorf("Closing(%q at %d, limit %d, stop %q) = %d, want %d", b[c.p], c.p, c.limit, c.stop, got, c.want)
		}
	}
}
