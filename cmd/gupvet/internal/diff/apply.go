package diff

import (
	"fmt"
	"strings"
)

// ApplyError says which hunk of which file does not apply.
type ApplyError struct {
	File string
	Hunk int // 1-based
	H    *Hunk
	Msg  string
}

func (e *ApplyError) Error() string {
	return fmt.Sprintf("%s: hunk #%d (%s, line %d of the patch) does not apply: %s", e.File, e.Hunk, e.H.Header, e.H.Line, e.Msg)
}

// maxOffset is how far from its stated line a hunk is looked for, as
// patch(1) and git apply do when earlier changes moved the text.
const maxOffset = 1000

// Apply applies the change to the old content (nil for a file the change
// creates) and returns the new content. Context and removed lines must
// match exactly; a hunk may be found up to maxOffset lines away from
// where its header says (earlier hunks' shifts are counted).
func (f *File) Apply(old []byte) ([]byte, error) {
	b, _, err := f.ApplyMapped(old)
	return b, err
}

// ApplyMapped is Apply that also returns where each line of the old
// content went: lineMap[n] is the new line number of old line n (1-based),
// 0 for a line the change removed.
func (f *File) ApplyMapped(old []byte) ([]byte, []int, error) {
	b, m, err := f.apply(old)
	return b, m, err
}

func (f *File) apply(old []byte) ([]byte, []int, error) {
	if f.Binary {
		return nil, nil, fmt.Errorf("%s: a binary change cannot be applied", f.Name())
	}
	lines := splitLines(string(old))
	lineMap := make([]int, len(lines)+1)
	var out []string
	pos := 0 // next line of old not yet copied
	for hi, h := range f.Hunks {
		want := wantOld(h)
		start := h.OldStart - 1
		if h.OldLines == 0 {
			start = h.OldStart // "-N,0" inserts after line N
		}
		at := -1
		for d := 0; d <= maxOffset && at < 0; d++ {
			for _, c := range []int{start + d, start - d} {
				if d == 0 && c != start {
					continue
				}
				if c >= pos && c+len(want) <= len(lines) && matches(lines[c:c+len(want)], want) {
					at = c
					break
				}
			}
		}
		if at < 0 {
			msg := "its context and removed lines are not in the file"
			if start >= 0 && start < len(lines) && len(want) > 0 {
				for k, w := range want {
					if start+k >= len(lines) || trimEOL(lines[start+k]) != w {
						got := "end of file"
						if start+k < len(lines) {
							got = fmt.Sprintf("%q", trimEOL(lines[start+k]))
						}
						msg = fmt.Sprintf("line %d is %s, the patch expects %q", start+k+1, got, w)
						break
					}
				}
			}
			return nil, nil, &ApplyError{File: f.Name(), Hunk: hi + 1, H: h, Msg: msg}
		}
		for i := pos; i < at; i++ {
			lineMap[i+1] = len(out) + 1
			out = append(out, lines[i])
		}
		k := at
		for _, l := range h.Lines {
			switch l.Op {
			case ' ':
				lineMap[k+1] = len(out) + 1
				out = append(out, lines[k])
				k++
			case '-':
				k++
			case '+':
				if l.NoNewline {
					out = append(out, l.Text)
				} else {
					out = append(out, l.Text+"\n")
				}
			}
		}
		pos = k
	}
	for i := pos; i < len(lines); i++ {
		lineMap[i+1] = len(out) + 1
		out = append(out, lines[i])
	}
	if f.NewName == "" {
		return nil, make([]int, len(lines)+1), nil // deleted
	}
	return []byte(strings.Join(out, "")), lineMap, nil
}

// wantOld is the text the hunk expects in the old file.
func wantOld(h *Hunk) []string {
	var w []string
	for _, l := range h.Lines {
		if l.Op != '+' {
			w = append(w, l.Text)
		}
	}
	return w
}

func matches(have, want []string) bool {
	for i := range want {
		if trimEOL(have[i]) != want[i] {
			return false
		}
	}
	return true
}

func trimEOL(s string) string { return strings.TrimSuffix(s, "\n") }

// splitLines splits content into lines that keep their "\n".
func splitLines(s string) []string {
	if s == "" {
		return nil
	}
	l := strings.SplitAfter(s, "\n")
	if l[len(l)-1] == "" {
		l = l[:len(l)-1]
	}
	return l
}
