package cparse

import (
	"testing"
	"time"
)

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
