package diff

import "fmt"
import "strings"

// ApplyError says which hunk of which file does not apply.
type ApplyError struct {
	File    string
	Hunk    int // 1-based
	H       *Hunk
	MaxFuzz int // the fuzz that was tried, at most
	Msg     string
}

func (e *ApplyError) Error() string {
	how := ""
	if e.MaxFuzz > 0 {
		how = fmt.Sprintf(" (even with fuzz %d)", e.MaxFuzz)
	}
	return fmt.Sprintf("%s: hunk #%d (%s, line %d of the patch) does not apply%s: %s", e.File, e.Hunk, e.H.Header, e.H.Line, how, e.Msg)
}

// HunkResult says where and how one hunk applied, in patch(1)'s terms.
type HunkResult struct {
	Hunk int // 1-based
	// Line is where the hunk starts in the new content (patch(1)'s
	// "succeeded at").
	Line int
	// Offset is how many lines from where its header says the hunk was
	// found: the earlier hunks' offset plus its own, as patch(1) counts.
	Offset int
	// Fuzz is how many context lines were ignored at each end.
	Fuzz int
}

// Exact reports whether the hunk applied where its header says, with
// all its context.
func (r HunkResult) Exact() bool { return r.Offset == 0 && r.Fuzz == 0 }

// String says it as patch(1) does: "hunk #1 succeeded at 1586 with fuzz
// 1 (offset -35 lines)".
func (r HunkResult) String() string {
	s := fmt.Sprintf("hunk #%d succeeded at %d", r.Hunk, r.Line)
	if r.Fuzz > 0 {
		s += fmt.Sprintf(" with fuzz %d", r.Fuzz)
	}
	switch r.Offset {
	case 0:
	case 1, -1:
		s += fmt.Sprintf(" (offset %d line)", r.Offset)
	default:
		s += fmt.Sprintf(" (offset %d lines)", r.Offset)
	}
	return s
}

// Applied is the outcome of applying a file's change.
type Applied struct {
	// Content is the new content (nil for a deletion).
	Content []byte
	// LineMap[n] is the new line of old line n (1-based), 0 for a line
	// the change removed.
	LineMap []int
	Hunks   []HunkResult
}

// Apply applies the change to the old content (nil for a file the change
// creates) and returns the new content. Context and removed lines must
// match exactly; a hunk may be found anywhere after the previous one
// (nearest its header's line first, as patch(1) looks).
func (f *File) Apply(old []byte) ([]byte, error) {
	a, err := f.ApplyFuzz(old, 0)
	if err != nil {
		return nil, err
	}
	return a.Content, nil
}

// ApplyFuzz applies the change as GNU patch does by default: each hunk
// is looked for where its header says, shifted by the offset the
// previous hunk was found at, then at growing distances, one line after
// then one line before, up to the whole file; when no place matches, the
// search is made again with one, then two (up to maxFuzz) context lines
// ignored at the start and at the end of the hunk. Removed lines always
// match exactly. A hunk with less context at its start than at its end
// must apply at the start of the file, one with less at its end at the
// end of the file (diff writes such hunks only there), as patch(1) has
// it.
func (f *File) ApplyFuzz(old []byte, maxFuzz int) (*Applied, error) {
	if f.Binary {
		return nil, fmt.Errorf("%s: a binary change cannot be applied", f.Name())
	}
	lines := splitLines(string(old))
	lineMap := make([]int, len(lines)+1)
	var out []string
	var results []HunkResult
	pos := 0    // next line of old not yet copied
	offset := 0 // where the previous hunk was found, relative to its header
	for hi, h := range f.Hunks {
		start := h.OldStart - 1
		if h.OldLines == 0 {
			start = h.OldStart // "-N,0" inserts after line N
		}
		at, fuzz, ok := locate(h, lines, pos, start+offset, maxFuzz)
		if !ok {
			return nil, &ApplyError{File: f.Name(), Hunk: hi + 1, H: h, MaxFuzz: min(maxFuzz, contextOf(h)), Msg: mismatch(h, lines, pos, start+offset)}
		}
		offset = at - start
		for i := pos; i < at; i++ {
			lineMap[i+1] = len(out) + 1
			out = append(out, lines[i])
		}
		results = append(results, HunkResult{Hunk: hi + 1, Line: h.NewStart + offset, Offset: offset, Fuzz: fuzz})
		// up to the hunk's last change: its trailing context is copied
		// with what follows, and may be the next hunk's leading context
		// (patch(1) lets them overlap)
		last := len(h.Lines)
		for last > 0 && h.Lines[last-1].Op == ' ' {
			last--
		}
		k := at
		for _, l := range h.Lines[:last] {
			switch l.Op {
			case ' ':
				// leading context may lie in what was copied already
				if k >= pos {
					lineMap[k+1] = len(out) + 1
					out = append(out, lines[k])
				}
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
		pos = max(pos, k)
	}
	for i := pos; i < len(lines); i++ {
		lineMap[i+1] = len(out) + 1
		out = append(out, lines[i])
	}
	if f.NewName == "" {
		return &Applied{LineMap: make([]int, len(lines)+1), Hunks: results}, nil // deleted
	}
	return &Applied{Content: []byte(strings.Join(out, "")), LineMap: lineMap, Hunks: results}, nil
}

// locate finds where the hunk's old text starts (an index of lines) at
// the smallest fuzz up to maxFuzz, nearest guess first, never before
// pos (what earlier hunks consumed).
func locate(h *Hunk, lines []string, pos, guess, maxFuzz int) (at, fuzz int, ok bool) {
	want := wantOld(h)
	if len(want) == 0 {
		// a pure insertion without context applies where it says
		return min(max(guess, pos), len(lines)), 0, true
	}
	pre, suf := contextEnds(h)
	ctx := max(pre, suf)
	for fuzz = 0; fuzz <= min(maxFuzz, ctx); fuzz++ {
		// the context lines compared at each end: fewer where the
		// hunk has less context than at its other end
		pf, sf := fuzz+pre-ctx, fuzz+suf-ctx
		startOnly := pf < 0 && h.OldStart <= 1
		endOnly := !startOnly && sf < 0
		pf, sf = max(pf, 0), max(sf, 0)
		// the hunk starts after the earlier hunk's last change (its
		// leading context may be that hunk's trailing context)
		matchAt := func(c int) bool {
			if c < pos || c+len(want)-sf > len(lines) {
				return false
			}
			for i := pf; i < len(want)-sf; i++ {
				if trimEOL(lines[c+i]) != want[i] {
					return false
				}
			}
			return true
		}
		switch {
		case startOnly:
			// less context at the start: only the start of the file
			// (the whole file when there is less at the end too)
			if pos <= pre && matchAt(0) && (fuzz+suf-ctx >= 0 || len(want) == len(lines)) {
				return 0, fuzz, true
			}
			continue
		case endOnly:
			if c := len(lines) - len(want); matchAt(c) {
				return c, fuzz, true
			}
			continue
		}
		for d := 0; guess+d <= len(lines) || guess-d >= 0; d++ {
			if matchAt(guess + d) {
				return guess + d, fuzz, true
			}
			if d > 0 && matchAt(guess-d) {
				return guess - d, fuzz, true
			}
		}
	}
	return 0, 0, false
}

// mismatch says why the hunk does not apply where it was first looked
// for: the first line of its old text that differs there.
func mismatch(h *Hunk, lines []string, pos, guess int) string {
	want := wantOld(h)
	if guess >= len(lines) {
		return fmt.Sprintf("the file has %d lines, and its context and removed lines are not in it", len(lines))
	}
	if guess < pos || len(want) == 0 {
		return "its context and removed lines are not in the file"
	}
	for k, w := range want {
		if guess+k >= len(lines) {
			return fmt.Sprintf("the file ends at line %d, the patch expects %q", len(lines), w)
		}
		if trimEOL(lines[guess+k]) != w {
			return fmt.Sprintf("line %d is %q, the patch expects %q", guess+k+1, trimEOL(lines[guess+k]), w)
		}
	}
	return "its context and removed lines are not in the file"
}

// contextEnds counts the context lines before the hunk's first change
// and after its last.
func contextEnds(h *Hunk) (pre, suf int) {
	for pre < len(h.Lines) && h.Lines[pre].Op == ' ' {
		pre++
	}
	for suf < len(h.Lines)-pre && h.Lines[len(h.Lines)-1-suf].Op == ' ' {
		suf++
	}
	return pre, suf
}

// contextOf is the most fuzz a hunk can take: its longer context end.
func contextOf(h *Hunk) int {
	pre, suf := contextEnds(h)
	return max(pre, suf)
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

// LineMap maps the lines of old to those of new by a shortest edit
// script: m[n] is the new line of old line n (1-based), 0 for a line new
// does not keep. It serves where a change was made by another tool (a
// three-way merge) and only its result is known.
func LineMap(old, new []byte) []int {
	a, b := splitLines(string(old)), splitLines(string(new))
	m := make([]int, len(a)+1)
	ai, bi := 0, 0
	keep := func(a1 int) {
		for ; ai < a1; ai, bi = ai+1, bi+1 {
			m[ai+1] = bi + 1
		}
	}
	for _, e := range lineDiff(a, b) {
		keep(e.a0)
		ai, bi = e.a1, e.b1
	}
	keep(len(a))
	return m
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
