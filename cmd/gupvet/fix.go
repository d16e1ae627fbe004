package main

import "bytes"
import "crypto/sha256"
import "fmt"
import "io"
import "os"
import "path/filepath"
import "sort"

import "gupvet/analyzer"
import "gupvet/cmd/gupvet/internal/diff"

// snapshot holds the content hash of every file a run analyses, taken
// before the analysis: -fix refuses to edit a file that changed since.
type snapshot struct {
	hash map[string][32]byte
}

func takeSnapshot(p *plan) *snapshot {
	s := &snapshot{hash: map[string][32]byte{}}
	for _, f := range append(append([]string(nil), p.files...), p.context...) {
		if b, err := p.tree.ReadFile(f); err == nil {
			s.hash[f] = sha256.Sum256(b)
		}
	}
	return s
}

// fileFix is the new content of one file.
type fileFix struct {
	path     string // tree-relative, as in the findings
	old, new []byte
	fixes    int
}

// collectFixes gathers the first suggested fix of every finding, file by
// file, and computes each file's new content. A fix that overlaps one
// already taken is skipped (and said on warn); a file whose content is
// not what the analysis read is an error.
func collectFixes(p *plan, res *analyzer.Result, snap *snapshot, warn io.Writer) ([]*fileFix, error) {
	type edit struct {
		start, end int
		text       []byte
		fix        int
	}
	byFile := map[string][]edit{}
	sizes := map[string]int{}
	nfix := 0
	for _, f := range res.Findings {
		if len(f.Diag.SuggestedFixes) == 0 {
			continue
		}
		fx := f.Diag.SuggestedFixes[0]
		nfix++
		for _, e := range fx.TextEdits {
			start := res.Fset.Position(e.Pos)
			end := start
			if e.End.IsValid() {
				end = res.Fset.Position(e.End)
			}
			if !start.IsValid() || end.Filename != start.Filename || end.Offset < start.Offset {
				return nil, fmt.Errorf("%s: a suggested fix of %s has a bad edit", posString(f.Posn, f.Unit), f.Analyzer.Name)
			}
			if tf := res.Fset.File(e.Pos); tf != nil {
				sizes[start.Filename] = tf.Size() - 1 // Files registers len+1
			}
			byFile[start.Filename] = append(byFile[start.Filename], edit{start.Offset, end.Offset, e.NewText, nfix})
		}
	}
	var names []string
	for n := range byFile {
		names = append(names, n)
	}
	sort.Strings(names)
	var out []*fileFix
	for _, name := range names {
		old, err := p.tree.ReadFile(name)
		if err != nil {
			return nil, err
		}
		if h, ok := snap.hash[name]; (ok && h != sha256.Sum256(old)) || (sizes[name] > 0 && sizes[name] != len(old)) {
			return nil, fmt.Errorf("%s: changed since gupvet read it; not fixed (run gupvet again)", name)
		}
		edits := byFile[name]
		sort.SliceStable(edits, func(i, j int) bool { return edits[i].start < edits[j].start })
		// a fix whose edit overlaps an earlier fix's is left out whole;
		// the same edit twice (one finding reached from two units) is one
		conflict := map[int]bool{}
		at, last := 0, edit{start: -1}
		for _, e := range edits {
			if e.end > len(old) {
				return nil, fmt.Errorf("%s: a suggested fix edits past the end of the file", name)
			}
			if e.start == last.start && e.end == last.end && bytes.Equal(e.text, last.text) {
				continue
			}
			if e.start < at && !conflict[e.fix] {
				conflict[e.fix] = true
				fmt.Fprintf(warn, "gupvet: %s: a suggested fix overlaps another and is left out\n", name)
			}
			at, last = max(at, e.end), e
		}
		var buf bytes.Buffer
		fixes := map[int]bool{}
		at, last = 0, edit{start: -1}
		for _, e := range edits {
			if conflict[e.fix] || (e.start == last.start && e.end == last.end && bytes.Equal(e.text, last.text)) || e.start < at {
				continue
			}
			buf.Write(old[at:e.start])
			buf.Write(e.text)
			at, last = e.end, e
			fixes[e.fix] = true
		}
		buf.Write(old[at:])
		if !bytes.Equal(buf.Bytes(), old) {
			out = append(out, &fileFix{path: name, old: old, new: buf.Bytes(), fixes: len(fixes)})
		}
	}
	return out, nil
}

// printFixDiff prints the suggested fixes as one unified diff, paths
// relative to the tree with git's a/ b/ prefixes (git apply, patch -p1).
func printFixDiff(w io.Writer, p *plan, res *analyzer.Result, snap *snapshot) error {
	ffs, err := collectFixes(p, res, snap, io.Discard)
	if err != nil {
		return err
	}
	for _, ff := range ffs {
		if _, err := io.WriteString(w, diff.Unified(filepath.ToSlash(ff.path), ff.old, ff.new)); err != nil {
			return err
		}
	}
	return nil
}

// applyFixes writes the suggested fixes into the files: each file is
// written to a temporary file in its own directory, given the file's
// mode, and renamed over it, so a reader sees the old or the new content,
// never half; a file that changed since it was read is left alone.
func applyFixes(p *plan, res *analyzer.Result, snap *snapshot, stderr io.Writer) error {
	ffs, err := collectFixes(p, res, snap, stderr)
	if err != nil {
		return err
	}
	for _, ff := range ffs {
		if err := writeFixed(p.tree.Abs(ff.path), ff.old, ff.new); err != nil {
			return fmt.Errorf("%s: %v", ff.path, err)
		}
		fmt.Fprintf(stderr, "gupvet: %s: applied %d fix(es)\n", ff.path, ff.fixes)
	}
	return nil
}

func writeFixed(abs string, old, new []byte) (err error) {
	fi, err := os.Stat(abs)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(abs), "."+filepath.Base(abs)+".gupvet-*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			os.Remove(tmp.Name())
		}
	}()
	if _, err = tmp.Write(new); err != nil {
		tmp.Close()
		return err
	}
	if err = tmp.Chmod(fi.Mode().Perm()); err != nil {
		tmp.Close()
		return err
	}
	if err = tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	// the last moment to notice someone else's edit
	now, err := os.ReadFile(abs)
	if err != nil {
		return err
	}
	if sha256.Sum256(now) != sha256.Sum256(old) {
		return fmt.Errorf("changed since gupvet read it; not fixed (run gupvet again)")
	}
	return os.Rename(tmp.Name(), abs)
}
