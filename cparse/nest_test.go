package cparse

import "strings"
import "testing"
import "time"

import "gupvet/internal/testtree"

// An #include of the file itself, or an include cycle nothing ends, is
// cpp's "#include nested too deeply" at the include that closes the
// cycle, in both modes. cc/v4 alone included for minutes and panicked
// ("index out of range [0] with length 0"). Cycles that include guards
// end parse as they would with cpp.
func TestIncludeCycles(t *testing.T) {
	tr := fakeKernel(t)
	testtree.Write(t, tr.Src, map[string]string{
		"mm/self.c":  "#include <linux/mm.h>\n#include \"self.c\"\nlong f(long a) { return get_user_pages_unlocked(a); }\n",
		"mm/cyc_a.h": "#include \"cyc_b.h\"\nint a;\n",
		"mm/cyc_b.h": "int b;\n  #  include \"cyc_a.h\"\n",
		"mm/cyc.c":   "#include \"cyc_a.h\"\nlong f(long a) { return get_user_pages_unlocked(a); }\n",
		// guarded: a header including itself inside its guard
		// (net/batman-adv/main.h), a pair of guarded headers, a .c file
		// read twice on purpose
		"mm/g_self.h": "#ifndef G_SELF_H\n#define G_SELF_H\n#include \"g_self.h\"\nint gs;\n#endif\n",
		"mm/g_a.h":    "#ifndef G_A_H\n#define G_A_H\n#include \"g_b.h\"\nint ga;\n#endif\n",
		"mm/g_b.h":    "#ifndef G_B_H\n#define G_B_H\n#include \"g_a.h\"\nint gb;\n#endif\n",
		"mm/guarded.c": "#include \"g_self.h\"\n#include \"g_a.h\"\n#ifndef SECOND\n#define SECOND\n#include \"guarded.c\"\n" +
			"long f(long a) { return get_user_pages_unlocked(a) + gs + ga + gb; }\n#endif\n",
	})
	opt := Options{Vocab: map[string]bool{"get_user_pages_unlocked": true}}
	for _, mode := range []Mode{Tolerant, Precise} {
		opt.Mode = mode
		for _, c := range []struct{ file, want string }{
			{"mm/self.c", "mm/self.c:2:10: #include nested too deeply: mm/self.c includes itself"},
			{"mm/cyc.c", "mm/cyc_b.h:2:14: #include nested too deeply: the cycle mm/cyc_a.h -> mm/cyc_b.h -> mm/cyc_a.h has no include guard that ends it"},
		} {
			t0 := time.Now()
			u, err := tr.Parse(c.file, opt)
			if err != nil {
				t.Fatalf("%v %s: %v", mode, c.file, err)
			}
			if got := u.Err(); got == nil || got.Error() != c.want {
				t.Errorf("%v %s: error %v, want %q", mode, c.file, got, c.want)
			}
			if d := time.Since(t0); d > 20*time.Second {
				t.Errorf("%v %s: %v to find the cycle", mode, c.file, d)
			}
		}
		u, err := tr.Parse("mm/guarded.c", opt)
		if err != nil {
			t.Fatal(err)
		}
		if len(u.Errors) > 0 || funcNames(u) != "f" {
			t.Errorf("%v mm/guarded.c: errors %v, functions %q: want f alone and no error", mode, u.Err(), funcNames(u))
		}
		// positions inside the copy read the second time are the file's
		for _, f := range u.Funcs {
			if f.P.File != "mm/guarded.c" || f.P.Line != 6 {
				t.Errorf("%v mm/guarded.c: %s at %v, want mm/guarded.c:6", mode, f.Name, f.P)
			}
		}
		for _, d := range u.Deps {
			if strings.Contains(d, "__gupvet_nest__") {
				t.Errorf("%v: dependency %s: want the file, not its copy", mode, d)
			}
		}
	}
}

func TestQuotedIncludes(t *testing.T) {
	src := "#include <linux/mm.h>\n#include \"a.h\"\n  # include\t\"b/c.h\" // x\nint include;\n\"#include \\\"no.h\\\"\"\n#include \"open\n#define X \"#include\"\n"
	got := quotedIncludes([]byte(src))
	want := []quotedInclude{{"a.h", 2, 10}, {"b/c.h", 3, 13}}
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("include %d: %+v, want %+v", i, got[i], want[i])
		}
	}
}
