package cparse

import "strings"
import "testing"

// Only the call in code is left; lengths and lines are kept.
func TestCodeText(t *testing.T) {
	src := "#define G get_user_pages(a)\n/* get_user_pages( */ x = get_user_pages(b); // get_user_pages(\npr_err(\"get_user_pages() \\\" failed\"); c = '(';\n"
	got := string(CodeText([]byte(src)))
	if len(got) != len(src) || strings.Count(got, "\n") != strings.Count(src, "\n") {
		t.Fatalf("lengths changed: %q", got)
	}
	if n := strings.Count(got, "get_user_pages("); n != 1 || !strings.Contains(got, "x = get_user_pages(b);") || strings.Contains(got, "failed") || strings.Contains(got, "'('") {
		t.Errorf("CodeText kept %d calls: %q", n, got)
	}
	if i := strings.Index(got, "x = "); i != strings.Index(src, "x = ") {
		t.Errorf("code moved: %q", got)
	}
}

// A continued #define keeps its line breaks: what follows keeps its line.
func TestCodeTextContinuedDirective(t *testing.T) {
	src := "#define A(x) \\\n\tget_user_pages(x)\nint y = get_user_pages(0);\n"
	got := string(CodeText([]byte(src)))
	if strings.Count(got, "\n") != 3 || strings.Index(got, "get_user_pages(0)") != strings.Index(src, "get_user_pages(0)") || strings.Count(got, "get_user_pages(") != 1 {
		t.Errorf("CodeText: %q", got)
	}
}
