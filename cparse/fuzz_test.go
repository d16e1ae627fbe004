package cparse_test

import "testing"

import "gupvet/analyzer/fuzztest"
import "gupvet/cparse"
import "gupvet/internal/testtree"

func TestMain(m *testing.M) { fuzztest.Main(m) }

// FuzzParse feeds arbitrary text to the tolerant parser and the lowering.
// The C frontend may reject it (an error) or never finish (cc/v4 has such
// inputs: the worker is killed and the input skipped), but gupvet's own
// code must not crash, and a unit given up in part must say why.
func FuzzParse(f *testing.F) {
	testtree.Seed(f, "testdata/gaps/*.c", "../testdata/demo/*/*.c", "../testdata/demo/*/*/*.c", "../rules/*/testdata/src/*/*/*.c")
	f.Add([]byte("int f(void) { return get_user_pages_unlocked(0, 1, 0, FOLL_NOWAIT); }\n"))
	f.Add([]byte("#define A(x) A(x) A(x)\nA(1)\n"))
	f.Add([]byte("/* unterminated"))
	f.Add([]byte("\"unterminated"))
	f.Fuzz(func(t *testing.T, src []byte) {
		// half the inputs are read whole: with the vocabulary, most
		// random text names no GUP word and is not parsed at all
		u := fuzztest.Parse(t, src, cparse.Options{Mode: cparse.Tolerant, Vocab: map[string]bool{"get_user_pages_unlocked": true}, VocabPrefixes: []string{"FOLL_"}, Whole: len(src)%2 == 0})
		if u != nil && u.Partial && len(u.Errors) == 0 && len(u.Notes) == 0 {
			t.Fatal("partial unit without a reason")
		}
	})
}
