package pinput

import "strings"

// fam is a set of the ways pages can be held.
type fam uint8

const (
	// pin: pinned, FOLL_PIN (pin_user_pages*): released by unpin_user_page*.
	pin fam = 1 << iota
	// ref: referenced, FOLL_GET (get_user_pages*): released by put_page,
	// folio_put, release_pages.
	ref
	// other: pages from anywhere else (alloc_page, an unknown function).
	other
)

// gup reports whether f is exactly one of the GUP families: what a
// release can be checked against.
func (f fam) gup() bool { return f == pin || f == ref }

func (f fam) String() string {
	switch f {
	case pin:
		return "pinned"
	case ref:
		return "referenced"
	}
	return "mixed"
}

// release is a function that gives pages back to one family.
type release struct {
	fam   fam
	arg   int  // the argument holding the pages
	array bool // an array of pages (or folios); else one page or folio
}

// releases are the release functions by family, as the trees name them
// (include/linux/mm.h, mm/gup.c, mm/swap.c). put_user_page*() were, from
// 5.2 to 5.5, placeholders that called put_page(), before they became
// unpin_user_page*() (f1f6a7dd9b53, 5.6). KVM's release helpers put_page()
// (include/linux/kvm_host.h, virt/kvm/kvm_main.c).
var releases = map[string]release{
	"put_page":                  {ref, 0, false},
	"folio_put":                 {ref, 0, false},
	"folio_put_refs":            {ref, 0, false},
	"release_pages":             {ref, 0, true},
	"put_user_page":             {ref, 0, false},
	"put_user_pages":            {ref, 0, true},
	"put_user_pages_dirty":      {ref, 0, true},
	"put_user_pages_dirty_lock": {ref, 0, true},
	"kvm_release_page_clean":    {ref, 0, false},
	"kvm_release_page_dirty":    {ref, 0, false},
	"kvm_release_page_unused":   {ref, 0, false},
	"kvm_release_faultin_page":  {ref, 1, false},

	"unpin_user_page":                  {pin, 0, false},
	"unpin_user_pages":                 {pin, 0, true},
	"unpin_user_pages_dirty_lock":      {pin, 0, true},
	"unpin_user_page_range_dirty_lock": {pin, 0, false},
	"unpin_folio":                      {pin, 0, false},
	"unpin_folios":                     {pin, 0, true},
	"unpin_user_folio":                 {pin, 0, false},
}

// acquire is a GUP entry point: the family of the pages it returns and
// where it returns them.
type acquire struct {
	fam   fam
	pages int // the pages argument; -1: the page is the return value
}

// pagesArg are the positions of the pages argument of the entry points,
// the same from 5.9 (no task argument) to 7.x; TestPagesArg checks them
// against the trees' definitions.
var pagesArg = map[string]int{
	"get_user_pages": 3, "pin_user_pages": 3,
	"get_user_pages_fast": 3, "pin_user_pages_fast": 3,
	"get_user_pages_fast_only": 3, "pin_user_pages_fast_only": 3,
	"get_user_pages_locked": 3, "pin_user_pages_locked": 3,
	"get_user_pages_remote": 4, "pin_user_pages_remote": 4,
	"get_user_pages_unlocked": 2, "pin_user_pages_unlocked": 2,
	"get_user_page_fast_only": 2,
	// these return the page
	"get_user_page_vma_remote": -1, "get_dump_page": -1,
}

// acquirer returns the entry point called name, if it is one. Its family
// is its name's: every pin_user_pages* adds FOLL_PIN, every other entry
// point takes references (FOLL_PIN passed to one is refused, which is
// internalflag's finding).
func acquirer(name string) (acquire, bool) {
	i, ok := pagesArg[name]
	if !ok {
		return acquire{}, false
	}
	f := ref
	if strings.HasPrefix(name, "pin_") {
		f = pin
	}
	return acquire{fam: f, pages: i}, true
}

// fresh are the functions whose result holds no page yet: an array
// being allocated.
var fresh = map[string]bool{
	"kmalloc": true, "kzalloc": true, "kcalloc": true, "kmalloc_array": true, "kvmalloc": true, "kvzalloc": true,
	"kvcalloc": true, "kvmalloc_array": true, "vmalloc": true, "vzalloc": true, "vcalloc": true, "kmalloc_node": true,
	"kzalloc_node": true, "kcalloc_node": true, "kvmalloc_node": true, "kvzalloc_node": true, "vmalloc_array": true,
	"vmalloc_node": true, "vzalloc_node": true, "__get_free_page": true, "__get_free_pages": true, "get_zeroed_page": true,
	"kmemdup": true, "krealloc": true, "krealloc_array": true, "kvrealloc": true,
	// error pointers hold no page
	"ERR_PTR": true, "ERR_CAST": true,
}

// foreignPage reports whether a call returns a page that no GUP call took: a
// page the caller owns otherwise.
func foreignPage(name string) bool {
	return strings.HasPrefix(name, "alloc_page") || strings.HasPrefix(name, "__alloc_page") ||
		strings.HasPrefix(name, "folio_alloc") || name == "virt_to_page" || name == "pfn_to_page" ||
		name == "vmalloc_to_page" || name == "phys_to_page" || name == "sg_page"
}
