package analyzer_test

import "path/filepath"
import "reflect"
import "syscall"
import "testing"
import "time"

import "gupvet/analyzer"
import "gupvet/cparse"
import "gupvet/internal/testtree"
import "gupvet/rules/all"

// A FIFO where a local header is expected is not a file to read: the
// prefilter neither blocks on it nor reports it.
func TestPrefilterFIFO(t *testing.T) {
	dir := testtree.Dir(t, map[string]string{
		"drv/a.c": "#include \"fifo.h\"\nint a;\n",
		"drv/b.c": "#include \"fifo.h\"\nint b = FOLL_GET;\n",
	})
	if err := syscall.Mkfifo(filepath.Join(dir, "drv/fifo.h"), 0o644); err != nil {
		t.Fatal(err)
	}
	tr, err := cparse.NewTree(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		pf := analyzer.NeedsOf(all.Analyzers).Prefilter(nil)
		files, errs := pf.Candidates(tr, nil, 2)
		if want := []string{"drv/b.c"}; !reflect.DeepEqual(files, want) || len(errs) != 0 {
			t.Errorf("candidates %q, errors %v; want %q and none", files, errs, want)
		}
	}()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("the prefilter blocked on a FIFO")
	}
}
