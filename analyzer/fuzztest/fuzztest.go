// Package fuzztest runs the parse of a fuzz input in a worker process, so
// that inputs on which the C frontend (cc/v4) loops forever or grows
// without bound are skipped instead of killing the fuzzer, while a crash
// in gupvet's own code still fails the fuzz target.
//
// A test binary using it must call Main from TestMain.
package fuzztest

import "os"
import "path/filepath"
import "sync"
import "testing"
import "time"

import "gupvet/analyzer"
import "gupvet/cparse"

const workerEnv = "GUPVET_FUZZ_WORKER"

// Main serves as a parse worker when the test binary is started as one,
// else runs the tests.
func Main(m *testing.M) {
	if os.Getenv(workerEnv) == "1" {
		os.Exit(analyzer.ServeWorker(os.Stdin, os.Stdout))
	}
	os.Exit(m.Run())
}

var (
	once   sync.Once
	parser *analyzer.Parser
	tree   *cparse.Tree
)

// Parse parses src as the file fuzz.c of an empty tree, in a worker with a
// 5 s and 1 GiB bound. It returns nil when the frontend could not finish
// (the input is skipped), and fails t when gupvet's own code crashed.
func Parse(t *testing.T, src []byte, opt cparse.Options) *cparse.Unit {
	t.Helper()
	once.Do(func() {
		dir, err := os.MkdirTemp("", "gupvet-fuzz")
		if err != nil {
			panic(err)
		}
		tree, err = cparse.NewTree(dir, "")
		if err != nil {
			panic(err)
		}
		exe, _ := os.Executable()
		parser = analyzer.NewParser(&analyzer.Isolation{Command: []string{exe}, Env: []string{workerEnv + "=1"}, MemoryLimit: 1 << 30})
	})
	tree.SetOverlay(filepath.Join(tree.Src, "fuzz.c"), src)
	u, err := parser.Parse(tree, "fuzz.c", opt, 5*time.Second)
	if analyzer.IsInternalError(err) {
		t.Fatalf("gupvet crashed: %v", err)
	}
	if err != nil {
		return nil
	}
	return u
}
