package mmaplock

import (
	"bytes"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"fmt"
	"hash"

	"gupvet/analyzer"
	"gupvet/cparse"
	"gupvet/rules/flagflow"
)

// A root's run is kept across runs (analyzer.Memo), so a run after one
// file changed follows again only the roots whose paths can enter it: on
// 6.12, 4 of 162 roots for mm/madvise.c. The key of a root names all its
// run reads:
//
//   - every function a call in it, or in a function so reached, can
//     resolve to (Program.Lookup and TreeFunc: the tree's, the API's, the
//     model's), with the Digest of the unit that defines it — a superset
//     of what the run enters;
//   - the facts findRoots filled in program order for those functions
//     (reachesGUP, changesLock, apiRelevant, mayRelease, isRoot) and
//     whether their callers are known (entries): a fact of a function on
//     a recursive cycle depends on where the walk entered the cycle, which
//     can be outside the closure, so the facts are keyed as they are, not
//     as the closure's code would make them;
//   - the text of the files lookupFact and expandStackDrops read, and the
//     model's stubs; gupvet's build names the memo file (analyzer).
//
// A root whose closure holds a unit without a digest (no cache, a unit
// read through an overlay) is analysed as if no memo were kept.

// memoVersion changes with the layout of savedRun or of the key.
const memoVersion = "mmaplock-memo-1"

// savedRun is a rootRun as the memo keeps it: positions and names, no
// pointers into the units.
type savedRun struct {
	Deep, GaveUp bool
	Events       []savedEvent
}

type savedFunc struct {
	Key  flagflow.FuncKey
	Unit string
}

type savedStep struct {
	Caller, Callee string
	At             cparse.Pos
}

type savedEvent struct {
	At, End  cparse.Pos
	Fn, Root savedFunc
	Entry    bool // the root's callers are known (entries)

	ReqEntry, ReqText, ReqIn, ReqVia string
	ReqOp                            opKind
	ReqAt                            cparse.Pos
	ReqPath                          []savedStep
	LookupFound                      bool
	LookupAsserts                    cparse.Pos

	LockKind lockKind
	LockHow  how
	LockOp   string
	LockAt   cparse.Pos
	LockIn   string

	Chain []savedStep
}

// rootMemo is the memo of one run of the analysis.
type rootMemo struct {
	memo *analyzer.Memo
	keys map[*flagflow.FuncDef]string
	defs map[savedFunc]*flagflow.FuncDef
}

// newRootMemo makes the keys of the roots, once findRoots has filled the
// facts they name.
func (c *checker) newRootMemo(pd *analyzer.ProgramData, all, roots []*flagflow.FuncDef) *rootMemo {
	m := &rootMemo{memo: pd.Memo("mmaplock")}
	if m.memo == nil {
		return m
	}
	m.keys = map[*flagflow.FuncDef]string{}
	m.defs = map[savedFunc]*flagflow.FuncDef{}
	for _, d := range all {
		m.defs[savedFunc{d.Key, d.Unit}] = d
	}
	g := sha256.New()
	fmt.Fprintf(g, "%s\n%v\n", memoVersion, c.expandStackDrops)
	for _, f := range lookupFiles {
		b, err := c.tree.ReadFile(f)
		fmt.Fprintf(g, "%s %v %d\n", f, err == nil, len(b))
		g.Write(b)
	}
	name, src := c.prog.Model.Stubs()
	fmt.Fprintf(g, "%s %d\n", name, len(src))
	g.Write(src)
	// what every root's run may read: also the digest of the model's
	// stubs, whose text it holds
	global := hex.EncodeToString(g.Sum(nil))
	digest := func(x *flagflow.FuncDef) string {
		switch {
		case x.Stub:
			return global
		case x.Owner == nil:
			return ""
		}
		return pd.Digest(x.Owner)
	}
	for _, d := range roots {
		if k := c.rootKey(d, global, digest); k != "" {
			m.keys[d] = k
		}
	}
	return m
}

// rootKey is the key of root d's run, or "" when some function its paths
// can reach has no digest.
func (c *checker) rootKey(d *flagflow.FuncDef, global string, digest func(*flagflow.FuncDef) string) string {
	list := c.prog.Closure(d)
	h := sha256.New()
	fmt.Fprintf(h, "%s\nroot %s %s\n", global, d.Key, d.Unit)
	for _, x := range list {
		dg := digest(x)
		if dg == "" {
			return ""
		}
		fmt.Fprintf(h, "%s %s %s %d %d %d %d %v", x.Key, x.Unit, dg, c.rel[x], c.apiRel[x], known(c.changes, x), known(c.release, x), c.roots[x])
		writeEntry(h, c.entries[x])
	}
	return hex.EncodeToString(h.Sum(nil))
}

// known is a memo's bool fact as 0 (not asked), 1 (no) or 2 (yes).
func known(m map[*flagflow.FuncDef]bool, x *flagflow.FuncDef) int {
	v, ok := m[x]
	switch {
	case !ok:
		return 0
	case v:
		return 2
	}
	return 1
}

func writeEntry(h hash.Hash, e *entryPoint) {
	if e == nil {
		fmt.Fprintf(h, " -\n")
		return
	}
	fmt.Fprintf(h, " entry %q %v\n", e.why, e.at)
}

// load returns root d's run as a memo kept it, if it did and every
// function it names is in the program.
func (m *rootMemo) load(c *checker, d *flagflow.FuncDef) (*rootRun, bool) {
	if m == nil {
		return nil, false
	}
	k := m.keys[d]
	if k == "" {
		return nil, false
	}
	b, ok := m.memo.Get(k)
	if !ok {
		return nil, false
	}
	var s savedRun
	if gob.NewDecoder(bytes.NewReader(b)).Decode(&s) != nil {
		return nil, false
	}
	r := &rootRun{deep: s.Deep, gaveUp: s.GaveUp}
	entry := c.entries[d]
	for _, se := range s.Events {
		fn := m.defs[se.Fn]
		if fn == nil || m.defs[se.Root] != d || se.Entry != (entry != nil) {
			return nil, false
		}
		r.events = append(r.events, &event{at: se.At, end: se.End, fn: fn, root: d, entry: entry,
			req: &requirement{entry: se.ReqEntry, op: se.ReqOp, text: se.ReqText, at: se.ReqAt, in: se.ReqIn,
				path: steps(se.ReqPath), via: se.ReqVia, lookup: lookupFact{found: se.LookupFound, asserts: se.LookupAsserts}},
			lock:  lockState{kind: se.LockKind, how: se.LockHow, op: se.LockOp, at: se.LockAt, in: se.LockIn},
			chain: steps(se.Chain)})
	}
	return r, true
}

// store keeps root d's run for later runs.
func (m *rootMemo) store(d *flagflow.FuncDef, r *rootRun) {
	if m == nil {
		return
	}
	k := m.keys[d]
	if k == "" {
		return
	}
	s := savedRun{Deep: r.deep, GaveUp: r.gaveUp}
	for _, e := range r.events {
		s.Events = append(s.Events, savedEvent{At: e.at, End: e.end,
			Fn: savedFunc{e.fn.Key, e.fn.Unit}, Root: savedFunc{e.root.Key, e.root.Unit}, Entry: e.entry != nil,
			ReqEntry: e.req.entry, ReqText: e.req.text, ReqIn: e.req.in, ReqVia: e.req.via, ReqOp: e.req.op, ReqAt: e.req.at,
			ReqPath: saved(e.req.path), LookupFound: e.req.lookup.found, LookupAsserts: e.req.lookup.asserts,
			LockKind: e.lock.kind, LockHow: e.lock.how, LockOp: e.lock.op, LockAt: e.lock.at, LockIn: e.lock.in,
			Chain: saved(e.chain)})
	}
	var buf bytes.Buffer
	if gob.NewEncoder(&buf).Encode(&s) == nil {
		m.memo.Put(k, buf.Bytes())
	}
}

func saved(ss []step) []savedStep {
	var out []savedStep
	for _, s := range ss {
		out = append(out, savedStep{s.caller, s.callee, s.at})
	}
	return out
}

func steps(ss []savedStep) []step {
	var out []step
	for _, s := range ss {
		out = append(out, step{s.Caller, s.Callee, s.At})
	}
	return out
}
