package analyzer_test

import "os"
import "path/filepath"
import "strings"
import "testing"
import "time"

import "gupvet/analyzer"
import "gupvet/cparse"
import "gupvet/internal/testtree"
import "gupvet/rules/all"

// Every bad input of the reliability issue, next to a good file: the run
// ends, the good file's finding is reported, and the bad file either
// analyses harmlessly or is reported with a reason. Parses run in worker
// processes, as gupvet runs them.
func TestBadInputs(t *testing.T) {
	good := "long ok(unsigned long a, struct page **p)\n{\n\treturn get_user_pages_unlocked(a, 1, p, FOLL_NOWAIT);\n}\n"
	exp := "#define E0(x) x x\n"
	for i := 1; i < 40; i++ {
		exp += "#define E" + itoa(i) + "(x) E" + itoa(i-1) + "(x) E" + itoa(i-1) + "(x)\n"
	}
	// the function names a GUP word, or tolerant mode would not parse it
	exp += "int f(void) { return E39(get_user_pages); }\n"
	big := strings.Repeat("int get_user_pages_filler_variable_for_size;\n", 50<<20/45)
	cases := []struct {
		name, content string
		mustFail      string // substring of the error, "" = may analyse
	}{
		{"empty", "", ""},
		{"binary", "\x7fELF\x02\x01\x01\x00\x00\x00FOLL_NOWAIT\x00", "NUL byte"},
		{"nul", "int get_user_pages;\x00\n", "NUL byte"},
		{"comment", "int get_user_pages; /* never closed\n", ""},
		{"string", "const char *s = \"get_user_pages never closed\n", ""},
		{"backslash", "char *s = \"get_user_pages\\", ""},
		{"selfinclude", "#include \"selfinclude.c\"\nint get_user_pages;\n", ""},
		{"cycle", "#include \"cyc_a.h\"\nint get_user_pages;\n", ""},
		{"selfref", "#define get_user_pages get_user_pages(get_user_pages)\nint x = get_user_pages;\n", ""},
		{"expo", exp + "/* get_user_pages */\n", ""},
		{"nested", "int get_user_pages = " + strings.Repeat("(", 100000) + "1" + strings.Repeat(")", 100000) + ";\n", "nested"},
		{"big", big, "too large"},
		{"stray", "int get_user_pages;\n*", ""},
	}
	files := map[string]string{"drv/ok.c": good, "drv/cyc_a.h": "#include \"cyc_b.h\"\n", "drv/cyc_b.h": "#include \"cyc_a.h\"\n"}
	for _, c := range cases {
		files["drv/"+c.name+".c"] = c.content
	}
	dir := testtree.Dir(t, files)
	copyDemoHeaders(t, dir)
	// a symlink loop inside the tree must not trap the walk
	if err := os.Symlink("..", filepath.Join(dir, "drv", "loop")); err != nil {
		t.Fatal(err)
	}
	tr, err := cparse.NewTree(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	pf := analyzer.NeedsOf(all.Analyzers).Prefilter(nil)
	cands, _ := pf.Candidates(tr, nil, 2)
	if len(cands) == 0 {
		t.Fatal("prefilter found nothing")
	}
	var names []string
	for _, c := range cases {
		names = append(names, "drv/"+c.name+".c")
	}
	start := time.Now()
	got, res := findings(t, analyzer.Config{Tree: tr, Mode: cparse.Tolerant, Isolation: isolation(512 << 20), FileTimeout: 30 * time.Second},
		append(names, "drv/ok.c"), nil)
	if d := time.Since(start); d > 3*time.Minute {
		t.Errorf("run took %v", d)
	}
	if len(got) != 1 || !strings.Contains(got[0], "drv/ok.c:3") {
		t.Errorf("findings %v: want the one in drv/ok.c", got)
	}
	errs := map[string]string{}
	for _, e := range res.Errors {
		errs[e.Path] = e.Err.Error()
	}
	for _, c := range cases {
		e := errs["drv/"+c.name+".c"]
		if c.mustFail != "" && !strings.Contains(e, c.mustFail) {
			t.Errorf("%s: error %q, want one saying %q", c.name, e, c.mustFail)
		}
		if e != "" && !strings.Contains(e, c.name) && !strings.Contains(e, "timed out") && !strings.Contains(e, "out of memory") && !strings.Contains(e, ":") {
			t.Errorf("%s: error %q names no position", c.name, e)
		}
	}
}

func itoa(i int) string {
	if i < 10 {
		return string(rune('0' + i))
	}
	return itoa(i/10) + string(rune('0'+i%10))
}
