package main

import "strings"
import "testing"

import "gupvet/cparse"
import "gupvet/internal/testtree"
import "gupvet/rules/all"

// escalationTree is the demo, configured (an in-tree build), with what
// tolerant mode is blind to by design: a global header's macro composing
// FOLL_ flags used in a driver's call, and a global header's inline GUP
// wrapper the driver passes FOLL_NOWAIT to. Its err.h gives the demo's
// headers what the kernel's would for a precise read.
func escalationTree(t *testing.T) string {
	t.Helper()
	dir := copyDemo(t)
	testtree.Write(t, dir, map[string]string{
		".config":                      "CONFIG_MMU=y\n",
		"include/generated/autoconf.h": "#define CONFIG_MMU 1\n",
		"include/linux/err.h": `#ifndef DEMO_ERR_H
#define DEMO_ERR_H
typedef _Bool bool;
#define true 1
#define false 0
#define NULL ((void *)0)
#define EINVAL 22
#define EIO 5
#define ERR_PTR(e) ((void *)(long)(e))
#define WARN_ON_ONCE(c) (c)
#endif
`,
		"include/linux/gupwrap.h": `#ifndef GUPWRAP_H
#define GUPWRAP_H
#include <linux/mm.h>

#define ESC_FLAGS (FOLL_NOWAIT | FOLL_WRITE)

static inline long esc_pin(unsigned long addr, struct page **pages, unsigned int flags)
{
	return pin_user_pages_unlocked(addr, 1, pages, flags);
}
#endif
`,
		"drivers/esc/macro.c": `#include <linux/gupwrap.h>

long esc_macro(unsigned long addr, struct page **pages)
{
	return get_user_pages_unlocked(addr, 1, pages, ESC_FLAGS);
}
`,
		// 5.9's mm/gup_benchmark.c shape in 6.12's signatures: ioctl
		// numbers made by a global header's _IOWR() as case labels,
		// around a get_user_pages with FOLL_LONGTERM and no FOLL_PIN
		"drivers/esc/ioctl.c": `#include <linux/mm.h>
#include <linux/ioctl.h>

#define ESC_FAST	_IOWR('g', 1, struct esc_args)
#define ESC_LONGTERM	_IOWR('g', 2, struct esc_args)

struct esc_args {
	unsigned long addr;
	unsigned int flags;
};

static int esc_ioctl(unsigned int cmd, struct esc_args *a, struct page **pages)
{
	int nr = 1;

	switch (cmd) {
	case ESC_FAST:
		nr = get_user_pages_fast(a->addr, nr, FOLL_WRITE, pages);
		break;
	case ESC_LONGTERM:
		nr = get_user_pages(a->addr, nr, FOLL_WRITE | FOLL_LONGTERM, pages);
		break;
	default:
		return -22;
	}
	return nr;
}
`,
		"drivers/esc/wrapper.c": `#include <linux/gupwrap.h>

long esc_wrapper(unsigned long addr, struct page **pages)
{
	return esc_pin(addr, pages, FOLL_NOWAIT);
}
`,
	})
	return dir
}

// -mode auto on a configured tree reads tolerantly what is too much to
// preprocess, and reads again in precise mode a file whose GUP call
// tolerant mode cannot see through: both blind spots are reported, and
// -v says why the file was read again. Tolerant mode alone finds neither
// (the test would pass vacuously if it did).
func TestEscalation(t *testing.T) {
	withAnalyzers(t, all.Analyzers...)
	old := autoPreciseMax
	autoPreciseMax = 0 // as for a whole tree: auto chooses tolerant mode
	t.Cleanup(func() { autoPreciseMax = old })
	dir := escalationTree(t)
	want := []string{"drivers/esc/macro.c:5 [nowaitunlockable]", "drivers/esc/wrapper.c:5 [nowaitunlockable]",
		"drivers/esc/ioctl.c:21 [longtermnopin]"}

	tol := runCmd(t, "-C", dir, "-mode", "tolerant", "drivers/esc/macro.c", "drivers/esc/wrapper.c")
	if got := findings(tol.stdout); len(got) != 0 {
		t.Fatalf("tolerant mode alone: %v (the fixture no longer tests escalation)", got)
	}
	r := runCmd(t, "-C", dir, "-v")
	if r.code != exitFindings {
		t.Errorf("exit %d, want 1 (findings, every file and call site analysed):\n%s", r.code, r.stderr)
	}
	got := strings.Join(findings(r.stdout), " ")
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("no %s in %s\n%s", w, got, r.stderr)
		}
	}
	wantAll(t, r.stderr,
		"drivers/esc/macro.c: precise, read again in precise mode: drivers/esc/macro.c:5:49: the flags of get_user_pages_unlocked name ESC_FLAGS",
		"drivers/esc/wrapper.c: precise, read again in precise mode: drivers/esc/wrapper.c:5:9: esc_pin is given FOLL_ flags and is declared in no file tolerant mode read",
		"mode tolerant with the tree's configuration",
	)
	if strings.Contains(r.stderr, "madvise.c: precise") {
		t.Errorf("a file tolerant mode reads right was read again:\n%s", r.stderr)
	}
}

// A precise run over a directory reads what this configuration does not
// build in tolerant mode, with a note, instead of leaving it out; the
// other-architecture rule stays (TestDropOtherArches).
func TestNotBuiltReadTolerantly(t *testing.T) {
	dir := testtree.Dir(t, map[string]string{
		"mm/gup.c":             gupC,
		"drivers/a/Makefile":   "obj-$(CONFIG_A) += a.o\nobj-y += b.o\n",
		"drivers/a/a.c":        driverA,
		"drivers/a/b.c":        driverA,
		"drivers/Makefile":     "obj-y += a/\n",
		"Makefile":             "VERSION = 6\nPATCHLEVEL = 12\nSUBLEVEL = 0\n",
		"scripts/Makefile.lib": "",
	})
	obj := testtree.Dir(t, map[string]string{".config": "CONFIG_MMU=y\n", "include/generated/autoconf.h": "#define CONFIG_MMU 1\n"})
	p, err := makePlan(&options{dir: dir, obj: obj, mode: "precise", jobs: 1}, []string{"drivers/a"})
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(p.files, " "); got != "drivers/a/a.c drivers/a/b.c" {
		t.Fatalf("files %q: the file the configuration does not build is left out", got)
	}
	mode := p.modeOf()
	if mode == nil || mode("drivers/a/a.c") != cparse.Tolerant || mode("drivers/a/b.c") == cparse.Tolerant {
		t.Errorf("a.c (CONFIG_A unset) must be read tolerantly, b.c precisely")
	}
}
