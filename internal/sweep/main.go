// Command sweep parses every .c file of a tree (or the prefilter's
// candidates) and reports how each went: analysed, partly read (with the
// reasons tolerant mode gave up), failed with a reason, timed out, crashed.
// It exists to show the frontend survives whole real trees; see
// scripts/sweep.sh.
package main

import "flag"
import "fmt"
import "io/fs"
import "os"
import "path/filepath"
import "regexp"
import "sort"
import "strings"
import "time"

import "gupvet/analyzer"
import "gupvet/cparse"
import "gupvet/rules/all"

func main() {
	if len(os.Args) == 2 && os.Args[1] == analyzer.WorkerArg {
		os.Exit(analyzer.ServeWorker(os.Stdin, os.Stdout))
	}
	src := flag.String("C", ".", "tree")
	obj := flag.String("O", "", "objtree (precise mode)")
	mode := flag.String("mode", "tolerant", "tolerant or precise")
	candidates := flag.Bool("candidates", false, "only the prefilter's candidate files")
	jobs := flag.Int("j", 0, "workers")
	timeout := flag.Duration("timeout", 2*time.Minute, "per-file time limit")
	slowest := flag.Int("slowest", 10, "how many of the slowest files to list")
	flag.Parse()
	t, err := cparse.NewTree(*src, *obj)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	m, err := cparse.ParseMode(*mode)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	var files []string
	if *candidates {
		pf := analyzer.NeedsOf(all.Analyzers).Prefilter(nil)
		files, _ = pf.Candidates(t, nil, *jobs)
	} else {
		filepath.WalkDir(t.Src, func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.HasSuffix(p, ".c") && d.Type().IsRegular() {
				files = append(files, t.Rel(p))
			}
			return nil
		})
	}
	self, _ := os.Executable()
	start := time.Now()
	// the rules' needs decide what tolerant mode parses of a candidate
	res, err := analyzer.Run(analyzer.Config{Tree: t, Mode: m, Jobs: *jobs, Whole: !*candidates,
		Analyzers: all.Analyzers, FileTimeout: *timeout,
		Isolation: &analyzer.Isolation{Command: []string{self, analyzer.WorkerArg}},
		Progress: func(d, n int, p string) {
			if d%500 == 0 {
				fmt.Fprintf(os.Stderr, "%d/%d %v\n", d, n, time.Since(start).Round(time.Second))
			}
		}}, files, nil)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	clean, partial := 0, 0
	reasons := map[string]int{}
	norm := regexp.MustCompile(`^.*?: (?:\d+:\d+: )?`)
	failedPath := map[string]bool{}
	for _, e := range res.Errors {
		failedPath[e.Path] = true
	}
	for _, u := range res.Units {
		switch {
		case failedPath[u.Path]: // counted as not analysed
		case u.Partial || u.Errors > 0:
			partial++
		default:
			clean++
		}
	}
	failed := map[string]int{}
	for _, e := range res.Errors {
		msg := strings.SplitN(e.Err.Error(), "\n", 2)[0]
		kind := "parse error"
		switch {
		case strings.Contains(msg, "timed out"):
			kind = "timed out"
		case strings.Contains(msg, "out of memory"):
			kind = "out of memory"
		case strings.Contains(msg, "internal error"), strings.Contains(msg, "process died"):
			kind = "crash"
		case strings.Contains(msg, "include file not found"), strings.Contains(msg, "not found"):
			kind = "header not found"
		}
		failed[kind]++
		reasons[norm.ReplaceAllString(msg, "")]++
	}
	fmt.Printf("files: %d  parsed cleanly: %d  parsed with recoveries: %d  not analysed: %d  wall: %v\n",
		len(files), clean, partial, len(res.Errors), time.Since(start).Round(time.Second))
	var kinds []string
	for k := range failed {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	for _, k := range kinds {
		fmt.Printf("  %-18s %d\n", k, failed[k])
	}
	type kv struct {
		k string
		v int
	}
	var rs []kv
	for k, v := range reasons {
		rs = append(rs, kv{k, v})
	}
	sort.Slice(rs, func(i, j int) bool { return rs[i].v > rs[j].v || rs[i].v == rs[j].v && rs[i].k < rs[j].k })
	fmt.Println("most common reasons:")
	for i, r := range rs {
		if i == 10 {
			break
		}
		fmt.Printf("  %5d  %s\n", r.v, r.k)
	}
	us := append([]analyzer.UnitInfo(nil), res.Units...)
	sort.Slice(us, func(i, j int) bool { return us[i].Elapsed > us[j].Elapsed })
	fmt.Println("slowest files:")
	for i, u := range us {
		if i == *slowest {
			break
		}
		fmt.Printf("  %8v  %s\n", u.Elapsed.Round(time.Millisecond), u.Path)
	}
	if t.Obj != "" {
		printBuilt(t, files, res, failedPath)
	}
	for _, e := range res.Errors {
		fmt.Fprintf(os.Stderr, "%s: %s%s\n", e.Path, buildClassTag(t, e.Path), strings.SplitN(e.Err.Error(), "\n", 2)[0])
	}
}
