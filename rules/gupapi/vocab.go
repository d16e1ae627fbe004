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
	"populate_vma_page_range", "is_valid_gup_args", "__get_user_pages", "__get_user_pages_locked",
	"__gup_longterm_locked", "__get_user_pages_remote", "__access_remote_vm", "access_remote_vm",
	"access_process_vm", "ptrace_access_vm",
}

// Prefixes are identifier prefixes that make a file worth parsing.
var Prefixes = []string{"FOLL_"}
