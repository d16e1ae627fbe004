package cparse

// ---- ",##__VA_ARGS__" with no blank before ## ---------------------------

// rewriteCommaPaste puts a blank between a comma and the GNU comma paste
// that follows it: ",##__VA_ARGS__" and ",## __VA_ARGS__" become
// ", ##__VA_ARGS__" (include/linux/gfp.h default_gfp(), which 7.x's
// kmalloc_obj()/kzalloc_objs() family expand; arch/x86/include/asm/asm.h).
//
// cc/v4 v4.31.0 applies GCC's rule for a non-empty variable argument ("the
// comma is kept and the arguments follow it") only when a blank comes
// before the ##. Without one it glues the comma and the argument's first
// token into a single token that still counts as a comma, spelled ",x":
// the first variadic token vanishes from the parse, and inside another
// macro's arguments it splits them one place too many ("too many macro
// arguments", testdata/gaps/comma_paste.c). The empty case is right either
// way. Blanks around ## mean nothing to a C preprocessor (gcc -E gives the
// same output for both spellings, stringized arguments included), so the
// rewrite keeps the meaning of every macro; it only changes which branch
// cc/v4 takes.
//
// When a blank follows the ## it moves before it and the line keeps its
// length; otherwise the line grows by one column inside the macro body,
// whose tokens report the position of the macro's use anyway. Lines are
// kept.
func rewriteCommaPaste(b []byte) ([]byte, bool) {
	s := splice{src: b}
	off := 0
	for i := range scan(b, "##", &off) {
		if i+2 < len(b) && b[i+2] == '#' {
			off = i + 3 // "###": not this shape
			continue
		}
		if commaBefore(b, i) < 0 {
			continue
		}
		k := skipBlanks(b, i+2)
		if !isWordAt(b, k, "__VA_ARGS__") || inStringOrLineComment(b, i) {
			continue
		}
		s.keep(i, k)
		if k > i+2 {
			// ",## __VA_ARGS__" -> ", ##__VA_ARGS__": the blank moves
			s.add(string(b[i+2]), "##", string(b[i+3:k]))
		} else {
			s.add(" ##")
		}
		off = k
	}
	return s.done()
}

// commaBefore returns the offset of the comma right before offset i,
// across backslash-newlines (the preprocessor deletes them before it sees
// tokens, so ",\<newline>##" is ",##"), or -1.
func commaBefore(b []byte, i int) int {
	j := i - 1
	for j >= 1 && b[j] == '\n' {
		k := j - 1
		if b[k] == '\r' {
			k--
		}
		if k < 0 || b[k] != '\\' {
			return -1
		}
		j = k - 1
	}
	if j < 0 || b[j] != ',' {
		return -1
	}
	return j
}
