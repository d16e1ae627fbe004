// Package analysistest runs a gupvet analyzer over a small C source tree
// and checks its diagnostics against expectations written in the C files,
// in the manner of golang.org/x/tools/go/analysis/analysistest.
//
// A test tree is a directory laid out like a kernel tree (it may hold
// Makefile, include/linux/mm_types.h, mm/internal.h, mm/gup.c, ...). The
// files under test carry comments of the form
//
//	get_user_pages_unlocked(addr, 1, &page, flags); // want "NOWAIT" `UNLOCKABLE`
//	faultin_page_range(mm, s, e, 0, NULL); /* want "locked" */
//
// Each quoted string (Go "..." syntax with escapes, or `...` raw) is a
// regular expression. Every regular expression of a want comment expects
// one diagnostic of the analyzer under test on the comment's line (the
// line where the comment starts) whose message it matches; two regexps
// on one line expect two diagnostics. Every expectation must be met and
// every diagnostic must be expected.
//
// Expectations are read from the files under test and from any other file
// of the tree in which the analyzer reported something (a header holding
// an inline wrapper, for instance).
//
// # Test data by convention
//
// A package's tests usually keep only their own files and share the rest
// of a tree: the module's testdata directory (beside go.mod) holds the
// shared trees, and each subdirectory L of the package's ./testdata is a
// layer laid over one of them. RunTestdata overlays every layer on its
// shared tree and analyses all the .c files of the layer in one run, each
// layer a subtest named L:
//
//	testdata/src/drivers/x/x.c  over  <module>/testdata/demo
//	testdata/v61/drivers/x/old.c  over  <module>/testdata/v61
//
// The layer named src goes over the shared tree named demo; any other
// layer goes over the shared tree of its own name. A layer without .c
// files (one only stacked on another by an explicit Overlay) and the fuzz
// corpus directory are not layers. Tests that need anything else (some of
// a layer's files in separate runs, several layers stacked, an edited
// tree) call Overlay and Run themselves.
package analysistest

import "cmp"
import "errors"
import "fmt"
import "go/token"
import "io/fs"
import "maps"
import "os"
import "path/filepath"
import "regexp"
import "slices"
import "strconv"
import "strings"
import "testing"
import "unicode"

import "golang.org/x/tools/go/analysis"

import "gupvet/analyzer"
import "gupvet/cparse"

// Run analyses files (tree-relative .c paths) of the tree at dir with a in
// tolerant mode and checks the diagnostics against the files' want
// comments. The context files the analyzer needs (analyzer.Declare), when
// the tree has them, are parsed for their facts, as a run does. Every file
// error of the run is reported as a test error, and so is a file under
// test that the parser could read only in part (tolerant mode gave up some
// of its lines), since a lost function would let a negative test pass
// vacuously. Run returns the result of
// the run, or nil when the run could not be made at all.
func Run(t testing.TB, dir string, a *analysis.Analyzer, files ...string) *analyzer.Result {
	t.Helper()
	return RunMode(t, dir, cparse.Tolerant, a, files...)
}

// RunMode is Run with a parse mode for the files under test.
func RunMode(t testing.TB, dir string, mode cparse.Mode, a *analysis.Analyzer, files ...string) *analyzer.Result {
	t.Helper()
	res, tree := run(t, dir, mode, a, files)
	if res == nil {
		return nil
	}
	check(t, tree, a, res, files)
	return res
}

// Diagnostics analyses files of the tree at dir with a in tolerant mode and
// returns the findings of a, without looking at want comments, for tests
// that assert on more than messages (Related positions, suggested fixes).
// File errors and partly read files are reported as test errors. Use
// Collect when the token.Pos values inside the diagnostics must be
// resolved (it returns the FileSet).
func Diagnostics(t testing.TB, dir string, a *analysis.Analyzer, files ...string) []analyzer.Finding {
	t.Helper()
	res := Collect(t, dir, cparse.Tolerant, a, files...)
	if res == nil {
		return nil
	}
	return res.Findings
}

// Collect analyses files of the tree at dir with a in the given mode and
// returns the whole result (Findings restricted to a, and the FileSet
// that resolves their positions), without looking at want comments. File
// errors and partly read files are reported as test errors.
func Collect(t testing.TB, dir string, mode cparse.Mode, a *analysis.Analyzer, files ...string) *analyzer.Result {
	t.Helper()
	res, _ := run(t, dir, mode, a, files)
	return res
}

// Related returns the positions of a finding's related information, in
// the order of Diag.Related.
func Related(res *analyzer.Result, f analyzer.Finding) []token.Position {
	out := make([]token.Position, len(f.Diag.Related))
	for i, r := range f.Diag.Related {
		out[i] = res.Fset.Position(r.Pos)
	}
	return out
}

// RelatedLines returns a finding's related information as
// "file:line: message" strings, the file slash-separated and relative to
// the tree, in the order of Diag.Related.
func RelatedLines(res *analyzer.Result, f analyzer.Finding) []string {
	out := make([]string, len(f.Diag.Related))
	for i, p := range Related(res, f) {
		out[i] = fmt.Sprintf("%s:%d: %s", filepath.ToSlash(p.Filename), p.Line, f.Diag.Related[i].Message)
	}
	return out
}

// FindingAt returns the first finding of res at posn, "file:line" with
// the file slash-separated and relative to the tree, and whether there is
// one.
func FindingAt(res *analyzer.Result, posn string) (analyzer.Finding, bool) {
	for _, f := range res.Findings {
		if fmt.Sprintf("%s:%d", filepath.ToSlash(f.Posn.Filename), f.Posn.Line) == posn {
			return f, true
		}
	}
	return analyzer.Finding{}, false
}

// RelatedAt returns, as RelatedLines does, the related information of the
// finding at posn (as FindingAt finds it). No finding there is a test
// error, and gives nil.
func RelatedAt(t testing.TB, res *analyzer.Result, posn string) []string {
	t.Helper()
	f, ok := FindingAt(res, posn)
	if !ok {
		t.Errorf("no finding at %s", posn)
		return nil
	}
	return RelatedLines(res, f)
}

// run makes the analysis run; it reports file errors and keeps only the
// findings of a.
func run(t testing.TB, dir string, mode cparse.Mode, a *analysis.Analyzer, files []string) (*analyzer.Result, *cparse.Tree) {
	t.Helper()
	if len(files) == 0 {
		t.Fatalf("analysistest: no files to analyse in %s", dir)
		return nil, nil
	}
	tree, err := cparse.NewTree(dir, "")
	if err != nil {
		t.Fatalf("analysistest: %v", err)
		return nil, nil
	}
	rel := make([]string, len(files))
	for i, f := range files {
		rel[i] = tree.Rel(tree.Abs(f))
	}
	cfg := analyzer.Config{
		Tree:      tree,
		Mode:      mode,
		Analyzers: []*analysis.Analyzer{a},
		// directives as a run applies them: a fixture's gupvet:ignore
		// silences as it would for a user
		Directives: &analyzer.Directives{},
	}
	// the context files the analyzer needs (analyzer.Needs) come with it
	res, err := analyzer.Run(cfg, rel, nil)
	if err != nil {
		t.Fatalf("analysistest: %v", err)
		return nil, nil
	}
	failed := map[string]bool{}
	for _, e := range res.Errors {
		failed[e.Path] = true
		t.Errorf("%s: %v", e.Path, e.Err)
	}
	// A unit the parser read only in part is an error of the test data
	// too: a function it gave up would pass a negative test vacuously.
	for _, u := range res.Units {
		if u.Context || !u.Partial || failed[u.Path] {
			continue
		}
		var skipped []string
		for _, n := range u.Notes {
			if s, ok := strings.CutPrefix(n, "skipped: "); ok {
				skipped = append(skipped, s)
			}
		}
		t.Errorf("%s: only part of the file could be read: %s", u.Path, strings.Join(skipped, "; "))
	}
	kept := res.Findings[:0]
	for _, f := range res.Findings {
		if f.Analyzer == a {
			kept = append(kept, f)
		}
	}
	res.Findings = kept
	return res, tree
}

// expectation is one regexp of a want comment.
type expectation struct {
	rx      *regexp.Regexp
	matched bool
}

type lineKey struct {
	file string
	line int
}

// check compares the findings of res with the want comments of the files
// under test and of the files the findings are in.
func check(t testing.TB, tree *cparse.Tree, a *analysis.Analyzer, res *analyzer.Result, files []string) {
	t.Helper()
	want := map[lineKey][]*expectation{}
	scanned := map[string]bool{}
	scan := func(file string) {
		if scanned[file] {
			return
		}
		scanned[file] = true
		src, err := tree.ReadFile(file)
		if err != nil {
			t.Errorf("%s: %v", file, err)
			return
		}
		for _, c := range Comments(src) {
			rxs, err := ParseWant(c.Text)
			if err != nil {
				t.Errorf("%s:%d: in 'want' comment: %v", file, c.Line, err)
				continue
			}
			k := lineKey{file, c.Line}
			for _, rx := range rxs {
				want[k] = append(want[k], &expectation{rx: rx})
			}
		}
	}
	for _, f := range files {
		scan(tree.Rel(tree.Abs(f)))
	}
	for _, f := range res.Findings {
		if f.Posn.IsValid() {
			scan(f.Posn.Filename)
		}
	}

	for _, f := range res.Findings {
		if f.Analyzer != a {
			continue
		}
		if !f.Posn.IsValid() {
			t.Errorf("%s: diagnostic without a position: %s", f.Unit, f.Diag.Message)
			continue
		}
		k := lineKey{f.Posn.Filename, f.Posn.Line}
		ok := false
		for _, e := range want[k] {
			if !e.matched && e.rx.MatchString(f.Diag.Message) {
				e.matched = true
				ok = true
				break
			}
		}
		if !ok {
			t.Errorf("%s:%d: unexpected diagnostic: %s", k.file, k.line, f.Diag.Message)
		}
	}

	keys := slices.SortedFunc(maps.Keys(want), func(a, b lineKey) int {
		return cmp.Or(strings.Compare(a.file, b.file), cmp.Compare(a.line, b.line))
	})
	for _, k := range keys {
		for _, e := range want[k] {
			if !e.matched {
				t.Errorf("%s:%d: no diagnostic was reported matching %q", k.file, k.line, e.rx.String())
			}
		}
	}
}

// Comment is a C comment: its text without the // or /* */ markers, and
// the 1-based line it starts on.
type Comment struct {
	Line int
	Text string
}

// Comments returns the comments of C source text in order. String and
// character literals are skipped, so "//" inside a string is not a
// comment. A // comment ends at the end of its line (a backslash before
// the newline continues it, as in C).
func Comments(src []byte) []Comment {
	var out []Comment
	line := 1
	for i := 0; i < len(src); {
		c := src[i]
		switch {
		case c == '\n':
			line++
			i++
		case c == '"' || c == '\'':
			i++
			for i < len(src) && src[i] != c && src[i] != '\n' {
				if src[i] == '\\' && i+1 < len(src) {
					if src[i+1] == '\n' {
						line++
					}
					i++
				}
				i++
			}
			if i < len(src) && src[i] == c {
				i++
			}
		case c == '/' && i+1 < len(src) && src[i+1] == '/':
			start, startLine := i+2, line
			i += 2
			for i < len(src) && src[i] != '\n' {
				if src[i] == '\\' && i+1 < len(src) && src[i+1] == '\n' {
					line++
					i++
				}
				i++
			}
			out = append(out, Comment{Line: startLine, Text: string(src[start:i])})
		case c == '/' && i+1 < len(src) && src[i+1] == '*':
			start, startLine := i+2, line
			i += 2
			end := len(src)
			for i < len(src) {
				if src[i] == '*' && i+1 < len(src) && src[i+1] == '/' {
					end = i
					i += 2
					break
				}
				if src[i] == '\n' {
					line++
				}
				i++
			}
			out = append(out, Comment{Line: startLine, Text: string(src[start:end])})
		default:
			i++
		}
	}
	return out
}

// ParseWant reads the expectations of a comment's text. A comment is a
// want comment when, once trimmed, it starts with "want"; the rest is a
// list of Go-quoted strings, each a regular expression. Other comments
// give no expectations and no error.
func ParseWant(text string) ([]*regexp.Regexp, error) {
	text = strings.TrimSpace(text)
	// a comment on a comment: "/* ... // want ... */"
	if i := strings.Index(text, "// want"); i >= 0 {
		text = text[i+len("// "):]
	}
	rest, ok := strings.CutPrefix(text, "want")
	if !ok {
		return nil, nil
	}
	if rest != "" && !unicode.IsSpace(rune(rest[0])) && rest[0] != '"' && rest[0] != '`' {
		return nil, nil // "wanted", "wants": prose, not an expectation
	}
	var out []*regexp.Regexp
	for {
		rest = strings.TrimLeftFunc(rest, unicode.IsSpace)
		if rest == "" {
			break
		}
		q, tail, err := quoted(rest)
		if err != nil {
			return nil, err
		}
		rx, err := regexp.Compile(q)
		if err != nil {
			return nil, fmt.Errorf("bad regexp %q: %v", q, err)
		}
		out = append(out, rx)
		rest = tail
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("want comment without a quoted regexp")
	}
	return out, nil
}

// quoted reads one Go string literal at the start of s.
func quoted(s string) (val, rest string, err error) {
	switch s[0] {
	case '`':
		end := strings.IndexByte(s[1:], '`')
		if end < 0 {
			return "", "", fmt.Errorf("unterminated raw string in %q", s)
		}
		return s[1 : 1+end], s[2+end:], nil
	case '"':
		for i := 1; i < len(s); i++ {
			switch s[i] {
			case '\\':
				i++
			case '"':
				v, err := strconv.Unquote(s[:i+1])
				if err != nil {
					return "", "", fmt.Errorf("bad string %s: %v", s[:i+1], err)
				}
				return v, s[i+1:], nil
			}
		}
		return "", "", fmt.Errorf("unterminated string in %q", s)
	}
	return "", "", fmt.Errorf("expected a quoted regexp, got %q", s)
}

// Overlay builds a test tree in a temporary directory: a copy of base
// (for instance testdata/demo, which holds the headers and mm/gup.c of a
// 6.12-shaped kernel) with each layer's files copied on top, and returns
// its path. Rule tests keep only their own .c files in their testdata.
func Overlay(t testing.TB, base string, layers ...string) string {
	t.Helper()
	dst := t.TempDir()
	for _, src := range append([]string{base}, layers...) {
		err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(src, p)
			out := filepath.Join(dst, rel)
			if d.IsDir() {
				return os.MkdirAll(out, 0o755)
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			return os.WriteFile(out, b, 0o644)
		})
		if err != nil {
			t.Fatalf("building test tree: %v", err)
		}
	}
	return dst
}

// RunWithSuggestedFixes is Run, and then applies every suggested fix of
// the findings to the files they edit and compares each edited file with
// the golden file beside it (FILE.golden), as
// golang.org/x/tools/go/analysis/analysistest.RunWithSuggestedFixes does.
// A file with edits and no golden file, or a golden file of an analysed
// file no fix edits, is a test error.
func RunWithSuggestedFixes(t testing.TB, dir string, a *analysis.Analyzer, files ...string) *analyzer.Result {
	t.Helper()
	res := Run(t, dir, a, files...)
	if res == nil {
		return nil
	}
	type edit struct {
		start, end int
		new        []byte
	}
	edits := map[string][]edit{}
	for _, f := range res.Findings {
		for _, fix := range f.Diag.SuggestedFixes {
			for _, e := range fix.TextEdits {
				p, q := res.Fset.Position(e.Pos), res.Fset.Position(e.End)
				edits[p.Filename] = append(edits[p.Filename], edit{p.Offset, q.Offset, e.NewText})
			}
		}
	}
	for _, f := range files {
		if _, err := os.Stat(filepath.Join(dir, f+".golden")); err == nil && edits[f] == nil {
			t.Errorf("%s: a golden file, but no suggested fix edits the file", f)
		}
	}
	for name, es := range edits {
		src, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		slices.SortFunc(es, func(a, b edit) int { return cmp.Compare(b.start, a.start) })
		out := append([]byte(nil), src...)
		for i, e := range es {
			if e.start < 0 || e.end < e.start || e.end > len(src) || i > 0 && e.end > es[i-1].start {
				t.Errorf("%s: suggested edits overlap or fall outside the file", name)
				continue
			}
			out = append(out[:e.start], append(append([]byte(nil), e.new...), out[e.end:]...)...)
		}
		want, err := os.ReadFile(filepath.Join(dir, name+".golden"))
		if err != nil {
			t.Errorf("%s: suggested fixes, but no golden file to compare them with: %v", name, err)
			continue
		}
		if string(out) != string(want) {
			t.Errorf("%s: after the suggested fixes:\n%s\nwant (%s.golden):\n%s", name, out, name, want)
		}
	}
	return res
}

// srcLayer is the layer name whose shared tree is named otherwise.
const srcLayer, srcBase = "src", "demo"

// fuzzDir is where go test keeps a fuzz corpus: test data, not a layer.
const fuzzDir = "fuzz"

// RunTestdata runs a on the layers of the package's ./testdata, each over
// its shared tree in the testdata directory of the module (see the
// package comment), as RunLayers does. The module is found by walking up
// from the working directory to go.mod.
func RunTestdata(t *testing.T, a *analysis.Analyzer) map[string]*analyzer.Result {
	t.Helper()
	root, err := moduleRoot()
	if err != nil {
		t.Fatalf("analysistest: %v", err)
		return nil
	}
	return RunLayers(t, "testdata", filepath.Join(root, "testdata"), a)
}

// RunLayers runs RunLayer on each layer of dir (a subdirectory holding .c
// files, not the fuzz corpus) over the shared trees in shared, each layer
// a subtest of t named for it, and returns the results by layer name. A
// dir without layers is a test error: the test would check nothing.
func RunLayers(t *testing.T, dir, shared string, a *analysis.Analyzer) map[string]*analyzer.Result {
	t.Helper()
	layers, err := Layers(dir)
	if err != nil {
		t.Fatalf("analysistest: %v", err)
		return nil
	}
	if len(layers) == 0 {
		t.Fatalf("analysistest: no layer with .c files in %s", dir)
		return nil
	}
	out := map[string]*analyzer.Result{}
	for _, l := range layers {
		t.Run(l, func(t *testing.T) {
			out[l] = RunLayer(t, filepath.Join(dir, l), shared, a)
		})
	}
	return out
}

// RunLayer overlays the layer directory on its shared tree in shared (the
// one named demo for a layer named src, the one of the layer's own name
// otherwise) and runs a, as Run does, on every .c file of the layer in one
// run. A layer without a shared tree, or without .c files, is a fatal
// test error.
func RunLayer(t testing.TB, layer, shared string, a *analysis.Analyzer) *analyzer.Result {
	t.Helper()
	base, files, err := layerOf(layer, shared)
	if err != nil {
		t.Fatalf("analysistest: %v", err)
		return nil
	}
	t.Logf("%s over %s: %s", layer, base, strings.Join(files, " "))
	return Run(t, Overlay(t, base, layer), a, files...)
}

// layerOf returns the shared tree in shared that layer goes over and the
// .c files of the layer; a missing shared tree, or no .c file, is an
// error.
func layerOf(layer, shared string) (base string, files []string, err error) {
	name := filepath.Base(layer)
	if name == srcLayer {
		name = srcBase
	}
	base = filepath.Join(shared, name)
	if st, err := os.Stat(base); err != nil || !st.IsDir() {
		return "", nil, fmt.Errorf("layer %s: no shared tree %s", layer, base)
	}
	files, err = cFiles(layer)
	if err == nil && len(files) == 0 {
		err = fmt.Errorf("layer %s has no .c files", layer)
	}
	return base, files, err
}

// Layers returns the names of the layers of dir, in order: its
// subdirectories that hold .c files, the fuzz corpus excepted.
func Layers(dir string) ([]string, error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range ents {
		if !e.IsDir() || e.Name() == fuzzDir {
			continue
		}
		files, err := cFiles(filepath.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		if len(files) > 0 {
			out = append(out, e.Name())
		}
	}
	return out, nil
}

// cFiles returns the .c files under dir, slash-separated relative paths
// in lexical order.
func cFiles(dir string) ([]string, error) {
	var out []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && filepath.Ext(p) == ".c" {
			rel, err := filepath.Rel(dir, p)
			if err != nil {
				return err
			}
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	return out, err
}

// moduleRoot returns the nearest directory at or above the working
// directory that holds a go.mod.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		} else if !errors.Is(err, fs.ErrNotExist) {
			return "", err
		}
		up := filepath.Dir(dir)
		if up == dir {
			return "", errors.New("no go.mod at or above the working directory")
		}
		dir = up
	}
}
