package analyzer

import "bytes"
import "crypto/sha256"
import "encoding/hex"
import "errors"
import "fmt"
import "io/fs"
import "maps"
import "math"
import "os"
import "path/filepath"
import "runtime"
import "sort"
import "strings"
import "sync"
import "syscall"
import "time"

import "gupvet/cparse"

// Prefilter selects the files of a tree that can matter to the rules: .c
// files that mention one of the words (GUP entry points, FOLL_ flags,
// faultin_*), directly or through a local header that does (an #include
// "..." resolved from the file's directory). Only those are parsed. It
// reads the working files, so a git checkout is read as a plain tree is,
// untracked, ignored and modified files included: git grep, the index and
// the blobs were measured and are no faster (README, Benchmarks).
type Prefilter struct {
	// Words are exact identifiers; Prefixes match any identifier that
	// starts with them and is longer (FOLL_).
	Words    []string
	Prefixes []string
	// Cache, when set, keeps what each file said between runs.
	Cache *Cache

	once sync.Once
	m    *matcher
}

// matcher finds the vocabulary in one pass over a file. An identifier is
// a maximal run of [0-9A-Za-z_] (what regexp's \b delimits), and a file
// matches when one of them is a word, or a prefix followed by more. The
// scan jumps from one occurrence of a pivot byte that every word and
// prefix contains ('_' for gupvet's) to the next with bytes.IndexByte; a
// pivot whose neighbours are not those of a pivot in a word (for
// gupvet's, "r_p" of user_pages is, "n_l" of spin_lock is not) is passed
// over, and only around the others is the identifier compared. Several
// times faster than a search per word followed by a regexp, which it
// replaced.
type matcher struct {
	words    map[string]bool
	prefixes []string
	first    [256]bool // the first bytes of words and prefixes
	minLen   int
	pivot    int // -1: no byte is common to all, every identifier is looked at
	// around[p] has bit n when a pivot of a word or prefix has p before it
	// and n after it; 0 stands for the start and the end of the file
	around [256][4]uint64
}

// identByte says which bytes make up identifiers.
var identByte = func() (t [256]bool) {
	for c := range t {
		t[c] = c == '_' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
	}
	return t
}()

// pivotOrder lists bytes from the rarest in kernel C to the most common
// (measured on mm/*.c): the pivot is the first that every word contains.
const pivotOrder = "qzjkxwyvFbhgmPlpdcuoniarst_e"

func newMatcher(words, prefixes []string) *matcher {
	m := &matcher{words: map[string]bool{}, prefixes: prefixes, minLen: math.MaxInt, pivot: -1}
	all := append(append([]string{}, words...), prefixes...)
	for _, w := range words {
		m.words[w] = true
	}
	for _, w := range all {
		if w == "" {
			continue
		}
		m.first[w[0]] = true
		n := len(w)
		if !m.words[w] {
			n++ // a prefix needs one more byte
		}
		m.minLen = min(m.minLen, n)
	}
	for i := 0; i < len(pivotOrder) && m.pivot < 0; i++ {
		c := pivotOrder[i]
		common := len(all) > 0
		for _, w := range all {
			common = common && strings.IndexByte(w, c) >= 0
		}
		if common {
			m.pivot = int(c)
		}
	}
	if m.pivot >= 0 {
		for _, w := range all {
			m.neighbours(w, !m.words[w])
		}
	}
	return m
}

// neighbours records the bytes around each pivot of w: a byte of w, or
// beyond w any byte that ends an identifier (NUL for the file's ends) or,
// after a prefix, any identifier byte.
func (m *matcher) neighbours(w string, prefix bool) {
	var outside, inside []byte
	for c := 0; c < 256; c++ {
		if identByte[c] {
			inside = append(inside, byte(c))
		} else {
			outside = append(outside, byte(c))
		}
	}
	for j := 0; j < len(w); j++ {
		if int(w[j]) != m.pivot {
			continue
		}
		before, after := outside, outside
		if j > 0 {
			before = []byte{w[j-1]}
		}
		switch {
		case j+1 < len(w):
			after = []byte{w[j+1]}
		case prefix:
			after = inside
		}
		for _, p := range before {
			for _, n := range after {
				m.around[p][n>>6] |= 1 << (n & 63)
			}
		}
	}
}

// match reports whether b has an identifier that is a word or extends a
// prefix.
func (m *matcher) match(b []byte) bool {
	for i := 0; i < len(b); {
		var s, e int
		if m.pivot >= 0 {
			k := bytes.IndexByte(b[i:], byte(m.pivot))
			if k < 0 {
				return false
			}
			k += i
			var p, n byte // NUL beyond the ends, as neighbours says
			if k > 0 {
				p = b[k-1]
			}
			if k+1 < len(b) {
				n = b[k+1]
			}
			if m.around[p][n>>6]&(1<<(n&63)) == 0 {
				i = k + 1
				continue
			}
			s, e = k, k+1
			for s > 0 && identByte[b[s-1]] {
				s--
			}
		} else {
			for i < len(b) && !identByte[b[i]] {
				i++
			}
			s, e = i, i
		}
		for e < len(b) && identByte[b[e]] {
			e++
		}
		i = e
		if e-s < m.minLen || !m.first[b[s]] {
			continue
		}
		id := b[s:e]
		if m.words[string(id)] {
			return true
		}
		for _, p := range m.prefixes {
			if len(id) > len(p) && string(id[:len(p)]) == p {
				return true
			}
		}
	}
	return false
}

// Match reports whether content mentions one of the words.
func (p *Prefilter) Match(b []byte) bool {
	p.once.Do(func() { p.m = newMatcher(p.Words, p.Prefixes) })
	return p.m.match(b)
}

// Candidates walks paths (tree-relative files or directories; none = the
// whole tree) and returns the tree-relative .c files to analyse, sorted.
// Files named explicitly are always returned. Unreadable entries are
// reported through errs and the walk goes on.
func (p *Prefilter) Candidates(t *cparse.Tree, paths []string, jobs int) (files []string, errs []FileError) {
	if len(paths) == 0 {
		paths = []string{"."}
	}
	if jobs <= 0 {
		jobs = runtime.NumCPU()
	}
	var dirs []string
	seen := map[string]bool{}
	for _, p0 := range paths {
		abs := t.Abs(p0)
		fi, err := os.Stat(abs)
		if err != nil {
			if t.Overlaid(abs) {
				files = append(files, t.Rel(abs))
				continue
			}
			var pe *fs.PathError
			if errors.As(err, &pe) && pe.Path == abs {
				err = pe.Err // the path is printed already
			}
			errs = append(errs, FileError{Path: p0, Err: err})
			continue
		}
		if !fi.IsDir() {
			r := t.Rel(abs)
			if !seen[r] {
				seen[r] = true
				files = append(files, r)
			}
			continue
		}
		dirs = append(dirs, abs)
	}
	// The walk feeds the readers as it goes, so reading starts with the
	// first directory instead of after the last. A local header that
	// matches makes its includers match. What a file says is remembered
	// by size and modification time across runs when there is a cache,
	// so a warm run reads only what changed.
	sc := p.loadScan(t)
	var (
		mu       sync.Mutex
		matched  []string
		readErrs []FileError
		wg       sync.WaitGroup
	)
	ch := make(chan string, 256)
	for w := 0; w < jobs; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf []byte // one read buffer per reader: no garbage per file
			for c := range ch {
				m, err := sc.candidate(c, &buf)
				if !m && err == nil {
					continue
				}
				mu.Lock()
				if err != nil {
					readErrs = append(readErrs, FileError{Path: t.Rel(c), Err: err})
				} else {
					matched = append(matched, t.Rel(c))
				}
				mu.Unlock()
			}
		}()
	}
	for _, d := range dirs {
		errs = walkSources(t, d, ch, errs)
	}
	close(ch)
	wg.Wait()
	p.saveScan(sc)
	errs = append(errs, readErrs...)
	for _, r := range matched {
		if !seen[r] {
			seen[r] = true
			files = append(files, r)
		}
	}
	sort.Strings(files)
	sort.Slice(errs, func(i, j int) bool { return errs[i].Path < errs[j].Path })
	return files, errs
}

// walkSources sends the regular .c files below the directory d to ch,
// and appends to errs the directories it cannot read. It passes over
// directories whose names begin with a dot and, at the top of the tree,
// user-space code and build tools (tools, scripts, Documentation, usr:
// read only when named). Entries are taken in the order the file system
// gives them (the candidates are sorted afterwards) and their types from
// the directory itself: no sort and no stat per entry.
func walkSources(t *cparse.Tree, d string, ch chan<- string, errs []FileError) []FileError {
	f, err := os.Open(d)
	if err != nil {
		return append(errs, FileError{Path: t.Rel(d), Err: err})
	}
	ents, err := f.ReadDir(-1)
	f.Close()
	if err != nil {
		errs = append(errs, FileError{Path: t.Rel(d), Err: err})
	}
	top := d == t.Src
	for _, de := range ents {
		name := de.Name()
		path := d + string(filepath.Separator) + name
		switch {
		case de.IsDir():
			if strings.HasPrefix(name, ".") || top && (name == "tools" || name == "scripts" || name == "Documentation" || name == "usr") {
				continue
			}
			errs = walkSources(t, path, ch, errs)
		case strings.HasSuffix(name, ".c") && de.Type().IsRegular():
			ch <- path
		}
	}
	return errs
}

// scanEntry is what the prefilter learnt of one file: whether it names a
// word and, when it does not, the local headers it includes.
type scanEntry struct {
	Size, Mtime int64
	Match       bool
	Includes    []string
}

type scanState struct {
	p     *Prefilter
	t     *cparse.Tree
	start time.Time // when this run began reading
	// m is what was remembered across runs, by path: read by the
	// readers without a lock, never written during the walk
	m     map[string]scanEntry
	mu    sync.Mutex
	fresh map[string]scanEntry // what this run learnt, to remember
	now   map[string]scanResult
	file  string // where it is kept, or ""
}

// candidate reports whether the .c file c names a word, itself or in a
// local header it includes; err when c, or a header it includes, exists
// but cannot be read.
func (s *scanState) candidate(c string, buf *[]byte) (bool, error) {
	// the walk sends each .c file once: only headers need scan's memo
	e, ok, err := s.look(c, buf)
	if err != nil || !ok || e.Match {
		return e.Match, err
	}
	for _, inc := range e.Includes {
		h := filepath.Join(filepath.Dir(c), inc)
		he, ok, err := s.scan(h, buf)
		if err != nil {
			return false, fmt.Errorf("reading the local header %s: %v", inc, err)
		}
		if ok && he.Match {
			return true, nil
		}
	}
	return false, nil
}

// racyWindow is how recent a modification time must be for the entry not
// to be remembered: file systems stamp times from a coarse clock, so a
// file changed again within the same tick keeps its size and time (git's
// "racily clean" entries).
const racyWindow = 2 * time.Second

// scan reports what a file says, from the remembered entry when the file
// has not changed; ok is false when there is no regular file at path (a
// header the tree does not have). Each path is looked at once a run: a
// local header is included by many files (mm/internal.h by 70).
func (s *scanState) scan(path string, buf *[]byte) (scanEntry, bool, error) {
	s.mu.Lock()
	r, done := s.now[path]
	s.mu.Unlock()
	if !done {
		r.e, r.ok, r.err = s.look(path, buf)
		s.mu.Lock()
		s.now[path] = r
		s.mu.Unlock()
	}
	return r.e, r.ok, r.err
}

// scanResult is scan's answer for one path.
type scanResult struct {
	e   scanEntry
	ok  bool
	err error
}

func (s *scanState) look(path string, buf *[]byte) (e scanEntry, ok bool, err error) {
	if s.t.Overlaid(path) {
		b, err := s.t.ReadFile(path)
		if err != nil {
			return e, false, nil
		}
		return s.p.entry(b), true, nil
	}
	old, known := s.m[path]
	var st fileStat
	regular := false
	if known {
		// probably unchanged: a stat is enough to tell
		if st, regular, err = statRegular(path); err == nil && regular && old.Size == st.size && old.Mtime == st.mtime {
			return old, true, nil
		}
	}
	if err == nil && (regular || !known) {
		st, regular, err = readRegular(path, buf)
	}
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR) {
			return e, false, nil
		}
		return e, false, unwrapPath(err)
	}
	if !regular {
		return e, false, nil
	}
	e = s.p.entry(*buf)
	e.Size, e.Mtime = st.size, st.mtime
	if s.start.UnixNano()-st.mtime > int64(racyWindow) {
		s.mu.Lock()
		s.fresh[path] = e
		s.mu.Unlock()
	}
	return e, true, nil
}

// fileStat is what the prefilter remembers of a file's metadata.
type fileStat struct{ size, mtime int64 }

// entry is what content says.
func (p *Prefilter) entry(b []byte) scanEntry {
	if p.Match(b) {
		return scanEntry{Match: true}
	}
	return scanEntry{Includes: cparse.LocalIncludes(b)}
}

// unwrapPath drops the "op path: " of a *fs.PathError: the error is
// reported with the path already.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func (p *Prefilter) loadScan(t *cparse.Tree) *scanState {
	s := &scanState{p: p, t: t, m: map[string]scanEntry{}, fresh: map[string]scanEntry{}, now: map[string]scanResult{}, start: time.Now()}
	if p.Cache == nil || p.Cache.Dir == "" {
		return s // no cache, or one in memory only
	}
	h := sha256.New()
	fmt.Fprintf(h, "%s\n%s\n%s\n%s\n", BuildID(), t.Src, strings.Join(p.Words, ","), strings.Join(p.Prefixes, ","))
	s.file = filepath.Join(p.Cache.Dir, "prefilter", hex.EncodeToString(h.Sum(nil))+".scan")
	if b, err := os.ReadFile(s.file); err == nil {
		if m, err := decodeScan(b); err == nil {
			s.m = m
		}
	}
	return s
}

func (p *Prefilter) saveScan(s *scanState) {
	if s.file == "" || len(s.fresh) == 0 {
		return
	}
	maps.Copy(s.m, s.fresh)
	writeAtomic(s.file, encodeScan(s.m))
}

// writeAtomic writes a file through a temporary file and a rename, so a
// reader never sees half of it; errors leave the old content.
func writeAtomic(f string, b []byte) {
	if err := os.MkdirAll(filepath.Dir(f), 0o755); err != nil {
		return
	}
	tmp, err := os.CreateTemp(filepath.Dir(f), ".tmp-*")
	if err != nil {
		return
	}
	_, werr := tmp.Write(b)
	cerr := tmp.Close()
	if werr != nil || cerr != nil || os.Rename(tmp.Name(), f) != nil {
		os.Remove(tmp.Name())
	}
}
