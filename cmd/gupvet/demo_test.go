package main

import "bufio"
import "fmt"
import "os"
import "path/filepath"
import "regexp"
import "sort"
import "strings"
import "testing"

import "gupvet/rules/all"

// demoTree is the repository's hand-written demo tree (the quick start).
const demoTree = "../../testdata/demo"

var expectedRx = regexp.MustCompile(`/\*\s*expected:\s*(\w+)`)

// demoExpected collects "path:line [rule]" from the demo tree's
// /* expected: RULE */ comments.
func demoExpected(t *testing.T) []string {
	t.Helper()
	var want []string
	err := filepath.WalkDir(demoTree, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !(strings.HasSuffix(path, ".c") || strings.HasSuffix(path, ".h")) {
			return err
		}
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		rel, _ := filepath.Rel(demoTree, path)
		sc := bufio.NewScanner(f)
		for n := 1; sc.Scan(); n++ {
			for _, m := range expectedRx.FindAllStringSubmatch(sc.Text(), -1) {
				want = append(want, fmt.Sprintf("%s:%d [%s]", filepath.ToSlash(rel), n, m[1]))
			}
		}
		return sc.Err()
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(want)
	return want
}

func needDemo(t *testing.T) {
	t.Helper()
	if _, err := os.Stat(demoTree); err != nil {
		t.Skipf("no demo tree at %s: %v", demoTree, err)
	}
}

// The demo tree parses without any file error (with a rule that finds
// nothing there).
func TestDemoParses(t *testing.T) {
	needDemo(t)
	withAnalyzers(t, testRule)
	r := runCmd(t, "-C", demoTree)
	if r.code != exitClean || r.stdout != "" || r.stderr != "" {
		t.Errorf("exit %d, stdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
	}
}

// The quick start: the registered rules report exactly the demo tree's
// /* expected: RULE */ lines, exit status 1.
func TestDemo(t *testing.T) {
	needDemo(t)
	want := demoExpected(t)
	if len(want) == 0 {
		t.Fatalf("no /* expected: RULE */ comments in %s", demoTree)
	}
	registered := map[string]bool{}
	for _, a := range all.Analyzers {
		registered[a.Name] = true
	}
	for _, w := range want {
		rule := w[strings.LastIndex(w, "[")+1 : len(w)-1]
		if !registered[rule] {
			t.Errorf("rule %s is not registered in rules/all: the demo expects %v", rule, want)
		}
	}
	withAnalyzers(t, all.Analyzers...)

	r := runCmd(t, "-C", demoTree)
	if r.code != exitFindings {
		t.Errorf("exit %d, want 1; stderr:\n%s", r.code, r.stderr)
	}
	// stderr is the run's account alone: the demo's seven call sites
	// (clean.c's four, madvise.c's two, KVM's one), none lost
	if r.stderr != "gupvet: 4 file(s), 7 GUP call site(s) analysed\n" {
		t.Errorf("stderr:\n%s", r.stderr)
	}
	lineRx := regexp.MustCompile(`^([^\t:]+):(\d+):\d+: .+ \[(\w+)\]$`)
	relRx := regexp.MustCompile(`^\t[^\t:]+:\d+(:\d+)?: .+$`)
	var got []string
	for _, l := range lines(r.stdout) {
		if m := lineRx.FindStringSubmatch(l); m != nil {
			got = append(got, fmt.Sprintf("%s:%s [%s]", m[1], m[2], m[3]))
		} else if !relRx.MatchString(l) {
			t.Errorf("malformed output line %q", l)
		}
	}
	sort.Strings(got)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("findings:\n%s\nwant:\n%s\nfull output:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"), r.stdout)
	}

	// -json reports the same findings
	j := runCmd(t, "-C", demoTree, "-json")
	if j.code != r.code {
		t.Errorf("-json: exit %d, text exit %d", j.code, r.code)
	}
	tree := map[string]map[string][]jsonDiagnostic{}
	if err := jsonUnmarshal(j.stdout, &tree); err != nil {
		t.Fatalf("-json: %v\n%s", err, j.stdout)
	}
	var jgot []string
	for _, byRule := range tree {
		for rule, ds := range byRule {
			for _, d := range ds {
				i := strings.LastIndex(d.Posn, ":")
				jgot = append(jgot, fmt.Sprintf("%s [%s]", d.Posn[:i], rule))
			}
		}
	}
	sort.Strings(jgot)
	if strings.Join(jgot, "\n") != strings.Join(want, "\n") {
		t.Errorf("-json findings:\n%s\nwant:\n%s", strings.Join(jgot, "\n"), strings.Join(want, "\n"))
	}
}
