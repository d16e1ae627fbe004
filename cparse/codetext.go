package cparse

// CodeText returns src with everything that is not code blanked, lengths
// and line breaks kept: comments, preprocessor lines (a #define's body is
// not a call) and the contents of string and character literals. Tools
// that scan a file's text for names (an inventory's independent count of
// calls) read this.
func CodeText(src []byte) []byte {
	out := stripComments(src)
	for i := 0; i < len(out); i++ {
		q := out[i]
		if q != '"' && q != '\'' {
			continue
		}
		for i++; i < len(out) && out[i] != q && out[i] != '\n'; i++ {
			if out[i] == '\\' && i+1 < len(out) && out[i+1] != '\n' {
				out[i] = ' '
				i++
			}
			out[i] = ' '
		}
	}
	return out
}
