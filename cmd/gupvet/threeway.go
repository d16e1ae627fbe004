package main

import "errors"
import "fmt"
import "os"
import "os/exec"
import "path/filepath"
import "strings"

import "gupvet/cmd/gupvet/internal/diff"

// errNoThreeWay says a three-way apply was not possible: no "index" line,
// no git repository at the tree, or no such blob in it.
var errNoThreeWay = errors.New("no three-way apply")

// threeWay applies a change as git am -3 (git apply --3way) does when it
// does not apply as it is: the patch's "index OLD..NEW" line names the
// blob it was made against; if the tree's git repository has that blob,
// the patch is applied to it (where it applies exactly), and git
// merge-file merges the result into the current content, which may have
// moved on since. It returns the merged content and how it was made, or
// errNoThreeWay, or why the merge failed (conflicts).
func threeWay(src string, f *diff.File, current []byte) ([]byte, string, error) {
	if f.OldBlob == "" || strings.Trim(f.OldBlob, "0") == "" || f.OldName == "" {
		return nil, "", errNoThreeWay
	}
	if _, err := exec.LookPath("git"); err != nil {
		return nil, "", errNoThreeWay
	}
	if _, err := git(src, "rev-parse", "--git-dir"); err != nil {
		return nil, "", errNoThreeWay
	}
	base, err := git(src, "cat-file", "blob", f.OldBlob)
	if err != nil {
		return nil, "", errNoThreeWay // not in this repository (or ambiguous)
	}
	post, err := f.Apply(base)
	if err != nil {
		return nil, "", fmt.Errorf("three-way apply: the patch does not apply to its own preimage, blob %s: %v", f.OldBlob, err)
	}
	dir, err := os.MkdirTemp("", "gupvet-3way-")
	if err != nil {
		return nil, "", fmt.Errorf("three-way apply: %v", err)
	}
	defer os.RemoveAll(dir)
	names := []string{"current", "base", "patched"}
	for i, b := range [][]byte{current, base, post} {
		if err := os.WriteFile(filepath.Join(dir, names[i]), b, 0o600); err != nil {
			return nil, "", fmt.Errorf("three-way apply: %v", err)
		}
	}
	// -p: the result on stdout; exit status: the number of conflicts
	cmd := exec.Command("git", "merge-file", "-p", "-q", filepath.Join(dir, "current"), filepath.Join(dir, "base"), filepath.Join(dir, "patched"))
	out, err := cmd.Output()
	var ee *exec.ExitError
	switch {
	case err == nil:
		return out, fmt.Sprintf("applied three-way from blob %s (git merge-file, no conflict)", f.OldBlob), nil
	case errors.As(err, &ee) && ee.ExitCode() > 0 && ee.ExitCode() < 128:
		return nil, "", fmt.Errorf("three-way apply from blob %s: %d conflict(s)", f.OldBlob, ee.ExitCode())
	default:
		return nil, "", fmt.Errorf("three-way apply: git merge-file: %v", err)
	}
}
