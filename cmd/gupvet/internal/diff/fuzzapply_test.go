package diff

import "fmt"
import "math/rand"
import "os"
import "os/exec"
import "path/filepath"
import "regexp"
import "strconv"
import "strings"
import "testing"

// Tests of applying with offset and fuzz, as GNU patch does.

func mustParse(t *testing.T, d string) *File {
	t.Helper()
	fs, err := Parse("p", []byte(d))
	if err != nil || len(fs) != 1 {
		t.Fatalf("Parse: %d files, %v\n%s", len(fs), err, d)
	}
	return fs[0]
}

// The shape of the seed patch against Linux 6.4: three hunks 35 lines
// above where their headers say, the first with its outermost context
// lines changed at the end (fuzz 1), the second with its two outermost
// context lines changed at both ends (fuzz 2), the third exact.
func TestApplyFuzzSeedShape(t *testing.T) {
	var old []string
	for i := 1; i <= 100; i++ {
		old = append(old, fmt.Sprintf("line %d", i))
	}
	// what the file says where the patch's context differs
	old[12] = "line 13 reworded"      // hunk 1's last context line
	old[20] = "line 21 reworded"      // hunk 2's second context line
	old[24], old[25] = "x 25", "x 26" // hunk 2's last two
	file := strings.Join(old, "\n") + "\n"
	// the patch was made against a file with 35 more lines above
	d := `--- a/f.c
+++ b/f.c
@@ -43,6 +43,7 @@
 line 8
 line 9
 line 10
+added one
 line 11
 line 12
 line 13
@@ -55,7 +56,7 @@
 line 20
 line 21
 line 22
-line 23
+line 23 changed
 line 24
 line 25
 line 26
@@ -100,7 +101,7 @@
 line 65
 line 66
 line 67
-line 68
+line 68 changed
 line 69
 line 70
 line 71
`
	f := mustParse(t, d)
	// where the header says, shifted by nothing yet, line 43 is "line 43"
	_, err := f.ApplyFuzz([]byte(file), 0)
	if want := `f.c: hunk #1 (@@ -43,6 +43,7 @@, line 3 of the patch) does not apply: line 43 is "line 43", the patch expects "line 8"`; err == nil || err.Error() != want {
		t.Errorf("fuzz 0: %v\nwant %s", err, want)
	}
	// hunk 1 applies with fuzz 1, 35 lines up: hunk 2 is looked for
	// there first
	_, err = f.ApplyFuzz([]byte(file), 1)
	if want := `f.c: hunk #2 (@@ -55,7 +56,7 @@, line 11 of the patch) does not apply (even with fuzz 1): line 21 is "line 21 reworded", the patch expects "line 21"`; err == nil || err.Error() != want {
		t.Errorf("fuzz 1: %v", err)
	}
	a, err := f.ApplyFuzz([]byte(file), 2)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range a.Hunks {
		got = append(got, r.String())
	}
	want := []string{
		"hunk #1 succeeded at 8 with fuzz 1 (offset -35 lines)",
		"hunk #2 succeeded at 21 with fuzz 2 (offset -35 lines)",
		"hunk #3 succeeded at 66 (offset -35 lines)",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("hunks:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	nl := strings.Split(string(a.Content), "\n")
	if nl[10] != "added one" || nl[23] != "line 23 changed" || nl[68] != "line 68 changed" || len(nl) != 102 {
		t.Errorf("content: %q %q %q (%d lines)", nl[10], nl[23], nl[68], len(nl))
	}
	// lines keep their place through the map: old 11 is new 12, old 23
	// is gone
	if a.LineMap[11] != 12 || a.LineMap[23] != 0 || a.LineMap[100] != 101 {
		t.Errorf("line map: 11->%d 23->%d 100->%d", a.LineMap[11], a.LineMap[23], a.LineMap[100])
	}
}

// Nearest first, and after before at the same distance.
func TestApplyNearestFirst(t *testing.T) {
	f := mustParse(t, "--- a/f\n+++ b/f\n@@ -5,3 +5,3 @@\n a\n-b\n+B\n c\n")
	file := "a\nb\nc\nx\ny\nz\nw\na\nb\nc\n" // a b c at lines 1 and 8; the header says 5
	a, err := f.ApplyFuzz([]byte(file), 0)
	if err != nil || a.Hunks[0].Offset != 3 || !strings.HasPrefix(string(a.Content), "a\nb\nc\nx\ny\nz\nw\na\nB\n") {
		t.Errorf("%v %+v %q", err, a, a.Content)
	}
	file = "x\na\nb\nc\ny\nz\nw\na\nb\nc\n" // now at 2 (offset -3) and 8 (+3)
	a, err = f.ApplyFuzz([]byte(file), 0)
	if err != nil || a.Hunks[0].Offset != 3 {
		t.Errorf("same distance: %v %+v", err, a)
	}
}

// A hunk with less context before its change than after applies only at
// the start of the file (diff writes it only there) until the fuzz
// evens the two ends out.
func TestApplyStartOfFile(t *testing.T) {
	f := mustParse(t, "--- a/f\n+++ b/f\n@@ -1,3 +1,3 @@\n-a\n+A\n b\n c\n")
	if _, err := f.ApplyFuzz([]byte("z\na\nb\nc\n"), 1); err == nil {
		t.Error("applied away from the start of the file with fuzz 1")
	}
	// fuzz 2 ignores both trailing lines: the ends are even, the hunk
	// may move (patch(1): "Hunk #1 succeeded at 2 with fuzz 2 (offset 1
	// line).")
	a, err := f.ApplyFuzz([]byte("z\na\nb\nc\n"), 2)
	if err != nil || string(a.Content) != "z\nA\nb\nc\n" || a.Hunks[0].String() != "hunk #1 succeeded at 2 with fuzz 2 (offset 1 line)" {
		t.Errorf("fuzz 2: %v %+v", err, a)
	}
	a, err = f.ApplyFuzz([]byte("a\nb\nX\n"), 2)
	if err != nil || string(a.Content) != "A\nb\nX\n" || a.Hunks[0].String() != "hunk #1 succeeded at 1 with fuzz 1" {
		t.Errorf("at the start: %v %+v", err, a)
	}
}

var patchHunkRx = regexp.MustCompile(`(?m)^Hunk #(\d+) succeeded at (\d+)(?: with fuzz (\d+))?(?: \(offset (-?\d+) lines?\))?\.$`)

// ApplyFuzz agrees with GNU patch (the default -F2) on random files and
// patches whose context has drifted: the same verdict, the same content,
// the same place, offset and fuzz for every hunk.
func TestApplyFuzzAgreesWithGNUPatch(t *testing.T) {
	bin, err := exec.LookPath("patch")
	if err != nil {
		t.Skip("skipped: GNU patch is not installed (apt-get install patch); it is the reference this test compares with")
	}
	if out, _ := exec.Command(bin, "--version").Output(); !strings.Contains(string(out), "GNU patch") {
		t.Skipf("skipped: %s is not GNU patch", bin)
	}
	dir := t.TempDir()
	r := rand.New(rand.NewSource(7))
	word := func() string { return fmt.Sprintf("w%d", r.Intn(6)) }
	agreed, applied, fuzzed, moved := 0, 0, 0, 0
	for it := 0; it < 400; it++ {
		var a []string
		for i := 5 + r.Intn(60); i > 0; i-- {
			a = append(a, word()+"\n")
		}
		b := append([]string(nil), a...)
		for e := 1 + r.Intn(4); e > 0; e-- {
			i := r.Intn(len(b))
			switch r.Intn(3) {
			case 0:
				b = append(b[:i], append([]string{"new" + word() + "\n"}, b[i:]...)...)
			case 1:
				b = append(b[:i], b[i+1:]...)
			case 2:
				b[i] = "changed" + word() + "\n"
			}
		}
		d := Unified("f", []byte(strings.Join(a, "")), []byte(strings.Join(b, "")))
		if d == "" {
			continue
		}
		// the file the patch meets: lines added, removed and changed
		tgt := append([]string(nil), a...)
		for e := r.Intn(5); e > 0; e-- {
			i := r.Intn(len(tgt) + 1)
			switch r.Intn(3) {
			case 0:
				tgt = append(tgt[:i], append([]string{"drift" + word() + "\n"}, tgt[i:]...)...)
			case 1:
				if i < len(tgt) {
					tgt = append(tgt[:i], tgt[i+1:]...)
				}
			case 2:
				if i < len(tgt) {
					tgt[i] = "other" + word() + "\n"
				}
			}
		}
		target := strings.Join(tgt, "")
		os.WriteFile(filepath.Join(dir, "f"), []byte(target), 0o644)
		os.WriteFile(filepath.Join(dir, "p.diff"), []byte(d), 0o644)
		os.Remove(filepath.Join(dir, "out"))
		cmd := exec.Command(bin, "-f", "--no-backup-if-mismatch", "-r", filepath.Join(dir, "rej"), "-o", filepath.Join(dir, "out"), "-i", filepath.Join(dir, "p.diff"), filepath.Join(dir, "f"))
		msg, perr := cmd.CombinedOutput()
		f := mustParse(t, d)
		got, err := f.ApplyFuzz([]byte(target), 2)
		if (perr == nil) != (err == nil) {
			t.Fatalf("patch(1): %v, ApplyFuzz: %v\npatch(1) said:\n%s\ndiff:\n%s\ntarget:\n%s", perr, err, msg, d, target)
		}
		agreed++
		if perr != nil {
			continue
		}
		applied++
		want, _ := os.ReadFile(filepath.Join(dir, "out"))
		if string(got.Content) != string(want) {
			t.Fatalf("content differs\ngot:\n%s\npatch(1):\n%s\ndiff:\n%s\ntarget:\n%s", got.Content, want, d, target)
		}
		said := map[int]string{}
		for _, m := range patchHunkRx.FindAllStringSubmatch(string(msg), -1) {
			n, _ := strconv.Atoi(m[1])
			said[n] = "hunk #" + m[1] + " succeeded at " + m[2]
			if m[3] != "" {
				said[n] += " with fuzz " + m[3]
			}
			if m[4] != "" {
				o, _ := strconv.Atoi(m[4])
				said[n] = HunkResult{Hunk: n, Line: atoi(m[2]), Offset: o, Fuzz: atoi(m[3])}.String()
			}
		}
		for _, h := range got.Hunks {
			if h.Fuzz > 0 {
				fuzzed++
			}
			if h.Offset != 0 {
				moved++
			}
			if h.Exact() {
				if said[h.Hunk] != "" {
					t.Fatalf("hunk #%d: exact here, patch(1) said %q\ndiff:\n%s\ntarget:\n%s", h.Hunk, said[h.Hunk], d, target)
				}
				continue
			}
			if said[h.Hunk] != h.String() {
				t.Fatalf("hunk #%d: %q, patch(1) said %q\n%s\ndiff:\n%s\ntarget:\n%s", h.Hunk, h.String(), said[h.Hunk], msg, d, target)
			}
		}
	}
	t.Logf("%d cases agree with patch(1): %d applied (%d hunks with fuzz, %d with an offset), %d refused", agreed, applied, fuzzed, moved, agreed-applied)
	if applied < 100 || agreed-applied < 20 || fuzzed < 50 || moved < 50 {
		t.Errorf("too few cases of each kind")
	}
}

func atoi(s string) int { n, _ := strconv.Atoi(s); return n }

// LineMap follows lines through an edit made elsewhere (a three-way
// merge).
func TestLineMap(t *testing.T) {
	m := LineMap([]byte("a\nb\nc\nd\n"), []byte("x\na\nc\nD\nd\n"))
	if want := []int{0, 2, 0, 3, 5}; fmt.Sprint(m) != fmt.Sprint(want) {
		t.Errorf("LineMap = %v, want %v", m, want)
	}
}
