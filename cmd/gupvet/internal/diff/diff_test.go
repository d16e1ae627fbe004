package diff

import "bytes"
import "fmt"
import "math/rand"
import "os"
import "os/exec"
import "path/filepath"
import "strings"
import "testing"

import "gupvet/internal/txtartest"

const gitDiff = `diff --git a/mm/gup.c b/mm/gup.c
index 1111111..2222222 100644
--- a/mm/gup.c
+++ b/mm/gup.c
@@ -2,3 +2,4 @@ int f(void)
 a
-b
+B
+C
 c
@@ -10,2 +11,2 @@
 x
-y
+Y
diff --git a/new.c b/new.c
new file mode 100644
index 0000000..3333333
--- /dev/null
+++ b/new.c
@@ -0,0 +1,2 @@
+one
+two
`

func TestParseGit(t *testing.T) {
	fs, err := Parse("p", []byte(gitDiff))
	if err != nil {
		t.Fatal(err)
	}
	if len(fs) != 2 {
		t.Fatalf("%d files", len(fs))
	}
	if fs[0].OldName != "mm/gup.c" || fs[0].NewName != "mm/gup.c" || len(fs[0].Hunks) != 2 {
		t.Errorf("file 0: %+v", fs[0])
	}
	if got := fmt.Sprint(fs[0].Added()); got != "[3 4 12]" {
		t.Errorf("added %s", got)
	}
	if fs[1].OldName != "" || fs[1].NewName != "new.c" || fmt.Sprint(fs[1].Added()) != "[1 2]" {
		t.Errorf("file 1: %+v added %v", fs[1], fs[1].Added())
	}
}

const mbox = `From 0123456789abcdef0123456789abcdef01234567 Mon Sep 17 00:00:00 2001
From: A U Thor <a@example.org>
Date: Thu, 11 May 2023 10:00:00 -0400
Subject: [PATCH 1/2] mm/gup: one

A message with a line
--- that looks like a header but is not followed by +++.
---
 mm/gup.c | 2 +-
 1 file changed, 1 insertion(+), 1 deletion(-)

diff --git a/mm/gup.c b/mm/gup.c
index 1111111..2222222 100644
--- a/mm/gup.c
+++ b/mm/gup.c
@@ -1,2 +1,2 @@
-old
+new
 keep
-- 
2.39.2

From 89abcdef0123456789abcdef0123456789abcdef Mon Sep 17 00:00:00 2001
From: A U Thor <a@example.org>
Subject: [PATCH 2/2] mm/gup: two

---
diff --git a/mm/gup.c b/mm/gup.c
--- a/mm/gup.c
+++ b/mm/gup.c
@@ -1,2 +1,3 @@
 new
 keep
+more
-- 
2.39.2
`

func TestParseMbox(t *testing.T) {
	fs, err := Parse("series.mbox", []byte(mbox))
	if err != nil {
		t.Fatal(err)
	}
	if len(fs) != 2 || fs[0].Patch != 0 || fs[1].Patch != 1 || fs[1].Subject != "[PATCH 2/2] mm/gup: two" {
		for _, f := range fs {
			t.Logf("%+v", f)
		}
		t.Fatalf("want 2 files in 2 patches")
	}
	content := []byte("old\nkeep\n")
	for _, f := range fs {
		if content, err = f.Apply(content); err != nil {
			t.Fatal(err)
		}
	}
	if string(content) != "new\nkeep\nmore\n" {
		t.Errorf("applied: %q", content)
	}
}

// TestMalformed: each malformed input of testdata/malformed.txtar gives
// its message, on one line.
func TestMalformed(t *testing.T) {
	for _, c := range txtartest.Read(t, "testdata/malformed.txtar") {
		_, err := Parse("p", []byte(c.In))
		if want := c.Line(); err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("%s: Parse(%q) = %v, want %q…", c.Name, c.In, err, want)
		}
		if err != nil && strings.Contains(err.Error(), "\n") {
			t.Errorf("%s: error on more than one line: %q", c.Name, err)
		}
	}
}

func TestApplyOffsetAndFailure(t *testing.T) {
	fs, err := Parse("p", []byte("--- a/f.c\n+++ b/f.c\n@@ -2,3 +2,3 @@\n b\n-c\n+C\n d\n"))
	if err != nil {
		t.Fatal(err)
	}
	// two lines were inserted at the top: the hunk is found 2 lines down
	got, err := fs[0].Apply([]byte("x\ny\na\nb\nc\nd\ne\n"))
	if err != nil || string(got) != "x\ny\na\nb\nC\nd\ne\n" {
		t.Errorf("offset: %q, %v", got, err)
	}
	_, err = fs[0].Apply([]byte("a\nb\nZ\nd\n"))
	if err == nil || !strings.Contains(err.Error(), "f.c: hunk #1 (@@ -2,3 +2,3 @@, line 3 of the patch) does not apply: line 3 is \"Z\", the patch expects \"c\"") {
		t.Errorf("failure: %v", err)
	}
}

func TestNoNewline(t *testing.T) {
	old, new := []byte("a\nb"), []byte("a\nc\n")
	d := Unified("f", old, new)
	fs, err := Parse("d", []byte(d))
	if err != nil {
		t.Fatalf("%v\n%s", err, d)
	}
	got, err := fs[0].Apply(old)
	if err != nil || string(got) != string(new) {
		t.Errorf("%q %v\n%s", got, err, d)
	}
}

// Unified, then Parse and Apply, gives back the new content, for random
// edits of random files.
func TestRoundTrip(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	for it := 0; it < 300; it++ {
		var a []string
		for i := r.Intn(40); i > 0; i-- {
			a = append(a, fmt.Sprintf("l%d\n", r.Intn(8)))
		}
		b := append([]string(nil), a...)
		for e := r.Intn(5); e > 0; e-- {
			switch i := r.Intn(len(b) + 1); r.Intn(3) {
			case 0:
				b = append(b[:i], append([]string{fmt.Sprintf("n%d\n", r.Intn(5))}, b[i:]...)...)
			case 1:
				if i < len(b) {
					b = append(b[:i], b[i+1:]...)
				}
			case 2:
				if i < len(b) {
					b[i] = "changed\n"
				}
			}
		}
		checkRoundTrip(t, []byte(strings.Join(a, "")), []byte(strings.Join(b, "")))
	}
}

// checkRoundTrip: what Unified writes for old and new reads back as one
// file whose hunks turn old into new; for equal files it writes nothing.
func checkRoundTrip(t *testing.T, old, new []byte) {
	t.Helper()
	d := Unified("x/f.c", old, new)
	if bytes.Equal(old, new) {
		if d != "" {
			t.Fatalf("diff of equal files: %q", d)
		}
		return
	}
	files, err := Parse("unified", []byte(d))
	if err != nil {
		t.Fatalf("Unified wrote what Parse refuses: %v\n%q", err, d)
	}
	if len(files) != 1 {
		t.Fatalf("%d files in %q", len(files), d)
	}
	got, err := files[0].Apply(old)
	if err != nil || !bytes.Equal(got, new) {
		t.Fatalf("round trip: %v\nold %q\nnew %q\ngot %q\n%s", err, old, new, got, d)
	}
}

// git apply --check accepts what Unified writes.
func TestGitApplyAccepts(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	dir := t.TempDir()
	old := "int f(void)\n{\n\treturn get_user_pages(a, b, FOLL_NOWAIT | FOLL_UNLOCKABLE, c);\n}\n"
	new := strings.Replace(old, " | FOLL_UNLOCKABLE", "", 1)
	if err := os.MkdirAll(filepath.Join(dir, "mm"), 0o755); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "mm/f.c"), []byte(old), 0o644)
	cmd := exec.Command("git", "apply", "--check", "-")
	cmd.Dir = dir
	cmd.Stdin = strings.NewReader(Unified("mm/f.c", []byte(old), []byte(new)))
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("git apply --check: %v\n%s", err, out)
	}
}

// Mail headers as git format-patch and b4 write them: a folded subject,
// an RFC 2047 encoded one, b4's "From git@z" separator; git's index,
// rename and binary lines.
func TestParseMailHeaders(t *testing.T) {
	in := "From git@z Thu Jan  1 00:00:00 1970\n" +
		"Subject: [PATCH v2 1/2] mm/gup: a subject long enough to be\n folded by git format-patch\n" +
		"Content-Transfer-Encoding: 8bit\n\n" +
		"diff --git a/a.c b/a.c\nindex 25bfec7..e0418e6 100644\n--- a/a.c\n+++ b/a.c\n@@ -1 +1 @@\n-x\n+y\n" +
		"From git@z Thu Jan  1 00:00:00 1970\n" +
		"Subject: =?UTF-8?q?=5BPATCH=20v2=202/2=5D=20mm:=20J=C3=B6rg's=20fix?=\n\n" +
		"diff --git a/b.c b/c.c\nsimilarity index 90%\nrename from b.c\nrename to c.c\n" +
		"diff --git a/d.bin b/d.bin\nindex 1111111..2222222\nGIT binary patch\nliteral 1\nIcmZ?d00001\n\n"
	fs, err := Parse("p", []byte(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(fs) != 3 {
		t.Fatalf("%d files", len(fs))
	}
	if fs[0].Subject != "[PATCH v2 1/2] mm/gup: a subject long enough to be folded by git format-patch" || fs[0].OldBlob != "25bfec7" || fs[0].NewBlob != "e0418e6" || fs[0].Patch != 0 {
		t.Errorf("file 0: %+v", fs[0])
	}
	if fs[1].Subject != "[PATCH v2 2/2] mm: Jörg's fix" || !fs[1].Rename || fs[1].OldName != "b.c" || fs[1].NewName != "c.c" || fs[1].Patch != 1 {
		t.Errorf("file 1: %+v", fs[1])
	}
	if !fs[2].Binary || fs[2].Name() != "d.bin" {
		t.Errorf("file 2: %+v", fs[2])
	}
}
