package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"golang.org/x/tools/go/analysis"

	"gupvet/analyzer"
	"gupvet/cmd/gupvet/internal/diff"
)

// Patch review (-review PATCH): the patch is applied in memory (the
// tree's overlay; nothing on disk changes), the tree is analysed before
// and after, and the findings that appear are printed as "new:", those
// that go away as "fixed:". Both runs analyse what a plain run would (the
// whole tree by default, or the paths given) plus the C files the patch
// touches, so a finding far from the patched lines counts: a change to
// mm/gup.c can change the verdict on a caller in virt/kvm. On a warm
// cache the "before" run reads parsed files from it, and the "after" run
// re-parses only the files the patch changes and those that include them.
//
// A finding before and one after are the same when they have the same
// rule, file and message (numbers in it aside: they name lines that
// moved) and the old line maps, through the patch, to the new one.

// reviewed is a patch applied in memory.
type reviewed struct {
	content map[string][]byte // tree-relative path -> new content (nil: deleted)
	lineMap map[string][]int  // old line -> new line, per changed file
	created []string          // files the patch creates
}

// applyPatch applies every file change of the patch, in order (a git
// format-patch series may change a file twice), to the tree's content.
func applyPatch(p *plan, name string, data []byte) (*reviewed, error) {
	files, err := diff.Parse(name, data)
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("%s: no file changes in the patch", name)
	}
	r := &reviewed{content: map[string][]byte{}, lineMap: map[string][]int{}}
	for _, f := range files {
		var old []byte
		if f.OldName != "" {
			if b, ok := r.content[f.OldName]; ok {
				if b == nil {
					return nil, fmt.Errorf("%s: %s: changed after the patch deleted it", name, f.OldName)
				}
				old = b
			} else {
				b, err := p.tree.ReadFile(f.OldName)
				if err != nil {
					return nil, fmt.Errorf("%s: %s: %v (is -C the tree the patch is for?)", name, f.OldName, unwrapPathError(err))
				}
				old = b
			}
		} else if _, err := os.Stat(p.tree.Abs(f.NewName)); err == nil {
			return nil, fmt.Errorf("%s: %s: the patch creates it, but it already exists", name, f.NewName)
		}
		if f.Binary {
			if strings.HasSuffix(f.Name(), ".c") || strings.HasSuffix(f.Name(), ".h") {
				return nil, fmt.Errorf("%s: %s: a binary change to a C file", name, f.Name())
			}
			continue
		}
		nb, m, err := f.ApplyMapped(old)
		if err != nil {
			if f.Subject != "" {
				return nil, fmt.Errorf("%s: patch %q: %v", name, f.Subject, err)
			}
			return nil, fmt.Errorf("%s: %v", name, err)
		}
		if f.OldName != "" {
			if prev, ok := r.lineMap[f.OldName]; ok {
				// compose with the earlier change of the same file
				for i, n := range prev {
					if n > 0 && n < len(m) {
						prev[i] = m[n]
					} else {
						prev[i] = 0
					}
				}
				m = prev
			}
			delete(r.lineMap, f.OldName)
			if f.NewName != f.OldName {
				r.content[f.OldName] = nil
			}
		} else {
			r.created = append(r.created, f.NewName)
		}
		if f.NewName != "" {
			r.content[f.NewName] = nb
			r.lineMap[f.NewName] = m
		}
	}
	return r, nil
}

// mapLine maps a line of the tree before the patch to the line after.
func (r *reviewed) mapLine(file string, line int) int {
	m, ok := r.lineMap[file]
	if !ok {
		if _, changed := r.content[file]; changed {
			return 0 // deleted or renamed
		}
		return line
	}
	if line < 1 || line >= len(m) {
		return 0
	}
	return m[line]
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
	r, err := applyPatch(p, name, data)
	if err != nil {
		fmt.Fprintf(stderr, "gupvet: -review %v\n", err)
		return exitTrouble
	}
	// the patch's own C files are analysed whatever the prefilter says
	underPaths := func(f string) bool {
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
	addFiles := func(files []string, want func(string) bool) []string {
		have := map[string]bool{}
		for _, f := range files {
			have[f] = true
		}
		for f := range r.content {
			if strings.HasSuffix(f, ".c") && !have[f] && want(f) && underPaths(f) {
				files = append(files, f)
			}
		}
		return files
	}

	// before
	p.files = addFiles(p.files, func(f string) bool { _, err := os.Stat(p.tree.Abs(f)); return err == nil })
	p.printPlan(o, stderr)
	before, err := analyse(o, p, sel, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "gupvet: %v\n", err)
		return exitTrouble
	}
	postProcess(o, p, sel, before, nil)
	beforeErrs := append(append([]analyzer.FileError(nil), p.walkErrors...), before.Errors...)

	// after
	for f, b := range r.content {
		if b == nil {
			b = []byte{} // deleted: read as empty
		}
		p.tree.SetOverlay(f, b)
	}
	p.auto = false // the same mode after as before
	p.selectFiles(o.jobs, o.cache)
	p.files = addFiles(p.files, func(f string) bool { return r.content[f] != nil })
	kept := p.files[:0]
	for _, f := range p.files {
		if b, changed := r.content[f]; !changed || b != nil {
			kept = append(kept, f)
		}
	}
	p.files = kept
	if o.verbose {
		fmt.Fprintf(stderr, "gupvet: after the patch:\n")
	}
	p.printPlan(o, stderr)
	after, err := analyse(o, p, sel, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "gupvet: %v\n", err)
		return exitTrouble
	}
	postProcess(o, p, sel, after, nil)
	afterErrs := append(append([]analyzer.FileError(nil), p.walkErrors...), after.Errors...)

	// compare
	count := map[string]int{}
	for i := range before.Findings {
		f := &before.Findings[i]
		count[reviewKey(f, r.mapLine(f.Posn.Filename, f.Posn.Line))]++
	}
	var added []analyzer.Finding
	for i := range after.Findings {
		f := &after.Findings[i]
		k := reviewKey(f, f.Posn.Line)
		if count[k] > 0 {
			count[k]--
			continue
		}
		added = append(added, *f)
	}
	var fixed []analyzer.Finding
	for i := range before.Findings {
		f := &before.Findings[i]
		k := reviewKey(f, r.mapLine(f.Posn.Filename, f.Posn.Line))
		if count[k] > 0 {
			count[k]--
			fixed = append(fixed, *f)
		}
	}

	if o.json {
		doc := map[string]jsonTree{
			"new":   buildJSON(&analyzer.Result{Fset: after.Fset, Findings: added}),
			"fixed": buildJSON(&analyzer.Result{Fset: before.Fset, Findings: fixed}),
		}
		b, err := json.MarshalIndent(doc, "", "\t")
		if err != nil {
			fmt.Fprintf(stderr, "gupvet: JSON output: %v\n", err)
			return exitTrouble
		}
		fmt.Fprintf(stdout, "%s\n", b)
	} else {
		printTagged(stdout, "new: ", after, added)
		printTagged(stdout, "fixed: ", before, fixed)
	}

	// a file that failed either way is listed once
	errs := map[string]bool{}
	var fileErrs []analyzer.FileError
	for _, e := range append(beforeErrs, afterErrs...) {
		k := e.Path + "\x00" + fmt.Sprint(e.Err)
		if !errs[k] {
			errs[k] = true
			fileErrs = append(fileErrs, e)
		}
	}
	printErrors(stderr, fileErrs, o.verbose)
	switch {
	case len(fileErrs) > 0:
		return exitTrouble
	case len(added) > 0:
		return exitFindings
	}
	return exitClean
}

// printTagged prints findings as the text output does, each first line
// prefixed with tag.
func printTagged(w io.Writer, tag string, res *analyzer.Result, fs []analyzer.Finding) {
	for _, f := range fs {
		fmt.Fprintf(w, "%s%s: %s [%s]\n", tag, posString(f.Posn, f.Unit), f.Diag.Message, f.Analyzer.Name)
		for _, r := range f.Diag.Related {
			fmt.Fprintf(w, "\t%s: %s\n", posString(res.Fset.Position(r.Pos), f.Unit), r.Message)
		}
	}
}
