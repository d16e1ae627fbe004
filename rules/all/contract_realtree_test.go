package all_test

import "os"
import "sort"
import "strings"
import "testing"

import "gupvet/cparse"
import "gupvet/internal/realtree"
import "gupvet/rules/all"
import "gupvet/rules/gupapi"

// Real-tree tests of the contract rules (internalflag, lockedone, getpin,
// longtermnopin, nullpages, longtermp2p, fastmask, vmaremotenowait): the
// whole 6.12 tree is clean, the whole 6.1 tree has the one violation
// gupvet knows there, and a mutated copy of a real 6.12 call site per
// check is reported at the mutated line, in tolerant and precise mode
// alike. Mutations are in-memory overlays; nothing on disk changes.

// contractRules are the rules these tests are about.
var contractRules = map[string]bool{
	"internalflag": true, "lockedone": true, "getpin": true, "longtermnopin": true,
	"nullpages": true, "longtermp2p": true, "fastmask": true, "vmaremotenowait": true,
}

func onlyContract(fs []finding) []finding {
	return only(fs, func(r string) bool { return contractRules[r] })
}

func TestContractRulesRegistered(t *testing.T) {
	got := map[string]bool{}
	for _, a := range all.Analyzers {
		got[a.Name] = true
	}
	for r := range contractRules {
		if !got[r] {
			t.Errorf("rule %s is not in all.Analyzers", r)
		}
	}
	if all.Analyzers[0].Name != "nowaitunlockable" || all.Analyzers[1].Name != "nulllocked" {
		t.Errorf("the two headline rules must stay first")
	}
}

// The per-version fast mask gupvet resolves matches the one the real
// trees' mm/gup.c spells out (6.12 gup_fast_fallback, 6.1
// internal_get_user_pages_fast), and so do the internal flags.
func TestContractTablesMatchTrees(t *testing.T) {
	for _, c := range []struct{ env, fn, mask string }{
		{"GUPVET_LINUX_6_12", "gup_fast_fallback", "FOLL_WRITE|FOLL_GET|FOLL_FORCE|FOLL_NOFAULT|FOLL_LONGTERM|FOLL_PCI_P2PDMA|FOLL_HONOR_NUMA_FAULT|FOLL_PIN|FOLL_FAST_ONLY"},
		{"GUPVET_LINUX_6_1", "internal_get_user_pages_fast", "FOLL_WRITE|FOLL_GET|FOLL_FORCE|FOLL_NOFAULT|FOLL_LONGTERM|FOLL_PIN|FOLL_FAST_ONLY"},
	} {
		src := os.Getenv(c.env)
		if src == "" {
			continue
		}
		tr, err := cparse.NewTree(src, "")
		if err != nil {
			t.Fatal(err)
		}
		m, err := gupapi.Load(tr)
		if err != nil {
			t.Fatal(err)
		}
		if got := m.Names(m.FastMask()); got != c.mask {
			t.Errorf("%s: fast mask %s, want %s", c.env, got, c.mask)
		}
		b, err := os.ReadFile(src + "/mm/gup.c")
		if err != nil {
			t.Fatal(err)
		}
		s := string(b)
		i := strings.Index(s, "static int "+c.fn+"(")
		if i < 0 {
			t.Fatalf("%s: no %s in mm/gup.c", c.env, c.fn)
		}
		j := strings.Index(s[i:], "gup_flags & ~(")
		k := strings.Index(s[i+j:], ")))")
		if j < 0 || k < 0 {
			t.Fatalf("%s: no mask test in %s", c.env, c.fn)
		}
		var in []string
		for _, w := range strings.FieldsFunc(s[i+j+len("gup_flags & ~("):i+j+k], func(r rune) bool { return r == '|' || r == ' ' || r == '\t' || r == '\n' }) {
			in = append(in, w)
		}
		var want []string
		for _, n := range strings.Split(c.mask, "|") {
			want = append(want, n)
		}
		sort.Strings(in)
		sort.Strings(want)
		in = dedup(in)
		if strings.Join(in, " ") != strings.Join(want, " ") {
			t.Errorf("%s: %s accepts %v, gupvet's table %v", c.env, c.fn, in, want)
		}
		if c.env == "GUPVET_LINUX_6_12" {
			rej, _ := m.CallerRejects("get_user_pages")
			if got := m.Names(rej); got != "FOLL_TOUCH|FOLL_TRIED|FOLL_REMOTE|FOLL_PIN|FOLL_FAST_ONLY|FOLL_UNLOCKABLE|FOLL_MADV_POPULATE" {
				t.Errorf("6.12 INTERNAL_GUP_FLAGS read as %s", got)
			}
		}
	}
}

func dedup(s []string) []string {
	var out []string
	for i, x := range s {
		if i == 0 || x != s[i-1] {
			out = append(out, x)
		}
	}
	return out
}

// Whole 6.12 tree, tolerant mode: no contract finding. (Every finding seen
// while building the rules was either true or fixed.)
func TestContractWholeTree612(t *testing.T) {
	src, _ := tree612(t)
	if testing.Short() {
		t.Skip("whole tree: not in -short")
	}
	if got := onlyContract(runAll(t, src, "", cparse.Tolerant, nil, nil)); len(got) != 0 {
		t.Fatalf("6.12: got %v, want no contract finding", got)
	}
}

// Whole 6.1 tree, tolerant mode: exactly one contract violation, the
// ia64 error-injection driver's get_user_pages_fast(..., NULL). In 6.1
// get_user_pages_fast adds FOLL_GET; with a NULL pages array the
// reference taken on the page is never returned (ia64 has no GUP-fast,
// so the slow path runs: __get_user_pages' VM_BUG_ON under
// CONFIG_DEBUG_VM, a leaked page reference otherwise). From 6.3
// is_valid_gup_args refuses the call.
func TestContractWholeTree61(t *testing.T) {
	src, _ := realtree.Whole(t, "6.1")
	const file = "arch/ia64/kernel/err_inject.c"
	line := lineOf(t, src, file, "ret = get_user_pages_fast(virt_addr, 1, FOLL_WRITE, NULL);")
	got := onlyContract(runAll(t, src, "", cparse.Tolerant, nil, nil))
	if len(got) != 1 || got[0].rule != "nullpages" || got[0].file != file || got[0].line != line {
		t.Fatalf("6.1: got %v, want one nullpages at %s:%d", got, file, line)
	}
	if !strings.Contains(got[0].msg, "FOLL_GET") || !strings.Contains(got[0].msg, "pages is NULL") {
		t.Errorf("6.1: message %q", got[0].msg)
	}
}

// One mutated real call site per check: before the mutation the file has
// no finding at all; after it, exactly one, of the check's rule, at the
// mutated line, with the same verdict in tolerant and precise mode.
func TestContractMutations612(t *testing.T) {
	src, obj := tree612(t)
	cases := []struct {
		name, file, old, new, rule, msg string
		context                         []string
	}{
		{"internalflag: FOLL_TOUCH from mm/ to get_user_pages_fast", "mm/mempolicy.c",
			"ret = get_user_pages_fast(addr & PAGE_MASK, 1, 0, &p);",
			"ret = get_user_pages_fast(addr & PAGE_MASK, 1, FOLL_TOUCH, &p);",
			"internalflag", "get_user_pages_fast gets FOLL_TOUCH", nil},
		{"internalflag: a raw internal bit from a driver", "drivers/misc/vmw_vmci/vmci_host.c",
			"retval = get_user_pages_fast(uva, 1, FOLL_WRITE, &page);",
			"retval = get_user_pages_fast(uva, 1, FOLL_WRITE | 0x80000, &page);",
			"internalflag", "gets FOLL_PIN", nil},
		{"lockedone: *locked = 0 before get_user_pages_remote", "virt/kvm/async_pf.c",
			"\t\tget_user_pages_remote(mm, addr, 1, FOLL_WRITE, NULL, &locked);",
			"\t\tlocked = 0; get_user_pages_remote(mm, addr, 1, FOLL_WRITE, NULL, &locked);",
			"lockedone", "*locked is 0 here", nil},
		{"getpin: FOLL_GET to pin_user_pages_fast", "drivers/vhost/vhost.c",
			"r = pin_user_pages_fast(log, 1, FOLL_WRITE, &page);",
			"r = pin_user_pages_fast(log, 1, FOLL_WRITE | FOLL_GET, &page);",
			"getpin", "pin_user_pages_fast gets FOLL_GET", nil},
		{"longtermnopin: FOLL_LONGTERM to get_user_pages_fast", "drivers/misc/vmw_vmci/vmci_host.c",
			"retval = get_user_pages_fast(uva, 1, FOLL_WRITE, &page);",
			"retval = get_user_pages_fast(uva, 1, FOLL_WRITE | FOLL_LONGTERM, &page);",
			"longtermnopin", "get_user_pages_fast gets FOLL_LONGTERM", nil},
		{"nullpages: NULL pages to get_user_pages_fast", "drivers/misc/vmw_vmci/vmci_host.c",
			"retval = get_user_pages_fast(uva, 1, FOLL_WRITE, &page);",
			"retval = get_user_pages_fast(uva, 1, FOLL_WRITE, NULL);",
			"nullpages", "pages is NULL, but get_user_pages_fast runs with FOLL_GET", nil},
		{"longtermp2p: FOLL_PCI_P2PDMA with FOLL_LONGTERM", "drivers/infiniband/hw/qib/qib_user_sdma.c",
			"ret = pin_user_pages_fast(addr, j, FOLL_LONGTERM, pages);",
			"ret = pin_user_pages_fast(addr, j, FOLL_LONGTERM | FOLL_PCI_P2PDMA, pages);",
			"longtermp2p", "together with FOLL_PCI_P2PDMA", nil},
		{"fastmask: FOLL_NOWAIT to get_user_pages_fast", "drivers/misc/vmw_vmci/vmci_host.c",
			"retval = get_user_pages_fast(uva, 1, FOLL_WRITE, &page);",
			"retval = get_user_pages_fast(uva, 1, FOLL_WRITE | FOLL_NOWAIT, &page);",
			"fastmask", "get_user_pages_fast gets FOLL_NOWAIT", nil},
		{"vmaremotenowait: FOLL_NOWAIT to get_user_page_vma_remote", "kernel/events/uprobes.c",
			"old_page = get_user_page_vma_remote(mm, vaddr, gup_flags, &vma);",
			"old_page = get_user_page_vma_remote(mm, vaddr, gup_flags | FOLL_NOWAIT, &vma);",
			"vmaremotenowait", "get_user_page_vma_remote gets FOLL_NOWAIT", nil},
		{"vmaremotenowait: FOLL_NOWAIT through ptrace_access_vm and access_remote_vm", "kernel/ptrace.c",
			"retval = ptrace_access_vm(tsk, src, buf, this_len, FOLL_FORCE);",
			"retval = ptrace_access_vm(tsk, src, buf, this_len, FOLL_FORCE | FOLL_NOWAIT);",
			"vmaremotenowait", "ptrace_access_vm (reaching get_user_page_vma_remote) gets FOLL_NOWAIT", []string{"mm/memory.c"}},
	}
	clean := map[string]bool{}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, line := mutate(t, src, c.file, c.old, c.new)
			var verdicts []string
			for _, mode := range modes {
				if mode == cparse.Precise && obj == "" {
					continue
				}
				key := mode.String() + " " + c.file
				if !clean[key] {
					if got := runAll(t, src, obj, mode, nil, c.context, c.file); len(got) != 0 {
						t.Fatalf("%v, unmutated %s: got %v, want no finding", mode, c.file, got)
					}
					clean[key] = true
				}
				got := runAll(t, src, obj, mode, map[string]string{c.file: s}, c.context, c.file)
				if len(got) != 1 || got[0].rule != c.rule || got[0].file != c.file || got[0].line != line || !strings.Contains(got[0].msg, c.msg) {
					t.Errorf("%v: got %v, want one %s at %s:%d saying %q", mode, got, c.rule, c.file, line, c.msg)
				}
				verdicts = append(verdicts, rulesOf(got))
			}
			if len(verdicts) == 2 && verdicts[0] != verdicts[1] {
				t.Errorf("tolerant and precise disagree: %q vs %q", verdicts[0], verdicts[1])
			}
		})
	}
}
