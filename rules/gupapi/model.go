package gupapi

import "fmt"
import "math/bits"
import "os"
import "path/filepath"
import "regexp"
import "sort"
import "strconv"
import "strings"

import "gupvet/cparse"

// Flag is one FOLL_ flag of the analysed tree.
type Flag struct {
	Name     string
	Value    uint64
	Internal bool       // defined in mm/internal.h (not nameable outside mm/ from 6.3)
	Pos      cparse.Pos // where the tree defines it
}

// Version is a kernel version read from the tree's Makefile.
type Version struct{ Major, Minor, Sub int }

func (v Version) String() string {
	if v.Major == 0 {
		return "unknown"
	}
	return fmt.Sprintf("%d.%d.%d", v.Major, v.Minor, v.Sub)
}

// AtLeast reports whether v >= major.minor (an unknown version is taken as
// new).
func (v Version) AtLeast(major, minor int) bool {
	if v.Major == 0 {
		return true
	}
	return v.Major > major || v.Major == major && v.Minor >= minor
}

// Model is the GUP API of one tree.
type Model struct {
	Version Version
	Flags   map[string]*Flag
	// Internal is the set of flags that callers must not pass
	// (INTERNAL_GUP_FLAGS, or the 6.3–6.6 inline list); 0 when unknown.
	Internal uint64
	// Sources says where the flag values were read, for -v.
	Sources []string
	// Unlockable is the bit that means "may drop mmap_lock": the tree's
	// FOLL_UNLOCKABLE, or, in trees before 6.3 that have no such flag, a
	// synthetic bit standing for "called with a non-NULL locked"
	// (SyntheticUnlockable reports which).
	Unlockable          uint64
	SyntheticUnlockable bool

	byBit map[uint64]string
	// foreign are the names of the other flag families (Family).
	foreign map[string]*Named
}

// syntheticUnlockableBit stands for "may drop mmap_lock" in trees without
// FOLL_UNLOCKABLE; no kernel flag uses bit 62.
const syntheticUnlockableBit = 1 << 62

// SyntheticUnlockableName names the synthetic bit in messages.
const SyntheticUnlockableName = "(non-NULL locked)"

// Load reads the model of the tree.
func Load(t *cparse.Tree) (*Model, error) {
	m := &Model{Flags: map[string]*Flag{}, byBit: map[uint64]string{}}
	m.Version = readVersion(t)
	for _, h := range []struct {
		path     string
		internal bool
	}{
		{"include/linux/mm_types.h", false},
		{"include/linux/mm.h", false},
		{"mm/internal.h", true},
	} {
		b, err := t.ReadFile(h.path)
		if err != nil {
			continue
		}
		n := m.readFlags(h.path, b, h.internal)
		if n > 0 {
			m.Sources = append(m.Sources, fmt.Sprintf("%d FOLL_ flags from %s", n, h.path))
		}
		m.readInternalSet(b)
	}
	if _, err := t.ReadFile("mm/internal.h"); err != nil && len(m.Flags) > 0 && m.Flags["FOLL_UNLOCKABLE"] == nil &&
		m.Version.Major != 0 && m.Version.AtLeast(6, 9) {
		// a headers-only tree (an out-of-tree module's): the internal
		// flags of 6.9+ from gupvet's own copy
		name := ModelDir + "/internal-6.9.h"
		if b, err := stubFS.ReadFile("stubs/internal-6.9.h"); err == nil {
			if n := m.readFlags(name, b, true); n > 0 {
				m.Sources = append(m.Sources, fmt.Sprintf("%d internal FOLL_ flags from %s (the tree has no mm/internal.h)", n, name))
			}
			m.readInternalSet(b)
		}
	}
	if len(m.Flags) == 0 {
		return nil, fmt.Errorf("no FOLL_ flags found in %s (include/linux/mm_types.h, include/linux/mm.h, mm/internal.h): is it a kernel source tree?", t.Src)
	}
	if f := m.Flags["FOLL_UNLOCKABLE"]; f != nil {
		m.Unlockable = f.Value
	} else {
		m.Unlockable = syntheticUnlockableBit
		m.SyntheticUnlockable = true
	}
	for _, f := range m.Flags {
		if _, ok := m.byBit[f.Value]; !ok || f.Name < m.byBit[f.Value] {
			m.byBit[f.Value] = f.Name
		}
	}
	if m.SyntheticUnlockable {
		m.byBit[syntheticUnlockableBit] = SyntheticUnlockableName
	}
	m.readFamilies(t)
	return m, nil
}

// readVersion reads VERSION, PATCHLEVEL and SUBLEVEL from the top Makefile.
func readVersion(t *cparse.Tree) Version {
	b, err := os.ReadFile(filepath.Join(t.Src, "Makefile"))
	if err != nil {
		return Version{}
	}
	get := func(key string) int {
		rx := regexp.MustCompile(`(?m)^` + key + `\s*=\s*(\d+)`)
		if m := rx.FindSubmatch(b); m != nil {
			n, _ := strconv.Atoi(string(m[1]))
			return n
		}
		return 0
	}
	return Version{get("VERSION"), get("PATCHLEVEL"), get("SUBLEVEL")}
}

var (
	defineRx = regexp.MustCompile(`(?m)^[ \t]*#[ \t]*define[ \t]+(FOLL_\w+)[ \t]+([^\n]*)`)
	enumRx   = regexp.MustCompile(`(?m)^[ \t]*(FOLL_\w+)[ \t]*=[ \t]*([^,\n]+),?`)
)

// readFlags extracts FOLL_ flag definitions (#define or enumerator) from
// a header and returns how many it found.
func (m *Model) readFlags(path string, b []byte, internal bool) int {
	n := 0
	add := func(name, expr string, off int) {
		if _, dup := m.Flags[name]; dup {
			return
		}
		v, ok := m.evalConst(stripComment(expr))
		if !ok || v == 0 || bits.OnesCount64(v) != 1 {
			return // a combination or a non-flag macro
		}
		line := 1 + strings.Count(string(b[:off]), "\n")
		m.Flags[name] = &Flag{Name: name, Value: v, Internal: internal, Pos: cparse.Pos{File: path, Line: int32(line), Col: 1}}
		n++
	}
	for _, mm := range defineRx.FindAllSubmatchIndex(b, -1) {
		add(string(b[mm[2]:mm[3]]), string(b[mm[4]:mm[5]]), mm[2])
	}
	for _, mm := range enumRx.FindAllSubmatchIndex(b, -1) {
		add(string(b[mm[2]:mm[3]]), string(b[mm[4]:mm[5]]), mm[2])
	}
	return n
}

var internalSetRx = regexp.MustCompile(`(?s)#[ \t]*define[ \t]+INTERNAL_GUP_FLAGS[ \t]+(\((?:[^()\n]|\\\n)*\))`)

func (m *Model) readInternalSet(b []byte) {
	if mm := internalSetRx.FindSubmatch(b); mm != nil {
		expr := strings.ReplaceAll(string(mm[1]), "\\\n", " ")
		if v, ok := m.evalConst(expr); ok {
			m.Internal = v
		}
	}
}

func stripComment(s string) string {
	if i := strings.Index(s, "/*"); i >= 0 {
		s = s[:i]
	}
	if i := strings.Index(s, "//"); i >= 0 {
		s = s[:i]
	}
	return strings.TrimSpace(s)
}

// Value returns the value of a FOLL_ name in this tree.
func (m *Model) Value(name string) (uint64, bool) {
	if f := m.Flags[name]; f != nil {
		return f.Value, true
	}
	return 0, false
}

// Names spells a set of flag bits with the tree's names, in bit order;
// bits without a name are written in hex.
func (m *Model) Names(v uint64) string {
	return spell(v, func(b uint64) (string, bool) {
		n, ok := m.byBit[b]
		return n, ok
	})
}

// spell writes v bit by bit, in bit order, with name's names; bits
// without one in hex.
func spell(v uint64, name func(bit uint64) (string, bool)) string {
	if v == 0 {
		return "0"
	}
	var parts []string
	for v != 0 {
		b := v & -v
		v &^= b
		if n, ok := name(b); ok {
			parts = append(parts, n)
		} else {
			parts = append(parts, fmt.Sprintf("%#x", b))
		}
	}
	return strings.Join(parts, "|")
}

// Name returns the name of one flag bit.
func (m *Model) Name(bit uint64) string { return m.Names(bit) }

// FlagNames returns every flag name, sorted.
func (m *Model) FlagNames() []string {
	var ns []string
	for n := range m.Flags {
		ns = append(ns, n)
	}
	sort.Strings(ns)
	return ns
}
