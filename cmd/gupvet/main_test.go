package main

import "fmt"
import "os"
import "testing"

import "gupvet/analyzer"

// TestMain lets the test binary serve as the parse worker (run() starts
// os.Executable() with analyzer.WorkerArg), and keeps the tests' parse
// cache in a temporary directory unless GUPVET_CACHE_DIR says otherwise.
func TestMain(m *testing.M) {
	if len(os.Args) == 2 && os.Args[1] == analyzer.WorkerArg {
		os.Exit(analyzer.ServeWorker(os.Stdin, os.Stdout))
	}
	if os.Getenv("GUPVET_CACHE_DIR") == "" {
		dir, err := os.MkdirTemp("", "gupvet-test-cache-")
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		os.Setenv("GUPVET_CACHE_DIR", dir)
		code := m.Run()
		os.RemoveAll(dir)
		os.Exit(code)
	}
	os.Exit(m.Run())
}

// Parsing in workers, in-process, from the cache: the same output.
func TestIsolationAndCache(t *testing.T) {
	withAnalyzers(t, testRule)
	dir := smallTree(t)
	want := runCmd(t, "-C", dir)
	if want.code != exitFindings || want.stdout == "" {
		t.Fatalf("exit %d, stdout:\n%s\nstderr:\n%s", want.code, want.stdout, want.stderr)
	}
	for _, env := range []struct{ k, v string }{
		{"GUPVET_ISOLATION", "off"},
		{"GUPVET_CACHE_DIR", "off"},
		{"GUPVET_CACHE_DIR", t.TempDir()},
	} {
		t.Run(env.k+"="+env.v, func(t *testing.T) {
			t.Setenv(env.k, env.v)
			for i := 0; i < 2; i++ {
				if r := runCmd(t, "-C", dir); r != want {
					t.Errorf("run %d: exit %d, stdout:\n%s\nstderr:\n%s", i, r.code, r.stdout, r.stderr)
				}
			}
		})
	}
}
