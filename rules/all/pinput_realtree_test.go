package all_test

import "os"
import "strings"
import "testing"

import "gupvet/cparse"
import "gupvet/internal/realtree"

// Real-tree tests of pinput: the real mismatches, reconstructed in memory
// in the trees that hold their fixed code (96e1fac162cc in 5.10's
// mm/gup.c; the Nitro Enclaves review bug in every tree), and bug-class
// mutations of current call sites (notes §3.6), each reported at its
// release and silent before the mutation; the FP traps of the current
// trees (KVM's hva_to_pfn_slow, gup_test's put_back_pages) stay silent.

// pinTree is a tree the pinput tests run on, by its variable.
type pinTree struct {
	name, env string
}

var pinTrees = []pinTree{
	{"5.10", "GUPVET_LINUX_5_10"}, {"6.1", "GUPVET_LINUX_6_1"}, {"6.12", "GUPVET_LINUX_6_12"},
	{"7.2", "GUPVET_LINUX_7_SID"}, {"7.3", "GUPVET_LINUX_7"},
}

// src is the tree's source, or skips saying which variable enables it.
func (tr pinTree) src(t *testing.T) string {
	t.Helper()
	src := os.Getenv(tr.env)
	if src == "" {
		t.Skipf("set %s to an unpacked linux-source-%s tree to run; bash .ci/run and scripts/debian-trees.sh do", tr.env, tr.name)
	}
	return src
}

// pinMutation is a change to a real file and where pinput must report
// it: at the line of at (a text of the mutated file), with msg in the
// message.
type pinMutation struct {
	name    string
	trees   []string // the trees it applies to
	file    string
	edits   [][2]string // old, new
	at, msg string      // "" at: no finding expected
	x86     bool        // the file is x86's or generic: precise mode reads it too
}

var pinMutations = []pinMutation{
	{name: "R3-nitro-unpin: the NE v5 review bug, get_user_pages pages unpinned",
		trees: []string{"5.10", "6.1", "6.12", "7.2", "7.3"}, file: "drivers/virt/nitro_enclaves/ne_misc_dev.c", x86: true,
		edits: [][2]string{{"put_pages:\n\tfor (i = 0; i < ne_mem_region->nr_pages; i++)\n\t\tput_page(ne_mem_region->pages[i]);\n",
			"put_pages:\n\tunpin_user_pages(ne_mem_region->pages, ne_mem_region->nr_pages);\n"}},
		at: "\tunpin_user_pages(ne_mem_region->pages, ne_mem_region->nr_pages);", msg: "unpin_user_pages releases pages referenced by get_user_pages"},
	{name: "R3-vfio-zero: a zero page from pin_user_pages_remote put",
		trees: []string{"5.10", "6.1"}, file: "drivers/vfio/vfio_iommu_type1.c", x86: true,
		edits: [][2]string{{"\t\t\tif (unlikely(is_zero_pfn(page_to_pfn(pages[i]))))\n\t\t\t\tunpin_user_page(pages[i]);\n",
			"\t\t\tif (unlikely(is_zero_pfn(page_to_pfn(pages[i]))))\n\t\t\t\tput_page(pages[i]);\n"}},
		at: "\t\t\t\tput_page(pages[i]);", msg: "put_page releases a page pinned by pin_user_pages_remote"},
	s390IndPut("7.3", "arch/s390/kvm/s390/interrupt.c"),
	s390IndPut("7.2", "arch/s390/kvm/interrupt.c"),
	{name: "R3-s390-6.12: get_map_page's page unpinned",
		trees: []string{"6.12"}, file: "arch/s390/kvm/interrupt.c",
		edits: [][2]string{{"\tput_page(summary_page);\n", "\tunpin_user_page(summary_page);\n"}},
		at:    "\tunpin_user_page(summary_page);", msg: "unpin_user_page releases a page referenced by get_map_page"},
	{name: "R3-kvm-slow: without the WARN_ON_ONCE guard a pinned page reaches put_page",
		trees: []string{"7.2", "7.3"}, file: "virt/kvm/kvm_main.c", x86: true,
		edits: [][2]string{{"\tif (WARN_ON_ONCE(kfp->map_writable && kfp->pin))\n\t\tgoto out;\n", ""}},
		at:    "\t\tput_page(page);\n\t\tpage = wpage;", msg: "put_page releases a page pinned by pin_user_pages_unlocked"},
	{name: "R3-dax-revert: 96e1fac162cc hunk 2, FOLL_PIN pages put in __gup_longterm_locked",
		trees: []string{"5.10"}, file: "mm/gup.c",
		edits: [][2]string{{"\t\t\tif (gup_flags & FOLL_PIN)\n\t\t\t\tunpin_user_pages(pages, rc);\n\t\t\telse\n\t\t\t\tfor (i = 0; i < rc; i++)\n\t\t\t\t\tput_page(pages[i]);\n",
			"\t\t\tfor (i = 0; i < rc; i++)\n\t\t\t\tput_page(pages[i]);\n"}},
		at: "\t\t\t\tput_page(pages[i]);\n\t\t\trc = -EOPNOTSUPP;", msg: "put_page releases a page pinned by __get_user_pages_locked (line 1732) when gup_flags has FOLL_PIN"},
	{name: "R3-cma-revert: 96e1fac162cc hunk 1, FOLL_PIN pages put in check_and_migrate_cma_pages",
		trees: []string{"5.10"}, file: "mm/gup.c",
		edits: [][2]string{{"\t\tif (gup_flags & FOLL_PIN)\n\t\t\tunpin_user_pages(pages, nr_pages);\n\t\telse\n\t\t\tfor (i = 0; i < nr_pages; i++)\n\t\t\t\tput_page(pages[i]);\n",
			"\t\tfor (i = 0; i < nr_pages; i++)\n\t\t\tput_page(pages[i]);\n"}},
		at: "\t\trc = check_and_migrate_cma_pages(mm, start, rc, pages,", msg: "check_and_migrate_cma_pages is passed pages pinned by __get_user_pages_locked (line 1729) when gup_flags has FOLL_PIN and releases them with put_page (line 1663)"},
}

// s390IndPut is the mutation R3-s390-ind in tree, where file holds
// pin_map_page: the same edit and finding in 7.2 and 7.3, which moved
// arch/s390/kvm/interrupt.c under arch/s390/kvm/s390/.
func s390IndPut(tree, file string) pinMutation {
	return pinMutation{name: "R3-s390-ind: pin_map_page's page put",
		trees: []string{tree}, file: file,
		edits: [][2]string{{"\t\tunpin_user_page(ind_page);\n", "\t\tput_page(ind_page);\n"}},
		at:    "\t\tput_page(ind_page);", msg: "put_page releases a page pinned by pin_map_page"}
}

// pinFiles are the files the mutations edit, checked unmutated too: no
// pinput finding in any (the KVM and gup_test traps among them).
var pinFiles = []string{"drivers/virt/nitro_enclaves/ne_misc_dev.c", "drivers/vfio/vfio_iommu_type1.c", "virt/kvm/kvm_main.c",
	"mm/gup.c", "mm/gup_test.c", "arch/s390/kvm/interrupt.c", "arch/s390/kvm/s390/interrupt.c", "io_uring/memmap.c"}

// TestPinputQuiet: the files of pinFiles each tree holds, unmutated, in
// tolerant mode: no pinput finding in any tree.
func TestPinputQuiet(t *testing.T) {
	for _, tr := range pinTrees {
		t.Run(tr.name, func(t *testing.T) {
			src := tr.src(t)
			var files []string
			for _, f := range pinFiles {
				if _, err := os.Stat(src + "/" + f); err == nil {
					files = append(files, f)
				}
			}
			if len(files) < 5 {
				t.Fatalf("%s holds %d of %v, want at least 5 (has the tree changed?)", tr.name, len(files), pinFiles)
			}
			if got := onlyPinput(runAll(t, src, "", cparse.Tolerant, nil, nil, files...)); len(got) != 0 {
				t.Errorf("got %v, want no pinput finding", got)
			}
		})
	}
}

// TestPinputWholeTree: the whole 6.12 and 7.3 trees with their objtrees,
// tolerant mode: no pinput finding (every finding seen while building the
// rule was a false positive, now fixed; the report's triage lists them),
// and no file error.
func TestPinputWholeTree(t *testing.T) {
	if testing.Short() {
		t.Skip("whole tree: not in -short")
	}
	for _, v := range []string{"6.12", "7"} { // 7: the 7.3 tree
		t.Run(v, func(t *testing.T) {
			src, obj := realtree.Source(t, v)
			if obj == "" {
				t.Skipf("set GUPVET_LINUX_%s_OBJ to its objtree to run", strings.ReplaceAll(v, ".", "_"))
			}
			if got := onlyPinput(runAll(t, src, obj, cparse.Tolerant, nil, nil)); len(got) != 0 {
				t.Errorf("%s: got %v, want no pinput finding", v, got)
			}
		})
	}
}

func onlyPinput(fs []finding) []finding {
	return only(fs, func(r string) bool { return r == "pinput" })
}

func TestPinputMutations(t *testing.T) {
	for _, tr := range pinTrees {
		t.Run(tr.name, func(t *testing.T) {
			src := tr.src(t)
			obj := os.Getenv(tr.env + "_OBJ")
			for _, m := range pinMutations {
				if !contains(m.trees, tr.name) {
					continue
				}
				t.Run(m.name, func(t *testing.T) { testPinMutation(t, src, obj, m) })
			}
		})
	}
}

func contains(l []string, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}

func testPinMutation(t *testing.T, src, obj string, m pinMutation) {
	b, err := os.ReadFile(src + "/" + m.file)
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	for _, e := range m.edits {
		if n := strings.Count(s, e[0]); n != 1 {
			t.Fatalf("%s: %q occurs %d times, want 1 (has the tree changed?)", m.file, e[0], n)
		}
		s = strings.Replace(s, e[0], e[1], 1)
	}
	line := 0
	if m.at != "" {
		if n := strings.Count(s, m.at); n != 1 {
			t.Fatalf("%s after the edits: %q occurs %d times, want 1", m.file, m.at, n)
		}
		line = 1 + strings.Count(s[:strings.Index(s, m.at)], "\n")
	}
	var verdicts []string
	for _, mode := range modes {
		if mode == cparse.Precise && (obj == "" || !m.x86) {
			continue
		}
		if got := onlyPinput(runAll(t, src, obj, mode, nil, nil, m.file)); len(got) != 0 {
			t.Fatalf("%v, unmutated: got %v, want no pinput finding", mode, got)
		}
		got := onlyPinput(runAll(t, src, obj, mode, map[string]string{m.file: s}, nil, m.file))
		switch {
		case m.at == "" && len(got) != 0:
			t.Errorf("%v: got %v, want none", mode, got)
		case m.at != "" && (len(got) != 1 || got[0].file != m.file || got[0].line != line || !strings.Contains(got[0].msg, m.msg)):
			t.Errorf("%v: got %v, want one pinput at %s:%d saying %q", mode, got, m.file, line, m.msg)
		}
		verdicts = append(verdicts, fmtFindings(got))
	}
	if len(verdicts) == 2 && verdicts[0] != verdicts[1] {
		t.Errorf("tolerant and precise disagree: %q vs %q", verdicts[0], verdicts[1])
	}
}

func fmtFindings(fs []finding) string {
	var out []string
	for _, f := range fs {
		out = append(out, f.file+":"+itoa(f.line))
	}
	return strings.Join(out, " ")
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for n > 0 {
		b = append([]byte{byte('0' + n%10)}, b...)
		n /= 10
	}
	return string(b)
}
