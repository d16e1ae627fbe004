package main

import "cmp"
import "fmt"
import "io"
import "os"
import "path/filepath"
import "regexp"
import "strings"

import "golang.org/x/tools/go/analysis"

import "gupvet/analyzer"
import "gupvet/cparse"

// Patch review (-review PATCH): the patch, or each patch of a series in
// order, is applied in memory (the tree's overlay; nothing on disk
// changes; reviewapply.go), the tree is analysed before and after each
// one, and the findings that appear are printed as "new:", those that go
// away as "fixed:", each with the patch that made the difference. The
// runs analyse what a plain run would (the whole tree by default, or the
// paths given) plus the C files the series touches, so a finding far from
// the patched lines counts: a change to mm/gup.c can change the verdict
// on a caller in virt/kvm.
//
// After a patch, only what it can change is redone: a patch that changes
// no C source or header is not analysed again; the files to analyse are
// the previous ones with the patch's C files, and the prefilter is asked
// again only in the directories of the headers it changes; and parsed
// units are remembered in the process (the cache's in-memory layer), so
// only the files the patch changed and those that include them are
// parsed again. The rules then run over every unit, since their
// summaries cross files.
//
// A finding before and one after are the same when they have the same
// rule, file and message (numbers in it aside: they name lines that
// moved) and the old line maps, through the patch, to the new one.

// reviewRun is one analysis of the series: the tree before it (step nil)
// or after a patch.
type reviewRun struct {
	step *reviewStep
	res  *analyzer.Result
	// read reads the tree as this run saw it (for SARIF's columns and
	// fingerprints).
	read func(string) ([]byte, error)
}

// reviewFinding is a difference a patch makes.
type reviewFinding struct {
	fixed bool
	step  *reviewStep
	run   *reviewRun // the run the finding is from: after the patch, or before it if fixed
	f     analyzer.Finding
}

var digitsRx = regexp.MustCompile(`[0-9]+`)

func reviewKey(f *analyzer.Finding, line int) string {
	return fmt.Sprintf("%s\x00%s\x00%d\x00%s", f.Analyzer.Name, f.Posn.Filename, line, digitsRx.ReplaceAllString(f.Diag.Message, "#"))
}

func runReview(o *options, p *plan, sel []*analysis.Analyzer, stdout, stderr io.Writer) int {
	data, err := o.wf.readInput("-review", o.wf.review)
	if err != nil {
		fmt.Fprintf(stderr, "gupvet: %v\n", err)
		return exitTrouble
	}
	name := o.wf.review
	if name == "-" {
		name = "<stdin>"
	}
	steps, err := applySeries(p, name, data, o.wf.fuzz())
	if err != nil {
		fmt.Fprintf(stderr, "gupvet: -review %v\n", err)
		return exitTrouble
	}
	for _, st := range steps {
		for _, n := range st.notes {
			fmt.Fprintf(stderr, "gupvet: %s: %s%s\n", name, prefix(st.label), n)
		}
	}
	// the analyses share parsed units in memory (the overlay changes
	// between them, which the disk cache does not store)
	if o.cache == nil {
		o.cache = &analyzer.Cache{}
	}
	o.cache.Remember = true

	// before
	p.selectFiles(o.jobs, o.cache)
	p.auto = false // the same mode after as before
	underPaths := p.underPaths
	for _, st := range steps {
		for f := range st.content {
			if strings.HasSuffix(f, ".c") && exists(p, f) && underPaths(f) {
				p.files = appendNew(p.files, f)
			}
		}
	}
	var fileErrs []analyzer.FileError
	before, err := reviewAnalyse(o, p, sel, &fileErrs, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "gupvet: %v\n", err)
		return exitTrouble
	}

	prev := &reviewRun{res: before, read: p.tree.ReadFile}
	var found []reviewFinding
	for _, st := range steps {
		if !st.changesC() {
			if o.verbose {
				fmt.Fprintf(stderr, "gupvet: %schanges no C source or header: not analysed again\n", prefix(st.label))
			}
			prev = &reviewRun{step: st, res: prev.res, read: stateReader(p, st.state)}
			continue
		}
		overlay := map[string][]byte{}
		for f, b := range st.state {
			if b == nil {
				b = []byte{} // deleted: read as empty
			}
			overlay[p.tree.Abs(f)] = b
		}
		p.tree.ResetOverlay(overlay)
		p.files = p.filesAfter(o, st)
		if o.verbose {
			fmt.Fprintf(stderr, "gupvet: after %s:\n", cmp.Or(st.label, "the patch"))
		}
		res, err := reviewAnalyse(o, p, sel, &fileErrs, stderr)
		if err != nil {
			fmt.Fprintf(stderr, "gupvet: %v\n", err)
			return exitTrouble
		}
		cur := &reviewRun{step: st, res: res, read: stateReader(p, st.state)}
		found = append(found, compareRuns(prev, cur)...)
		prev = cur
	}
	p.tree.ResetOverlay(nil)

	status := exitClean
	for _, f := range found {
		if !f.fixed {
			status = exitFindings
		}
	}
	series := len(steps) > 1
	switch {
	case o.json:
		err = printReviewJSON(stdout, found)
	case o.wf.sarif:
		err = printReviewSARIF(stdout, p, sel, found)
	default:
		for _, f := range found {
			tag := "new: "
			if f.fixed {
				tag = "fixed: "
			}
			if series {
				tag += prefix(f.step.label)
			}
			printTagged(stdout, tag, f.run.res, f.f)
		}
	}
	if err != nil {
		fmt.Fprintf(stderr, "gupvet: %v\n", err)
		status = exitTrouble
	}

	// a file that failed in several runs is listed once
	seen := map[string]bool{}
	var errs []analyzer.FileError
	for _, e := range fileErrs {
		k := e.Path + "\x00" + fmt.Sprint(e.Err)
		if !seen[k] {
			seen[k] = true
			errs = append(errs, e)
		}
	}
	printErrors(stderr, errs, o.verbose)
	// the account of the tree as the last patch leaves it
	if inv := inventoryOf(prev.res); inv != nil {
		inv.printAccount(stderr, len(p.files))
		if len(inv.lost()) > 0 {
			return exitTrouble
		}
	}
	if len(errs) > 0 {
		return exitTrouble
	}
	return status
}

// reviewAnalyse analyses the plan's files with the tree as it is now,
// applies gupvet:ignore directives and adds the files it could not
// analyse to fileErrs.
func reviewAnalyse(o *options, p *plan, sel []*analysis.Analyzer, fileErrs *[]analyzer.FileError, stderr io.Writer) (*analyzer.Result, error) {
	p.printPlan(o, stderr)
	res, err := analyse(o, p, sel, stderr)
	if err != nil {
		return nil, err
	}
	postProcess(o, p, sel, res, nil)
	*fileErrs = append(append(*fileErrs, p.walkErrors...), res.Errors...)
	return res, nil
}

// compareRuns returns what the step's patch adds (new findings of cur)
// and removes (findings of prev it does not keep), new ones first.
func compareRuns(prev, cur *reviewRun) []reviewFinding {
	st := cur.step
	count := map[string]int{}
	for i := range prev.res.Findings {
		f := &prev.res.Findings[i]
		count[reviewKey(f, st.mapLine(f.Posn.Filename, f.Posn.Line))]++
	}
	var out []reviewFinding
	for i := range cur.res.Findings {
		f := &cur.res.Findings[i]
		k := reviewKey(f, f.Posn.Line)
		if count[k] > 0 {
			count[k]--
			continue
		}
		out = append(out, reviewFinding{step: st, run: cur, f: *f})
	}
	for i := range prev.res.Findings {
		f := &prev.res.Findings[i]
		k := reviewKey(f, st.mapLine(f.Posn.Filename, f.Posn.Line))
		if count[k] > 0 {
			count[k]--
			out = append(out, reviewFinding{fixed: true, step: st, run: prev, f: *f})
		}
	}
	return out
}

// filesAfter is the file set after a step: the previous one less the
// files the series deleted, with the C files the patch changes or
// creates, and what the prefilter picks in the directories of the
// headers it changes (a local header that starts naming a GUP word makes
// its includers match).
func (p *plan) filesAfter(o *options, st *reviewStep) []string {
	var files []string
	for _, f := range p.files {
		if b, changed := st.state[f]; !changed || b != nil {
			files = append(files, f)
		}
	}
	dirs := map[string]bool{}
	for f, b := range st.content {
		switch {
		case b == nil || !p.underPaths(f):
		case strings.HasSuffix(f, ".c"):
			files = appendNew(files, f)
		case strings.HasSuffix(f, ".h"):
			dirs[filepath.Dir(f)] = true
		}
	}
	for d := range dirs {
		cands, _ := analyzer.NeedsOf(analyzers).Prefilter(o.cache).Candidates(p.tree, []string{d}, o.jobs)
		if p.mode == cparse.Precise {
			cands, _ = dropOtherArches(p.tree.Arch, cands, p.paths)
			cands, _ = dropNotBuilt(p.tree, cands, p.paths)
		}
		for _, f := range cands {
			if p.underPaths(f) {
				files = appendNew(files, f)
			}
		}
	}
	return files
}

// underPaths reports whether a tree-relative file is under the paths the
// run was given (all of the tree when none).
func (p *plan) underPaths(f string) bool {
	if len(p.paths) == 0 {
		return true
	}
	for _, q := range p.paths {
		if q == "." || f == q || strings.HasPrefix(f, q+string(filepath.Separator)) {
			return true
		}
	}
	return false
}

// stateReader reads the tree with the series' changes up to a step.
func stateReader(p *plan, state map[string][]byte) func(string) ([]byte, error) {
	return func(path string) ([]byte, error) {
		rel := p.tree.Rel(p.tree.Abs(path))
		if b, ok := state[rel]; ok {
			if b == nil {
				return nil, os.ErrNotExist
			}
			return b, nil
		}
		return os.ReadFile(p.tree.Abs(path))
	}
}

func appendNew(files []string, f string) []string {
	for _, g := range files {
		if g == f {
			return files
		}
	}
	return append(files, f)
}

// prefix is a patch's label as the start of a line: "[PATCH 2/5] x: ".
func prefix(label string) string {
	if label == "" {
		return ""
	}
	return label + ": "
}

// printTagged prints a finding as the text output does, its first line
// prefixed with tag.
func printTagged(w io.Writer, tag string, res *analyzer.Result, f analyzer.Finding) {
	fmt.Fprintf(w, "%s%s: %s [%s]\n", tag, posString(f.Posn, f.Unit), f.Diag.Message, f.Analyzer.Name)
	for _, r := range f.Diag.Related {
		fmt.Fprintf(w, "\t%s: %s\n", posString(res.Fset.Position(r.Pos), f.Unit), r.Message)
	}
}
