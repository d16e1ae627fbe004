package flagflow

import "bytes"
import "crypto/sha256"
import "encoding/hex"
import "fmt"
import "sort"
import "sync"

import "gupvet/analyzer"
import "gupvet/cparse"
import "gupvet/internal/wire"

// A function's summary is computed from the function's code, the model
// and the field facts it reads (FieldFacts.read), nothing else: it is kept
// across runs (analyzer.Memo) under a key naming the first two — the
// Digest of the unit that defines the function, the model's Digest — with
// the hashes of the field facts it read, checked against this run's
// before the summary is used (a store into a member in another file
// changes what a reader of the member summarises to).

// summaryMemoVersion changes with the codec or the entry's layout.
const summaryMemoVersion = "flagflow-summary-1"

// summaryMemo is the program's link to its memo.
type summaryMemo struct {
	memo   *analyzer.Memo
	digest func(*cparse.Unit) string
	model  string // the model's Digest

	mu     sync.Mutex
	fields map[string]fieldHash // this run's field facts, hashed when asked
}

// fieldHash is what an entry says of one field fact it read.
type fieldHash struct {
	present bool
	ok      bool // the value could be encoded (else no entry is kept)
	sum     [sha256.Size]byte
}

func newSummaryMemo(pd *analyzer.ProgramData, p *Program) *summaryMemo {
	m := pd.Memo("flagflow")
	if m == nil {
		return nil
	}
	return &summaryMemo{memo: m, digest: pd.Digest, model: p.Model.Digest(), fields: map[string]fieldHash{}}
}

// key is the entry of fd's summary, "" when fd has none (a model stub,
// cheap; a unit without a digest).
func (sm *summaryMemo) key(fd *FuncDef) string {
	if sm == nil || fd.Stub || fd.Owner == nil || fd.F == nil {
		return ""
	}
	dg := sm.digest(fd.Owner)
	if dg == "" {
		return ""
	}
	h := sha256.Sum256(fmt.Appendf(nil, "%s\n%s\n%s\n%s\n%s\n", summaryMemoVersion, sm.model, fd.Key, fd.Unit, dg))
	return hex.EncodeToString(h[:])
}

func (sm *summaryMemo) field(ff FieldFacts, k string) fieldHash {
	sm.mu.Lock()
	h, ok := sm.fields[k]
	sm.mu.Unlock()
	if ok {
		return h
	}
	h = fieldHash{ok: true}
	if v, present := ff[k]; present {
		b, err := encodeVal(v)
		h = fieldHash{present: true, ok: err == nil, sum: sha256.Sum256(b)}
	}
	sm.mu.Lock()
	sm.fields[k] = h
	sm.mu.Unlock()
	return h
}

// load returns fd's summary as kept, if it was and the field facts it
// read are this run's.
func (sm *summaryMemo) load(k string, fd *FuncDef, ff FieldFacts) *Summary {
	b, ok := sm.memo.Get(k)
	if !ok {
		return nil
	}
	d := &dec{wire.NewDecoder(b, summaryMagic)}
	n := d.OptN(1)
	for i := 0; i < n && !d.Failed(); i++ {
		name, present, sum := d.Str(), d.Bool(), d.Raw(sha256.Size)
		if d.Failed() {
			return nil
		}
		if h := sm.field(ff, name); !h.ok || h.present != present || h.present && !bytes.Equal(h.sum[:], sum) {
			return nil
		}
	}
	s := d.summary(fd)
	if d.Err(true) != nil {
		return nil
	}
	return s
}

// store keeps fd's summary s, which read the field facts named by read:
// one message, the facts' names and hashes, then the summary.
func (sm *summaryMemo) store(k string, s *Summary, read map[string]bool, ff FieldFacts) {
	names := make([]string, 0, len(read))
	for name := range read {
		names = append(names, name)
	}
	sort.Strings(names)
	e := &enc{}
	e.NilN(len(names), false)
	for _, name := range names {
		h := sm.field(ff, name)
		if !h.ok {
			return
		}
		e.Str(name)
		e.Bool(h.present)
		e.Raw(h.sum[:])
	}
	if e.summary(s) != nil {
		return
	}
	sm.memo.Put(k, e.Bytes(summaryMagic))
}
