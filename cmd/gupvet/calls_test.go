package main

import "encoding/json"
import "os"
import "path/filepath"
import "regexp"
import "strings"
import "testing"

import "gupvet/rules/all"

// -calls on the demo: every call of an entry point outside mm/gup.c, one
// a line (the demo's sources: clean.c's four, madvise.c's two, KVM's one),
// with the flags that reach it and where they were set, and the rules
// that fired there; the run's account on stderr; exit 0 (an inventory,
// not findings).
func TestCallsDemo(t *testing.T) {
	withAnalyzers(t, all.Analyzers...)
	needDemo(t)
	r := runCmd(t, "-C", demoTree, "-calls")
	if r.code != exitClean {
		t.Fatalf("exit %d, want 0:\n%s%s", r.code, r.stdout, r.stderr)
	}
	var heads []string
	for _, l := range lines(r.stdout) {
		if !strings.HasPrefix(l, "\t") {
			heads = append(heads, l)
		}
	}
	want := []string{
		"drivers/demo/clean.c:12:9: demo_pin_dma_buffer calls pin_user_pages_fast",
		"drivers/demo/clean.c:26:6: demo_peek_remote calls get_user_pages_remote",
		"drivers/demo/clean.c:35:9: demo_get_range calls get_user_pages_unlocked",
		"drivers/demo/clean.c:46:6: demo_pin_remote calls pin_user_pages_remote",
		"mm/madvise.c:19:11: madvise_populate calls faultin_page_range",
		"mm/madvise.c:41:9: demo_populate_unlocked calls faultin_page_range [nulllocked]",
		"virt/kvm/kvm_main.c:30:11: hva_to_pfn_slow calls get_user_pages_unlocked [nowaitunlockable]",
	}
	if strings.Join(heads, "\n") != strings.Join(want, "\n") {
		t.Errorf("sites:\n%s\nwant:\n%s", strings.Join(heads, "\n"), strings.Join(want, "\n"))
	}
	wantAll(t, r.stdout,
		"flags: always FOLL_HWPOISON (set at line 19); may FOLL_WRITE (set at line 24), FOLL_NOWAIT (set at line 26), FOLL_INTERRUPTIBLE (set at line 28)",
		"get_user_pages_unlocked adds: FOLL_TOUCH|FOLL_UNLOCKABLE",
		"pin_user_pages_remote adds: FOLL_TOUCH|FOLL_REMOTE|FOLL_PIN|FOLL_UNLOCKABLE",
		"\tlocked: NULL\n",
	)
	wantAll(t, r.stderr, "gupvet: 4 file(s), 7 GUP call site(s) analysed\n")
	// a plain run gives the same account, and its usual status
	if r := runCmd(t, "-C", demoTree); r.code != exitFindings || !strings.Contains(r.stderr, "7 GUP call site(s) analysed") {
		t.Errorf("plain run: exit %d, stderr %q", r.code, r.stderr)
	}
}

func TestCallsJSON(t *testing.T) {
	withAnalyzers(t, all.Analyzers...)
	needDemo(t)
	r := runCmd(t, "-C", demoTree, "-calls", "-json")
	var sites []jsonSite
	if err := json.Unmarshal([]byte(r.stdout), &sites); err != nil || r.code != exitClean {
		t.Fatalf("exit %d, not a JSON array of sites: %v\n%s", r.code, err, r.stdout)
	}
	if len(sites) != 7 {
		t.Fatalf("%d sites, want 7", len(sites))
	}
	kvm := sites[6]
	if kvm.Posn != "virt/kvm/kvm_main.c:30:11" || kvm.Entry != "get_user_pages_unlocked" || kvm.Func != "hva_to_pfn_slow" ||
		kvm.Flags == nil || strings.Join(kvm.Flags.Always, "|") != "FOLL_HWPOISON" || kvm.Flags.SetAt["FOLL_NOWAIT"] != "virt/kvm/kvm_main.c:26:12" ||
		strings.Join(kvm.Rules, ",") != "nowaitunlockable" || strings.Join(kvm.Adds, "|") != "FOLL_TOUCH|FOLL_UNLOCKABLE" {
		t.Errorf("KVM site: %+v %+v", kvm, kvm.Flags)
	}
	if sites[5].Locked != "NULL" || sites[4].Locked != "non-NULL" {
		t.Errorf("locked: %q, %q", sites[5].Locked, sites[4].Locked)
	}
}

// A call the frontend could not parse is named on every run and makes the
// exit status 2; one in code the configuration leaves out is counted.
func TestCallsUnseen(t *testing.T) {
	withAnalyzers(t, all.Analyzers...)
	dir := copyDemo(t)
	os.MkdirAll(filepath.Join(dir, "drivers/x"), 0o755)
	os.WriteFile(filepath.Join(dir, "drivers/x/x.c"), []byte(`#include <linux/mm.h>

#if 0
long x_old(unsigned long a, struct page **p)
{
	return get_user_pages(a, 1, FOLL_WRITE, p);
}
#endif

long x_broken(unsigned long a, struct page **p)
{
	return get_user_pages(a, 1, FOLL_WRITE, p) + ;
}

/* get_user_pages(a, 1, 0, p) in a comment is no call */
long x_fine(unsigned long a, struct page **p)
{
	pr_info("get_user_pages()");
	return get_user_pages(a, 1, FOLL_WRITE, p);
}
`), 0o644)
	r := runCmd(t, "-C", dir, "-calls", "drivers/x/x.c")
	if r.code != exitTrouble {
		t.Errorf("exit %d, want 2 (a call site lost)", r.code)
	}
	wantAll(t, r.stdout,
		"drivers/x/x.c:6:9: get_user_pages: not in the code this configuration compiles, not analysed\n",
		"drivers/x/x.c:12:9: get_user_pages: in code that could not be parsed, not analysed\n",
		"drivers/x/x.c:19:9: x_fine calls get_user_pages\n",
	)
	if heads := strings.Count(r.stdout, "\ndrivers/x/x.c:") + 1; heads != 3 || !strings.HasPrefix(r.stdout, "drivers/x/x.c:6:9:") {
		t.Errorf("%d sites, want 3 in line order:\n%s", heads, r.stdout)
	}
	wantAll(t, r.stderr, "1 GUP call site(s) analysed (1 more in code this configuration does not compile",
		"1 GUP call site(s) in code that could not be parsed, not analysed: drivers/x/x.c:12 (get_user_pages)")
	// without -calls too: the loss is said, and the status is 2
	if r := runCmd(t, "-C", dir, "drivers/x/x.c"); r.code != exitTrouble || !strings.Contains(r.stderr, "drivers/x/x.c:12 (get_user_pages)") {
		t.Errorf("plain run: exit %d, stderr %q", r.code, r.stderr)
	}
}

var accountRx = regexp.MustCompile(`(?m)^gupvet: \d+ file\(s\), \d+ GUP call site\(s\) analysed.*\n`)

// withoutAccount is stderr without the run's account of its call sites,
// for tests about something else.
func withoutAccount(stderr string) string { return accountRx.ReplaceAllString(stderr, "") }

// A call written in a macro's argument is one site, placed at the macro
// (as the frontend places it), and not also an unseen call at its
// spelling: 5.10's lib/iov_iter.c calls get_user_pages_fast inside
// iterate_all_kinds(..., ({ ... })).
func TestCallsInMacroArgument(t *testing.T) {
	withAnalyzers(t, all.Analyzers...)
	dir := copyDemo(t)
	os.MkdirAll(filepath.Join(dir, "drivers/x"), 0o755)
	os.WriteFile(filepath.Join(dir, "drivers/x/m.c"), []byte(`#include <linux/mm.h>

#define each_chunk(n, STEP) do { int __i; for (__i = 0; __i < (n); __i++) { (void)(STEP); } } while (0)

long x_each(unsigned long a, struct page **p)
{
	long res = 0;
	each_chunk(2, ({
		res += get_user_pages_fast(a, 1,
					   FOLL_WRITE, p);
	}));
	return res;
}
`), 0o644)
	r := runCmd(t, "-C", dir, "-calls", "drivers/x/m.c")
	if r.code != exitClean {
		t.Errorf("exit %d, want 0:\n%s", r.code, r.stderr)
	}
	if n := strings.Count(r.stdout, "drivers/x/m.c:"); n != 1 || strings.Contains(r.stdout, "not analysed") {
		t.Errorf("%d sites of get_user_pages_fast, want one analysed:\n%s", n, r.stdout)
	}
	if !strings.Contains(r.stderr, "1 GUP call site(s) analysed\n") {
		t.Errorf("account: %q", r.stderr)
	}
}
