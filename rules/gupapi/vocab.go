package gupapi

// Words are the identifiers whose presence makes a file worth parsing: the
// GUP entry points of every kernel version gupvet knows, the internal
// functions that carry a `locked` contract, and the wrappers that pass
// flags through. FOLL_ flags are matched by prefix.
var Words = []string{
	"get_user_pages", "get_user_pages_remote", "get_user_pages_unlocked", "get_user_pages_fast",
	"get_user_pages_fast_only", "get_user_page_fast_only", "get_user_page_vma_remote",
	"pin_user_pages", "pin_user_pages_remote", "pin_user_pages_unlocked", "pin_user_pages_fast",
	"pin_user_pages_fast_only", "faultin_page_range", "faultin_vma_page_range",
	"populate_vma_page_range", "get_dump_page", "get_user_pages_locked", "pin_user_pages_locked",
	"is_valid_gup_args", "__get_user_pages", "__get_user_pages_locked",
	"__gup_longterm_locked", "__get_user_pages_remote", "__access_remote_vm", "access_remote_vm",
	"access_process_vm", "ptrace_access_vm",
}

// EntryPoints are the functions of the GUP API that code outside it calls,
// in every version gupvet knows: a call of one is a GUP call site.
var EntryPoints = []string{
	"get_user_pages", "get_user_pages_remote", "get_user_pages_unlocked", "get_user_pages_locked",
	"get_user_pages_fast", "get_user_pages_fast_only", "get_user_page_fast_only", "get_user_page_vma_remote",
	"pin_user_pages", "pin_user_pages_remote", "pin_user_pages_unlocked", "pin_user_pages_locked",
	"pin_user_pages_fast", "pin_user_pages_fast_only",
	"faultin_page_range", "faultin_vma_page_range", "populate_vma_page_range", "get_dump_page",
}

var entrySet = func() map[string]bool {
	m := map[string]bool{}
	for _, e := range EntryPoints {
		m[e] = true
	}
	return m
}()

// IsEntryPoint reports whether name is an entry point of some version.
func IsEntryPoint(name string) bool { return entrySet[name] }

// FlagsArg is the position of each entry point's gup_flags argument, the
// same in every version gupvet knows (5.10 to 7.x).
var FlagsArg = map[string]int{
	"get_user_pages": 2, "pin_user_pages": 2, "get_user_pages_fast": 2, "pin_user_pages_fast": 2,
	"get_user_pages_fast_only": 2, "pin_user_pages_fast_only": 2, "get_user_pages_locked": 2, "pin_user_pages_locked": 2,
	"get_user_pages_remote": 3, "pin_user_pages_remote": 3, "get_user_pages_unlocked": 3, "pin_user_pages_unlocked": 3,
	"get_user_page_fast_only": 1, "get_user_page_vma_remote": 2,
}

// File is the tree's implementation of the GUP API: its functions are the
// entry points' definitions, read for what each adds and checks.
const File = "mm/gup.c"

// Prefixes are identifier prefixes that make a file worth parsing.
var Prefixes = []string{"FOLL_"}
