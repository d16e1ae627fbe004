package diff

import "testing"

import "gupvet/internal/testtree"

// FuzzParse feeds arbitrary bytes to the diff reader (what -patch and
// -review read from a user) and checks what it accepts: every hunk holds
// the lines its header counts, and applies (with fuzz) to the same bytes
// without a crash. The same bytes, cut in two, are an old and
// a new file: what Unified writes for them must read back and apply to
// give the new file (what -diff and -fix rely on).
func FuzzParse(f *testing.F) {
	testtree.Seed(f, "../../testdata/review/*.patch")
	f.Add([]byte("--- a/f.c\n+++ b/f.c\n@@ -1,2 +1,2 @@\n a\n-b\n+c\n"))
	f.Add([]byte("--- a/f.c\n+++ b/f.c\n@@ -1 +1 @@\n-a\n\\ No newline at end of file\n+b\n"))
	f.Add([]byte("From 1 Mon Sep 17 00:00:00 2001\nSubject: [PATCH] x\n\n---\ndiff --git a/x b/x\nBinary files a/x and b/x differ\n"))
	f.Add([]byte("@@ -1,99999999999999999999 +1 @@\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if files, err := Parse("fuzz", data); err == nil {
			for _, fl := range files {
				for _, h := range fl.Hunks {
					old, new := 0, 0
					for _, l := range h.Lines {
						switch l.Op {
						case ' ':
							old++
							new++
						case '-':
							old++
						case '+':
							new++
						}
					}
					if old != h.OldLines || new != h.NewLines {
						t.Fatalf("hunk at line %d says -%d +%d, holds -%d +%d", h.Line, h.OldLines, h.NewLines, old, new)
					}
				}
				fl.Added()
				// applying with fuzz to any content never fails but
				// with an error, and keeps the line map in range
				if a, err := fl.ApplyFuzz(data, 2); err == nil && !fl.Binary {
					for _, n := range a.LineMap {
						if n < 0 || n > len(splitLines(string(a.Content)))+1 {
							t.Fatalf("line map %v out of range for %d lines", a.LineMap, len(splitLines(string(a.Content))))
						}
					}
				}
			}
		}

		checkRoundTrip(t, data[:len(data)/2], data[len(data)/2:])
	})
}
