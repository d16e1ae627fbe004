// Command dbgpf runs the whole pipeline (prefilter, parse in workers,
// rules) over a tree like gupvet does, then prints the run time and heap,
// and writes a heap profile to /tmp/heap.prof (also when the heap passes
// 3 GB, with all goroutines in /tmp/heap.stack): the tool that found the
// flag-flow blow-up on whole-tree precise runs. OBJ=<objtree> selects
// precise mode. Usage: go run ./internal/dbgpf TREE [path ...]
package main

import (
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
	"time"

	"gupvet/analyzer"
	"gupvet/cparse"
	"gupvet/rules/all"
)

func main() {
	if len(os.Args) == 2 && os.Args[1] == analyzer.WorkerArg {
		os.Exit(analyzer.ServeWorker(os.Stdin, os.Stdout))
	}
	t, _ := cparse.NewTree(os.Args[1], os.Getenv("OBJ"))
	mode := cparse.Tolerant
	if os.Getenv("OBJ") != "" {
		mode = cparse.Precise
	}
	c, _ := analyzer.OpenCache()
	pf := analyzer.NeedsOf(all.Analyzers).Prefilter(c)
	files, _ := pf.Candidates(t, os.Args[2:], 2)
	self, _ := os.Executable()
	go func() {
		for {
			time.Sleep(200 * time.Millisecond)
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > 3<<30 {
				f, _ := os.Create("/tmp/heap.prof")
				pprof.WriteHeapProfile(f)
				f.Close()
				buf := make([]byte, 8<<20)
				n := runtime.Stack(buf, true)
				os.WriteFile("/tmp/heap.stack", buf[:n], 0o644)
				fmt.Println("heap over 3 GB: profile written")
				os.Exit(3)
			}
		}
	}()
	t1 := time.Now()
	res, err := analyzer.Run(analyzer.Config{Tree: t, Mode: mode, Analyzers: all.Analyzers, Jobs: 2, Cache: c,
		Isolation: &analyzer.Isolation{Command: []string{self, analyzer.WorkerArg}}}, files, nil)
	fmt.Println("run", time.Since(t1), err, len(files), "files", len(res.Findings), "findings", len(res.Errors), "errors")
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	fmt.Println("heap in use MB", ms.HeapInuse>>20, "sys MB", ms.Sys>>20)
	f, _ := os.Create("/tmp/heap.prof")
	pprof.WriteHeapProfile(f)
	f.Close()
}
