package mmaplock

import "sync"

import "gupvet/cparse"
import "gupvet/rules/flagflow"
import "gupvet/rules/gupapi"

// The roots run in parallel, in an order that cannot change what they
// find: a root's run reads what its callee roots found (tooDeep), so the
// roots are grouped by the strongly connected components of the graph of
// calls the analysis follows, a component runs when every component it
// calls into is done, and the roots of one component run one after
// another in program order. The memos the runs share are filled before,
// in program order (findRoots): a walk's answer on a recursive cycle
// depends on where it starts.

// rootRun is the analysis of one root.
type rootRun struct {
	running bool
	// deep: the run that follows callees went past maxSteps (the
	// result is the shallow run's)
	deep   bool
	gaveUp bool // the shallow run too: not analysed
	events []*event
}

// findRoots fills the memos the runs read (reachesGUP, changesLock,
// apiRelevant, mayRelease, isRoot) for every function, in order, and
// returns the roots in that order.
func (c *checker) findRoots(all []*flagflow.FuncDef) []*flagflow.FuncDef {
	var roots []*flagflow.FuncDef
	for _, d := range all {
		if d.F.Body == nil {
			continue
		}
		c.reachesGUP(d)
		c.changesLock(d)
		if c.apiDef(d.Unit, d.F.Name) == d {
			c.apiRelevant(d) // what api mode asks of the API's functions
		}
		if c.isRoot(d) {
			c.roots[d] = true
			roots = append(roots, d)
		}
	}
	return roots
}

// isRoot reports whether d is analysed as the root of its callees'
// paths: a function of the tree outside the API's own code that reaches
// the API, with callers known not to hold the lock or a path that may
// release it (mayRelease: otherwise there is nothing to report).
func (c *checker) isRoot(d *flagflow.FuncDef) bool {
	if d.Owner == nil || d.Owner.Path == gupapi.File || d.F.Body == nil || !c.reachesGUP(d) {
		return false // gupapi.File: the API's own code, its contract, not a caller
	}
	return c.entries[d] != nil || c.mayRelease(d, map[*flagflow.FuncDef]bool{})
}

// follows returns the tree's functions a call in d may be followed into
// (interp.apply: neither the API nor d itself, with a body, reaching the
// API or changing the lock). It may name more than apply follows: an
// edge too many only makes a component wait longer.
func (c *checker) follows(d *flagflow.FuncDef) []*flagflow.FuncDef {
	var out []*flagflow.FuncDef
	for _, name := range d.Callees() {
		x := c.prog.TreeFunc(d.Unit, name)
		if x == nil || x == d || x.F.Body == nil || c.apiDef(d.Unit, name) != nil {
			continue
		}
		if c.reachesGUP(x) || c.changesLock(x) {
			out = append(out, x)
		}
	}
	return out
}

// runRoots runs every root, on up to jobs goroutines.
func (c *checker) runRoots(all []*flagflow.FuncDef, jobs int) {
	comps := components(all, c.follows)
	type node struct {
		roots   []*flagflow.FuncDef // in program order (all's)
		callers []int               // components that call into this one
		pending int                 // components this one calls into, not done
	}
	nodes := make([]node, len(comps.members))
	for _, d := range all {
		if c.roots[d] {
			i := comps.of[d]
			nodes[i].roots = append(nodes[i].roots, d)
		}
	}
	for i, succ := range comps.succ {
		nodes[i].pending = len(succ)
		for _, j := range succ {
			nodes[j].callers = append(nodes[j].callers, i)
		}
	}
	ready := make(chan int, len(nodes))
	for i := range nodes {
		if nodes[i].pending == 0 {
			ready <- i
		}
	}
	var mu sync.Mutex
	var wg sync.WaitGroup
	left := len(nodes)
	if left == 0 {
		return
	}
	for w := 0; w < max(jobs, 1); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range ready {
				for _, d := range nodes[i].roots {
					c.runRoot(d)
				}
				mu.Lock()
				for _, j := range nodes[i].callers {
					if nodes[j].pending--; nodes[j].pending == 0 {
						ready <- j
					}
				}
				if left--; left == 0 {
					close(ready)
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
}

// runRoot analyses root d once: following its callees, and when that
// takes more than maxSteps, again on its own code only
// (interp.shallow). Its result is read by the runs of its callers'
// components, which start after it is done (runRoots), and by the runs
// of its own component, on the same goroutine.
func (c *checker) runRoot(d *flagflow.FuncDef) *rootRun {
	c.runMu.Lock()
	r := c.runs[d]
	if r != nil {
		c.runMu.Unlock()
		return r // done, or running further up this goroutine's stack
	}
	r = &rootRun{running: true}
	c.runs[d] = r
	c.runMu.Unlock()
	if m, ok := c.memo.load(c, d); ok {
		r.deep, r.gaveUp, r.events, r.running = m.deep, m.gaveUp, m.events, false
		return r
	}
	in := &interp{c: c, root: d, entry: c.entries[d]}
	in.run(in.newFrame(d, nil, cparse.Pos{}), newWorld())
	deep := in.gaveUp
	if deep {
		in = &interp{c: c, root: d, entry: c.entries[d], shallow: true}
		in.run(in.newFrame(d, nil, cparse.Pos{}), newWorld())
	}
	r.deep, r.gaveUp, r.events, r.running = deep, in.gaveUp, in.events, false
	c.memo.store(d, r)
	return r
}

// tooDeep reports whether following a call of d from another root would
// go past maxSteps: d is a root whose own callees could not be followed
// within them. (A caller's arguments could, in principle, cut d's paths
// short; in the trees they do not, and each such caller spent its whole
// budget learning it: sys_execve → do_execve → … → copy_strings.)
func (c *checker) tooDeep(d *flagflow.FuncDef) bool {
	if !c.roots[d] {
		return false
	}
	r := c.runRoot(d)
	return !r.running && r.deep
}
