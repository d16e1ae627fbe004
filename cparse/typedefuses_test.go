package cparse

import "os"
import "path/filepath"
import "regexp"
import "slices"
import "testing"

import "gupvet/internal/scantest"

// typedefUseRx is what typedefUses finds by hand.
var typedefUseRx = regexp.MustCompile(`\b([A-Za-z_][A-Za-z0-9_]*_t)\b[ \t]*\**[ \t]*\b[A-Za-z_]`)

// TestTypedefUses: the scanner agrees with the regular expression on
// edge cases and on real kernel files (a tree from GUPVET_LINUX_6_12,
// when set).
func TestTypedefUses(t *testing.T) {
	cases := []string{
		"size_t len;", "pte_t *ptep, pte_t **pp", "static gfp_t\tgfp = x;",
		"a_t b_t c", "x_t 9y", "9x_t y", "__t y", "_t y", "ab_t* * p", "u8_t*p", "é_t x",
		"foo_t", "foo_t ", "(pgoff_t)x", "loff_t _pos", "t_t_t t", "ssize_t\n len",
		"x_tt y", "struct a_t a_t b_t",
	}
	for _, c := range cases {
		if got, want := typedefUses([]byte(c)), scantest.FirstGroups(typedefUseRx, []byte(c)); !slices.Equal(got, want) {
			t.Errorf("%q: %q, want %q", c, got, want)
		}
	}
	tree := os.Getenv("GUPVET_LINUX_6_12")
	if tree == "" {
		return
	}
	n := 0
	for _, dir := range []string{"mm", "virt/kvm", "drivers/vfio", "include/linux"} {
		files, _ := filepath.Glob(filepath.Join(tree, dir, "*.[ch]"))
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			n++
			if got, want := typedefUses(b), scantest.FirstGroups(typedefUseRx, b); !slices.Equal(got, want) {
				t.Errorf("%s: %d uses, want %d", f, len(got), len(want))
			}
		}
	}
	if n < 100 {
		t.Errorf("%d files of %s compared, want over 100", n, tree)
	}
}
