package pinput

import (
	"bytes"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"fmt"
	"sync"

	"gupvet/analyzer"
	"gupvet/cparse"
	"gupvet/rules/flagflow"
)

// A function's findings are kept across runs (analyzer.Memo): they come
// from its code and that of the helpers it is followed into (every
// function its calls can resolve to, transitively: flagflow's Closure),
// read against the model, and nothing else — mayPage's and mayTake's
// answers are the closure's (reaches keeps no answer that rests on the
// order of the walk). The key names the Digest of each closure
// function's unit and the model's Digest.

// memoVersion changes with savedFinding or the key.
const memoVersion = "pinput-memo-1"

type savedSite struct {
	Pos    cparse.Pos
	Callee string
}

type savedFinding struct {
	Pos, End cparse.Pos
	Key      string
	One      bool
	Fam      fam
	Release  string
	HasVia   bool
	ViaName  string
	ViaPos   cparse.Pos
	StFam    fam
	StSym    string
	// StAcq are the state's sites, each as the chain from the site
	// down through inner
	StAcq [][]savedSite
}

// findingsOnce is one function's findings, made once.
type findingsOnce struct {
	once  sync.Once
	finds []*finding
}

// memoOf is the program's link to its memo (nil: none).
type memoOf struct {
	memo   *analyzer.Memo
	digest func(*cparse.Unit) string
	model  string

	mu    sync.Mutex
	finds map[*flagflow.FuncDef]*findingsOnce
}

func newMemo(pd *analyzer.ProgramData, prog *flagflow.Program) *memoOf {
	m := &memoOf{memo: pd.Memo("pinput"), digest: pd.Digest, finds: map[*flagflow.FuncDef]*findingsOnce{}}
	if m.memo != nil {
		m.model = prog.Model.Digest()
	}
	return m
}

// findings returns what fd reports (run): kept by an earlier run, or
// computed (result) and kept.
func (p *program) findings(fd *flagflow.FuncDef) []*finding {
	m := p.memo
	m.mu.Lock()
	e := m.finds[fd]
	if e == nil {
		e = &findingsOnce{}
		m.finds[fd] = e
	}
	m.mu.Unlock()
	e.once.Do(func() {
		k := m.key(p.prog, fd)
		if k != "" {
			if fs, ok := m.load(k); ok {
				e.finds = fs
				return
			}
		}
		if r := p.result(fd, map[*flagflow.FuncDef]bool{}, 0); r != nil {
			e.finds = r.finds
		}
		if k != "" {
			m.store(k, e.finds)
		}
	})
	return e.finds
}

// key is the entry of fd's findings, "" when a unit of its closure has
// no digest.
func (m *memoOf) key(prog *flagflow.Program, fd *flagflow.FuncDef) string {
	if m.memo == nil {
		return ""
	}
	h := sha256.New()
	fmt.Fprintf(h, "%s\n%s\n", memoVersion, m.model)
	for _, x := range prog.Closure(fd) {
		dg := m.model // a stub is the model's
		if !x.Stub {
			if x.Owner == nil {
				return ""
			}
			if dg = m.digest(x.Owner); dg == "" {
				return ""
			}
		}
		fmt.Fprintf(h, "%s %s %s\n", x.Key, x.Unit, dg)
	}
	return hex.EncodeToString(h.Sum(nil))
}

func (m *memoOf) load(k string) ([]*finding, bool) {
	b, ok := m.memo.Get(k)
	if !ok {
		return nil, false
	}
	var saved []savedFinding
	if gob.NewDecoder(bytes.NewReader(b)).Decode(&saved) != nil {
		return nil, false
	}
	var out []*finding
	for _, s := range saved {
		f := &finding{pos: s.Pos, end: s.End, key: key(s.Key), one: s.One, fam: s.Fam, release: s.Release,
			st: &state{fam: s.StFam, sym: s.StSym}}
		if s.HasVia {
			f.via = &viaHelper{name: s.ViaName, pos: s.ViaPos}
		}
		for _, chain := range s.StAcq {
			var head *site
			for i := len(chain) - 1; i >= 0; i-- {
				head = &site{pos: chain[i].Pos, callee: chain[i].Callee, inner: head}
			}
			f.st.acq = append(f.st.acq, head)
		}
		out = append(out, f)
	}
	return out, true
}

func (m *memoOf) store(k string, finds []*finding) {
	saved := []savedFinding{}
	for _, f := range finds {
		s := savedFinding{Pos: f.pos, End: f.end, Key: string(f.key), One: f.one, Fam: f.fam, Release: f.release}
		if f.via != nil {
			s.HasVia, s.ViaName, s.ViaPos = true, f.via.name, f.via.pos
		}
		if f.st == nil {
			return // (never made so: reportFinding reads it)
		}
		s.StFam, s.StSym = f.st.fam, f.st.sym
		for _, a := range f.st.acq {
			var chain []savedSite
			for x := a; x != nil; x = x.inner {
				chain = append(chain, savedSite{x.pos, x.callee})
			}
			s.StAcq = append(s.StAcq, chain)
		}
		saved = append(saved, s)
	}
	var buf bytes.Buffer
	if gob.NewEncoder(&buf).Encode(saved) == nil {
		m.memo.Put(k, buf.Bytes())
	}
}
