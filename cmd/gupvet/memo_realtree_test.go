package main

import "io/fs"
import "os"
import "path/filepath"
import "strconv"
import "strings"
import "testing"

import "gupvet/rules/all"

// TestMemoRealTree edits real trees as a developer does between two runs
// and checks that each warm run (the memo of the run before) prints what
// a run keeping no memo prints (GUPVET_MEMO=off): a file's lines moved,
// a real fix reverted (nitro_enclaves' 3a0152b21952: get_user_pages
// without the lock), the KVM flag's origin removed (7.x: in arch code,
// reaching virt/kvm through kvm_follow_pfn.flags), the API's mm/gup.c
// changed, which every result reads. The trees are hard-linked copies;
// an edit replaces its file by a new one.
func TestMemoRealTree(t *testing.T) {
	withAnalyzers(t, all.Analyzers...)
	for _, rt := range configuredTrees() {
		t.Run(rt.name, func(t *testing.T) {
			rt.skip(t)
			dir := linkTree(t, rt.src)
			t.Setenv("GUPVET_CACHE_DIR", t.TempDir())
			args := []string{"-C", dir, "-O", rt.obj, "-v"}
			prev := []result{runCmd(t, args...), runCmd(t, append(args, "-calls")...)}
			if prev[0].code != exitFindings || len(memoNotes(prev[0].stderr)) != 3 {
				t.Fatalf("first run: exit %d, memo notes %v; stderr:\n%s", prev[0].code, memoNotes(prev[0].stderr), prev[0].stderr)
			}
			nowait := "\tfoll |= FOLL_NOWAIT;\n" // 7.x: x86's __kvm_mmu_faultin_pfn
			if rt.name == "6.12" {
				nowait = "\t\tflags |= FOLL_NOWAIT;\n" // hva_to_pfn_slow's own
			}
			kvm := map[string]string{"6.12": "virt/kvm/kvm_main.c", "7": "arch/x86/kvm/mmu/mmu.c"}[rt.name]
			edits := []memoEdit{
				{name: "madvise.c moves down a line", file: "mm/madvise.c", old: "", new: "\n"},
				{name: "nitro's fix reverted", file: "drivers/virt/nitro_enclaves/ne_misc_dev.c",
					old:  "\t\tgup_rc = get_user_pages_unlocked(mem_region.userspace_addr + memory_size, 1,\n\t\t\t\t\t\t ne_mem_region->pages + i, FOLL_GET);\n",
					new:  "\t\tgup_rc = get_user_pages(mem_region.userspace_addr + memory_size, 1, FOLL_GET,\n\t\t\t\t\tne_mem_region->pages + i);\n",
					want: "get_user_pages needs mmap_lock held", wantAt: "drivers/virt/nitro_enclaves/ne_misc_dev.c",
					where: "\t\tgup_rc = get_user_pages(mem_region.userspace_addr + memory_size, 1, FOLL_GET,"},
				{name: "KVM's FOLL_NOWAIT dropped", file: kvm, old: nowait, new: "", gone: kvm + ":"},
				{name: "mm/gup.c moves down a line", file: "mm/gup.c", old: "", new: "\n"},
			}
			for _, e := range edits {
				t.Run(e.name, func(t *testing.T) {
					b, err := os.ReadFile(filepath.Join(dir, e.file))
					if err != nil || !strings.Contains(string(b), e.old) {
						t.Fatalf("%s: %v, or no %q", e.file, err, e.old)
					}
					writeFileIn(t, dir, e.file, strings.Replace(string(b), e.old, e.new, 1))
					var warm result
					changed := false
					for i, extra := range [][]string{nil, {"-calls"}} {
						w := runCmd(t, append(args, extra...)...)
						t.Setenv("GUPVET_MEMO", "off")
						off := runCmd(t, append(args, extra...)...)
						os.Unsetenv("GUPVET_MEMO")
						if w.code != off.code || w.stdout != off.stdout || dropMemoNotes(w.stderr) != dropMemoNotes(off.stderr) {
							t.Fatalf("%v: warm run differs from GUPVET_MEMO=off:\nwarm exit %d:\n%s%s\noff exit %d:\n%s%s", extra, w.code, w.stdout, w.stderr, off.code, off.stdout, off.stderr)
						}
						changed = changed || w.stdout != prev[i].stdout
						prev[i] = w
						if i == 0 {
							warm = w
						}
					}
					if !changed {
						t.Errorf("the edit changed nothing gupvet prints, findings or -calls: it tests nothing")
					}
					n := memoNotes(warm.stderr)
					if e.file != "mm/gup.c" && (n["mmaplock"][0] == 0 || n["flagflow"][0] == 0 || n["pinput"][0] == 0) {
						t.Errorf("an edit of %s kept nothing of some analysis: %v", e.file, n)
					}
					heads := headlines(warm.stdout)
					if e.gone != "" && strings.Contains(warm.stdout, e.gone) {
						t.Errorf("a finding still names %q:\n%s", e.gone, heads)
					}
					if e.want != "" {
						at := e.wantAt + ":" + strconv.Itoa(textLine(filepath.Join(dir, e.wantAt), e.where))
						if !containsLine(heads, e.want, at) {
							t.Errorf("no finding says %q and %s:\n%s", e.want, at, heads)
						}
					}
				})
			}
		})
	}
}

// linkTree makes a copy of a tree of hard links (symbolic links copied
// as links), cheap for a kernel tree.
func linkTree(t *testing.T, src string) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), "linux")
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		to := filepath.Join(dst, rel)
		switch {
		case d.IsDir():
			return os.Mkdir(to, 0o755)
		case d.Type()&fs.ModeSymlink != 0:
			l, err := os.Readlink(p)
			if err != nil {
				return err
			}
			return os.Symlink(l, to)
		}
		return os.Link(p, to)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}
