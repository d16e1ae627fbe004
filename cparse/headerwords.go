package cparse

import "bytes"
import "errors"
import "io"
import "io/fs"
import "os"
import "path/filepath"
import "slices"
import "strings"
import "sync"

// Precise mode slices the main file as tolerant mode chooses what to
// slice (sliceBodies): the body of a function that names no GUP word and
// calls no function of the file that does is not preprocessed or parsed. A precise unit also reads the
// headers of its include path, and some give the API other names: static
// inline functions whose bodies precise mode keeps because they name a
// word (get_user_page_vma_remote, 7.x's kvm_faultin_pfn) and macros that
// expand to one. headerWords finds those names, so that the slice keeps
// the functions that reach the API through them.
//
// A macro that reaches a word only through a macro of a header that
// names no word itself is not found (the scan reads the headers that
// name a word); TestHeaderWordsClosed checks that real trees have none.

// maxHeaderScan bounds the headers one include directory may hold for
// the scan: a directory beyond it (an -I of the tree's root) is not
// scanned, and the file is not sliced. (A variable for the test.)
var maxHeaderScan = 20000

// headerWordsCache holds, per Tree, the headers each include directory
// holds, which headers name a word (per vocabulary: a worker serves one
// run, whose vocabulary is fixed; a test binary may use several), and
// the names found per include path. Nested directories (include and
// include/uapi) share their files' answers.
type headerWordsCache struct {
	mu    sync.Mutex
	dirs  map[string][]string        // dir -> its headers; nil: too many
	hits  map[string][]byte          // vocabulary and path -> the header, when it names a word
	read  map[string]bool            // vocabulary and path -> read
	words map[string]map[string]bool // vocabulary and include path -> names; nil: not scanned
}

// headerWords returns the names the headers of the include path dirs
// give the words of opt, and false when a directory could not be scanned
// (the file is then read whole).
func (t *Tree) headerWords(dirs []string, opt *Options) (map[string]bool, bool) {
	fp := vocabKey(opt)
	var use []string
	for _, d := range dirs {
		if d != "" && !slices.Contains(use, d) {
			use = append(use, d)
		}
	}
	key := fp + "\x00" + strings.Join(use, "\x00")
	c := &t.hwords
	c.mu.Lock()
	defer c.mu.Unlock()
	if w, ok := c.words[key]; ok {
		return w, w != nil
	}
	if c.words == nil {
		c.dirs, c.hits, c.read, c.words = map[string][]string{}, map[string][]byte{}, map[string]bool{}, map[string]map[string]bool{}
	}
	m := newWordMatcher(opt)
	hits := map[string][]byte{}
	var buf []byte
	for _, d := range use {
		paths, ok := c.dirs[d]
		if !ok {
			paths = t.headersIn(d)
			c.dirs[d] = paths
		}
		if paths == nil {
			c.words[key] = nil
			return nil, false
		}
		for _, p := range paths {
			k := fp + "\x00" + p
			if !c.read[k] {
				c.read[k] = true
				var b []byte
				b, buf = t.readHeader(p, buf)
				if b != nil && m.any(b) {
					c.hits[k] = bytes.Clone(b)
				}
			}
			if b, ok := c.hits[k]; ok {
				hits[p] = b
			}
		}
	}
	w := localVocab(opt.inVocab, nil, hits).local
	c.words[key] = w
	return w, true
}

// headersIn lists the headers under dir, the overlay's included; nil
// when there are more than maxHeaderScan or the walk fails (an empty,
// non-nil list for a directory that is not there).
func (t *Tree) headersIn(dir string) []string {
	paths := []string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == dir && errors.Is(err, fs.ErrNotExist) {
				return fs.SkipAll
			}
			return err
		}
		if !d.IsDir() && strings.HasSuffix(p, ".h") {
			if paths = append(paths, p); len(paths) > maxHeaderScan {
				return fs.SkipAll
			}
		}
		return nil
	})
	if err != nil || len(paths) > maxHeaderScan {
		return nil
	}
	for p := range t.Overlay() {
		if strings.HasPrefix(p, dir+"/") && strings.HasSuffix(p, ".h") && !slices.Contains(paths, p) {
			paths = append(paths, p)
		}
	}
	return paths
}

// readHeader reads p into buf (the overlay's content when p is
// overlaid), and returns it and the buffer to reuse; nil when p cannot
// be read (a dangling link: cc/v4 cannot read it either).
func (t *Tree) readHeader(p string, buf []byte) ([]byte, []byte) {
	if t.Overlaid(p) {
		b, _ := t.ReadFile(p)
		return b, buf
	}
	f, err := os.Open(p)
	if err != nil {
		return nil, buf
	}
	defer f.Close()
	buf = buf[:0]
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := f.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err != nil {
			if err == io.EOF {
				return buf, buf
			}
			return nil, buf
		}
	}
}

// wordMatcher tells whether a text has an identifier that is a word of
// a vocabulary (comments included: a header that only mentions one is
// read more closely for nothing). The scan of an include path reads some
// 60 MB, 8 million identifiers: the first byte and the length of each
// are checked before a lookup.
type wordMatcher struct {
	opt    *Options
	lens   [256]uint64 // by first byte: bit n for the words of length n (< 64)
	prefix [256]bool   // first bytes of prefixes
	long   bool        // a word of 64 bytes or more: look every identifier up
}

func newWordMatcher(opt *Options) *wordMatcher {
	m := &wordMatcher{opt: opt}
	for w := range opt.Vocab {
		if w == "" {
			continue
		}
		if len(w) >= 64 {
			m.long = true
			continue
		}
		m.lens[w[0]] |= 1 << len(w)
	}
	for _, p := range opt.VocabPrefixes {
		if p != "" {
			m.prefix[p[0]] = true
		}
	}
	return m
}

func (m *wordMatcher) any(b []byte) bool {
	for i := 0; i < len(b); {
		if !identByte[b[i]] {
			i++
			continue
		}
		j := i + 1
		for j < len(b) && identByte[b[j]] {
			j++
		}
		c, n := b[i], j-i
		if c > '9' {
			if (m.long || n < 64 && m.lens[c]&(1<<n) != 0) && m.opt.Vocab[string(b[i:j])] {
				return true
			}
			if m.prefix[c] {
				for _, p := range m.opt.VocabPrefixes {
					if n > len(p) && string(b[i:i+len(p)]) == p {
						return true
					}
				}
			}
		}
		i = j
	}
	return false
}

var identByte = func() (t [256]bool) {
	for c := 0; c < 256; c++ {
		t[c] = IsIdentByte(byte(c))
	}
	return t
}()

// vocabKey identifies the vocabulary of opt.
func vocabKey(opt *Options) string {
	ws := make([]string, 0, len(opt.Vocab)+len(opt.VocabPrefixes))
	for w := range opt.Vocab {
		ws = append(ws, w)
	}
	for _, p := range opt.VocabPrefixes {
		ws = append(ws, p+"*")
	}
	slices.Sort(ws)
	return strings.Join(ws, ",")
}
