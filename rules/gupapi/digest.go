package gupapi

import "crypto/sha256"
import "encoding/hex"
import "fmt"
import "maps"
import "slices"

// Digest names everything the model says: equal digests, equal models.
// What is computed from a model alone (a function's flag-flow summary)
// can be kept under it across runs.
func (m *Model) Digest() string {
	h := sha256.New()
	fmt.Fprintf(h, "version %v\ninternal %#x\nunlockable %#x %v\n", m.Version, m.Internal, m.Unlockable, m.SyntheticUnlockable)
	for _, k := range slices.Sorted(maps.Keys(m.Flags)) {
		f := m.Flags[k]
		fmt.Fprintf(h, "flag %q %q %#x %v %v\n", k, f.Name, f.Value, f.Internal, f.Pos)
	}
	for _, k := range slices.Sorted(maps.Keys(m.byBit)) {
		fmt.Fprintf(h, "bit %#x %q\n", k, m.byBit[k])
	}
	for _, k := range slices.Sorted(maps.Keys(m.foreign)) {
		n := m.foreign[k]
		fam := ""
		if n.Family != nil {
			fam = n.Family.Prefix
		}
		fmt.Fprintf(h, "named %q %q %q %#x %v %v %q\n", k, n.Name, fam, n.Value, n.Known, n.Pos, n.Stem)
	}
	for _, s := range m.Sources {
		fmt.Fprintf(h, "source %q\n", s)
	}
	name, src := m.Stubs()
	fmt.Fprintf(h, "stubs %q %d\n", name, len(src))
	h.Write(src)
	return hex.EncodeToString(h.Sum(nil))
}
