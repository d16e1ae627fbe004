package cparse

import "strings"
import "testing"

import "modernc.org/cc/v4"

// builtinFor keeps the prototypes the texts name, the builtin source's
// macros and other declarations, and its lines; a pasted builtin name
// keeps them all.
func TestBuiltinFor(t *testing.T) {
	got := builtinFor([]byte("n = __builtin_strlen(s) + __builtin_huge_vall(1);"))
	if strings.Count(got, "\n") != strings.Count(cc.Builtin, "\n") {
		t.Errorf("%d lines, want cc.Builtin's %d", strings.Count(got, "\n"), strings.Count(cc.Builtin, "\n"))
	}
	for _, want := range []string{"__builtin_strlen(", "__builtin_huge_val(", "#define __builtin_offsetof", "typedef void *__builtin_va_list;", "__atomic_load("} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q (named, or named by a macro it keeps, or not a __builtin_ prototype)", want)
		}
	}
	for _, gone := range []string{"__builtin_acos(", "__builtin_strstr("} {
		if strings.Contains(got, gone) {
			t.Errorf("%q kept, though no text names it", gone)
		}
	}
	if all := builtinFor([]byte("#define OP(x) __builtin_##x")); all != cc.Builtin {
		t.Errorf("a pasted builtin name: not the whole builtin source")
	}
}

// kernelNameGuesses guesses the kernel names a file uses and does not
// define, whole words only.
func TestKernelNameGuesses(t *testing.T) {
	text := []byte("static uint __read_mostly ratio;\nstruct q { int lock ____cacheline_aligned_in_smp; };\nint ushort_count;\ntypedef unsigned long ulong;\n")
	known := func(n string) bool { return n == "poll_table" }
	got := kernelNameGuesses([]string{"already_t"}, known, text, []byte("poll_table *wait;"))
	want := []string{"____cacheline_aligned_in_smp", "uint"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("got %q, want %q (ushort only inside a word, ulong defined, poll_table known)", got, want)
	}
}
