package gupapi

// Sinks are the few functions the flag analysis does not look into but
// models: the points where mm/gup.c turns a caller's arguments into
// effective flags or dereferences `locked`. Every exported entry point is
// an ordinary function leading to one of them, so what an entry point adds
// is read from its body (the tree's mm/gup.c, or the built-in Stubs).
//
// Argument positions are chosen by the number of arguments, because the
// signatures changed between releases (6.3/6.4 carried a vmas argument).

// SinkKind says what a sink does.
type SinkKind int

const (
	// GUPArgs validates and completes an entry point's flags: it ORs in
	// ToSet and, when Locked may be non-NULL, FOLL_UNLOCKABLE, and writes
	// the result back through FlagsPtr (is_valid_gup_args, 6.3+). Before
	// 6.3 it is where the flags are final and a non-NULL Locked lets GUP
	// drop mmap_lock (__get_user_pages_locked, Flags given directly).
	GUPArgs SinkKind = iota + 1
	// LockedDeref dereferences Locked unconditionally: NULL is a contract
	// violation (the internal GUP functions since 6.3, "make locked never
	// NULL in the internal GUP functions").
	LockedDeref
)

// SinkArgs are 0-based argument positions; -1 when absent.
type SinkArgs struct {
	Pages, Vmas, Locked, FlagsPtr, ToSet, Flags int
}

// Sink is one modelled function.
type Sink struct {
	Name string
	Kind SinkKind
	// ByArity maps a call's argument count to the positions.
	ByArity map[int]SinkArgs
	// Since is the first release where the sink has this meaning; Before,
	// when set, the first where it no longer has.
	SinceMajor, SinceMinor   int
	BeforeMajor, BeforeMinor int
}

// lockedSince63 is the history __get_user_pages_locked and
// __get_user_pages share: since 6.3 ("make locked never NULL in the
// internal GUP functions") each dereferences locked unconditionally
// (LockedDeref), with six arguments from 6.5 and seven (a vmas argument)
// in 6.3 and 6.4; from 5.9 to 6.2 each is where the flags are final, and
// a non-NULL locked lets GUP drop mmap_lock (faultin_page: if (locked)
// fault_flags |= FAULT_FLAG_ALLOW_RETRY | FAULT_FLAG_KILLABLE), which
// GUPArgs models. args7 are the seven-argument positions of both eras.
func lockedSince63(name string, args6, args7 SinkArgs) []*Sink {
	return []*Sink{
		{Name: name, Kind: LockedDeref, SinceMajor: 6, SinceMinor: 3, ByArity: map[int]SinkArgs{6: args6, 7: args7}},
		{Name: name, Kind: GUPArgs, BeforeMajor: 6, BeforeMinor: 3, ByArity: map[int]SinkArgs{7: args7}},
	}
}

// Sinks is the table, in the manner of staticcheck's call checks: by
// name, the meanings a function has had, each for its releases.
var Sinks = map[string][]*Sink{
	"is_valid_gup_args": {{
		Name: "is_valid_gup_args", Kind: GUPArgs, SinceMajor: 6, SinceMinor: 3,
		ByArity: map[int]SinkArgs{
			4: {Pages: 0, Vmas: -1, Locked: 1, FlagsPtr: 2, ToSet: 3, Flags: -1}, // 6.5+
			5: {Pages: 0, Vmas: 1, Locked: 2, FlagsPtr: 3, ToSet: 4, Flags: -1},  // 6.3, 6.4
		},
	}},
	// gupvet's own stand-in for is_valid_gup_args in the built-in model of
	// trees before 6.3, where Locked non-NULL means "may unlock".
	"__gupvet_gup_args": {{
		Name: "__gupvet_gup_args", Kind: GUPArgs,
		ByArity: map[int]SinkArgs{
			4: {Pages: 0, Vmas: -1, Locked: 1, FlagsPtr: 2, ToSet: 3, Flags: -1},
		},
	}},
	// __get_user_pages_locked(mm, start, nr_pages, pages, [vmas,] locked,
	// flags)
	"__get_user_pages_locked": lockedSince63("__get_user_pages_locked",
		SinkArgs{Pages: 3, Vmas: -1, Locked: 4, FlagsPtr: -1, ToSet: -1, Flags: 5},
		SinkArgs{Pages: 3, Vmas: 4, Locked: 5, FlagsPtr: -1, ToSet: -1, Flags: 6}),
	// __get_user_pages(mm, start, nr_pages, gup_flags, pages, [vmas,]
	// locked); before 6.3, populate_vma_page_range and
	// faultin_vma_page_range give their flags to it directly, not through
	// __get_user_pages_locked
	"__get_user_pages": lockedSince63("__get_user_pages",
		SinkArgs{Pages: 4, Vmas: -1, Locked: 5, FlagsPtr: -1, ToSet: -1, Flags: 3},
		SinkArgs{Pages: 4, Vmas: 5, Locked: 6, FlagsPtr: -1, ToSet: -1, Flags: 3}),
	// before 6.3, the GUP-fast entry points end in
	// internal_get_user_pages_fast, which applies the fast-path mask and,
	// for the *_fast_only variants (FOLL_FAST_ONLY), returns before its
	// slow path reaches __get_user_pages_locked: their flags are final
	// here, and no locked is given.
	"internal_get_user_pages_fast": {{
		Name: "internal_get_user_pages_fast", Kind: GUPArgs, BeforeMajor: 6, BeforeMinor: 3,
		ByArity: map[int]SinkArgs{
			4: {Pages: 3, Vmas: -1, Locked: -1, FlagsPtr: -1, ToSet: -1, Flags: 2}, // 5.2–6.2
		},
	}},
}

// IsSink reports whether name is a sink in some release.
func IsSink(name string) bool { return len(Sinks[name]) > 0 }

// Sink returns the sink called name with n arguments in this tree, or nil.
func (m *Model) Sink(name string, n int) (*Sink, SinkArgs) {
	for _, s := range Sinks[name] {
		modern := !m.SyntheticUnlockable
		if s.SinceMajor != 0 && (!modern || !m.Version.AtLeast(s.SinceMajor, s.SinceMinor)) {
			continue
		}
		if s.BeforeMajor != 0 && modern && m.Version.AtLeast(s.BeforeMajor, s.BeforeMinor) {
			continue
		}
		if a, ok := s.ByArity[n]; ok {
			return s, a
		}
	}
	return nil, SinkArgs{}
}
