package cparse

import "testing"
import "time"

// cc/v4 never returns on a string literal left open by a backslash at the
// end of the file; endSafely gives the scanner a line to stop on.
func TestBackslashAtEOF(t *testing.T) {
	for _, src := range []string{"\"open\\", "\"open\\\n", "'c\\", "int x = 1; \"a\\\r\n"} {
		done := make(chan *Unit, 1)
		go func() {
			u, _ := ParseText("eof.c", []byte(src), Options{Mode: Tolerant})
			done <- u
		}()
		select {
		case u := <-done:
			if u != nil && len(u.Errors) == 0 && !u.Partial {
				t.Errorf("%q: parsed without an error", src)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("%q: the parser did not return", src)
		}
	}
}

// Blanking a function keeps a multi-line #if whole (its continuation
// lines are part of the directive): cut, cc/v4 reports "internal error"
// with no position (mm/memory.c, mm/ptdump.c in 6.12).
func TestBlankKeepsDirectiveContinuations(t *testing.T) {
	src := "int a;\n#if defined(A) && \\\n    defined(B)\nint f(void)\n{\n\treturn 0;\n}\n#endif\n"
	got := string(blankLines([]byte(src), 2, 7))
	want := "int a;\n#if defined(A) && \\\n    defined(B)\n\n\n\n\n#endif\n"
	if got != want {
		t.Errorf("blankLines:\n%q\nwant\n%q", got, want)
	}
	u, err := ParseText("x.c", []byte(src), Options{Mode: Tolerant, Vocab: map[string]bool{"get_user_pages": true}})
	if err != nil || len(u.Errors) > 0 {
		t.Errorf("after slicing: %v %v", err, u.Err())
	}
}
