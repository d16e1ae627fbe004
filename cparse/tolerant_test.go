package cparse

import "fmt"
import "maps"
import "os"
import "path/filepath"
import "regexp"
import "slices"
import "strings"
import "testing"

// gupWords is the vocabulary the tolerant-mode tests slice files by (the
// analyzer's is gupapi's, which cparse cannot import).
var gupWords = Options{Mode: Tolerant, VocabPrefixes: []string{"FOLL_"}, Vocab: map[string]bool{
	"get_user_pages": true, "get_user_pages_fast": true, "get_user_pages_unlocked": true,
	"get_user_pages_remote": true, "pin_user_pages": true, "pin_user_pages_fast": true,
	"access_process_vm": true,
}}

var (
	wantCallRx = regexp.MustCompile(`want: (\w+) calls (\w+)`)
	wantLostRx = regexp.MustCompile(`lost: (\S+) (\d+)-(\d+)`)
)

// The shapes of kernel code that tolerant mode gave up, each reduced from
// a real region that held a GUP call (testdata/tolerant/README): every one
// is now read whole, or loses only what its "lost:" lines say.
func TestTolerantShapes(t *testing.T) {
	dirs, err := filepath.Glob("testdata/tolerant/*/x.c")
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no test data: %v", err)
	}
	for _, x := range dirs {
		dir := filepath.Dir(x)
		t.Run(filepath.Base(dir), func(t *testing.T) {
			src, err := os.ReadFile(x)
			if err != nil {
				t.Fatal(err)
			}
			tr, err := NewTree(dir, "")
			if err != nil {
				t.Fatal(err)
			}
			u, err := tr.Parse("x.c", gupWords)
			if err != nil {
				t.Fatal(err)
			}
			if len(u.Errors) > 0 {
				t.Errorf("errors: %v", u.Err())
			}
			var wantLost []string
			for _, m := range wantLostRx.FindAllStringSubmatch(string(src), -1) {
				wantLost = append(wantLost, fmt.Sprintf("%s %s-%s", m[1], m[2], m[3]))
			}
			var gotLost []string
			for _, l := range u.Lost {
				gotLost = append(gotLost, fmt.Sprintf("%s %d-%d", l.File, l.From, l.To))
			}
			if !slices.Equal(gotLost, wantLost) {
				t.Errorf("lost %q, want %q; notes:\n%s", gotLost, wantLost, strings.Join(u.Notes, "\n"))
			}
			if u.Partial != slices.ContainsFunc(u.Lost, func(l LineRange) bool { return l.File == "x.c" }) {
				t.Errorf("partial %v with lost %q", u.Partial, gotLost)
			}
			wants := wantCallRx.FindAllStringSubmatch(string(src), -1)
			if len(wants) == 0 {
				t.Fatal("x.c says no 'want: FUNC calls CALLEE'")
			}
			for _, w := range wants {
				i := slices.IndexFunc(u.Funcs, func(f *Func) bool { return f.Name == w[1] && !f.Header })
				if i < 0 {
					t.Errorf("%s not read (functions: %s)", w[1], funcNames(u))
					continue
				}
				if calls := callees(u.Funcs[i]); !calls[w[2]] {
					t.Errorf("%s: calls %v, want %s among them", w[1], slices.Sorted(maps.Keys(calls)), w[2])
				}
			}
		})
	}
}

// callees returns the names a function calls directly.
func callees(f *Func) map[string]bool {
	out := map[string]bool{}
	Inspect(f, func(n Node) bool {
		if c, ok := n.(*Call); ok && c.CalleeName() != "" {
			out[c.CalleeName()] = true
		}
		return true
	})
	return out
}
