// Command pftime times the prefilter (analyzer.Prefilter.Candidates) on a
// tree without a cache, as a cold run does, or with one (-cache DIR: warm
// after the first run): wall clock, the CPU time it used (user and system,
// from getrusage) and the candidates found, on stderr; -l lists the
// candidates on stdout.
// Usage: go run ./internal/pftime [-n RUNS] [-j N] [-l] [-cache DIR] [-cpuprofile FILE] TREE [path ...]
package main

import "flag"
import "fmt"
import "os"
import "runtime/pprof"
import "syscall"
import "time"

import "gupvet/analyzer"
import "gupvet/cparse"
import "gupvet/rules/all"

func cpu() (user, sys time.Duration) {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano()), time.Duration(ru.Stime.Nano())
}

func main() {
	runs := flag.Int("n", 3, "runs")
	jobs := flag.Int("j", 0, "workers (0: cores)")
	list := flag.Bool("l", false, "print the candidates of the last run")
	prof := flag.String("cpuprofile", "", "write a CPU profile of the runs")
	cacheDir := flag.String("cache", "", "keep what files said in this cache directory (warm runs after the first)")
	flag.Parse()
	if flag.NArg() < 1 {
		fmt.Fprintln(os.Stderr, "usage: pftime [-n RUNS] [-j N] [-l] TREE [path ...]")
		os.Exit(2)
	}
	t, err := cparse.NewTree(flag.Arg(0), "")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	if *prof != "" {
		f, err := os.Create(*prof)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		pprof.StartCPUProfile(f)
		defer pprof.StopCPUProfile()
	}
	var files []string
	for i := 0; i < *runs; i++ {
		u0, s0 := cpu()
		start := time.Now()
		var c *analyzer.Cache
		if *cacheDir != "" {
			c = &analyzer.Cache{Dir: *cacheDir}
		}
		pf := analyzer.NeedsOf(all.Analyzers).Prefilter(c)
		var errs []analyzer.FileError
		files, errs = pf.Candidates(t, flag.Args()[1:], *jobs)
		wall := time.Since(start)
		u1, s1 := cpu()
		fmt.Fprintf(os.Stderr, "run %d: %d candidates, %d errors, wall %.2fs, cpu user %.2fs sys %.2fs\n",
			i+1, len(files), len(errs), wall.Seconds(), (u1 - u0).Seconds(), (s1 - s0).Seconds())
	}
	if *list {
		for _, f := range files {
			fmt.Println(f)
		}
	}
}
