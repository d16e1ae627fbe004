package cparse

import "bytes"
import "strings"
import "testing"

// Header function bodies that name no GUP word become declarations; lines,
// conditional directives and everything else stay.
func TestElideBodies(t *testing.T) {
	src := `struct s { int a; };
static inline int plain(int x) { return x + 1; }
static inline int multi(int x)
{
#ifdef CONFIG_X
	return x;
#else
	return -x;
#endif
}
static inline long wrapper(unsigned long a)
{
	return get_user_pages(a, 1, FOLL_WRITE, 0);
}
static inline int xmacro(int f)
{
	switch (f) {
#define F(x) case x: return 1;
#include "list.h"
	}
	return 0;
} /* } in a comment */
int after;
`
	vocab := func(id string) bool { return id == "get_user_pages" || strings.HasPrefix(id, "FOLL_") }
	out := string(elideBodies([]byte(src), vocab))
	// blanks where the body was: compare without trailing blanks
	var trimmed []string
	for _, l := range strings.Split(out, "\n") {
		trimmed = append(trimmed, strings.TrimRight(l, " \t"))
	}
	got := strings.Join(trimmed, "\n")
	if n, m := strings.Count(got, "\n"), strings.Count(src, "\n"); n != m {
		t.Fatalf("%d lines, want %d:\n%s", n, m, got)
	}
	for _, want := range []string{
		"struct s { int a; };",
		"static inline int plain(int x) ;\n",
		"static inline int multi(int x)\n;\n#ifdef CONFIG_X\n\n#else\n\n#endif\n\n",
		"return get_user_pages(a, 1, FOLL_WRITE, 0);",
		"#define F(x) case x: return 1;",
		"int after;",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in:\n%s", want, got)
		}
	}
	if strings.Contains(got, "#include") || strings.Contains(got, "return x") || strings.Contains(got, "switch") {
		t.Errorf("a body survived (or an X-macro #include inside one):\n%s", got)
	}
	// and the result parses as C, the directives balanced
	u, err := ParseText("h.c", []byte(out), Options{Mode: Tolerant, Whole: true})
	if err != nil || len(u.Errors) > 0 {
		t.Errorf("elided text does not parse: %v %v\n%s", err, u.Err(), got)
	}
	if out := elideBodies([]byte("int x;\n"), vocab); !bytes.Equal(out, []byte("int x;\n")) {
		t.Errorf("text without functions changed: %q", out)
	}
}
