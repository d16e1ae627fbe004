package analyzer_test

import "os"
import "os/exec"
import "path/filepath"
import "reflect"
import "slices"
import "strings"
import "testing"

import "gupvet/cparse"
import "gupvet/internal/realtree"
import "gupvet/internal/testtree"

// In a git checkout of the real 6.12 tree, dirty as a pre-commit hook
// sees it — a tracked file changed to name a GUP word, a candidate
// emptied, one deleted, a tracked local header changed to name a FOLL_
// flag, an untracked .c file and an untracked file .gitignore ignores —
// the prefilter finds exactly what it finds in a plain copy with the same
// changes, and each change shows in the candidates.
func TestPrefilterGitCheckout612(t *testing.T) {
	src, _ := realtree.Whole(t, "6.12") // committed to git whole
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("skipped: git not installed")
	}
	tmp := t.TempDir()
	orig := candidates(t, src)

	plain, checkout := filepath.Join(tmp, "plain"), filepath.Join(tmp, "git")
	for _, d := range []string{plain, checkout} {
		// hard links: fast, and the tree is never written (the changes
		// below replace files, they do not write into them)
		run(t, "", "cp", "-al", src, d)
	}
	run(t, checkout, "git", "init", "-q")
	// -f: the Debian source package's .gitignore ignores the whole top
	// level; objects stored uncompressed, to commit 1.7 GB in seconds
	run(t, checkout, "git", "-c", "core.looseCompression=0", "-c", "gc.auto=0", "add", "-A", "-f", ".")
	run(t, checkout, "git", "-c", "user.name=gupvet test", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false",
		"-c", "gc.auto=0", "commit", "-q", "-m", "linux 6.12")

	sort, emptied, deleted, header := "lib/sort.c", "drivers/misc/xilinx_sdfec.c", "drivers/scsi/st.c", "lib/kstrtox.h"
	newC, ignored := "drivers/gupvet-test/new.c", "drivers/gupvet-test/gen.mod.c"
	for _, c := range []string{sort, emptied, deleted, header} {
		if _, err := os.Stat(filepath.Join(src, c)); err != nil {
			t.Fatalf("has the tree changed? %v", err)
		}
	}
	for _, c := range []string{emptied, deleted, "kernel/bpf/helpers.c", "fs/proc/base.c", "lib/vsprintf.c"} {
		if !slices.Contains(orig, c) {
			t.Fatalf("has the tree changed? %s should be a candidate", c)
		}
	}
	for _, c := range []string{sort, "lib/kstrtox.c", "lib/bitmap-str.c", "kernel/sysctl.c"} {
		if slices.Contains(orig, c) {
			t.Fatalf("has the tree changed? %s should not be a candidate", c)
		}
	}
	for _, d := range []string{plain, checkout} {
		replace(t, d, sort, func(b string) string { return b + "\n/* as get_user_pages_fast() does */\n" })
		replace(t, d, emptied, func(string) string { return "int nothing;\n" })
		replace(t, d, header, func(b string) string { return b + "#define KSTRTOX_FOLL FOLL_GET\n" })
		if err := os.Remove(filepath.Join(d, deleted)); err != nil {
			t.Fatal(err)
		}
		replace(t, d, newC, func(string) string { return "long n(void) { return get_user_pages_unlocked(0, 1, 0, 0); }\n" })
		replace(t, d, ignored, func(string) string { return "int g = FOLL_PIN;\n" })
	}
	status := run(t, checkout, "git", "status", "--porcelain", "--ignored", "--untracked-files=all")
	for _, want := range []string{" M " + sort, " M " + emptied, " M " + header, " D " + deleted, "!! " + newC, "!! " + ignored} {
		if !strings.Contains(status, want+"\n") {
			t.Errorf("git status --porcelain --ignored has no %q: the checkout is not dirty as the test means\n%s", want, status)
		}
	}

	inPlain, inGit := candidates(t, plain), candidates(t, checkout)
	if !reflect.DeepEqual(inGit, inPlain) {
		t.Errorf("git checkout: %d candidates, plain copy: %d\nonly in the checkout: %q\nonly in the plain copy: %q",
			len(inGit), len(inPlain), minus(inGit, inPlain), minus(inPlain, inGit))
	}
	// what the changes make of the original candidates: kstrtox.h is the
	// local header of lib/kstrtox.c, lib/bitmap-str.c and lib/vsprintf.c,
	// and kernel/sysctl.c, kernel/bpf/helpers.c and fs/proc/base.c include
	// it by a relative path (helpers.c, base.c, vsprintf.c are candidates
	// already)
	var want []string
	for _, c := range orig {
		if c != emptied && c != deleted {
			want = append(want, c)
		}
	}
	want = append(want, sort, newC, ignored, "lib/kstrtox.c", "lib/bitmap-str.c", "kernel/sysctl.c")
	slices.Sort(want)
	want = slices.Compact(want)
	if !reflect.DeepEqual(inGit, want) {
		t.Errorf("after the changes: only found %q, only expected %q", minus(inGit, want), minus(want, inGit))
	}
}

func candidates(t *testing.T, dir string) []string {
	t.Helper()
	tr, err := cparse.NewTree(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	return prefiltered(t, tr, nil)
}

// replace gives file in dir new content made from the old (empty when
// there is none), through a new file renamed over it: the old one may be a
// hard link of the real tree.
func replace(t *testing.T, dir, file string, edit func(string) string) {
	t.Helper()
	old, _ := os.ReadFile(filepath.Join(dir, file))
	testtree.Replace(t, dir, file, edit(string(old)))
}

func run(t *testing.T, dir string, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return string(out)
}

// minus returns the elements of a not in b.
func minus(a, b []string) []string {
	var out []string
	for _, x := range a {
		if !slices.Contains(b, x) {
			out = append(out, x)
		}
	}
	return out
}
