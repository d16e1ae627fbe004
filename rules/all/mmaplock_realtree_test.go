package all_test

import "fmt"
import "os"
import "strings"
import "testing"

import "gupvet/cparse"
import "gupvet/internal/realtree"

// Real-tree tests of mmaplock: the real bugs of /work/notes' §1 as the
// trees ship them (5.10) or with their fix reverted in memory (6.1, 6.12,
// 7.x), each reported at every call the bug left without the lock, and
// the shipped or fixed code silent.

// mlEdit is one replacement; old occurs once in the file.
type mlEdit struct{ old, new string }

// mlCase is a file of a tree, edited or not, and the lines mmaplock must
// report in it (none: silent).
type mlCase struct {
	name    string
	version string // realtree.Source(t, version)
	file    string
	edits   []mlEdit
	want    []int
	// say is in every finding's message: what the version's code does
	say string
}

// gup_test's lock, removed: the shape before f3964599c22f.
var (
	gupTestLock   = mlEdit{"\tif (needs_mmap_lock && mmap_read_lock_killable(current->mm)) {\n\t\tret = -EINTR;\n\t\tgoto free_pages;\n\t}\n", ""}
	gupTestUnlock = mlEdit{"unlock:\n\tif (needs_mmap_lock)\n\t\tmmap_read_unlock(current->mm);\n", "unlock:\n"}
	pinLTLock     = mlEdit{"\tif (!fast && mmap_read_lock_killable(current->mm)) {\n\t\tkvfree(pages);\n\t\treturn -EINTR;\n\t}\n", ""}
	pinLTUnlock   = mlEdit{"\tif (!fast)\n\t\tmmap_read_unlock(current->mm);\n", ""}
	// 3a0152b21952 reverted (6.5 on: get_user_pages has no vmas argument)
	nitroRevert = mlEdit{"\t\tgup_rc = get_user_pages_unlocked(mem_region.userspace_addr + memory_size, 1,\n\t\t\t\t\t\t ne_mem_region->pages + i, FOLL_GET);\n",
		"\t\tgup_rc = get_user_pages(mem_region.userspace_addr + memory_size, 1, FOLL_GET,\n\t\t\t\t\tne_mem_region->pages + i);\n"}
	nitroRevert61 = mlEdit{nitroRevert.old, "\t\tgup_rc = get_user_pages(mem_region.userspace_addr + memory_size, 1, FOLL_GET,\n\t\t\t\t\tne_mem_region->pages + i, NULL);\n"}
	// 5.10's nitro bug and its fix
	nitro510 = "\t\tgup_rc = get_user_pages(mem_region.userspace_addr + memory_size, 1, FOLL_GET,\n\t\t\t\t\tne_mem_region->pages + i, NULL);\n"
	// 5.10's atomisp pin_user_pages, after the lock was dropped
	atomisp510 = "\t\tpage_nr = pin_user_pages((unsigned long)userptr, bo->pgnr,\n\t\t\t\t\t FOLL_LONGTERM | FOLL_WRITE,\n\t\t\t\t\t pages, NULL);\n"
)

const (
	nitroFile   = "drivers/virt/nitro_enclaves/ne_misc_dev.c"
	atomispFile = "drivers/staging/media/atomisp/pci/hmm/hmm_bo.c"
)

var mlCases = []mlCase{
	// 5.10 as shipped: both bugs are there
	{name: "nitro as shipped", version: "5.10", file: nitroFile, want: []int{889},
		say: "it walks the VMA tree the lock protects (find_extend_vma(mm, start) in __get_user_pages, mm/gup.c:1058); Linux 5.10.262 does not assert it there, so a missing lock goes unnoticed at run time; but nothing on the path takes it: ne_enclave_ioctl is the .unlocked_ioctl of a struct file_operations"},
	{name: "nitro fixed", version: "5.10", file: nitroFile, edits: []mlEdit{{nitro510,
		"\t\tgup_rc = get_user_pages_unlocked(mem_region.userspace_addr + memory_size, 1,\n\t\t\t\t\t\t ne_mem_region->pages + i, FOLL_GET);\n"}}},
	{name: "atomisp as shipped", version: "5.10", file: atomispFile, want: []int{921}, say: "but mmap_read_unlock releases it at line 902 on this path"},
	{name: "atomisp with the lock", version: "5.10", file: atomispFile, edits: []mlEdit{{atomisp510,
		"\t\tmmap_read_lock(current->mm);\n" + atomisp510 + "\t\tmmap_read_unlock(current->mm);\n"}}},
	{name: "gup_benchmark as shipped", version: "5.10", file: "mm/gup_benchmark.c"},
	{name: "gup_benchmark unlocked", version: "5.10", file: "mm/gup_benchmark.c", edits: []mlEdit{gupTestLock, gupTestUnlock}, want: []int{109, 117, 121}},

	{name: "nitro as shipped", version: "6.1", file: nitroFile},
	{name: "nitro reverted", version: "6.1", file: nitroFile, edits: []mlEdit{nitroRevert61}, want: []int{966},
		say: "Linux 6.1.192 does not assert it there, so a missing lock goes unnoticed at run time"},
	{name: "gup_test as shipped", version: "6.1", file: "mm/gup_test.c"},
	{name: "gup_test unlocked", version: "6.1", file: "mm/gup_test.c", edits: []mlEdit{gupTestLock, gupTestUnlock}, want: []int{137, 145, 149, 155, 158}},

	{name: "nitro as shipped", version: "6.12", file: nitroFile},
	{name: "nitro reverted", version: "6.12", file: nitroFile, edits: []mlEdit{nitroRevert}, want: []int{966},
		say: "its __get_user_pages_locked asserts it (mmap_assert_locked(mm), mm/gup.c:1744)"},
	{name: "gup_test as shipped", version: "6.12", file: "mm/gup_test.c"},
	{name: "gup_test unlocked", version: "6.12", file: "mm/gup_test.c", edits: []mlEdit{gupTestLock, gupTestUnlock}, want: []int{139, 146, 149, 155, 158}},
	{name: "gup_test lock never needed", version: "6.12", file: "mm/gup_test.c", edits: []mlEdit{{"\tbool needs_mmap_lock =\n\t\tcmd != GUP_FAST_BENCHMARK && cmd != PIN_FAST_BENCHMARK;\n", "\tbool needs_mmap_lock = false;\n"}},
		want: []int{142, 149, 152, 158, 161}},
	{name: "pin_longterm_test_start unlocked", version: "6.12", file: "mm/gup_test.c", edits: []mlEdit{pinLTLock, pinLTUnlock}, want: []int{268}},

	{name: "nitro as shipped", version: "7", file: nitroFile},
	{name: "nitro reverted", version: "7", file: nitroFile, edits: []mlEdit{nitroRevert}, want: []int{963},
		say: "its __get_user_pages_locked asserts it (mmap_assert_locked(mm), mm/gup.c:1673)"},
	{name: "gup_test as shipped", version: "7", file: "mm/gup_test.c"},
	{name: "gup_test unlocked", version: "7", file: "mm/gup_test.c", edits: []mlEdit{gupTestLock, gupTestUnlock}, want: []int{150, 157, 160, 166, 169}},
	{name: "pin_longterm_test_start unlocked", version: "7", file: "mm/gup_test.c", edits: []mlEdit{pinLTLock, pinLTUnlock}, want: []int{276}},
}

// The real bugs, in tolerant mode: each edited (or shipped) file gives
// mmaplock's findings at exactly the lines the bug leaves unlocked, each
// a call to a get/pin entry point, and nothing else.
func TestMmaplockRealBugs(t *testing.T) {
	for _, c := range mlCases {
		t.Run(c.version+"/"+c.name, func(t *testing.T) {
			src, obj := realtree.Source(t, c.version)
			b, err := os.ReadFile(src + "/" + c.file)
			if err != nil {
				t.Fatal(err)
			}
			s := string(b)
			for _, e := range c.edits {
				if n := strings.Count(s, e.old); n != 1 {
					t.Fatalf("%s: %q occurs %d times, want 1 (has the tree changed?)", c.file, e.old, n)
				}
				s = strings.Replace(s, e.old, e.new, 1)
			}
			lines := strings.Split(s, "\n")
			for _, l := range c.want {
				if l > len(lines) || !strings.Contains(lines[l-1], "_user_pages(") {
					t.Fatalf("%s:%d: %q is not a GUP call (has the tree changed?)", c.file, l, lines[l-1])
				}
			}
			var ov map[string]string
			if len(c.edits) > 0 {
				ov = map[string]string{c.file: s}
			}
			var got []string
			for _, f := range runAll(t, src, obj, cparse.Tolerant, ov, nil, c.file) {
				if f.rule == "mmaplock" {
					got = append(got, fmt.Sprintf("%s:%d", f.file, f.line))
					if !strings.Contains(f.msg, "needs mmap_lock held: ") || !strings.Contains(f.msg, c.say) {
						t.Errorf("%s:%d: message %q", f.file, f.line, f.msg)
					}
				}
			}
			var want []string
			for _, l := range c.want {
				want = append(want, fmt.Sprintf("%s:%d", c.file, l))
			}
			if strings.Join(got, " ") != strings.Join(want, " ") {
				t.Errorf("mmaplock findings %v, want %v", got, want)
			}
		})
	}
}

// The whole 6.12 and 7.x trees, tolerant mode (the prefilter's files): no
// mmaplock finding; every call that needs the lock holds it on the paths
// the rule follows (the triage of its findings on both trees is in the
// branch's report), and no function is given up (runAll fails the test
// on any file error).
func TestMmaplockWholeTree(t *testing.T) {
	for _, v := range currentTrees {
		t.Run(v, func(t *testing.T) {
			src, obj := realtree.Source(t, v)
			for _, f := range runAll(t, src, obj, cparse.Tolerant, nil, nil) {
				if f.rule == "mmaplock" {
					t.Errorf("%s:%d: %s", f.file, f.line, f.msg)
				}
			}
		})
	}
}
