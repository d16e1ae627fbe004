package cparse

import "bytes"
import "os"
import "path/filepath"
import "strings"

// autoconf is a configured tree's include/generated/autoconf.h.
//
// Tolerant mode gives a file the configuration options it names, not all
// of them: the Debian configuration defines some 7,000, and reading them
// cost more than the rest of a tolerant parse (half the CPU of a
// whole-tree run). An option nobody names cannot change how the file
// preprocesses; IS_ENABLED(CONFIG_X) also looks at CONFIG_X_MODULE, which
// is kept with CONFIG_X.
type autoconf struct {
	path  string
	names []string          // in the file's order
	lines map[string]string // CONFIG_X -> its #define line
}

func (t *Tree) loadAutoconf() *autoconf {
	t.autoconfOnce.Do(func() {
		if t.Obj == "" {
			return
		}
		p := filepath.Join(t.Obj, "include/generated/autoconf.h")
		b, err := os.ReadFile(p)
		if err != nil {
			return
		}
		ac := &autoconf{path: p, lines: map[string]string{}}
		for _, ln := range strings.Split(string(b), "\n") {
			f := strings.Fields(ln)
			if len(f) >= 2 && f[0] == "#define" {
				if _, dup := ac.lines[f[1]]; !dup {
					ac.names = append(ac.names, f[1])
				}
				ac.lines[f[1]] = ln
			}
		}
		t.autoconf = ac
	})
	return t.autoconf
}

// write writes the #define lines of the options named in words (and
// their _MODULE twins) and returns how many.
func (ac *autoconf) write(b *strings.Builder, words map[string]bool) int {
	n := 0
	for _, name := range ac.names {
		if words[name] || words[strings.TrimSuffix(name, "_MODULE")] {
			b.WriteString(ac.lines[name])
			b.WriteByte('\n')
			n++
		}
	}
	return n
}

// localHeaders returns the text of the local headers a file includes
// (#include "...", transitively, relative to the including file): all
// that tolerant mode reads besides the file. Headers outside are stubs.
func (t *Tree) localHeaders(abs string, text []byte) map[string][]byte {
	out := map[string][]byte{}
	seen := map[string]bool{abs: true}
	var walk func(dir string, b []byte)
	walk = func(dir string, b []byte) {
		for _, inc := range LocalIncludes(b) {
			h := filepath.Join(dir, inc)
			if seen[h] {
				continue
			}
			seen[h] = true
			if hb, err := t.ReadFile(h); err == nil {
				out[h] = hb
				walk(filepath.Dir(h), hb)
			}
		}
	}
	walk(filepath.Dir(abs), text)
	return out
}

// configWords returns the CONFIG_ identifiers of the texts.
func configWords(texts ...[]byte) map[string]bool {
	words := map[string]bool{}
	for _, b := range texts {
		prefixedWords(b, "CONFIG_", words)
	}
	return words
}

// prefixedWords adds to words the identifiers of b that begin with
// prefix.
func prefixedWords(b []byte, prefix string, words map[string]bool) {
	for i := 0; ; {
		k := bytes.Index(b[i:], []byte(prefix))
		if k < 0 {
			return
		}
		k += i
		j := k + len(prefix)
		for j < len(b) && IsIdentByte(b[j]) {
			j++
		}
		if k == 0 || !IsIdentByte(b[k-1]) {
			words[string(b[k:j])] = true
		}
		i = j
	}
}

// LocalIncludes returns the names of the #include "..." lines of a file
// (a byte scan: a regexp over every file of the tree is the prefilter's
// slowest part, and tolerant mode follows the same lines). It jumps from
// '#' to '#', which is rarer in C than any letter of "include".
func LocalIncludes(b []byte) []string {
	var out []string
	for _, inc := range quotedIncludes(b) {
		out = append(out, inc.name)
	}
	return out
}

// directive returns what follows "#name" on a line of source, blanks
// trimmed, if the line is that directive.
func directive(ln []byte, name string) ([]byte, bool) {
	ln = bytes.TrimLeft(ln, " \t")
	if len(ln) == 0 || ln[0] != '#' {
		return nil, false
	}
	ln = bytes.TrimLeft(ln[1:], " \t")
	if !bytes.HasPrefix(ln, []byte(name)) {
		return nil, false
	}
	return bytes.TrimLeft(ln[len(name):], " \t"), true
}
