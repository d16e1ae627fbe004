package cparse

import "strings"
import "testing"

// A name no declaration the unit read covers is marked Undeclared: what
// tolerant mode cannot know (a global header's macro or function).
func TestUndeclared(t *testing.T) {
	src := `#define LOCAL_FLAGS 4
enum { E_ONE = 1 };
int global;
int known(int);
long f(int p)
{
	int local = p + LOCAL_FLAGS + E_ONE + global;

	return known(local) + unknown(HEADER_FLAGS);
}
`
	u, err := ParseText("x.c", []byte(src), Options{Mode: Tolerant, Whole: true})
	if err != nil || len(u.Errors) > 0 || len(u.Funcs) != 1 {
		t.Fatalf("parse: %v %v", err, u.Err())
	}
	var undeclared []string
	Inspect(u.Funcs[0], func(n Node) bool {
		if id, ok := n.(*Ident); ok && id.Undeclared {
			undeclared = append(undeclared, id.Name)
		}
		return true
	})
	if got := strings.Join(undeclared, " "); got != "unknown HEADER_FLAGS" {
		t.Errorf("undeclared: %q, want unknown and HEADER_FLAGS", got)
	}
}
