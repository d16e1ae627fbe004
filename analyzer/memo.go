package analyzer

import "bytes"
import "crypto/sha256"
import "encoding/gob"
import "encoding/hex"
import "fmt"
import "os"
import "path/filepath"
import "sort"
import "sync"

import "gupvet/cparse"

// Memo keeps the results of a program-wide analysis across runs, in the
// cache directory: values by keys the analysis makes from everything a
// result was computed from (the Digest of each unit it read, and
// whatever else it consulted). A key that names all of it is never
// stale, so a memo needs no invalidation; what it needs is that the
// analysis's key be complete, which is the analysis's business.
//
// The driver reads an analysis's memo file the first time the analysis
// asks for it and, once the run is done, writes it back when the run made
// new entries: those, the entries the run used, and those of the last
// runs (keptRuns writing runs), so that runs of another shape over the
// same tree — one file (kbuild's C=1), a directory — do not drop what a
// whole-tree run keeps, while entries of older states of the tree (a
// function since edited) age out. A run through an overlay (staged
// content, a patch under review) writes nothing: its entries describe no
// state of the disk. A nil *Memo (no cache) finds nothing and keeps
// nothing.
type Memo struct {
	path string

	mu   sync.Mutex
	gen  uint64 // the file's generation: how many runs wrote it
	old  map[string]memoEntry
	used map[string][]byte
	// hits and misses count Get's answers, puts the entries made: for
	// -v, and for the tests that check a warm run used the memo
	hits, misses, puts int
}

// memoEntry is a value and the generation of the last run that wrote
// or used it.
type memoEntry struct {
	Gen uint64
	Val []byte
}

// keptRuns is how many writing runs an entry no run used survives.
const keptRuns = 4

// Get returns the value stored under key by this run or an earlier one.
func (m *Memo) Get(key string) ([]byte, bool) {
	if m == nil {
		return nil, false
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if v, ok := m.used[key]; ok {
		m.hits++
		return v, true
	}
	e, ok := m.old[key]
	if ok {
		m.used[key] = e.Val
		m.hits++
	} else {
		m.misses++
	}
	return e.Val, ok
}

// Put stores val under key, for later runs (and this one's Get).
func (m *Memo) Put(key string, val []byte) {
	if m == nil {
		return
	}
	m.mu.Lock()
	m.used[key] = val
	m.puts++
	m.mu.Unlock()
}

// memoFormat names the layout of a memo file; the file's name carries the
// build, so a memo of another gupvet is never read.
const memoFormat = "gupvet-memo-2"

type memoFile struct {
	Format  string
	Gen     uint64
	Entries map[string]memoEntry
}

// memoStore is the run's memos, by analysis name.
type memoStore struct {
	dir, tag string // "" dir: no memos
	write    bool   // the run reads the disk as it is (no overlay)

	mu    sync.Mutex
	memos map[string]*Memo
}

// newMemoStore makes the store of a run over t whose cache is c: memo
// files are per tree and configuration (tag), so two trees sharing a
// cache do not drop each other's entries.
func newMemoStore(c *Cache, t *cparse.Tree, tag string) *memoStore {
	if c == nil || c.Dir == "" || c.NoMemo {
		return &memoStore{}
	}
	h := sha256.Sum256([]byte(fmt.Sprintf("%s\n%s\n%s\n%s\n", BuildID(), t.Src, t.Obj, tag)))
	return &memoStore{dir: filepath.Join(c.Dir, "memo"), tag: hex.EncodeToString(h[:12]), write: len(t.Overlay()) == 0}
}

func (s *memoStore) memo(name string) *Memo {
	if s == nil || s.dir == "" {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if m := s.memos[name]; m != nil {
		return m
	}
	m := &Memo{path: filepath.Join(s.dir, name+"-"+s.tag+".memo"), used: map[string][]byte{}}
	if b, err := os.ReadFile(m.path); err == nil {
		var f memoFile
		// a damaged or foreign file is an empty memo: the results are
		// computed again
		if gob.NewDecoder(bytes.NewReader(b)).Decode(&f) == nil && f.Format == memoFormat {
			m.gen, m.old = f.Gen, f.Entries
		}
	}
	if s.memos == nil {
		s.memos = map[string]*Memo{}
	}
	s.memos[name] = m
	return m
}

// save writes back each memo the run made entries in (see Memo),
// atomically (a temporary file renamed): runs sharing the cache never
// read half a file. A memo that cannot be written costs the next run
// time, not a result.
func (s *memoStore) save() {
	if s == nil || s.dir == "" || !s.write {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, m := range s.memos {
		m.mu.Lock()
		if m.puts == 0 {
			m.mu.Unlock()
			continue // nothing new: the file says what it said
		}
		f := memoFile{Format: memoFormat, Gen: m.gen + 1, Entries: map[string]memoEntry{}}
		for k, e := range m.old {
			if e.Gen+keptRuns > f.Gen {
				f.Entries[k] = e
			}
		}
		for k, v := range m.used {
			f.Entries[k] = memoEntry{f.Gen, v}
		}
		var buf bytes.Buffer
		err := gob.NewEncoder(&buf).Encode(&f)
		m.mu.Unlock()
		if err == nil {
			writeAtomic(m.path, buf.Bytes())
		}
	}
}

// notes says, for -v, what each memo gave: "memo mmaplock: 158 of 162
// results kept from earlier runs".
func (s *memoStore) notes() []string {
	if s == nil {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for name, m := range s.memos {
		m.mu.Lock()
		out = append(out, fmt.Sprintf("memo %s: %d of %d results kept from earlier runs (GUPVET_MEMO=off computes them all)", name, m.hits, m.hits+m.misses))
		m.mu.Unlock()
	}
	sort.Strings(out)
	return out
}

// Memo returns the memo of the program-wide analysis name (nil when the
// run keeps no cache).
func (p *ProgramData) Memo(name string) *Memo { return p.memos.memo(name) }

// Digest names the content of a unit of the run: equal digests, equal
// units (what they were parsed from: the file, every header read, the
// configuration, the mode and gupvet's build). "" when the run cannot say
// (no cache, or a unit the cache does not describe): then no memo entry
// can depend on it.
func (p *ProgramData) Digest(u *cparse.Unit) string {
	if p.digest == nil {
		return ""
	}
	return p.digest(u)
}
