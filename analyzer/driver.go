package analyzer

import "fmt"
import "go/token"
import "os"
import "reflect"
import "runtime"
import "slices"
import "sort"
import "sync"
import "time"

import "golang.org/x/tools/go/analysis"

import "gupvet/cparse"

// Config says what a run analyses and how.
type Config struct {
	Tree *cparse.Tree
	// Mode for the files reported on. Context files are always parsed in
	// tolerant mode: only their function summaries are used.
	Mode cparse.Mode
	// ModeOf, when set, chooses the mode of a reported file, overriding
	// Mode (files a precise run reads tolerantly: not built by the
	// configuration).
	ModeOf func(path string) cparse.Mode
	// Escalate, when set, reads again in precise mode a reported file
	// it accepts whose tolerant read its analyzers' Needs.Escalate says
	// may have missed something (a run with a configured tree; the files
	// precise mode can read).
	Escalate func(path string) bool
	// Analyzers are the rules to run (their Requires are added).
	Analyzers []*analysis.Analyzer
	// Collect are analyzers run for their results, which the run
	// returns per unit (Result.Collected): an inventory, not findings.
	Collect []*analysis.Analyzer
	// Jobs is the number of files parsed at once (default: cores).
	Jobs int
	// Whole makes tolerant mode parse every function, not only those
	// that can reach the GUP API (sweeps of the frontend).
	Whole bool
	// Progress, when set, is called after each file is parsed.
	Progress func(done, total int, path string)
	// Cache, when set, stores and reuses parsed units.
	Cache *Cache
	// MemoryBudget is the resident memory the whole run aims to stay
	// under, workers included (0: DefaultMemoryBudget): each worker's
	// garbage collector works harder as its share fills. A file whose
	// parse needs more still completes (up to Isolation.MemoryLimit).
	MemoryBudget int64
	// Isolation, when set, parses in worker processes (see WorkerArg):
	// a file that makes the frontend loop or grow without bound is
	// killed and reported, and the run goes on.
	Isolation *Isolation
	// Directives, when set, has the driver apply the gupvet:ignore
	// directives of the files to the findings (see Directives).
	Directives *Directives
	// TuneGC lets the process's garbage collector run less often while
	// the analyzers run (tuneDriverGC): for a command that owns its
	// process, not for a library caller whose settings it would change.
	TuneGC bool
	// FileTimeout bounds the time spent parsing one file (0:
	// DefaultFileTimeout),
	// like Coccinelle's --timeout. A file over it is reported as timed
	// out and the run goes on.
	FileTimeout time.Duration
}

// UnitInfo says how one file was analysed, for -v.
type UnitInfo struct {
	Path    string
	Mode    cparse.Mode
	Context bool
	Notes   []string
	Partial bool
	// Lost are the line ranges tolerant mode gave up (cparse.Unit.Lost):
	// what they hold was not analysed.
	Lost []cparse.LineRange
	// Elapsed is the time spent parsing (or reading from the cache).
	Elapsed time.Duration
	// Errors counts the frontend errors met (tolerant mode may have
	// recovered from them).
	Errors int
	// Escalated says why a tolerant read was followed by a precise one,
	// and Mode is then the mode whose unit the run kept.
	Escalated string
}

// Finding is one diagnostic of one analyzer.
type Finding struct {
	Analyzer *analysis.Analyzer
	Unit     string // the unit whose analysis reported it
	Diag     analysis.Diagnostic
	Posn     token.Position
}

// FileError says why a file was not (fully) analysed.
type FileError struct {
	Path    string
	Err     error
	Elapsed time.Duration
}

// largestFirst returns the indexes of files, largest file first: the
// longest parses start early instead of leaving one worker busy at the
// end while the others idle. Results are kept by index, so the order
// changes no output.
func largestFirst(t *cparse.Tree, files []string) []int {
	size := make([]int64, len(files))
	order := make([]int, len(files))
	for i, f := range files {
		order[i] = i
		if fi, err := os.Stat(t.Abs(f)); err == nil {
			size[i] = fi.Size()
		}
	}
	sort.SliceStable(order, func(a, b int) bool { return size[order[a]] > size[order[b]] })
	return order
}

// DefaultMemoryBudget is the resident memory a run aims to stay under:
// a precise parse of a large kernel file holds 300-500 MB of syntax tree
// (cc/v4), and the driver keeps every unit's summary.
const DefaultMemoryBudget = 1400 << 20

// driverReserve is the part of the budget kept for the driver process.
const driverReserve = 300 << 20

// workerGCTarget shares the budget (what the driver does not keep)
// between jobs workers, never below 400 MB: under that, the collector
// runs so often that a large file takes several times longer.
func workerGCTarget(budget int64, jobs int) int64 {
	if budget <= 0 {
		budget = DefaultMemoryBudget
	}
	if jobs < 1 {
		jobs = 1
	}
	return max((budget-driverReserve)/int64(jobs), 400<<20)
}

// workerSmallHeap is the heap each of jobs workers lets a tolerant parse
// grow to before collecting (see newGCPolicy): the budget's share, at
// most 256 MB (more made no run faster) and at least 64 MB (over three
// times the largest live heap of a tolerant parse of the 6.12 tree).
func workerSmallHeap(budget int64, jobs int) int64 {
	if budget <= 0 {
		budget = DefaultMemoryBudget
	}
	return min(max((budget-driverReserve)/int64(max(jobs, 1)), 64<<20), 256<<20)
}

// DefaultFileTimeout is the per-file parse limit: a precise parse takes
// 3–8 s on an idle 2-core machine; the margin is for loaded CI machines.
const DefaultFileTimeout = 5 * time.Minute

// Result is the outcome of a run.
type Result struct {
	Fset     *token.FileSet
	Files    *Files
	Findings []Finding
	Errors   []FileError
	Units    []UnitInfo
	// Notes are facts about the whole run, for -v.
	Notes []string
	// Collected are the results of Config.Collect's analyzers, per
	// reported unit in path order.
	Collected map[*analysis.Analyzer][]UnitResult
}

// UnitResult is one analyzer's result for one unit.
type UnitResult struct {
	Unit  string
	Value any
}

// Run parses files (reported on) and context (facts only) — to which it
// adds the context files the analyzers need (Needs) — then runs the
// analyzers over each reported unit.
func Run(cfg Config, files, context []string) (*Result, error) {
	run := append(append([]*analysis.Analyzer(nil), cfg.Analyzers...), cfg.Collect...)
	if err := analysis.Validate(run); err != nil {
		return nil, err
	}
	needs := NeedsOf(run)
	context = append(append([]string(nil), context...), needs.ContextIn(cfg.Tree, nil)...)
	jobs := cfg.Jobs
	if jobs <= 0 {
		jobs = runtime.NumCPU()
	}
	fset := token.NewFileSet()
	res := &Result{Fset: fset, Files: NewFiles(fset, cfg.Tree.ReadFile)}

	// Phase 1: parse every unit.
	all, reported := distinct(files)
	inContext := map[string]bool{}
	for _, f := range context {
		if !reported[f] && !inContext[f] {
			inContext[f] = true
			all = append(all, f)
		}
	}
	var pool *workerPool
	if cfg.Isolation != nil {
		n := min(jobs, len(all))
		pool = &workerPool{iso: cfg.Isolation, gcTarget: cfg.Isolation.GCTarget, smallHeap: workerSmallHeap(cfg.MemoryBudget, n)}
		if pool.gcTarget == 0 {
			pool.gcTarget = workerGCTarget(cfg.MemoryBudget, n)
		}
		defer pool.close()
	}
	// parseFile parses f, through the cache; deferHO: a file that only
	// its local headers' functions make relevant is left for later
	// (cparse.Options.DeferHeaderOnly, readHeaderOnly)
	parseFile := func(f string, mode cparse.Mode, deferHO bool) (*cparse.Unit, error) {
		opt := needs.Options(mode, cfg.Whole)
		opt.DeferHeaderOnly = deferHO
		if u := cfg.Cache.Get(cfg.Tree, f, opt); u != nil {
			return u, nil
		}
		var u *cparse.Unit
		var err error
		if pool != nil {
			limit := cfg.FileTimeout
			if limit <= 0 {
				limit = DefaultFileTimeout
			}
			u, err = pool.parse(cfg.Tree, f, opt, limit)
		} else {
			u, err = parseWithTimeout(cfg.Tree, f, opt, cfg.FileTimeout)
		}
		if err == nil {
			cfg.Cache.Put(cfg.Tree, f, opt, u)
		}
		return u, err
	}
	units := make([]*cparse.Unit, len(all))
	modes := make([]cparse.Mode, len(all))
	escalated := make([]string, len(all))
	elapsed := make([]time.Duration, len(all))
	errs := make([]error, len(all))
	// read parses all[i] in modes[i], and reads it again in precise mode
	// when cfg.Escalate says so; deferHO: see parseFile
	read := func(i int, deferHO bool) {
		f, mode := all[i], modes[i]
		start := time.Now()
		defer func() { elapsed[i] += time.Since(start) }()
		parse := func(mode cparse.Mode) (*cparse.Unit, error) { return parseFile(f, mode, deferHO) }
		units[i], errs[i] = parse(mode)
		if mode == cparse.Tolerant && cfg.Escalate != nil && cfg.Escalate(f) && reported[f] && errs[i] == nil && units[i].HeaderOnly == nil && needs.Escalate != nil {
			units[i], escalated[i] = escalate(cfg.Tree, f, units[i], needs.Escalate, parse)
		}
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	done := 0
	sem := make(chan struct{}, jobs)
	for _, i := range largestFirst(cfg.Tree, all) {
		f := all[i]
		wg.Add(1)
		sem <- struct{}{}
		go func(i int, f string) {
			defer wg.Done()
			defer func() { <-sem }()
			mode := cfg.Mode
			switch {
			case !reported[f]:
				mode = cparse.Tolerant
			case cfg.ModeOf != nil:
				mode = cfg.ModeOf(f)
			}
			modes[i] = mode
			read(i, true)
			if cfg.Progress != nil {
				mu.Lock()
				done++
				cfg.Progress(done, len(all), f)
				mu.Unlock()
			}
		}(i, f)
	}
	wg.Wait()
	readHeaderOnly(all, units, errs, read)

	prog := &ProgramData{Tree: cfg.Tree, Files: res.Files, digest: cfg.Cache.digest,
		memos: newMemoStore(cfg.Cache, cfg.Tree, fmt.Sprintf("%v %v", cfg.Mode, cfg.Whole))}
	// written once the analyses are done (the deferred Wait below runs
	// first)
	defer prog.memos.save()
	for i, f := range all {
		u := units[i]
		if errs[i] != nil {
			if reported[f] {
				res.Errors = append(res.Errors, FileError{Path: f, Err: errs[i], Elapsed: elapsed[i]})
			}
			continue
		}
		prog.Units = append(prog.Units, u)
		res.Units = append(res.Units, UnitInfo{Path: u.Path, Mode: u.Mode, Context: !reported[f], Notes: u.Notes, Partial: u.Partial, Lost: u.Lost, Elapsed: elapsed[i], Errors: len(u.Errors), Escalated: escalated[i]})
		if reported[f] && len(u.Errors) > 0 && (u.Partial || len(u.Funcs) == 0) {
			res.Errors = append(res.Errors, FileError{Path: f, Err: u.Err()})
		}
	}
	sort.Slice(prog.Units, func(i, j int) bool { return prog.Units[i].Path < prog.Units[j].Path })

	// Phase 2: run the analyzers over each reported unit, in parallel;
	// results are gathered in unit order and sorted, so the output does
	// not depend on -j. The parse workers are done: their memory is
	// the driver's now.
	if pool != nil {
		pool.close()
	}
	if cfg.TuneGC {
		defer tuneDriverGC(cfg.MemoryBudget)()
	}
	// the program-wide analyses start at once, side by side (their
	// results wait in prog.Shared for the per-unit passes)
	var prepared sync.WaitGroup
	if needs.Prepare != nil {
		prepared.Add(1)
		go func() {
			defer prepared.Done()
			// a panic is the per-unit passes' to report (Shared
			// panics again in each)
			defer func() { recover() }()
			needs.Prepare(prog)
		}()
	}
	defer prepared.Wait()
	order := Closure(run)
	var todo []*cparse.Unit
	for _, u := range prog.Units {
		if reported[u.Path] || reported[cfg.Tree.Abs(u.Path)] {
			todo = append(todo, u)
		}
	}
	found := make([][]Finding, len(todo))
	ferrs := make([]error, len(todo))
	kept := make([]map[*analysis.Analyzer]any, len(todo))
	work := make(chan int)
	var wg2 sync.WaitGroup
	for w := 0; w < jobs; w++ {
		wg2.Add(1)
		go func() {
			defer wg2.Done()
			for i := range work {
				found[i], kept[i], ferrs[i] = runUnit(order, cfg.Analyzers, cfg.Collect, todo[i], prog, fset)
			}
		}()
	}
	for i := range todo {
		work <- i
	}
	close(work)
	wg2.Wait()
	for i, u := range todo {
		if ferrs[i] != nil {
			res.Errors = append(res.Errors, FileError{Path: u.Path, Err: ferrs[i]})
		}
		res.Findings = append(res.Findings, found[i]...)
		for a, v := range kept[i] {
			if res.Collected == nil {
				res.Collected = map[*analysis.Analyzer][]UnitResult{}
			}
			res.Collected[a] = append(res.Collected[a], UnitResult{u.Path, v})
		}
	}
	for i := range res.Findings {
		res.Findings[i].Posn = fset.Position(res.Findings[i].Diag.Pos)
	}
	// the program-wide analyses are done (each pass waited for what
	// it read; one may still fill results no pass asked for)
	prepared.Wait()
	for _, n := range prog.memos.notes() {
		prog.Note(n)
	}
	res.Notes = prog.Notes()
	res.Findings = SortFindings(res.Findings)
	if cfg.Directives != nil {
		applyDirectives(cfg.Directives, cfg.Tree, cfg.Analyzers, files, res)
	}
	sort.Slice(res.Errors, func(i, j int) bool { return res.Errors[i].Path < res.Errors[j].Path })
	sort.Slice(res.Units, func(i, j int) bool { return res.Units[i].Path < res.Units[j].Path })
	return res, nil
}

// readHeaderOnly reads (read(i, false): without deferring) the files
// Phase 1 left unparsed because only their local headers' functions
// matter (Unit.HeaderOnly), when no parsed unit read one of those
// headers; in path order, so that the one read is the first includer, as
// the program takes a header's functions from the first unit that has
// them. The others stay unparsed: what they would add is there already.
func readHeaderOnly(all []string, units []*cparse.Unit, errs []error, read func(i int, deferHO bool)) {
	seen := map[string]bool{}
	var deferred []int
	for i, u := range units {
		switch {
		case errs[i] != nil || u == nil:
		case u.HeaderOnly != nil:
			deferred = append(deferred, i)
		default:
			for _, d := range u.Deps {
				seen[d] = true
			}
		}
	}
	sort.Slice(deferred, func(a, b int) bool { return all[deferred[a]] < all[deferred[b]] })
	for _, i := range deferred {
		if !slices.ContainsFunc(units[i].HeaderOnly, func(h string) bool { return !seen[h] }) {
			continue
		}
		read(i, false)
		if errs[i] == nil {
			for _, d := range units[i].Deps {
				seen[d] = true
			}
		}
	}
}

// escalate reads a file again in precise mode when why says its tolerant
// unit t may have missed something, and keeps the precise unit when that
// read succeeds; it returns the unit kept and the reason (with what went
// wrong when the precise read failed).
func escalate(tr *cparse.Tree, f string, t *cparse.Unit, why func(*cparse.Unit, []byte) string, parse func(cparse.Mode) (*cparse.Unit, error)) (*cparse.Unit, string) {
	if tr.Obj == "" && tr.CompDB == nil {
		return t, ""
	}
	src, err := tr.ReadFile(f)
	if err != nil {
		return t, ""
	}
	w := why(t, src)
	if w == "" {
		return t, ""
	}
	p, err := parse(cparse.Precise)
	switch {
	case err != nil:
		return t, w + "; the precise read failed, the tolerant one stands: " + firstLine(err.Error())
	case len(p.Errors) > 0 && (p.Partial || len(p.Funcs) == 0):
		return t, w + "; the precise read failed, the tolerant one stands: " + firstLine(p.Err().Error())
	}
	return p, w
}

// parseWithTimeout parses one file within a time limit. A parse that
// runs over is abandoned (its goroutine finishes in the background: Go
// cannot stop it) and reported.
func parseWithTimeout(t *cparse.Tree, f string, opt cparse.Options, limit time.Duration) (*cparse.Unit, error) {
	if limit <= 0 {
		limit = DefaultFileTimeout
	}
	type result struct {
		u   *cparse.Unit
		err error
	}
	ch := make(chan result, 1)
	go func() {
		u, err := parseIsolated(t, f, opt)
		ch <- result{u, err}
	}()
	timer := time.NewTimer(limit)
	defer timer.Stop()
	select {
	case r := <-ch:
		return r.u, r.err
	case <-timer.C:
		return nil, failuref(FailTimeout, "timed out after %v (not analysed)", limit)
	}
}

// parseIsolated parses one file; a panic becomes that file's error.
func parseIsolated(t *cparse.Tree, f string, opt cparse.Options) (u *cparse.Unit, err error) {
	defer func() {
		if r := recover(); r != nil {
			u, err = nil, internalFailure(r)
		}
	}()
	return t.Parse(f, opt)
}

// Closure returns the analyzers and what they require, transitively, each
// once and after what it requires: the order a run makes them in, and the
// one walk of the Requires graph (what they declared, their options).
func Closure(roots []*analysis.Analyzer) []*analysis.Analyzer {
	var order []*analysis.Analyzer
	seen := map[*analysis.Analyzer]bool{}
	var visit func(a *analysis.Analyzer)
	visit = func(a *analysis.Analyzer) {
		if seen[a] {
			return
		}
		seen[a] = true
		for _, r := range a.Requires {
			visit(r)
		}
		order = append(order, a)
	}
	for _, a := range roots {
		visit(a)
	}
	return order
}

// runUnit runs the analyzers over one unit and returns the findings of
// report and the results of collect. A panic in an analyzer becomes an
// error for this unit; the other units go on.
func runUnit(order, report, collect []*analysis.Analyzer, u *cparse.Unit, prog *ProgramData, fset *token.FileSet) (out []Finding, kept map[*analysis.Analyzer]any, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = internalFailure(r)
		}
	}()
	wanted := map[*analysis.Analyzer]bool{}
	for _, a := range report {
		wanted[a] = true
	}
	results := map[*analysis.Analyzer]any{Unit: u, Program: prog}
	for _, a := range order {
		if a == Unit || a == Program {
			continue
		}
		resultOf := map[*analysis.Analyzer]any{}
		for _, r := range a.Requires {
			resultOf[r] = results[r]
		}
		a := a
		pass := &analysis.Pass{
			Analyzer: a,
			Fset:     fset,
			ResultOf: resultOf,
			Report: func(d analysis.Diagnostic) {
				if wanted[a] {
					out = append(out, Finding{Analyzer: a, Unit: u.Path, Diag: d})
				}
			},
			ReadFile: prog.Tree.ReadFile,
		}
		r, err := a.Run(pass)
		if err != nil {
			return out, nil, fmt.Errorf("%s: %v", a.Name, err)
		}
		if a.ResultType != nil && r != nil && reflect.TypeOf(r) != a.ResultType {
			return out, nil, fmt.Errorf("%s: result of type %T, want %v", a.Name, r, a.ResultType)
		}
		results[a] = r
	}
	for _, a := range collect {
		if kept == nil {
			kept = map[*analysis.Analyzer]any{}
		}
		kept[a] = results[a]
	}
	return out, kept, nil
}

// SortFindings orders findings as a run reports them: file, line,
// column, rule, then message, and drops repeats of one finding; callers
// that add findings use it to keep that order. It returns the shortened
// slice.
func SortFindings(fs []Finding) []Finding {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i].Posn, fs[j].Posn
		if a.Filename != b.Filename {
			return a.Filename < b.Filename
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Column != b.Column {
			return a.Column < b.Column
		}
		if fs[i].Analyzer.Name != fs[j].Analyzer.Name {
			return fs[i].Analyzer.Name < fs[j].Analyzer.Name
		}
		return fs[i].Diag.Message < fs[j].Diag.Message
	})
	// the same finding reached from two units (a header function) once
	w := 0
	for i := range fs {
		if i > 0 && fs[i].Posn == fs[w-1].Posn && fs[i].Analyzer == fs[w-1].Analyzer && fs[i].Diag.Message == fs[w-1].Diag.Message {
			continue
		}
		fs[w] = fs[i]
		w++
	}
	return fs[:w]
}
