package mmaplock

import "crypto/sha256"
import "encoding/hex"
import "fmt"
import "hash"

import "gupvet/analyzer"
import "gupvet/cparse"
import "gupvet/internal/wire"
import "gupvet/rules/flagflow"

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

// memoVersion changes with the layout of a kept run (runMagic) or of the key.
const memoVersion = "mmaplock-memo-2"

// runMagic begins a kept run (internal/wire's form): deep, gaveUp, then
// each event as positions and names, no pointers into the units.
const runMagic = "mmaplock-run-1\n"

// funcID names a function of the program across runs.
type funcID struct {
	key  flagflow.FuncKey
	unit string
}

// rootMemo is the memo of one run of the analysis.
type rootMemo struct {
	memo *analyzer.Memo
	keys map[*flagflow.FuncDef]string
	defs map[funcID]*flagflow.FuncDef
}

// newRootMemo makes the keys of the roots, once findRoots has filled the
// facts they name.
func (c *checker) newRootMemo(pd *analyzer.ProgramData, all, roots []*flagflow.FuncDef) *rootMemo {
	m := &rootMemo{memo: pd.Memo("mmaplock")}
	if m.memo == nil {
		return m
	}
	m.keys = map[*flagflow.FuncDef]string{}
	m.defs = map[funcID]*flagflow.FuncDef{}
	for _, d := range all {
		m.defs[funcID{d.Key, d.Unit}] = d
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
	return m.decodeRun(c, d, b)
}

// decodeRun reads what encodeRun wrote of root d's run.
func (m *rootMemo) decodeRun(c *checker, d *flagflow.FuncDef, b []byte) (*rootRun, bool) {
	rd := wire.NewDecoder(b, runMagic)
	pos := func() cparse.Pos { return cparse.DecodePos(rd) }
	fn := func() *flagflow.FuncDef {
		return m.defs[funcID{flagflow.FuncKey{Scope: rd.Str(), Name: rd.Str()}, rd.Str()}]
	}
	steps := func() []step {
		var out []step
		for n := rd.OptN(1); n > 0 && !rd.Failed(); n-- {
			out = append(out, step{caller: rd.Str(), callee: rd.Str(), at: pos()})
		}
		return out
	}
	r := &rootRun{deep: rd.Bool(), gaveUp: rd.Bool()}
	entry := c.entries[d]
	for n := rd.OptN(1); n > 0 && !rd.Failed(); n-- {
		e := &event{at: pos(), end: pos(), fn: fn(), root: d, entry: entry, req: &requirement{}}
		if root, known := fn(), rd.Bool(); e.fn == nil || root != d || known != (entry != nil) {
			return nil, false
		}
		q := e.req
		q.entry, q.text, q.in, q.via, q.op, q.at = rd.Str(), rd.Str(), rd.Str(), rd.Str(), opKind(rd.Int()), pos()
		q.path = steps()
		q.lookup = lookupFact{found: rd.Bool(), asserts: pos()}
		e.lock = lockState{kind: lockKind(rd.Byte()), how: how(rd.Byte()), op: rd.Str(), at: pos(), in: rd.Str()}
		e.chain = steps()
		r.events = append(r.events, e)
	}
	if rd.Err(true) != nil {
		return nil, false
	}
	return r, true
}

// store keeps root d's run for later runs.
func (m *rootMemo) store(d *flagflow.FuncDef, r *rootRun) {
	if m == nil {
		return
	}
	if k := m.keys[d]; k != "" {
		m.memo.Put(k, encodeRun(r))
	}
}

// encodeRun writes a run: its flags, then each event's positions and
// names.
func encodeRun(r *rootRun) []byte {
	var e wire.Encoder
	fn := func(f *flagflow.FuncDef) { e.Str(f.Key.Scope); e.Str(f.Key.Name); e.Str(f.Unit) }
	steps := func(ss []step) {
		e.NilN(len(ss), ss == nil)
		for _, s := range ss {
			e.Str(s.caller)
			e.Str(s.callee)
			s.at.Encode(&e)
		}
	}
	e.Bool(r.deep)
	e.Bool(r.gaveUp)
	e.NilN(len(r.events), r.events == nil)
	for _, ev := range r.events {
		ev.at.Encode(&e)
		ev.end.Encode(&e)
		fn(ev.fn)
		fn(ev.root)
		e.Bool(ev.entry != nil)
		q := ev.req
		e.Str(q.entry)
		e.Str(q.text)
		e.Str(q.in)
		e.Str(q.via)
		e.Int(int64(q.op))
		q.at.Encode(&e)
		steps(q.path)
		e.Bool(q.lookup.found)
		q.lookup.asserts.Encode(&e)
		e.Byte(byte(ev.lock.kind))
		e.Byte(byte(ev.lock.how))
		e.Str(ev.lock.op)
		ev.lock.at.Encode(&e)
		e.Str(ev.lock.in)
		steps(ev.chain)
	}
	return e.Bytes(runMagic)
}
