package main

import "bytes"
import "flag"
import "fmt"
import "io"
import "os"
import "os/exec"
import "sort"
import "strings"

import "golang.org/x/tools/go/analysis"

import "gupvet/analyzer"
import "gupvet/cmd/gupvet/internal/diff"
import "gupvet/cparse"

// workflowOptions are the flags of the workflows around a plain run:
// output for CI, fixes, diff-aware runs, patch review, rule selection and
// suppression.
type workflowOptions struct {
	sarif         bool
	fix, diff     bool
	patch         string // -patch FILE ("-" for stdin)
	newFromRev    string // -new-from-rev REV
	staged        bool   // -staged
	review        string // -review PATCH ("-" for stdin)
	reviewFuzz    int    // -review-fuzz N; -1 when not given
	enable        string // comma list
	disable       string // comma list
	unusedIgnores bool
}

// stdinForTests, when set, stands for standard input.
var stdinForTests io.Reader

func (w *workflowOptions) register(fs *flag.FlagSet) {
	fs.BoolVar(&w.sarif, "sarif", false, "")
	fs.BoolVar(&w.fix, "fix", false, "")
	fs.BoolVar(&w.diff, "diff", false, "")
	fs.StringVar(&w.patch, "patch", "", "")
	fs.StringVar(&w.newFromRev, "new-from-rev", "", "")
	fs.BoolVar(&w.staged, "staged", false, "")
	fs.StringVar(&w.review, "review", "", "")
	fs.IntVar(&w.reviewFuzz, "review-fuzz", -1, "")
	fs.StringVar(&w.enable, "enable", "", "")
	fs.StringVar(&w.disable, "disable", "", "")
	fs.BoolVar(&w.unusedIgnores, "unused-ignores", false, "")
}

// check rejects flags that do not go together.
func (o *options) checkWorkflow() error {
	w := &o.wf
	if o.json && w.sarif {
		return usagef("-json and -sarif: choose one output format")
	}
	var modes []string
	if w.patch != "" {
		modes = append(modes, "-patch")
	}
	if w.newFromRev != "" {
		modes = append(modes, "-new-from-rev")
	}
	if w.staged {
		modes = append(modes, "-staged")
	}
	if w.review != "" {
		modes = append(modes, "-review")
	}
	if len(modes) > 1 {
		return usagef("%s: choose one", strings.Join(modes, " and "))
	}
	if w.reviewFuzz != -1 && w.review == "" {
		return usagef("-review-fuzz goes with -review")
	}
	if w.reviewFuzz < -1 {
		return usagef("-review-fuzz %d: want 0 (exact) or more", w.reviewFuzz)
	}
	if w.fix && w.diff {
		return usagef("-fix and -diff: choose one (-diff prints what -fix would change)")
	}
	if (w.fix || w.diff) && (w.staged || w.review != "") {
		return usagef("-fix and -diff change the working tree's files: not with %s", modes[0])
	}
	if w.diff && (o.json || w.sarif) {
		return usagef("-diff prints a patch on stdout: not with -json or -sarif")
	}
	return nil
}

// defaultReviewFuzz is GNU patch's default fuzz factor (-F2).
const defaultReviewFuzz = 2

// fuzz is the most context lines -review may ignore at each end of a
// hunk.
func (w *workflowOptions) fuzz() int {
	if w.reviewFuzz < 0 {
		return defaultReviewFuzz
	}
	return w.reviewFuzz
}

// selectAnalyzers applies -enable and -disable to the registered rules.
func selectAnalyzers(registered []*analysis.Analyzer, enable, disable string) ([]*analysis.Analyzer, error) {
	byName := map[string]*analysis.Analyzer{}
	var names []string
	for _, a := range registered {
		byName[a.Name] = a
		names = append(names, a.Name)
	}
	parse := func(flagName, list string) (map[string]bool, error) {
		set := map[string]bool{}
		for _, n := range strings.Split(list, ",") {
			n = strings.TrimSpace(n)
			if n == "" {
				continue
			}
			if byName[n] == nil {
				return nil, usagef("%s: unknown rule %q (rules: %s)", flagName, n, strings.Join(names, ", "))
			}
			set[n] = true
		}
		return set, nil
	}
	en, err := parse("-enable", enable)
	if err != nil {
		return nil, err
	}
	dis, err := parse("-disable", disable)
	if err != nil {
		return nil, err
	}
	var out []*analysis.Analyzer
	for _, a := range registered {
		if (len(en) == 0 || en[a.Name]) && !dis[a.Name] {
			out = append(out, a)
		}
	}
	if len(out) == 0 {
		return nil, usagef("-enable/-disable leave no rule to run")
	}
	return out, nil
}

// lineSet is the lines of one file that a change adds; all means every
// line (a new, untracked file).
type lineSet struct {
	all   bool
	lines map[int]bool
}

// changeSet maps tree-relative paths to the lines a change adds.
type changeSet map[string]*lineSet

func (c changeSet) has(file string, line int) bool {
	s := c[file]
	return s != nil && (s.all || s.lines[line])
}

func (c changeSet) add(files []*diff.File) {
	for _, f := range files {
		if f.NewName == "" {
			continue
		}
		s := c[f.NewName]
		if s == nil {
			s = &lineSet{lines: map[int]bool{}}
			c[f.NewName] = s
		}
		for _, l := range f.Added() {
			s.lines[l] = true
		}
	}
}

// touches reports whether a finding is on an added line, or one of its
// related positions is.
func (c changeSet) touches(res *analyzer.Result, f *analyzer.Finding) bool {
	if c.has(f.Posn.Filename, f.Posn.Line) {
		return true
	}
	for _, r := range f.Diag.Related {
		p := res.Fset.Position(r.Pos)
		if c.has(p.Filename, p.Line) {
			return true
		}
	}
	return false
}

// readInput reads a file named by a flag, "-" meaning standard input.
func (w *workflowOptions) readInput(flagName, name string) ([]byte, error) {
	if name == "-" {
		var in io.Reader = os.Stdin
		if stdinForTests != nil {
			in = stdinForTests
		}
		b, err := io.ReadAll(in)
		if err != nil {
			return nil, fmt.Errorf("%s -: reading standard input: %v", flagName, err)
		}
		return b, nil
	}
	b, err := os.ReadFile(name)
	if err != nil {
		return nil, usagef("%s %s: %v", flagName, name, unwrapPathError(err))
	}
	return b, nil
}

// git runs git in dir and returns its standard output.
func git(dir string, args ...string) ([]byte, error) {
	cmd := exec.Command("git", append([]string{"-C", dir, "-c", "core.quotepath=off"}, args...)...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		msg := strings.TrimSpace(errb.String())
		if i := strings.IndexByte(msg, '\n'); i >= 0 {
			msg = msg[:i]
		}
		if msg == "" {
			msg = err.Error()
		}
		return nil, fmt.Errorf("git %s: %s", strings.Join(args, " "), msg)
	}
	return out.Bytes(), nil
}

// gitDiffArgs make git print a diff gupvet's reader expects whatever the
// user's configuration: paths relative to the tree (-C), a/ b/ prefixes,
// no context, no colour, no external diff tool.
var gitDiffArgs = []string{"diff", "--relative", "--no-color", "--no-ext-diff", "--src-prefix=a/", "--dst-prefix=b/", "-U0"}

// changes computes the lines a diff-aware run reports on: from -patch,
// -new-from-rev or -staged. For -staged it also overlays the index's
// content on the tree. It returns nil when the run is not diff-aware.
func changes(o *options, p *plan) (changeSet, error) {
	w := &o.wf
	switch {
	case w.patch != "":
		b, err := w.readInput("-patch", w.patch)
		if err != nil {
			return nil, err
		}
		name := w.patch
		if name == "-" {
			name = "<stdin>"
		}
		files, err := diff.Parse(name, b)
		if err != nil {
			return nil, err
		}
		c := changeSet{}
		c.add(files)
		return c, nil
	case w.newFromRev != "":
		out, err := git(p.tree.Src, append(gitDiffArgs, w.newFromRev, "--")...)
		if err != nil {
			return nil, err
		}
		files, err := diff.Parse("git diff "+w.newFromRev, out)
		if err != nil {
			return nil, err
		}
		c := changeSet{}
		c.add(files)
		// files git does not track yet are new in every line
		untracked, err := git(p.tree.Src, "ls-files", "--others", "--exclude-standard", "-z")
		if err != nil {
			return nil, err
		}
		for _, f := range splitZ(untracked) {
			c[f] = &lineSet{all: true}
		}
		return c, nil
	case w.staged:
		return stagedChanges(p)
	}
	return nil, nil
}

// overlayIndex overlays the index's content of every C file whose
// working copy differs from it (staged or not): -staged analyses what
// would be committed.
func overlayIndex(t *cparse.Tree) error {
	dir := t.Src
	staged, err := git(dir, "diff", "--cached", "--relative", "--name-only", "--diff-filter=ACMR", "-z")
	if err != nil {
		return err
	}
	unstaged, err := git(dir, "diff", "--relative", "--name-only", "--diff-filter=M", "-z")
	if err != nil {
		return err
	}
	seen := map[string]bool{}
	for _, f := range append(splitZ(staged), splitZ(unstaged)...) {
		if seen[f] || !(strings.HasSuffix(f, ".c") || strings.HasSuffix(f, ".h")) {
			continue
		}
		seen[f] = true
		b, err := git(dir, "show", ":./"+f)
		if err != nil {
			return err
		}
		t.SetOverlay(f, b)
	}
	return nil
}

// stagedChanges returns the lines the index adds to HEAD.
func stagedChanges(p *plan) (changeSet, error) {
	dir := p.tree.Src
	out, err := git(dir, append(append([]string(nil), gitDiffArgs...), "--cached", "--")...)
	if err != nil {
		return nil, err
	}
	files, err := diff.Parse("git diff --cached", out)
	if err != nil {
		return nil, err
	}
	c := changeSet{}
	c.add(files)
	return c, nil
}

func splitZ(b []byte) []string {
	var out []string
	for _, s := range strings.Split(string(b), "\x00") {
		if s != "" {
			out = append(out, s)
		}
	}
	sort.Strings(out)
	return out
}
