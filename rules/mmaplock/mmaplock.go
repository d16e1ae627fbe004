package mmaplock

import _ "embed"
import "fmt"
import "runtime"
import "sort"
import "strings"
import "sync"

import "golang.org/x/tools/go/analysis"

import "gupvet/analyzer"
import "gupvet/cparse"
import "gupvet/internal/lazy"
import "gupvet/rules/flagflow"
import "gupvet/rules/report"

//go:embed doc.go
var doc string

// Analyzer reports GUP calls that need mmap_lock held, on a path where it
// is not. An Error: a GUP call without the lock races with munmap() and,
// from 5.15, trips find_vma's mmap_assert_locked (a BUG with
// CONFIG_DEBUG_VM).
var Analyzer = report.New("mmaplock", doc, report.Error, run)

func init() {
	// fixup_user_fault needs the lock as get_user_pages does; the few
	// files that call it are worth reading (and mm/gup.c's definition
	// worth keeping)
	analyzer.Declare(Analyzer, analyzer.Needs{Words: []string{"fixup_user_fault"}, Keep: keepWords(), Prepare: prepare})
}

// keepWords are the lock calls a function is read for, in the files read
// anyway: a helper that takes or drops the lock for its caller matters to
// the GUP call beside it.
func keepWords() []string {
	var out []string
	for name, op := range lockOps {
		if op != opLookup {
			out = append(out, name)
		}
	}
	return append(out, "expand_stack")
}

// checkerOf is the run's lock analysis, made once.
func checkerOf(p *flagflow.Program, pd *analyzer.ProgramData) *checker {
	return pd.Shared("mmaplock", func() any { return analyse(p, pd) }).(*checker)
}

// prepare runs the lock analysis as soon as the units are read, beside
// the flag analysis's events, which it does not read.
func prepare(pd *analyzer.ProgramData) {
	if p, err := flagflow.ProgramOf(pd); err == nil {
		checkerOf(p, pd)
	}
}

func run(pass *analysis.Pass, res *flagflow.Result, pd *analyzer.ProgramData) (any, error) {
	c := checkerOf(res.Program, pd)
	u := res.Unit.Path
	m := modelInfo{version: res.Program.Model.Version.String()}
	for _, evs := range byCall(c.events[u]) {
		reportCall(pass, pd, evs, m)
	}
	if g := c.gaveUp[u]; len(g) > 0 {
		return nil, fmt.Errorf("too many paths to follow the lock through, not analysed: %s", strings.Join(g, ", "))
	}
	return nil, nil
}

// checker is the lock analysis of the whole program, made once per run.
type checker struct {
	prog *flagflow.Program
	tree *cparse.Tree
	// entries are the functions whose callers are known not to hold
	// the lock (file_operations handlers, system calls).
	entries map[*flagflow.FuncDef]*entryPoint
	// expandStackDrops: the tree's expand_stack() drops the lock when it
	// fails (6.5 on, and 6.1.y's backport).
	expandStackDrops bool

	mu      sync.Mutex
	rel     map[*flagflow.FuncDef]int8
	changes map[*flagflow.FuncDef]bool
	apiRel  map[*flagflow.FuncDef]int8
	guards  map[*flagflow.FuncDef]bool
	release map[*flagflow.FuncDef]bool
	reqs    map[string]*requirement
	lookups map[string]lookupFact
	roots   map[*flagflow.FuncDef]bool // isRoot, for every function (findRoots)

	runMu sync.Mutex
	runs  map[*flagflow.FuncDef]*rootRun
	memo  *rootMemo // runs kept across runs (memo.go)

	events map[string][]*event // by the unit of the function making the call
	gaveUp map[string][]string // functions given up, by unit
}

// event is a call that needs the lock, on a path where it is not held.
type event struct {
	at, end cparse.Pos        // the call
	fn      *flagflow.FuncDef // the function making the call
	req     *requirement
	lock    lockState
	chain   []step // from root down to fn
	root    *flagflow.FuncDef
	entry   *entryPoint // root's, when its callers are known
}

// analyse analyses every function of the program that can take, drop or
// need the lock, each as the root of the paths through its callees
// (roots.go), and gathers what they found by unit.
func analyse(p *flagflow.Program, pd *analyzer.ProgramData) *checker {
	c := &checker{prog: p, tree: pd.Tree,
		rel: map[*flagflow.FuncDef]int8{}, apiRel: map[*flagflow.FuncDef]int8{}, guards: map[*flagflow.FuncDef]bool{}, release: map[*flagflow.FuncDef]bool{}, changes: map[*flagflow.FuncDef]bool{},
		reqs: map[string]*requirement{}, lookups: map[string]lookupFact{},
		roots: map[*flagflow.FuncDef]bool{}, runs: map[*flagflow.FuncDef]*rootRun{},
		events: map[string][]*event{}, gaveUp: map[string][]string{}}
	c.expandStackDrops = expandStackDrops(pd.Tree)
	c.entries = entryPoints(p, pd.Units)
	var all []*flagflow.FuncDef
	for _, u := range pd.Units {
		for _, d := range p.Funcs(u.Path) {
			if d.Owner == u {
				all = append(all, d)
			}
		}
	}
	roots := c.findRoots(all)
	c.memo = c.newRootMemo(pd, all, roots)
	c.runRoots(all, runtime.GOMAXPROCS(0))
	for _, d := range roots {
		r := c.runs[d]
		if r.gaveUp {
			c.gaveUp[d.Unit] = append(c.gaveUp[d.Unit], d.F.Name)
			continue
		}
		for _, ev := range r.events {
			c.events[ev.fn.Unit] = append(c.events[ev.fn.Unit], ev)
		}
	}
	return c
}

// mayRelease reports whether a path through d or the callees the
// analysis follows may release the lock, fail to take it or have GUP drop
// it: otherwise a root whose callers are not known has nothing to report
// (its paths hold the lock or leave it as the callers did), and is not
// analysed. (Computed once per program, before the roots run in
// parallel: findRoots.)
func (c *checker) mayRelease(d *flagflow.FuncDef, visiting map[*flagflow.FuncDef]bool) bool {
	if r, ok := c.release[d]; ok {
		return r
	}
	if visiting[d] {
		return false
	}
	visiting[d] = true
	r := false
	for _, name := range d.Callees() {
		if op, ok := lockOps[name]; ok && op != opLock && op != opAssert && op != opLookup || name == "expand_stack" {
			r = true
		} else if op, ok := rwsemOps[name]; ok && op != opLock && op != opAssert {
			r = true
		} else if a := c.apiFunc(d.Unit, name); a != nil {
			r = name == "fixup_user_fault" || a.lockedArg(8) >= 0
		} else if x := c.prog.TreeFunc(d.Unit, name); x != nil && x != d && x.F.Body != nil && (c.reachesGUP(x) || c.changesLock(x)) {
			r = c.mayRelease(x, visiting)
		}
		if r {
			break
		}
	}
	c.release[d] = r
	return r
}

// lockFree reports whether an API function never needs the caller's lock
// nor drops it: the *_fast, *_fast_only and *_unlocked variants (which
// take it themselves, or never).
func lockFree(name string) bool {
	return strings.HasSuffix(name, "_fast") || strings.HasSuffix(name, "_fast_only") || strings.HasSuffix(name, "_unlocked")
}

// expandStackDrops reads from the tree's include/linux/mm.h whether
// expand_stack() is the 6.5 one, struct vm_area_struct *expand_stack(mm,
// addr), which drops the lock when it returns NULL.
func expandStackDrops(t *cparse.Tree) bool {
	b, err := t.ReadFile("include/linux/mm.h")
	return err == nil && strings.Contains(string(b), "*expand_stack(struct mm_struct")
}

// reachesGUP reports whether a function calls the GUP API, or calls one
// of the tree's functions that does (transitively): the roots of the
// analysis, and the callees it follows. The variants that never need the
// caller's lock (lockFree) do not count: perf's get_user_page_fast_only
// would make every software event a root.
func (c *checker) reachesGUP(d *flagflow.FuncDef) bool {
	return flagflow.Reaches(&c.mu, c.rel, d, func(name string) bool { return !lockFree(name) && c.apiFunc(d.Unit, name) != nil },
		func(_ *flagflow.FuncDef, name string) *flagflow.FuncDef {
			if x := c.prog.TreeFunc(d.Unit, name); x != nil && x.F.Body != nil && c.apiDef(d.Unit, name) == nil {
				return x
			}
			return nil
		})
}

// changesLock reports whether a function takes or releases the lock, or
// calls one of the tree's functions that does, up to two calls down: a
// helper that leaves the lock changed for its caller (a deeper one is not
// followed: mm's own functions take and release it in balance, and
// following them all would cost more than it tells).
func (c *checker) changesLock(d *flagflow.FuncDef) bool {
	return lazy.Kept(&c.mu, c.changes, d, func() bool { return c.locksDirectly(d, 2) })
}

func (c *checker) locksDirectly(d *flagflow.FuncDef, depth int) bool {
	for _, name := range d.Callees() {
		if op, ok := lockOps[name]; ok && op != opLookup && op != opAssert || name == "expand_stack" {
			return true
		}
		if op, ok := rwsemOps[name]; ok && op != opAssert {
			return true // (whether on an mmap_lock is for the call to say)
		}
	}
	if depth == 0 {
		return false
	}
	for _, name := range d.Callees() {
		if x := c.prog.TreeFunc(d.Unit, name); x != nil && x != d && x.F.Body != nil && c.apiDef(d.Unit, name) == nil && c.locksDirectly(x, depth-1) {
			return true
		}
	}
	return false
}

// apiRelevant reports whether an API function checks, takes or drops the
// lock, or calls one of the API's functions that does.
func (c *checker) apiRelevant(d *flagflow.FuncDef) bool {
	return flagflow.Reaches(&c.mu, c.apiRel, d, isLockWord, func(_ *flagflow.FuncDef, name string) *flagflow.FuncDef { return c.apiDef(d.Unit, name) })
}

// guarded reports whether a function takes an mmap lock with a scope
// guard (usesGuard), read from its text.
func (c *checker) guarded(d *flagflow.FuncDef) bool {
	return lazy.Kept(&c.mu, c.guards, d, func() bool {
		b, err := c.tree.ReadFile(d.F.P.File)
		return err == nil && d.F.Body != nil && usesGuard(lines(b, d.F.P.Line, d.F.Body.End.Line))
	})
}

// lines returns lines from to to (1-based, inclusive) of b.
func lines(b []byte, from, to int32) []byte {
	line, start := int32(1), -1
	for i := 0; i < len(b); i++ {
		if line == from && start < 0 {
			start = i
		}
		if b[i] == '\n' {
			if line == to {
				if start < 0 {
					return nil
				}
				return b[start:i]
			}
			line++
		}
	}
	if start < 0 {
		return nil
	}
	return b[start:]
}

// check records a call that needs the lock when the path does not hold
// it: released, dropped or failed to take on the way, or never taken on a
// path from a function whose callers do not hold it.
func (in *interp) check(f *frame, c *cparse.Call, w *world, req *requirement) {
	switch {
	case w.lock.kind == held, w.lock.kind == lost, w.skipped.IsValid(), w.joined:
		return
	case w.lock.kind == entry && in.entry == nil:
		return // the callers decide, and none is known not to hold it
	}
	in.events = append(in.events, &event{at: c.P, end: c.End, fn: f.fn, req: req, lock: w.lock, chain: chainOf(f), root: in.root, entry: in.entry})
}

// byCall groups events by call, in source order; the first event of each
// group is the one that explains it best.
func byCall(evs []*event) [][]*event {
	out := report.GroupByPos(evs, func(e *event) cparse.Pos { return e.at })
	for _, g := range out {
		sort.SliceStable(g, func(i, j int) bool { return g[i].better(g[j]) })
	}
	return out
}

// better orders the explanations of one call: a release, drop or failure
// on the function's own path before a lock never taken, then the shorter
// path.
func (e *event) better(o *event) bool {
	if (e.lock.kind == unheld) != (o.lock.kind == unheld) {
		return e.lock.kind == unheld
	}
	if len(e.chain) != len(o.chain) {
		return len(e.chain) < len(o.chain)
	}
	return e.root.Key.String() < o.root.Key.String()
}
