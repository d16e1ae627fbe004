package cparse

import "hash/maphash"
import "sync"

// headerTexts keeps, per Tree, the text precise mode gives cc/v4 for each
// header: the kernel-source rewrites and the bodies that name no word
// elided. A precise unit reads some 1,500 headers and most of them are
// the same in every unit of a run; making the text again for each was
// a tenth of precise mode's CPU. An entry is used only for the same
// content (a hash and the length) and the same vocabulary.
type headerTexts struct {
	mu sync.Mutex
	m  map[string]headerText // vocabulary and path
}

type headerText struct {
	sum  uint64
	n    int
	text []byte
}

var headerSeed = maphash.MakeSeed()

// preciseHeader returns the text of header p, whose content is b, for
// the vocabulary fp (vocabKey) of opt.
func (t *Tree) preciseHeader(p string, b []byte, fp string, opt *Options) []byte {
	key := fp + "\x00" + p
	sum := maphash.Bytes(headerSeed, b)
	c := &t.htexts
	c.mu.Lock()
	e, ok := c.m[key]
	c.mu.Unlock()
	if ok && e.sum == sum && e.n == len(b) {
		return e.text
	}
	text := elideBodies(rewriteKernelSource(p, b), opt.inVocab)
	c.mu.Lock()
	if c.m == nil {
		c.m = map[string]headerText{}
	}
	c.m[key] = headerText{sum, len(b), text}
	c.mu.Unlock()
	return text
}
