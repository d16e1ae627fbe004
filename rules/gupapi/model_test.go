package gupapi

import "strings"
import "testing"

import "gupvet/cparse"
import "gupvet/internal/testtree"

func tree(t *testing.T, files map[string]string) *cparse.Tree {
	t.Helper()
	tr, err := cparse.NewTree(testtree.Dir(t, files), "")
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

// loadModel is Load of a tree of files, which must succeed.
func loadModel(t *testing.T, files map[string]string) *Model {
	t.Helper()
	m, err := Load(tree(t, files))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// A 6.1-shaped tree: #defines in mm.h, no FOLL_UNLOCKABLE.
func TestLoad61(t *testing.T) {
	m := loadModel(t, map[string]string{
		"Makefile":           "VERSION = 6\nPATCHLEVEL = 1\nSUBLEVEL = 119\n",
		"include/linux/mm.h": "#define FOLL_WRITE\t0x01\t/* check pte is writable */\n#define FOLL_NOWAIT\t0x20\t/* if a disk transfer is needed,\n\t\t\t\t * start the IO */\n#define FOLL_LONGTERM\t0x10000\n#define FOLL_PIN\t0x40000\n#define FOLL_COMBO\t(FOLL_WRITE | FOLL_PIN)\n",
	})
	if v, _ := m.Value("FOLL_NOWAIT"); v != 0x20 {
		t.Errorf("FOLL_NOWAIT = %#x, want 0x20 (6.1)", v)
	}
	if _, ok := m.Value("FOLL_COMBO"); ok {
		t.Error("a combination of flags read as a flag")
	}
	if !m.SyntheticUnlockable || m.Version != (Version{6, 1, 119}) {
		t.Errorf("version %v synthetic %v: want 6.1.119 without FOLL_UNLOCKABLE", m.Version, m.SyntheticUnlockable)
	}
	if name, _ := m.Stubs(); name != "gupvet-model/gup-6.1.c" {
		t.Errorf("built-in model %s, want gup-6.1.c", name)
	}
	if s, _ := m.Sink("is_valid_gup_args", 4); s != nil {
		t.Error("is_valid_gup_args is a sink before 6.3")
	}
	// locked has no contract before 6.3: __get_user_pages_locked is where
	// the flags are final and a non-NULL locked may unlock, nothing more
	if s, a := m.Sink("__get_user_pages_locked", 7); s == nil || s.Kind != GUPArgs || a.Flags != 6 || a.Locked != 5 {
		t.Errorf("__get_user_pages_locked before 6.3: %+v %+v, want the flags (argument 6) and locked (5) that may unlock", s, a)
	}
}

// A 6.4-shaped tree: enums, FOLL_UNLOCKABLE, vmas arguments.
func TestLoad64(t *testing.T) {
	m := loadModel(t, map[string]string{
		"Makefile":                 "VERSION = 6\nPATCHLEVEL = 4\nSUBLEVEL = 4\n",
		"include/linux/mm_types.h": "enum {\n\tFOLL_WRITE = 1 << 0,\n\tFOLL_NOWAIT = 1 << 4,\n\tFOLL_LONGTERM = 1 << 8,\n};\n",
		"mm/internal.h":            "enum {\n\tFOLL_TOUCH = 1 << 16,\n\tFOLL_PIN = 1 << 19,\n\tFOLL_UNLOCKABLE = 1 << 21,\n};\n",
	})
	if v, _ := m.Value("FOLL_NOWAIT"); v != 0x10 {
		t.Errorf("FOLL_NOWAIT = %#x, want 0x10 (6.3+)", v)
	}
	if f := m.Flags["FOLL_UNLOCKABLE"]; f == nil || !f.Internal || m.SyntheticUnlockable || m.Unlockable != 1<<21 {
		t.Errorf("FOLL_UNLOCKABLE: %+v", f)
	}
	if name, _ := m.Stubs(); name != "gupvet-model/gup-6.3.c" {
		t.Errorf("built-in model %s, want gup-6.3.c", name)
	}
	if _, a := m.Sink("is_valid_gup_args", 5); a.Locked != 2 || a.ToSet != 4 {
		t.Errorf("6.4 is_valid_gup_args positions %+v", a)
	}
	if got := m.Names(1<<4 | 1<<21 | 1<<30); got != "FOLL_NOWAIT|FOLL_UNLOCKABLE|0x40000000" {
		t.Errorf("Names = %s", got)
	}
}

func TestLoadNotAKernel(t *testing.T) {
	if _, err := Load(tree(t, map[string]string{"README": "hello\n"})); err == nil {
		t.Error("a tree without FOLL_ flags loaded")
	}
}

// The built-in models are C the frontend reads without error.
func TestStubsParse(t *testing.T) {
	for _, f := range []string{"gup-6.1.c", "gup-6.3.c", "gup-6.5.c"} {
		b, err := stubFS.ReadFile("stubs/" + f)
		if err != nil {
			t.Fatal(err)
		}
		u, err := cparse.ParseText(f, b, cparse.Options{Mode: cparse.Tolerant})
		if err != nil || len(u.Errors) > 0 || len(u.Funcs) < 10 {
			t.Errorf("%s: %v %v (%d functions)", f, err, u.Err(), len(u.Funcs))
		}
	}
}

// The built-in table by release: a 5.10 pin_user_pages makes no
// WARN_ON_ONCE(!pages) (6.1's does), so a NULL pages is refused there only
// by __get_user_pages' VM_BUG_ON; 6.3+ refuses it in is_valid_gup_args;
// the P2P check needs the flag the tree defines. And the pre-6.3 sinks:
// __get_user_pages and internal_get_user_pages_fast.
func TestStatesByRelease(t *testing.T) {
	mm61 := "#define FOLL_WRITE\t0x01\n#define FOLL_GET\t0x04\n#define FOLL_LONGTERM\t0x10000\n#define FOLL_PIN\t0x40000\n"
	load := func(patch, mm string) *Model {
		return loadModel(t, map[string]string{
			"Makefile":           "VERSION = " + patch[:1] + "\nPATCHLEVEL = " + patch[2:] + "\nSUBLEVEL = 1\n",
			"include/linux/mm.h": mm,
		})
	}
	m510, m61 := load("5.10", mm61), load("6.1", mm61)
	m612 := load("6.12", "enum {\n\tFOLL_WRITE = 1 << 0,\n\tFOLL_GET = 1 << 2,\n\tFOLL_LONGTERM = 1 << 8,\n\tFOLL_PIN = 1 << 10,\n\tFOLL_UNLOCKABLE = 1 << 21,\n};\n")
	for _, c := range []struct {
		m     *Model
		check Check
		entry string
		ok    bool
		why   string
	}{
		{m510, NullPages, "pin_user_pages", true, "__get_user_pages: VM_BUG_ON"},
		{m61, NullPages, "pin_user_pages", true, "pin_user_pages: WARN_ON_ONCE(!pages)"},
		{m612, NullPages, "pin_user_pages", true, "is_valid_gup_args: pages input"},
		{m510, GetPin, "pin_user_pages_fast", true, "pin_user_pages_fast: WARN_ON_ONCE(gup_flags & FOLL_GET)"},
		{m510, GetPin, "get_user_pages", false, ""},
		{m61, LongtermNoPin, "get_user_pages_unlocked", true, "get_user_pages_unlocked: WARN_ON_ONCE"},
		{m61, LongtermNoPin, "pin_user_pages", false, ""},
		{m612, LongtermP2P, "pin_user_pages", false, ""}, // the tree has no FOLL_PCI_P2PDMA
		{m510, LockedOne, "get_user_pages_remote", true, "__get_user_pages_locked: BUG_ON(*locked != 1)"},
	} {
		ok, why := c.m.States(c.check, c.entry)
		if ok != c.ok || !strings.HasPrefix(why, c.why) {
			t.Errorf("%v: check %d at %s: %v %q, want %v %q…", c.m.Version, c.check, c.entry, ok, why, c.ok, c.why)
		}
	}
	for _, m := range []*Model{m510, m61} {
		if s, a := m.Sink("__get_user_pages", 7); s == nil || s.Kind != GUPArgs || a.Flags != 3 || a.Locked != 6 {
			t.Errorf("%v: __get_user_pages %+v %+v, want flags 3 and locked 6, final", m.Version, s, a)
		}
		if s, a := m.Sink("internal_get_user_pages_fast", 4); s == nil || s.Kind != GUPArgs || a.Flags != 2 || a.Locked != -1 {
			t.Errorf("%v: internal_get_user_pages_fast %+v %+v, want flags 2 and no locked", m.Version, s, a)
		}
	}
	if s, _ := m612.Sink("internal_get_user_pages_fast", 4); s != nil {
		t.Error("internal_get_user_pages_fast is no sink from 6.3: is_valid_gup_args comes first")
	}
}
