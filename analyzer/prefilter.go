package analyzer

import (
	"bytes"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"sync"

	"gupvet/cparse"
)

// Prefilter selects the files of a tree that can matter to the rules: .c
// files that mention one of the words (GUP entry points, FOLL_ flags,
// faultin_*), directly or through a header of their own directory that
// does. Only those are parsed.
type Prefilter struct {
	// Words are exact identifiers; Prefixes match any identifier that
	// starts with them (FOLL_).
	Words    []string
	Prefixes []string
	// Cache, when set, keeps what each file said between runs.
	Cache   *Cache
	rx      *regexp.Regexp
	anchors [][]byte
}

func (p *Prefilter) regexp() *regexp.Regexp {
	if p.rx == nil {
		var alts []string
		for _, w := range p.Words {
			alts = append(alts, regexp.QuoteMeta(w)+`\b`)
		}
		for _, w := range p.Prefixes {
			alts = append(alts, regexp.QuoteMeta(w)+`\w`)
		}
		sort.Strings(alts)
		p.rx = regexp.MustCompile(`\b(?:` + strings.Join(alts, "|") + `)`)
	}
	return p.rx
}

// Match reports whether content mentions one of the words.
func (p *Prefilter) Match(b []byte) bool {
	// cheap rejection before the regexp: most files contain none of the
	// words' rarest parts
	if p.anchors == nil {
		p.anchors = anchorsOf(append(append([]string{}, p.Words...), p.Prefixes...))
	}
	hit := false
	for _, a := range p.anchors {
		if bytes.Contains(b, a) {
			hit = true
			break
		}
	}
	return hit && p.regexp().Match(b)
}

// anchorsOf picks, for each word, a substring that is rare in kernel
// source, sharing them between words: a file that contains none cannot
// match.
func anchorsOf(words []string) [][]byte {
	common := []string{"user_page", "faultin_", "gup_", "FOLL_", "_vm("}
	var out [][]byte
	seen := map[string]bool{}
	for _, w := range words {
		a := w
		for _, c := range common {
			if strings.Contains(w+"(", c) {
				a = c
				break
			}
		}
		if a == "_vm(" {
			a = w
		}
		if !seen[a] {
			seen[a] = true
			out = append(out, []byte(a))
		}
	}
	return out
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
	var cands []string
	for _, d := range dirs {
		filepath.WalkDir(d, func(path string, de fs.DirEntry, err error) error {
			if err != nil {
				errs = append(errs, FileError{Path: t.Rel(path), Err: err})
				return nil
			}
			if de.IsDir() {
				name := de.Name()
				if path != d && strings.HasPrefix(name, ".") {
					return filepath.SkipDir
				}
				// user-space code and build tools, not kernel code: only
				// when named explicitly
				if rel := t.Rel(path); path != d && (rel == "tools" || rel == "scripts" || rel == "Documentation" || rel == "usr") {
					return filepath.SkipDir
				}
				return nil
			}
			if strings.HasSuffix(path, ".c") && de.Type().IsRegular() {
				cands = append(cands, path)
			}
			return nil
		})
	}
	// read in parallel; a local header that matches makes its includers
	// match. What a file says is remembered by size and modification time
	// across runs when there is a cache, so a warm run reads only what
	// changed.
	sc := p.loadScan(t)
	matched := make([]bool, len(cands))
	var wg sync.WaitGroup
	ch := make(chan int)
	for w := 0; w < jobs; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range ch {
				m, incs, ok := sc.scan(cands[i])
				if !ok {
					continue
				}
				if !m {
					for _, inc := range incs {
						if hm, _, ok := sc.scan(filepath.Join(filepath.Dir(cands[i]), inc)); ok && hm {
							m = true
							break
						}
					}
				}
				matched[i] = m
			}
		}()
	}
	for i := range cands {
		ch <- i
	}
	close(ch)
	wg.Wait()
	p.saveScan(sc)
	for i, c := range cands {
		r := t.Rel(c)
		if matched[i] && !seen[r] {
			seen[r] = true
			files = append(files, r)
		}
	}
	sort.Strings(files)
	return files, errs
}

// scanEntry is what the prefilter learnt of one file.
type scanEntry struct {
	Size, Mtime int64
	Match       bool
	Includes    []string
}

type scanState struct {
	p       *Prefilter
	t       *cparse.Tree
	mu      sync.Mutex
	m       map[string]scanEntry
	changed bool
	file    string // where it is kept, or ""
}

// scan reports whether a file mentions a word and which local headers it
// includes, from the remembered entry when the file has not changed.
func (s *scanState) scan(path string) (bool, []string, bool) {
	overlaid := s.t.Overlaid(path)
	var fi os.FileInfo
	if !overlaid {
		var err error
		if fi, err = os.Stat(path); err != nil || !fi.Mode().IsRegular() {
			return false, nil, false
		}
		s.mu.Lock()
		e, ok := s.m[path]
		s.mu.Unlock()
		if ok && e.Size == fi.Size() && e.Mtime == fi.ModTime().UnixNano() {
			return e.Match, e.Includes, true
		}
	}
	b, err := s.t.ReadFile(path)
	if err != nil {
		return false, nil, false
	}
	e := scanEntry{Match: s.p.Match(b), Includes: cparse.LocalIncludes(b)}
	if !overlaid {
		e.Size, e.Mtime = fi.Size(), fi.ModTime().UnixNano()
		s.mu.Lock()
		s.m[path] = e
		s.changed = true
		s.mu.Unlock()
	}
	return e.Match, e.Includes, true
}

func (p *Prefilter) loadScan(t *cparse.Tree) *scanState {
	s := &scanState{p: p, t: t, m: map[string]scanEntry{}}
	if p.Cache == nil || p.Cache.Dir == "" {
		return s // no cache, or one in memory only
	}
	h := sha256.New()
	fmt.Fprintf(h, "%s\n%s\n%s\n%s\n", BuildID(), t.Src, strings.Join(p.Words, ","), strings.Join(p.Prefixes, ","))
	s.file = filepath.Join(p.Cache.Dir, "prefilter", hex.EncodeToString(h.Sum(nil))+".gob")
	if b, err := os.ReadFile(s.file); err == nil {
		var m map[string]scanEntry
		if gob.NewDecoder(bytes.NewReader(b)).Decode(&m) == nil && m != nil {
			s.m = m
		}
	}
	return s
}

func (p *Prefilter) saveScan(s *scanState) {
	if s.file == "" || !s.changed {
		return
	}
	var buf bytes.Buffer
	if gob.NewEncoder(&buf).Encode(s.m) != nil {
		return
	}
	writeAtomic(s.file, buf.Bytes())
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
