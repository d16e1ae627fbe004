package all_test

import (
	"os"
	"strings"
	"testing"

	"gupvet/cparse"
)

// The contract rules on bullseye's 5.10, whose mm/gup.c has no
// is_valid_gup_args: is_valid_gup_flags WARNs on FOLL_PIN and on
// FOLL_LONGTERM (get_user_pages, get_user_pages_remote,
// get_user_pages_fast), the pin_user_pages* functions WARN on FOLL_GET,
// __get_user_pages_locked BUG()s when *locked is not 1,
// __get_user_pages VM_BUG()s on pages NULL with FOLL_GET, and
// internal_get_user_pages_fast WARNs on any flag outside its mask.
//
// The checks on the way to __get_user_pages_locked, where the flag
// analysis follows the flags before 6.3, are reported at a mutated real
// 5.10 call site, the unmutated file giving nothing: lockedone and
// nullpages. The checks that return before it (FOLL_PIN, FOLL_LONGTERM,
// pin_* with FOLL_GET, the GUP-fast mask) end every path of the analysis:
// no rule sees such a call, and the run names it as not analysed and
// exits 2 (cmd/gupvet's account) — a gap of the pre-6.3 model, not
// checked here as if it passed. A check 5.10 does not make stays silent: FOLL_TOUCH to get_user_pages was a caller's flag until 6.3 made
// it internal (is_valid_gup_args' FOLL_INTERNAL_FLAGS), and on 6.12 the
// same mutation is internalflag's.
func TestContractMutations510(t *testing.T) {
	src := os.Getenv("GUPVET_LINUX_5_10")
	if src == "" {
		t.Skip("skipped: set GUPVET_LINUX_5_10 to an extracted linux-source-5.10 tree to enable (bash .ci/run does it)")
	}
	if testing.Short() {
		t.Skip("skipped in -short mode: real tree")
	}
	const vmci = "drivers/misc/vmw_vmci/vmci_host.c"
	cases := []struct {
		name, file, old, new, rule, msg string
	}{
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
		src612 := os.Getenv("GUPVET_LINUX_6_12")
		if src612 == "" {
			t.Skip("the 6.12 half: set GUPVET_LINUX_6_12")
		}
		s, line := mutate(t, src612, gru, old, touch)
		got := onlyContract(runAll(t, src612, "", cparse.Tolerant, map[string]string{gru: s}, nil, gru))
		if len(got) != 1 || got[0].rule != "internalflag" || got[0].line != line || !strings.Contains(got[0].msg, "FOLL_TOUCH") {
			t.Errorf("6.12: got %v, want one internalflag at %s:%d", got, gru, line)
		}
	})
}
