package gupapi

import "strings"

// The run-time contract of the GUP entry points, by kernel version: what
// mm/gup.c rejects with a WARN (or a BUG, or a crash) when a caller gets
// it wrong. The contract rules read it from the analysed tree's own
// mm/gup.c (package gupcontract's Assertion); these tables stand in only
// where that code was not read (a headers-only tree, a function known
// only from the built-in model). Flags are named here and resolved with
// the analysed tree's values; a flag the tree does not define simply
// drops out.
//
//   - 6.3 and later: every exported entry point validates its arguments in
//     is_valid_gup_args(pages, [vmas,] locked, &gup_flags, to_set), in this
//     order: internal flags passed by the caller; to_set added; a non-NULL
//     locked must point to 1 (and adds FOLL_UNLOCKABLE); GET with PIN;
//     LONGTERM without PIN; GET or PIN without pages; LONGTERM with
//     PCI_P2PDMA. The internal flags are INTERNAL_GUP_FLAGS from 6.7, and
//     the inline list PIN|TRIED|UNLOCKABLE|REMOTE|FAST_ONLY (no TOUCH) in
//     6.3–6.6.
//   - before 6.3 (no FOLL_UNLOCKABLE): is_valid_gup_flags() rejects PIN and
//     LONGTERM on get_user_pages, get_user_pages_remote and
//     get_user_pages_fast; get_user_pages_unlocked WARNs on LONGTERM; each
//     pin_user_pages* WARNs on GET and on a NULL pages;
//     __get_user_pages_locked BUG()s on a non-NULL locked that is not 1;
//     and a GET or PIN without pages trips __get_user_pages'
//     VM_BUG_ON(!!pages != !!(gup_flags & (FOLL_GET | FOLL_PIN))) (or, on
//     the GUP-fast path, stores through the NULL array).
//   - every version: the GUP-fast entry points refuse, after the checks
//     above, any flag outside a fixed mask (gup_fast_fallback, formerly
//     internal_get_user_pages_fast).
//   - 6.7 and later: get_user_page_vma_remote() refuses FOLL_NOWAIT.

// Modern reports whether the tree validates every entry point's arguments
// in is_valid_gup_args (6.3 and later).
func (m *Model) Modern() bool { return !m.SyntheticUnlockable }

// inlineInternal63 is the reject list is_valid_gup_args wrote out inline in
// 6.3–6.6, before INTERNAL_GUP_FLAGS: FOLL_TOUCH is not in it.
var inlineInternal63 = []string{"FOLL_PIN", "FOLL_TRIED", "FOLL_UNLOCKABLE", "FOLL_REMOTE", "FOLL_FAST_ONLY"}

// internal67 is INTERNAL_GUP_FLAGS as 6.7 defined it, for a 6.7+ tree
// whose mm/internal.h could not be read.
var internal67 = []string{"FOLL_TOUCH", "FOLL_TRIED", "FOLL_REMOTE", "FOLL_PIN", "FOLL_FAST_ONLY", "FOLL_UNLOCKABLE", "FOLL_MADV_POPULATE"}

// getEntries61 are the entry points on which is_valid_gup_flags() ran
// before 6.3.
var getEntries61 = map[string]bool{"get_user_pages": true, "get_user_pages_remote": true, "get_user_pages_fast": true}

// pinEntries61 are the pin_user_pages* of trees before 6.3, each of which
// WARNs on FOLL_GET and on a NULL pages.
var pinEntries61 = map[string]bool{
	"pin_user_pages": true, "pin_user_pages_fast": true, "pin_user_pages_fast_only": true,
	"pin_user_pages_remote": true, "pin_user_pages_unlocked": true,
}

// FastEntries are the GUP-fast entry points: each ends in the fast-path
// flag mask check (get_user_page_fast_only through
// get_user_pages_fast_only).
var FastEntries = map[string]bool{
	"get_user_pages_fast": true, "pin_user_pages_fast": true,
	"get_user_pages_fast_only": true, "pin_user_pages_fast_only": true,
}

// fastMask is the flags gup_fast_fallback (internal_get_user_pages_fast
// before ≈6.10) accepts: 6.1 accepts the first seven; FOLL_PCI_P2PDMA was
// added with the flag (6.2) and FOLL_HONOR_NUMA_FAULT with its flag (6.5),
// so resolving the names against the tree gives each version's mask.
var fastMask = []string{
	"FOLL_WRITE", "FOLL_LONGTERM", "FOLL_FORCE", "FOLL_PIN", "FOLL_GET", "FOLL_FAST_ONLY", "FOLL_NOFAULT",
	"FOLL_PCI_P2PDMA", "FOLL_HONOR_NUMA_FAULT",
}

// VMARemote is the mm.h helper that refuses FOLL_NOWAIT from 6.7 on.
const VMARemote = "get_user_page_vma_remote"

func (m *Model) mask(names []string) uint64 {
	var v uint64
	for _, n := range names {
		if b, ok := m.Value(n); ok {
			v |= b
		}
	}
	return v
}

// Bit returns the value of a flag, or 0 when the tree lacks it.
func (m *Model) Bit(name string) uint64 {
	v, _ := m.Value(name)
	return v
}

// CallerRejects returns the flags that entry, the function that validates
// its arguments (the caller of is_valid_gup_args), refuses when its caller
// passes them, and the check that refuses them; 0 when it refuses none.
func (m *Model) CallerRejects(entry string) (uint64, string) {
	if !m.Modern() {
		if getEntries61[entry] {
			return m.Bit("FOLL_PIN"), "is_valid_gup_flags: FOLL_PIN must only be set internally by the pin_user_pages*() APIs"
		}
		return 0, ""
	}
	switch {
	case m.Internal != 0:
		return m.Internal, "is_valid_gup_args: WARN_ON_ONCE(gup_flags & INTERNAL_GUP_FLAGS)"
	case !m.Version.AtLeast(6, 7):
		return m.mask(inlineInternal63), "is_valid_gup_args: the internal flags (FOLL_PIN|FOLL_TRIED|FOLL_UNLOCKABLE|FOLL_REMOTE|FOLL_FAST_ONLY) may not be passed"
	}
	return m.mask(internal67), "is_valid_gup_args: WARN_ON_ONCE(gup_flags & INTERNAL_GUP_FLAGS)"
}

// Check is one argument check of the contract, as the built-in table
// states it (package gupcontract reads the tree's own first).
type Check int

const (
	// GetPin refuses FOLL_GET together with FOLL_PIN.
	GetPin Check = iota + 1
	// LongtermNoPin refuses FOLL_LONGTERM without FOLL_PIN.
	LongtermNoPin
	// NullPages refuses FOLL_GET or FOLL_PIN without a pages array.
	NullPages
	// LongtermP2P refuses FOLL_LONGTERM with FOLL_PCI_P2PDMA.
	LongtermP2P
	// LockedOne wants a non-NULL locked to point to 1.
	LockedOne
)

// era says which trees a row holds for: those validating in
// is_valid_gup_args (Modern, 6.3+), or those before.
type era int

const (
	modern era = iota + 1
	pre63
)

// stated is where the trees of a range make a check.
type stated struct {
	era era // every row names one
	// sinceMajor.sinceMinor, when set, is the first release of the row
	// (within its era).
	sinceMajor, sinceMinor int
	// entries are the entry points that make the check; nil: every one.
	entries map[string]bool
	// needs is a flag the tree must define (the check tests it).
	needs string
	// why quotes the check; ENTRY stands for the entry point.
	why string
}

// checks is the built-in table, in the manner of staticcheck's
// callcheck: each check, the rows of the releases that make it, first
// match wins. A check no row matches is not made by that tree.
var checks = map[Check][]stated{
	GetPin: {
		{era: modern, why: "is_valid_gup_args: FOLL_GET and FOLL_PIN are mutually exclusive"},
		{era: pre63, entries: pinEntries61, why: "ENTRY: WARN_ON_ONCE(gup_flags & FOLL_GET)"},
	},
	LongtermNoPin: {
		{era: modern, why: "is_valid_gup_args: LONGTERM can only be specified when pinning"},
		{era: pre63, entries: getEntries61, why: "is_valid_gup_flags: WARN_ON_ONCE(gup_flags & FOLL_LONGTERM)"},
		{era: pre63, entries: map[string]bool{"get_user_pages_unlocked": true}, why: "get_user_pages_unlocked: WARN_ON_ONCE(gup_flags & FOLL_LONGTERM)"},
	},
	// Every version refuses it, one way or another. The pin_user_pages*
	// WARN on a NULL pages in 6.1, not yet in 5.10 (versions between
	// not verified: they get the VM_BUG_ON row, which every one has).
	NullPages: {
		{era: modern, why: "is_valid_gup_args: pages input must be given if using GET/PIN"},
		{era: pre63, sinceMajor: 6, sinceMinor: 1, entries: pinEntries61, why: "ENTRY: WARN_ON_ONCE(!pages)"},
		{era: pre63, entries: FastEntries, why: "the GUP-fast walk stores each page in pages[] and its slow path hits __get_user_pages' VM_BUG_ON(!!pages != !!(gup_flags & (FOLL_GET | FOLL_PIN)))"},
		{era: pre63, why: "__get_user_pages: VM_BUG_ON(!!pages != !!(gup_flags & (FOLL_GET | FOLL_PIN)))"},
	},
	// 6.2 had the flag, but gupvet has not verified where it checked it.
	LongtermP2P: {
		{era: modern, needs: "FOLL_PCI_P2PDMA", why: "is_valid_gup_args: FOLL_LONGTERM with FOLL_PCI_P2PDMA (the pgmap must stay hot-unpluggable)"},
	},
	LockedOne: {
		{era: modern, why: "is_valid_gup_args: WARN_ON_ONCE(*locked != 1) (at the external interface locked must be set)"},
		{era: pre63, why: "__get_user_pages_locked: BUG_ON(*locked != 1)"},
	},
}

// States says whether entry makes check in this tree, by the built-in
// table, and quotes it.
func (m *Model) States(check Check, entry string) (bool, string) {
	for _, r := range checks[check] {
		switch {
		case (r.era == modern) != m.Modern():
		case r.sinceMajor != 0 && m.Version.Major != 0 && !m.Version.AtLeast(r.sinceMajor, r.sinceMinor):
		case r.entries != nil && !r.entries[entry]:
		case r.needs != "" && m.Bit(r.needs) == 0:
		default:
			return true, strings.ReplaceAll(r.why, "ENTRY", entry)
		}
	}
	return false, ""
}

// FastMask returns the flags the GUP-fast path accepts in this tree.
func (m *Model) FastMask() uint64 { return m.mask(fastMask) }

// FastCheck names the function that applies the GUP-fast mask.
func (m *Model) FastCheck() string {
	if m.Modern() && m.Version.AtLeast(6, 10) {
		return "gup_fast_fallback"
	}
	return "internal_get_user_pages_fast"
}

// VMARemoteNoWait reports whether get_user_page_vma_remote refuses
// FOLL_NOWAIT (6.7 and later: "adapt get_user_page_vma_remote() to never
// return NULL").
func (m *Model) VMARemoteNoWait() bool { return m.Modern() && m.Version.AtLeast(6, 7) }
