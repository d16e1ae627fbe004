package cparse

import "reflect"
import "regexp"
import "testing"

import "gupvet/internal/scantest"

// includeRx is what LocalIncludes means, as a regexp: a line of optional
// blanks, '#', optional blanks, include, optional blanks and a quoted
// name on that line.
var includeRx = regexp.MustCompile(`(?m)^[ \t]*#[ \t]*include[ \t]*"([^"\n]*)"`)

func TestLocalIncludes(t *testing.T) {
	for _, c := range []struct {
		src  string
		want []string
	}{
		{"#include \"a.h\"\n", []string{"a.h"}},
		{"  #  include\t\"sub/b.h\" /* x */\n#include <linux/mm.h>\n", []string{"sub/b.h"}},
		{"#include\"c.h\"", []string{"c.h"}},
		{"x #include \"no.h\"\n", nil},                        // not at the start of a line
		{"#define X 1 # include \"no.h\"\n", nil},             // a second '#' on the line
		{"#include_next \"no.h\"\n#includes \"no.h\"\n", nil}, // other directives
		{"#include \"unterminated.h\n\"x\"\n", nil},           // the name ends on its line
		{"#include \"\"\n", []string{""}},
		{"#if 0\n#include \"kept.h\"\n#endif\n# include \"d.h\"", []string{"kept.h", "d.h"}},
		{"#\n#include \"e.h\"", []string{"e.h"}},
		{"#include \"f.h\" #include \"no.h\"\n", []string{"f.h"}},
	} {
		if got := LocalIncludes([]byte(c.src)); !reflect.DeepEqual(got, c.want) {
			t.Errorf("LocalIncludes(%q) = %q, want %q", c.src, got, c.want)
		}
	}
}

// The byte scan and the regexp agree on random text made of the pieces
// that matter.
func TestLocalIncludesRandom(t *testing.T) {
	pieces := []string{"#", " ", "\t", "\n", "include", "\"", "a.h", "x", "<", ">", "in", "clude", "_next", "\r"}
	scantest.RandomTexts(20000, pieces, 30, func(b []byte) {
		if got, want := LocalIncludes(b), scantest.FirstGroups(includeRx, b); !reflect.DeepEqual(got, want) {
			t.Fatalf("LocalIncludes(%q) = %q, the regexp says %q", b, got, want)
		}
	})
}
