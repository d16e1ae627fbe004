package analyzer

import (
	"bytes"
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
	rx       *regexp.Regexp
	anchors  [][]byte
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
	// read in parallel; a local header that matches makes its includers match
	hdrCache := &headerCache{m: map[string]bool{}, p: p, t: t}
	matched := make([]bool, len(cands))
	var wg sync.WaitGroup
	ch := make(chan int)
	for w := 0; w < jobs; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range ch {
				b, err := t.ReadFile(cands[i])
				if err != nil {
					continue
				}
				matched[i] = p.Match(b) || hdrCache.includesMatching(cands[i], b)
			}
		}()
	}
	for i := range cands {
		ch <- i
	}
	close(ch)
	wg.Wait()
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

// localIncludes returns the names of the #include "..." lines of a file
// (a byte scan: a regexp over every file of the tree is the prefilter's
// slowest part).
func localIncludes(b []byte) []string {
	var out []string
	for i := 0; ; {
		k := bytes.Index(b[i:], []byte("include"))
		if k < 0 {
			return out
		}
		k += i
		i = k + 7
		// the line must start with optional blanks, '#', optional blanks
		j := k - 1
		for j >= 0 && (b[j] == ' ' || b[j] == '\t') {
			j--
		}
		if j < 0 || b[j] != '#' {
			continue
		}
		for j--; j >= 0 && (b[j] == ' ' || b[j] == '\t'); j-- {
		}
		if j >= 0 && b[j] != '\n' {
			continue
		}
		q := i
		for q < len(b) && (b[q] == ' ' || b[q] == '\t') {
			q++
		}
		if q >= len(b) || b[q] != '"' {
			continue
		}
		e := bytes.IndexByte(b[q+1:], '"')
		nl := bytes.IndexByte(b[q+1:], '\n')
		if e < 0 || (nl >= 0 && nl < e) {
			continue
		}
		out = append(out, string(b[q+1:q+1+e]))
	}
}

type headerCache struct {
	mu sync.Mutex
	m  map[string]bool
	p  *Prefilter
	t  *cparse.Tree
}

// includesMatching reports whether a file includes, with quotes, a header
// of its own directory that mentions a word.
func (h *headerCache) includesMatching(file string, b []byte) bool {
	for _, inc := range localIncludes(b) {
		hp := filepath.Join(filepath.Dir(file), inc)
		h.mu.Lock()
		v, ok := h.m[hp]
		h.mu.Unlock()
		if !ok {
			hb, err := h.t.ReadFile(hp)
			v = err == nil && h.p.Match(hb)
			h.mu.Lock()
			h.m[hp] = v
			h.mu.Unlock()
		}
		if v {
			return true
		}
	}
	return false
}
