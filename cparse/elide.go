package cparse

import "bytes"

// elideBodies turns the function definitions of a header that mention no
// vocabulary word into declarations: the body becomes ';' and blanks,
// lines and preprocessor directives kept (so positions and #if nesting
// hold). Precise mode reads some 1,500 headers per translation unit, and
// parsing their static inline bodies (and expanding the macros in them)
// was most of the frontend's time and memory; only the declarations
// matter to the rules, except for inline GUP wrappers, which are kept.
func elideBodies(b []byte, vocab func(string) bool) []byte {
	if !bytes.Contains(b, []byte("{")) {
		return b
	}
	return blankBodies(b, topLevelChunks(b), func(text []byte) bool { return !anyIdent(identsOf(text), vocab) })
}

// blankBodies turns the function definitions among chunks (line ranges
// of b) that elide is true of (given the chunk's text, comments blanked)
// into declarations, in a copy of b; b itself when none is.
func blankBodies(b []byte, chunks [][2]int, elide func(text []byte) bool) []byte {
	var out []byte
	lines := bytes.SplitAfter(b, []byte("\n"))
	// byte offset of each line's start
	starts := make([]int, len(lines)+1)
	for i, l := range lines {
		starts[i+1] = starts[i] + len(l)
	}
	for _, c := range chunks {
		// comments and directives blanked, offsets kept
		text := stripComments(joinLines(lines, c[0], c[1]))
		_, open, ok := funcDef(text)
		if !ok || !elide(text) {
			continue
		}
		closeAt := bytes.LastIndexByte(text, '}')
		if closeAt <= open {
			continue
		}
		if out == nil {
			out = append([]byte(nil), b...)
		}
		base := starts[c[0]-1]
		blankBody(out[base+open : base+closeAt+1])
	}
	if out == nil {
		return b
	}
	return out
}

// blankBody replaces a function body "{...}" in place with ';' and
// blanks, keeping newlines and whole preprocessor lines.
func blankBody(body []byte) {
	atLineStart := false
	for i := 0; i < len(body); i++ {
		c := body[i]
		if c == '\n' {
			atLineStart = true
			continue
		}
		if atLineStart && (c == ' ' || c == '\t') {
			continue
		}
		if atLineStart && c == '#' && !isInclude(body[i:]) {
			// a directive: keep it and its continuation lines (an
			// #include inside a body is an X-macro list: its content
			// belongs to the body, so it goes)
			for i < len(body) && body[i] != '\n' {
				if body[i] == '\\' && i+1 < len(body) && body[i+1] == '\n' {
					i++
				}
				i++
			}
			i--
			atLineStart = false
			continue
		}
		atLineStart = false
		body[i] = ' '
	}
	body[0] = ';'
}

func isInclude(line []byte) bool {
	_, ok := directive(line, "include")
	return ok
}
