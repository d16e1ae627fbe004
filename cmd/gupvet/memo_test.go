package main

import "os"
import "path/filepath"
import "regexp"
import "strconv"
import "strings"
import "testing"

import "gupvet/internal/testtree"
import "gupvet/rules/all"

// The program-wide analyses keep their results across runs (the memo); a
// warm run must say exactly what a run that keeps none says
// (GUPVET_MEMO=off), after each edit of a file whose code another file's
// result rests on: a helper another file calls (mmaplock follows the lock
// into it, pinput the pages), a struct member another file reads
// (flagflow's field facts), the API's own mm/gup.c, positions alone.

// memoFiles are the demo tree's additions: each pair is a caller and the
// file it depends on.
var memoFiles = map[string]string{
	"drivers/memo/lockhelp.c": `#include <linux/mm.h>

/* what the ioctl calls with mmap_lock held */
void memo_helper(struct mm_struct *mm)
{
}

/* makes the file one gupvet reads: it names the GUP API */
int memo_fast(unsigned long addr, struct page **pages)
{
	return get_user_pages_fast(addr, 1, 0, pages);
}
`,
	"drivers/memo/user.c": `#include <linux/fs.h>
#include <linux/mm.h>

void memo_helper(struct mm_struct *mm);

static long memo_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	long n;

	mmap_read_lock(current->mm);
	memo_helper(current->mm);
	n = fixup_user_fault(current->mm, arg, 0, NULL);
	mmap_read_unlock(current->mm);
	return n;
}

static const struct file_operations memo_fops = {
	.unlocked_ioctl = memo_ioctl,
};
`,
	"drivers/memo/rel.c": `#include <linux/mm.h>

void memo_release(struct page **pages, int n)
{
	int i;

	for (i = 0; i < n; i++)
		put_page(pages[i]);
}

int memo_fast2(unsigned long addr, struct page **pages)
{
	return get_user_pages_fast(addr, 1, 0, pages);
}
`,
	"drivers/memo/take.c": `#include <linux/mm.h>

void memo_release(struct page **pages, int n);

int memo_take(unsigned long addr, struct page **pages, int n)
{
	int got = pin_user_pages_fast(addr, n, FOLL_WRITE, pages);

	if (got <= 0)
		return got;
	memo_release(pages, got);
	return 0;
}
`,
	"drivers/memo/set.c": `#include <linux/mm.h>

struct memo_cfg {
	unsigned int flags;
};

struct memo_cfg memo_cfg_global = {
	.flags = FOLL_NOWAIT,
};
`,
	"drivers/memo/use.c": `#include <linux/mm.h>

struct memo_cfg {
	unsigned int flags;
};

extern struct memo_cfg memo_cfg_global;

long memo_use(unsigned long addr, struct page **pages)
{
	struct memo_cfg *cfg = &memo_cfg_global;

	return get_user_pages_unlocked(addr, 1, pages, cfg->flags);
}
`,
}

// memoEdit is one edit of the tree and what it must change: the finding
// whose headline has want (or none has, with gone).
type memoEdit struct {
	name          string
	file          string
	old, new      string
	want, gone    string // substrings of a finding's headline
	wantAt, where string // want names wantAt:N, N the line of where in wantAt
}

var memoEdits = []memoEdit{
	{name: "helper releases the lock", file: "drivers/memo/lockhelp.c",
		old: "void memo_helper(struct mm_struct *mm)\n{\n}", new: "void memo_helper(struct mm_struct *mm)\n{\n\tmmap_read_unlock(mm);\n}",
		want: "fixup_user_fault needs mmap_lock held", wantAt: "drivers/memo/lockhelp.c", where: "\tmmap_read_unlock(mm);"},
	{name: "the helper moves down a line", file: "drivers/memo/lockhelp.c", old: "/* what the ioctl", new: "\n/* what the ioctl",
		want: "fixup_user_fault needs mmap_lock held", wantAt: "drivers/memo/lockhelp.c", where: "\tmmap_read_unlock(mm);"},
	{name: "helper releases the pin", file: "drivers/memo/rel.c", old: "put_page(pages[i])", new: "unpin_user_page(pages[i])",
		gone: "memo_release is passed pages"},
	{name: "the member's store moves down a line", file: "drivers/memo/set.c", old: "struct memo_cfg memo_cfg_global", new: "\nstruct memo_cfg memo_cfg_global",
		want: "stored in memo_cfg.flags at", wantAt: "drivers/memo/set.c", where: "\t.flags = FOLL_NOWAIT,"},
	{name: "the member no longer holds FOLL_NOWAIT", file: "drivers/memo/set.c", old: ".flags = FOLL_NOWAIT", new: ".flags = FOLL_WRITE",
		gone: "stored in memo_cfg.flags"},
	{name: "mm/gup.c moves down a line", file: "mm/gup.c", old: "", new: "\n",
		want: "FOLL_UNLOCKABLE is added by get_user_pages_unlocked", wantAt: "mm/gup.c", where: "\tif (!is_valid_gup_args(pages, NULL, &gup_flags, FOLL_TOUCH | FOLL_UNLOCKABLE))"},
}

var memoNoteRx = regexp.MustCompile(`(?m)^gupvet: memo (\w+): (\d+) of (\d+) results kept`)

func TestMemoWarmEqualsCold(t *testing.T) {
	needDemo(t)
	withAnalyzers(t, all.Analyzers...)
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS(demoTree)); err != nil {
		t.Fatal(err)
	}
	for f, text := range memoFiles {
		writeFileIn(t, dir, f, text)
	}
	t.Setenv("GUPVET_CACHE_DIR", t.TempDir())
	first := runCmd(t, "-C", dir, "-v")
	if n := memoNotes(first.stderr); len(n) != 3 || n["mmaplock"][0] != 0 || n["flagflow"][1] == 0 {
		t.Fatalf("first run: memo notes %v, want mmaplock, flagflow and pinput, nothing kept; stderr:\n%s", n, first.stderr)
	}
	again := runCmd(t, "-C", dir, "-v")
	if again.stdout != first.stdout || again.code != first.code {
		t.Fatalf("unchanged tree: warm run differs:\n%s\nfirst:\n%s", again.stdout, first.stdout)
	}
	if n := memoNotes(again.stderr); n["mmaplock"][0] != n["mmaplock"][1] || n["flagflow"][0] != n["flagflow"][1] || n["pinput"][0] != n["pinput"][1] {
		t.Errorf("unchanged tree: memo notes %v, want every result kept", n)
	}
	// a run of one file (kbuild's C=1 shape) after an edit elsewhere
	// keeps the whole tree's entries for the next whole-tree run
	writeFileIn(t, dir, "drivers/memo/take.c", memoFiles["drivers/memo/take.c"]+"\n")
	runCmd(t, "-C", dir, "drivers/memo/take.c")
	writeFileIn(t, dir, "drivers/memo/take.c", memoFiles["drivers/memo/take.c"])
	if n := memoNotes(runCmd(t, "-C", dir, "-v").stderr); n["flagflow"][0] != n["flagflow"][1] || n["mmaplock"][0] != n["mmaplock"][1] {
		t.Errorf("after a one-file run: memo notes %v, want every result of the tree kept", n)
	}
	for _, e := range memoEdits {
		t.Run(e.name, func(t *testing.T) {
			p := filepath.Join(dir, e.file)
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(b), e.old) {
				t.Fatalf("%s has no %q", e.file, e.old)
			}
			text := strings.Replace(string(b), e.old, e.new, 1)
			writeFileIn(t, dir, e.file, text)
			for _, args := range [][]string{{"-v"}, {"-calls"}} {
				warm := runCmd(t, append([]string{"-C", dir}, args...)...)
				t.Setenv("GUPVET_MEMO", "off")
				cold := runCmd(t, append([]string{"-C", dir}, args...)...)
				os.Unsetenv("GUPVET_MEMO")
				if warm.code != cold.code || warm.stdout != cold.stdout || dropMemoNotes(warm.stderr) != dropMemoNotes(cold.stderr) {
					t.Fatalf("%v: warm run differs from GUPVET_MEMO=off:\nwarm exit %d:\n%s%s\noff exit %d:\n%s%s", args, warm.code, warm.stdout, warm.stderr, cold.code, cold.stdout, cold.stderr)
				}
				if args[0] != "-v" {
					continue
				}
				if n := memoNotes(warm.stderr); n["flagflow"][0] == 0 {
					t.Errorf("warm run kept no summary: %v", n)
				}
				if strings.Contains(cold.stderr, "gupvet: memo ") {
					t.Errorf("GUPVET_MEMO=off still kept a memo:\n%s", cold.stderr)
				}
				heads := headlines(warm.stdout)
				if e.gone != "" && strings.Contains(heads, e.gone) {
					t.Errorf("a finding still says %q:\n%s", e.gone, heads)
				}
				if e.want != "" {
					at := e.wantAt + ":" + strconv.Itoa(textLine(filepath.Join(dir, e.wantAt), e.where))
					if !containsLine(heads, e.want, at) {
						t.Errorf("no finding says %q and %s:\n%s", e.want, at, heads)
					}
				}
			}
		})
	}
}

// writeFileIn replaces a file of the tree by a new one (a new inode, as
// an editor's save), so a tree of hard links stays unchanged.
func writeFileIn(t *testing.T, dir, f, text string) {
	t.Helper()
	testtree.Replace(t, dir, f, text)
}

// memoNotes reads -v's memo notes: name -> [kept, asked].
func memoNotes(stderr string) map[string][2]int {
	out := map[string][2]int{}
	for _, m := range memoNoteRx.FindAllStringSubmatch(stderr, -1) {
		k, _ := strconv.Atoi(m[2])
		n, _ := strconv.Atoi(m[3])
		out[m[1]] = [2]int{k, n}
	}
	return out
}

func dropMemoNotes(stderr string) string {
	var keep []string
	for _, l := range strings.SplitAfter(stderr, "\n") {
		if !strings.HasPrefix(l, "gupvet: memo ") {
			keep = append(keep, l)
		}
	}
	return strings.Join(keep, "")
}

// headlines are the findings' first lines.
func headlines(stdout string) string {
	var out []string
	for _, l := range lines(stdout) {
		if !strings.HasPrefix(l, "\t") {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

func containsLine(text string, subs ...string) bool {
	for _, l := range strings.Split(text, "\n") {
		ok := true
		for _, s := range subs {
			ok = ok && strings.Contains(l, s)
		}
		if ok {
			return true
		}
	}
	return false
}
