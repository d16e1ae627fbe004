package cparse

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzParse feeds arbitrary text to the tolerant parser and the lowering.
// The C frontend may reject it (an error), but gupvet must not crash, hang
// or lose the error.
func FuzzParse(f *testing.F) {
	for _, glob := range []string{"testdata/gaps/*.c", "../testdata/demo/*/*.c", "../testdata/demo/*/*/*.c", "../rules/*/testdata/src/*/*/*.c"} {
		ms, _ := filepath.Glob(glob)
		for _, m := range ms {
			if b, err := os.ReadFile(m); err == nil {
				f.Add(b)
			}
		}
	}
	f.Add([]byte("int f(void) { return get_user_pages_unlocked(0, 1, 0, FOLL_NOWAIT); }\n"))
	f.Add([]byte("#define A(x) A(x) A(x)\nA(1)\n"))
	f.Add([]byte("/* unterminated"))
	f.Add([]byte("\"unterminated"))
	f.Fuzz(func(t *testing.T, src []byte) {
		u, err := ParseText("fuzz.c", src, Options{Mode: Tolerant, Vocab: map[string]bool{"get_user_pages_unlocked": true}, VocabPrefixes: []string{"FOLL_"}})
		if err != nil {
			return
		}
		if u == nil {
			t.Fatal("nil unit without an error")
		}
		if u.Partial && len(u.Errors) == 0 && len(u.Notes) == 0 {
			t.Fatal("partial unit without a reason")
		}
	})
}
