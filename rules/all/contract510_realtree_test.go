package all_test

import "strings"
import "testing"

import "gupvet/cparse"
import "gupvet/internal/realtree"

// The contract rules on bullseye's 5.10, whose mm/gup.c has no
// is_valid_gup_args: is_valid_gup_flags WARNs on FOLL_PIN and on
// FOLL_LONGTERM (get_user_pages, get_user_pages_remote,
// get_user_pages_fast), the pin_user_pages* functions WARN on FOLL_GET,
// __get_user_pages_locked BUG()s when *locked is not 1,
// __get_user_pages VM_BUG()s on pages NULL with FOLL_GET, and
// internal_get_user_pages_fast WARNs on any flag outside its mask.
//
// Each check is reported at a mutated real 5.10 call site, the unmutated
// file giving nothing, and the message quotes 5.10's own check: a check
// of the API's code does not end the flag analysis's path (the contract
// rules judge it), so the flags reach the sink of their entry point —
// __get_user_pages_locked, or internal_get_user_pages_fast for the
// GUP-fast ones — with what the caller passed. What the 5.10 checks allow
// stays silent: a long-term pin (pin_user_pages_fast with FOLL_LONGTERM),
// and FOLL_TOUCH to get_user_pages, a caller's flag until 6.3 made it
// internal (is_valid_gup_args' INTERNAL_GUP_FLAGS) — on 6.12 the same
// mutation is internalflag's.
func TestContractMutations510(t *testing.T) {
	src, _ := realtree.Whole(t, "5.10")
	const vmci = "drivers/misc/vmw_vmci/vmci_host.c"
	const vmciCall = "retval = get_user_pages_fast(uva, 1, FOLL_WRITE, &page);"
	const vhost = "drivers/vhost/vhost.c"
	const vhostCall = "r = pin_user_pages_fast(log, 1, FOLL_WRITE, &page);"
	cases := []struct {
		name, file, old, new, rule, msg string
	}{
		{"internalflag: FOLL_PIN to get_user_pages_fast", vmci, vmciCall,
			"retval = get_user_pages_fast(uva, 1, FOLL_WRITE | FOLL_PIN, &page);",
			"internalflag", "is_valid_gup_flags: WARN_ON_ONCE(gup_flags & FOLL_PIN)"},
		{"longtermnopin: FOLL_LONGTERM to get_user_pages_fast", vmci, vmciCall,
			"retval = get_user_pages_fast(uva, 1, FOLL_WRITE | FOLL_LONGTERM, &page);",
			"longtermnopin", "is_valid_gup_flags: WARN_ON_ONCE(gup_flags & FOLL_LONGTERM)"},
		{"fastmask: FOLL_NOWAIT to get_user_pages_fast", vmci, vmciCall,
			"retval = get_user_pages_fast(uva, 1, FOLL_WRITE | FOLL_NOWAIT, &page);",
			// 5.10's mask has no FOLL_NOFAULT (5.16)
			"fastmask", "internal_get_user_pages_fast WARNs once and returns -EINVAL for any flag outside FOLL_WRITE|FOLL_GET|FOLL_FORCE|FOLL_LONGTERM|FOLL_PIN|FOLL_FAST_ONLY"},
		{"getpin: FOLL_GET to pin_user_pages_fast", vhost, vhostCall,
			"r = pin_user_pages_fast(log, 1, FOLL_WRITE | FOLL_GET, &page);",
			"getpin", "pin_user_pages_fast: WARN_ON_ONCE(gup_flags & FOLL_GET)"},
		{"silent: FOLL_LONGTERM to pin_user_pages_fast", vhost, vhostCall,
			"r = pin_user_pages_fast(log, 1, FOLL_WRITE | FOLL_LONGTERM, &page);",
			"", ""},
		{"lockedone: *locked = 0 before get_user_pages_remote", "virt/kvm/async_pf.c",
			"\tget_user_pages_remote(mm, addr, 1, FOLL_WRITE, NULL, NULL,\n",
			"\tlocked = 0; get_user_pages_remote(mm, addr, 1, FOLL_WRITE, NULL, NULL,\n",
			"lockedone", "*locked is 0 here"},
		{"nullpages: NULL pages to get_user_pages_fast", vmci, "retval = get_user_pages_fast(uva, 1, FOLL_WRITE, &page);",
			"retval = get_user_pages_fast(uva, 1, FOLL_WRITE, NULL);",
			"nullpages", "pages is NULL"},
	}
	clean := map[string]bool{}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, line := mutate(t, src, c.file, c.old, c.new)
			if !clean[c.file] {
				if got := onlyContract(runAll(t, src, "", cparse.Tolerant, nil, nil, c.file)); len(got) != 0 {
					t.Fatalf("unmutated %s: got %v, want no finding", c.file, got)
				}
				clean[c.file] = true
			}
			got := onlyContract(runAll(t, src, "", cparse.Tolerant, map[string]string{c.file: s}, nil, c.file))
			if c.rule == "" {
				if len(got) != 0 {
					t.Errorf("got %v, want no finding", got)
				}
				return
			}
			if len(got) != 1 || got[0].rule != c.rule || got[0].file != c.file || got[0].line != line || !strings.Contains(got[0].msg, c.msg) {
				t.Errorf("got %v, want one %s at %s:%d saying %q", got, c.rule, c.file, line, c.msg)
			}
		})
	}
	t.Run("FOLL_TOUCH to get_user_pages: a caller's flag before 6.3", func(t *testing.T) {
		const gru = "drivers/misc/sgi-gru/grufault.c"
		old := "get_user_pages(vaddr, 1, write ? FOLL_WRITE : 0, &page"
		touch := "get_user_pages(vaddr, 1, (write ? FOLL_WRITE : 0) | FOLL_TOUCH, &page"
		s, _ := mutate(t, src, gru, old, touch)
		if got := runAll(t, src, "", cparse.Tolerant, map[string]string{gru: s}, nil, gru); len(got) != 0 {
			t.Errorf("5.10: got %v, want no finding", got)
		}
		src612, _ := realtree.Source(t, "6.12") // the 6.12 half
		s, line := mutate(t, src612, gru, old, touch)
		got := onlyContract(runAll(t, src612, "", cparse.Tolerant, map[string]string{gru: s}, nil, gru))
		if len(got) != 1 || got[0].rule != "internalflag" || got[0].line != line || !strings.Contains(got[0].msg, "FOLL_TOUCH") {
			t.Errorf("6.12: got %v, want one internalflag at %s:%d", got, gru, line)
		}
	})
}
