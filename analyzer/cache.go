package analyzer

import "bytes"
import "crypto/sha256"
import "encoding/gob"
import "encoding/hex"
import "fmt"
import "os"
import "path/filepath"
import "sort"
import "strings"
import "sync"

import "gupvet/cparse"

// Version identifies the format of gupvet's cache entries.
const Version = "gupvet-units-3"

var (
	buildOnce sync.Once
	buildID   string
)

// BuildID identifies the running gupvet: a hash of its executable, so that
// a cache entry made by another build (a changed frontend, prelude or
// syntax tree) is never used.
func BuildID() string {
	buildOnce.Do(func() {
		buildID = Version
		exe, err := os.Executable()
		if err != nil {
			return
		}
		b, err := os.ReadFile(exe)
		if err != nil {
			return
		}
		s := sha256.Sum256(b)
		buildID = Version + "-" + hex.EncodeToString(s[:8])
	})
	return buildID
}

// Cache stores parsed units by the content they were made from: the file,
// every header it read, the mode, the configuration and gupvet's version.
// A lookup re-checks every dependency's content (hashed once per run), so
// an entry is never stale: a header change invalidates every unit that
// read it. Entries are written to a temporary file and renamed, so runs
// that share the directory are safe.
//
// With Remember, entries are also kept in the process, units read
// through the tree's overlay included (they never go to disk): a process
// that analyses the tree several times under a changing overlay (the
// patches of a series under review) parses again only what changed.
type Cache struct {
	Dir string // a Cache{Dir: d} is ready to use; "" keeps nothing on disk
	// Remember keeps every entry in memory too (see above).
	Remember bool
	// NoMemo keeps no results of the program-wide analyses (Memo):
	// GUPVET_MEMO=off, for a run to compare with.
	NoMemo bool

	mu      sync.Mutex
	hashes  map[string]string // path -> content hash, this run (files on disk)
	mem     map[string]*entry // key -> entry, with Remember
	digests map[*cparse.Unit]string
}

// OpenCache returns the cache named by GUPVET_CACHE_DIR, or the user's
// cache directory; nil when GUPVET_CACHE_DIR=off.
func OpenCache() (*Cache, error) {
	dir := os.Getenv("GUPVET_CACHE_DIR")
	switch dir {
	case "off":
		return nil, nil
	case "":
		ucd, err := os.UserCacheDir()
		if err != nil {
			return nil, nil // no cache rather than no run
		}
		dir = filepath.Join(ucd, "gupvet")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("cache: %v", err)
	}
	return &Cache{Dir: dir, hashes: map[string]string{}, NoMemo: os.Getenv("GUPVET_MEMO") == "off"}, nil
}

// hashFile returns the content hash of a file as the tree reads it. The
// hash of a file on disk is computed once per run; that of an overlaid
// file every time, since the overlay may change between the analyses of
// one process.
func (c *Cache) hashFile(t *cparse.Tree, p string) (string, bool) {
	if t.Overlaid(p) {
		b, err := t.ReadFile(p)
		if err != nil {
			return "", false
		}
		s := sha256.Sum256(b)
		return hex.EncodeToString(s[:]), true
	}
	c.mu.Lock()
	h, ok := c.hashes[p]
	c.mu.Unlock()
	if ok {
		return h, h != ""
	}
	b, err := t.ReadFile(p)
	if err == nil {
		s := sha256.Sum256(b)
		h = hex.EncodeToString(s[:])
	}
	c.mu.Lock()
	if c.hashes == nil {
		c.hashes = map[string]string{}
	}
	c.hashes[p] = h
	c.mu.Unlock()
	return h, h != ""
}

type dep struct {
	Path string
	Hash string
}

type entry struct {
	Deps []dep
	Unit *cparse.Unit
}

// key names the entry of a file parsed with opt in tree t: everything the
// result depends on but the headers, which the entry lists and a lookup
// checks.
func (c *Cache) key(t *cparse.Tree, path string, opt cparse.Options) (string, bool) {
	h := sha256.New()
	fmt.Fprintf(h, "%s\n%s\n%s\n%s\n%s\n%v\n", BuildID(), t.Src, t.Obj, t.Abs(path), opt.Mode, opt.Whole)
	var vocab []string
	for w := range opt.Vocab {
		vocab = append(vocab, w)
	}
	sort.Strings(vocab)
	fmt.Fprintf(h, "%s\n%s\n", strings.Join(vocab, ","), strings.Join(opt.VocabPrefixes, ","))
	var keep []string
	for w := range opt.Keep {
		keep = append(keep, w)
	}
	sort.Strings(keep)
	fmt.Fprintf(h, "keep %s\n", strings.Join(keep, ","))
	if t.Obj != "" {
		for _, f := range []string{".config", "include/generated/autoconf.h"} {
			if fh, ok := c.hashFile(t, filepath.Join(t.Obj, f)); ok {
				fmt.Fprintf(h, "%s %s\n", f, fh)
			}
		}
	}
	if cc := t.CompDB[t.Abs(path)]; cc != nil {
		fmt.Fprintf(h, "compdb %s %q\n", cc.Directory, cc.Args)
	}
	fh, ok := c.hashFile(t, t.Abs(path))
	if !ok {
		return "", false
	}
	fmt.Fprintf(h, "main %s\n", fh)
	return hex.EncodeToString(h.Sum(nil)), true
}

func (c *Cache) file(key string) string {
	return filepath.Join(c.Dir, "units", key[:2], key+".unit")
}

// Get returns the cached unit for path, if every file it was made from is
// unchanged.
func (c *Cache) Get(t *cparse.Tree, path string, opt cparse.Options) *cparse.Unit {
	if c == nil || (!c.Remember && t.Overlaid(path)) {
		return nil
	}
	k, ok := c.key(t, path, opt)
	if !ok {
		return nil
	}
	if c.Remember {
		c.mu.Lock()
		e := c.mem[k]
		c.mu.Unlock()
		if e != nil && c.fresh(t, e) {
			c.setDigest(e.Unit, k, e.Deps)
			return e.Unit
		}
	}
	if c.Dir == "" || t.Overlaid(path) {
		return nil
	}
	b, err := os.ReadFile(c.file(k))
	if err != nil {
		return nil
	}
	var e entry
	if err := gob.NewDecoder(bytes.NewReader(b)).Decode(&e); err != nil || e.Unit == nil || !c.fresh(t, &e) {
		return nil
	}
	c.setDigest(e.Unit, k, e.Deps)
	return e.Unit
}

// setDigest records what a unit was made from: its entry's key (the file,
// the configuration, the build) and the content of every header it read.
// A transient unit was decided from more than its entry lists: none.
func (c *Cache) setDigest(u *cparse.Unit, key string, deps []dep) {
	if u.Transient {
		return
	}
	h := sha256.New()
	fmt.Fprintf(h, "%s\n", key)
	for _, d := range deps {
		fmt.Fprintf(h, "%s %s\n", d.Path, d.Hash)
	}
	sum := hex.EncodeToString(h.Sum(nil))
	c.mu.Lock()
	if c.digests == nil {
		c.digests = map[*cparse.Unit]string{}
	}
	c.digests[u] = sum
	c.mu.Unlock()
}

// digest returns what setDigest recorded of u, or "".
func (c *Cache) digest(u *cparse.Unit) string {
	if c == nil {
		return ""
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.digests[u]
}

// fresh reports whether every file the entry was made from is unchanged.
func (c *Cache) fresh(t *cparse.Tree, e *entry) bool {
	for _, d := range e.Deps {
		if h, ok := c.hashFile(t, d.Path); !ok || h != d.Hash {
			return false
		}
	}
	return true
}

// Put stores a unit. Units read through an overlay (staged content, a
// patch under review) are not stored: they do not describe the disk.
func (c *Cache) Put(t *cparse.Tree, path string, opt cparse.Options, u *cparse.Unit) {
	if c == nil || u == nil || (!c.Remember && t.Overlaid(path)) {
		return
	}
	k, ok := c.key(t, path, opt)
	if !ok {
		return
	}
	e := entry{Unit: u}
	overlaid := t.Overlaid(path) || u.Transient
	for _, p := range u.Deps {
		overlaid = overlaid || t.Overlaid(p)
		h, ok := c.hashFile(t, p)
		if !ok {
			return
		}
		e.Deps = append(e.Deps, dep{p, h})
	}
	c.setDigest(u, k, e.Deps)
	if c.Remember {
		c.mu.Lock()
		if c.mem == nil {
			c.mem = map[string]*entry{}
		}
		c.mem[k] = &e
		c.mu.Unlock()
	}
	if c.Dir == "" || overlaid {
		return
	}
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(&e); err != nil {
		return
	}
	writeAtomic(c.file(k), buf.Bytes())
}
