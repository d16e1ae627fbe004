package main

import "errors"
import "fmt"
import "os"
import "strings"

import "gupvet/cmd/gupvet/internal/diff"

// Applying the patches under review (-review), in memory, the way a
// maintainer's tools would: each hunk where it applies as it is, even
// some lines away (patch(1) and git apply look for it); then, in a git
// checkout whose history has the blob the patch's "index" line names,
// three-way like git am -3; then with fuzz, as GNU patch does by default
// (-review-fuzz). Every patch of a series is applied before anything is
// analysed, so a patch that does not apply is one line on stderr and
// nothing else is printed.

// reviewStep is the tree after one patch of the series.
type reviewStep struct {
	n     int    // 1-based, in the series
	label string // "[PATCH 2/5] subject"; "" for a lone plain diff
	// content holds the files the patch changes, tree-relative, with
	// their content after it (nil: deleted); lineMap their old line ->
	// new line.
	content map[string][]byte
	lineMap map[string][]int
	// state is every file the series changed so far, after this patch.
	state map[string][]byte
	// notes say how hunks applied that did not apply as they are.
	notes []string
}

// mapLine maps a line of the tree before the step to the line after.
func (s *reviewStep) mapLine(file string, line int) int {
	m, ok := s.lineMap[file]
	if !ok {
		if _, changed := s.content[file]; changed {
			return 0 // deleted or renamed
		}
		return line
	}
	if line < 1 || line >= len(m) {
		return 0
	}
	return m[line]
}

// changesC reports whether the patch changes a C source or header, the
// only files that can change what gupvet finds.
func (s *reviewStep) changesC() bool {
	for f := range s.content {
		if strings.HasSuffix(f, ".c") || strings.HasSuffix(f, ".h") {
			return true
		}
	}
	return false
}

// applySeries reads the patch (a diff, or an mbox of one or more
// patches) and applies its patches in order to the tree's content.
func applySeries(p *plan, name string, data []byte, maxFuzz int) ([]*reviewStep, error) {
	files, err := diff.Parse(name, data)
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("%s: no file changes in the patch", name)
	}
	// one step per mbox message that changes files (a cover letter
	// changes none)
	var groups [][]*diff.File
	for i, f := range files {
		if i == 0 || f.Patch != files[i-1].Patch {
			groups = append(groups, nil)
		}
		groups[len(groups)-1] = append(groups[len(groups)-1], f)
	}
	state := map[string][]byte{}
	var steps []*reviewStep
	for i, g := range groups {
		st := &reviewStep{n: i + 1, label: g[0].Subject, content: map[string][]byte{}, lineMap: map[string][]int{}}
		if st.label == "" && len(groups) > 1 {
			st.label = fmt.Sprintf("patch %d of %d", i+1, len(groups))
		}
		where := name + ": "
		if st.label != "" {
			where += st.label + ": "
		}
		for _, f := range g {
			if err := applyFile(p, st, state, f, maxFuzz); err != nil {
				return nil, errors.New(where + err.Error())
			}
		}
		st.state = make(map[string][]byte, len(state))
		for f, b := range state {
			st.state[f] = b
		}
		steps = append(steps, st)
	}
	return steps, nil
}

// applyFile applies one file's change to state (the series' changes so
// far) and records it in the step.
func applyFile(p *plan, st *reviewStep, state map[string][]byte, f *diff.File, maxFuzz int) error {
	switch {
	case f.Binary:
		return fmt.Errorf("%s: a binary diff: -review applies text hunks only", f.Name())
	case f.Rename:
		return fmt.Errorf("%s: a rename (from %s): -review applies changes in place only; apply the series with git am and run gupvet on the result", f.NewName, f.OldName)
	case f.Copy:
		return fmt.Errorf("%s: a copy (from %s): -review applies changes in place only; apply the series with git am and run gupvet on the result", f.NewName, f.OldName)
	}
	var old []byte
	if f.OldName != "" {
		b, ok := state[f.OldName]
		switch {
		case ok && b == nil:
			return fmt.Errorf("%s: changed after an earlier patch deleted it", f.OldName)
		case ok:
			old = b
		default:
			b, err := p.tree.ReadFile(f.OldName)
			if err != nil {
				first := ""
				if len(f.Hunks) > 0 {
					first = fmt.Sprintf(": hunk #1 (%s, line %d of the patch)", f.Hunks[0].Header, f.Hunks[0].Line)
				}
				return fmt.Errorf("%s%s: the file is not in the tree: %v (is -C the tree the patch is for?)", f.OldName, first, unwrapPathError(err))
			}
			old = b
		}
	} else if b, ok := state[f.NewName]; (ok && b != nil) || (!ok && exists(p, f.NewName)) {
		return fmt.Errorf("%s: the patch creates it, but it already exists", f.NewName)
	}

	a, err := f.ApplyFuzz(old, 0)
	if err != nil {
		a, err = applyHarder(p, st, f, old, maxFuzz, err)
		if err != nil {
			return err
		}
	}
	for _, h := range a.Hunks {
		if !h.Exact() {
			st.notes = append(st.notes, fmt.Sprintf("patching file %s: %s", f.Name(), h))
		}
	}
	m := a.LineMap
	if f.OldName != "" {
		if prev, ok := st.lineMap[f.OldName]; ok {
			// the same patch changes the file a second time: compose
			for i, n := range prev {
				if n > 0 && n < len(m) {
					prev[i] = m[n]
				} else {
					prev[i] = 0
				}
			}
			m = prev
		}
		delete(st.lineMap, f.OldName)
	}
	if f.NewName == "" {
		st.content[f.OldName] = nil
		state[f.OldName] = nil
		return nil
	}
	st.content[f.NewName] = a.Content
	st.lineMap[f.NewName] = m
	state[f.NewName] = a.Content
	return nil
}

// applyHarder applies a change whose hunks do not all apply as they are:
// three-way when git can, else with fuzz. exactErr is why it did not
// apply as it is.
func applyHarder(p *plan, st *reviewStep, f *diff.File, old []byte, maxFuzz int, exactErr error) (*diff.Applied, error) {
	var ae *diff.ApplyError
	errors.As(exactErr, &ae)
	merged, how, err3 := threeWay(p.tree.Src, f, old)
	if err3 == nil {
		hunk := "some hunk"
		if ae != nil {
			hunk = fmt.Sprintf("hunk #%d", ae.Hunk)
		}
		st.notes = append(st.notes, fmt.Sprintf("patching file %s: %s does not apply as it is: %s", f.Name(), hunk, how))
		return &diff.Applied{Content: merged, LineMap: diff.LineMap(old, merged)}, nil
	}
	if maxFuzz == 0 {
		return nil, withThreeWay(exactErr, err3)
	}
	a, err := f.ApplyFuzz(old, maxFuzz)
	if err != nil {
		return nil, withThreeWay(err, err3)
	}
	if !errors.Is(err3, errNoThreeWay) {
		// tried, and it did not merge: say why fuzz was used
		st.notes = append(st.notes, fmt.Sprintf("patching file %s: %v; applied with fuzz instead", f.Name(), err3))
	}
	return a, nil
}

// withThreeWay adds to a failure to apply why a three-way apply was not
// possible either, when one was tried.
func withThreeWay(err, err3 error) error {
	if err3 == nil || errors.Is(err3, errNoThreeWay) {
		return err
	}
	return fmt.Errorf("%v; %v", err, err3)
}

func exists(p *plan, rel string) bool {
	_, err := os.Stat(p.tree.Abs(rel))
	return err == nil
}
