package pinput

import "crypto/sha256"
import "encoding/hex"
import "fmt"

import "gupvet/analyzer"
import "gupvet/cparse"
import "gupvet/internal/lazy"
import "gupvet/internal/wire"
import "gupvet/rules/flagflow"

// A function's findings are kept across runs (analyzer.Memo): they come
// from its code and that of the helpers it is followed into (every
// function its calls can resolve to, transitively: flagflow's Closure),
// read against the model, and nothing else — mayPage's and mayTake's
// answers are the closure's (reaches keeps no answer that rests on the
// order of the walk). The key names the Digest of each closure
// function's unit and the model's Digest.

// memoVersion changes with the layout of kept findings or the key.
const memoVersion = "pinput-memo-2"

// findingsMagic begins kept findings (internal/wire's form).
const findingsMagic = "pinput-findings-1\n"

// memoOf is the program's link to its memo (nil: none).
type memoOf struct {
	memo   *analyzer.Memo
	digest func(*cparse.Unit) string
	model  string
	finds  lazy.Map[*flagflow.FuncDef, []*finding] // each function's, made once
}

func newMemo(pd *analyzer.ProgramData, prog *flagflow.Program) *memoOf {
	m := &memoOf{memo: pd.Memo("pinput"), digest: pd.Digest}
	if m.memo != nil {
		m.model = prog.Model.Digest()
	}
	return m
}

// findings returns what fd reports (run): kept by an earlier run, or
// computed (result) and kept.
func (p *program) findings(fd *flagflow.FuncDef) []*finding {
	m := p.memo
	return m.finds.Get(fd, func() []*finding {
		k := m.key(p.prog, fd)
		if k != "" {
			if fs, ok := m.load(k); ok {
				return fs
			}
		}
		var fs []*finding
		if r := p.result(fd, map[*flagflow.FuncDef]bool{}, 0); r != nil {
			fs = r.finds
		}
		if k != "" {
			m.store(k, fs)
		}
		return fs
	})
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
	return decodeFindings(b)
}

// decodeFindings reads what encodeFindings wrote.
func decodeFindings(b []byte) ([]*finding, bool) {
	d := wire.NewDecoder(b, findingsMagic)
	pos := func() cparse.Pos { return cparse.DecodePos(d) }
	var out []*finding
	for n := d.OptN(1); n > 0 && !d.Failed(); n-- {
		f := &finding{pos: pos(), end: pos(), key: key(d.Str()), one: d.Bool(), fam: fam(d.Byte()), release: d.Str(),
			st: &state{fam: fam(d.Byte()), sym: d.Str()}}
		if d.Bool() {
			f.via = &viaHelper{name: d.Str(), pos: pos()}
		}
		// each site as the chain from it down through inner
		for a := d.OptN(1); a > 0 && !d.Failed(); a-- {
			var chain []*site
			for c := d.OptN(1); c > 0 && !d.Failed(); c-- {
				chain = append(chain, &site{pos: pos(), callee: d.Str()})
			}
			for i := len(chain) - 1; i > 0; i-- {
				chain[i-1].inner = chain[i]
			}
			var head *site
			if len(chain) > 0 {
				head = chain[0]
			}
			f.st.acq = append(f.st.acq, head)
		}
		out = append(out, f)
	}
	if d.Err(true) != nil {
		return nil, false
	}
	return out, true
}

func (m *memoOf) store(k string, finds []*finding) {
	if b, ok := encodeFindings(finds); ok {
		m.memo.Put(k, b)
	}
}

// encodeFindings writes findings: positions, names, each site's chain.
func encodeFindings(finds []*finding) ([]byte, bool) {
	var e wire.Encoder
	e.NilN(len(finds), false)
	for _, f := range finds {
		if f.st == nil {
			return nil, false // (never made so: reportFinding reads it)
		}
		f.pos.Encode(&e)
		f.end.Encode(&e)
		e.Str(string(f.key))
		e.Bool(f.one)
		e.Byte(byte(f.fam))
		e.Str(f.release)
		e.Byte(byte(f.st.fam))
		e.Str(f.st.sym)
		if e.Has(f.via != nil) {
			e.Str(f.via.name)
			f.via.pos.Encode(&e)
		}
		e.NilN(len(f.st.acq), false)
		for _, a := range f.st.acq {
			n := 0
			for x := a; x != nil; x = x.inner {
				n++
			}
			e.NilN(n, false)
			for x := a; x != nil; x = x.inner {
				x.pos.Encode(&e)
				e.Str(x.callee)
			}
		}
	}
	return e.Bytes(findingsMagic), true
}
