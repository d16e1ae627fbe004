package cparse

import "bufio"
import "bytes"
import "fmt"
import "io/fs"
import "os"
import "path/filepath"
import "sort"
import "strings"

import "gupvet/cparse/gmake"

// This file finds how kbuild compiles one source file: which kbuild file
// (Kbuild or Makefile) lists its object, the -I/-D/-U/-include flags that
// file and its parents add (ccflags-y, subdir-ccflags-y, CFLAGS_<obj>.o),
// and whether the object ends up in a module or in vmlinux. It reads the
// kbuild files with package gmake, on the tree's configuration; gupvet
// never runs make.

// kbuildInfo is what kbuild adds to the compiler command line of one file.
type kbuildInfo struct {
	// Makefile is the kbuild file, tree-relative, that lists the object,
	// or "" when none was found.
	Makefile string
	// Stem is the object's name relative to that file's directory,
	// without .o ("gup", "../../../virt/kvm/kvm_main").
	Stem string
	// Flags are the compiler flags kbuild adds for the file, in order:
	// parents' subdir-ccflags-y, ccflags-y, CFLAGS_<stem>.o, then
	// scripts/Makefile.lib's -I $(src) -I $(obj) out of the source tree.
	Flags []string
	// Module is true for an object linked into a module (obj-m).
	Module bool
	// Built is false when the object's list is not selected by the
	// configuration (obj- or an unset composite).
	Built    bool
	ModName  string // KBUILD_MODNAME, unquoted
	BaseName string // KBUILD_BASENAME, unquoted
	ModFile  string // KBUILD_MODFILE for built-in objects, unquoted
	Notes    []string
}

// kconfig reads the configuration of the object tree (auto.conf, else
// .config) as make variables: CONFIG_FOO=y.
func kconfig(obj string) map[string]string {
	conf := map[string]string{}
	if obj == "" {
		return conf
	}
	b, err := os.ReadFile(filepath.Join(obj, "include/config/auto.conf"))
	if err != nil {
		if b, err = os.ReadFile(filepath.Join(obj, ".config")); err != nil {
			return conf
		}
	}
	for _, ln := range strings.Split(string(b), "\n") {
		if !strings.HasPrefix(ln, "CONFIG_") {
			continue
		}
		if k, v, ok := strings.Cut(ln, "="); ok {
			conf[k] = v
		}
	}
	return conf
}

func (t *Tree) kconfig() map[string]string {
	t.kconfigOnce.Do(func() { t.kconf = kconfig(t.Obj) })
	return t.kconf
}

// kbuildFile returns the kbuild file of a tree-relative directory: Kbuild
// if it exists, else Makefile (except at the top, where the Makefile is not
// a kbuild file), or "".
func (t *Tree) kbuildFile(dir string) string {
	for _, n := range []string{"Kbuild", "Makefile"} {
		if dir == "." && n == "Makefile" {
			break
		}
		p := filepath.Join(dir, n)
		if fi, err := os.Stat(t.Abs(p)); err == nil && fi.Mode().IsRegular() {
			return p
		}
	}
	return ""
}

// objRoot is kbuild's working directory: the object tree, or the source
// tree for an in-tree build.
func (t *Tree) objRoot() string {
	if t.Obj != "" {
		return t.Obj
	}
	return t.Src
}

// evalKbuild evaluates the kbuild file of directory dir (tree-relative) as
// kbuild would when descending into dir.
func (t *Tree) evalKbuild(dir, file string) *makeEval {
	m := newMakeEval(t, dir)
	m.Include(t.Abs(file))
	return m
}

// kbuild finds how the file at abs is compiled.
func (t *Tree) kbuild(abs string) *kbuildInfo {
	rel := t.Rel(abs)
	base := strings.TrimSuffix(filepath.Base(rel), filepath.Ext(rel))
	info := &kbuildInfo{BaseName: base, ModName: base, Stem: base}
	if filepath.IsAbs(rel) {
		info.Notes = append(info.Notes, "file is outside the source tree: no kbuild flags")
		return info
	}
	target := filepath.Join(filepath.Dir(rel), base+".o")

	// 1. the file's directory and its parents, nearest first;
	// 2. kbuild files of the architecture that include a file of the
	//    file's directory (virt/kvm/Makefile.kvm from arch/x86/kvm/Makefile).
	var cands []string
	for d := filepath.Dir(rel); ; d = filepath.Dir(d) {
		if f := t.kbuildFile(d); f != "" {
			cands = append(cands, f)
		}
		if d == "." || d == "/" {
			break
		}
	}
	cands = append(cands, t.archIncluders(filepath.Dir(rel))...)

	for _, f := range cands {
		dir := filepath.Dir(f)
		m := t.evalKbuild(dir, f)
		hit := m.findObject(dir, target)
		if hit == nil {
			continue
		}
		info.Makefile = f
		info.Stem = hit.stem
		info.Module = hit.module
		info.Built = hit.built
		if hit.composite != "" {
			info.ModName = hit.composite
		}
		if !info.Module {
			info.ModFile = filepath.ToSlash(filepath.Join(dir, info.ModName))
		}
		info.Flags = t.kbuildFlags(dir, m, hit.stem)
		info.Notes = append(info.Notes, t.kbuildDirs().notes...)
		return info
	}
	info.Built = true
	info.ModFile = filepath.ToSlash(filepath.Join(filepath.Dir(rel), base))
	info.Notes = append(info.Notes, fmt.Sprintf("no kbuild file lists %s: assumed built-in with no per-directory flags", target))
	return info
}

// makeEval is the evaluation of one kbuild file, as kbuild descends into
// its directory.
type makeEval struct {
	*gmake.Eval
	t *Tree
}

// newMakeEval starts the evaluation of the kbuild file of dir
// (tree-relative): the tree's variables and the directory's $(obj) and
// $(src) set.
func newMakeEval(t *Tree, dir string) *makeEval {
	objRoot := t.objRoot()
	m := &makeEval{Eval: gmake.New(gmake.Env{ReadFile: t.ReadFile, Dir: objRoot, Fallback: t.Src, Config: t.kconfig()}), t: t}
	m.Set("srctree", t.Src)
	m.Set("objtree", objRoot)
	m.Set("srcroot", t.Src)
	m.Set("SRCARCH", t.Arch)
	m.Set("ARCH", t.Arch)
	// $(obj) is the directory relative to the object tree (kbuild's cwd);
	// flags using it are resolved against the object tree later. $(src)
	// is what the tree's scripts/Makefile.build makes of it.
	m.setDirVars(dir)
	return m
}

// kbuildFlags collects the flags kbuild adds for object stem of the kbuild
// file of dir, whose evaluation is m.
func (t *Tree) kbuildFlags(dir string, m *makeEval, stem string) []string {
	var flags []string
	// subdir-ccflags-y of the parents, from the top down, then this dir's
	var parents []string
	for d := filepath.Dir(dir); ; d = filepath.Dir(d) {
		parents = append(parents, d)
		if d == "." || d == "/" {
			break
		}
	}
	for i := len(parents) - 1; i >= 0; i-- {
		d := parents[i]
		f := t.kbuildFile(d)
		if f == "" {
			continue
		}
		pm := t.evalKbuild(d, f)
		flags = append(flags, pm.Words("subdir-ccflags-y")...)
	}
	flags = append(flags, m.Words("subdir-ccflags-y")...)
	flags = append(flags, m.Words("ccflags-y")...)
	flags = filterOut(flags, m.Words("ccflags-remove-y"))
	flags = append(flags, m.Words("CFLAGS_"+stem+".o")...)
	flags = filterOut(flags, m.Words("CFLAGS_REMOVE_"+stem+".o"))
	return append(flags, m.outOfTreeIncludes()...)
}

func filterOut(xs, remove []string) []string {
	if len(remove) == 0 {
		return xs
	}
	rm := map[string]bool{}
	for _, r := range remove {
		rm[r] = true
	}
	var out []string
	for _, x := range xs {
		if !rm[x] {
			out = append(out, x)
		}
	}
	return out
}

// archIncluders returns the kbuild files under arch/<arch> that include a
// file of directory dir.
func (t *Tree) archIncluders(dir string) []string {
	t.archOnce.Do(func() { t.archIdx = t.readArchIncluders() })
	idx := t.archIdx
	var out []string
	for f, dirs := range idx {
		for _, d := range dirs {
			if d == dir {
				out = append(out, f)
				break
			}
		}
	}
	sort.Strings(out)
	return out
}

// readArchIncluders indexes the kbuild files under arch/<arch> by the
// directories of the files they include.
func (t *Tree) readArchIncluders() map[string][]string {
	idx := map[string][]string{}
	root := t.Abs(filepath.Join("arch", t.Arch))
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() || (d.Name() != "Makefile" && d.Name() != "Kbuild") {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil || !bytes.Contains(b, []byte("include")) {
			return nil
		}
		sc := bufio.NewScanner(bytes.NewReader(b))
		for sc.Scan() {
			ln := strings.TrimSpace(sc.Text())
			for _, kw := range []string{"include ", "-include ", "sinclude "} {
				if strings.HasPrefix(ln, kw) {
					inc := strings.TrimSpace(strings.TrimPrefix(ln, kw))
					inc = strings.TrimPrefix(inc, "$(srctree)/")
					idx[t.Rel(p)] = append(idx[t.Rel(p)], filepath.Dir(inc))
				}
			}
		}
		return nil
	})
	return idx
}

// objHit is where an object was found in a kbuild file.
type objHit struct {
	stem      string // object path relative to the kbuild dir, no .o
	composite string // the composite object it is part of, or ""
	module    bool
	built     bool
}

// findObject looks for target (tree-relative, "mm/gup.o") in the object
// lists of m, the evaluation of the kbuild file of dir.
func (m *makeEval) findObject(dir, target string) *objHit {
	match := func(w string) bool {
		return filepath.Join(dir, w) == target
	}
	// direct: obj-y, obj-m, lib-y, obj- (not selected)
	for _, l := range []struct {
		v             string
		module, built bool
	}{{"obj-y", false, true}, {"lib-y", false, true}, {"obj-m", true, true}, {"obj-", false, false}, {"obj-n", false, false}} {
		for _, w := range m.Words(l.v) {
			if match(w) {
				// foo.o may itself be a composite of foo-y parts; then
				// it is not compiled from foo.c, but kbuild would not
				// allow that anyway.
				return &objHit{stem: strings.TrimSuffix(w, ".o"), module: l.module, built: l.built}
			}
		}
	}
	// composite: <comp>-y, <comp>-objs, <comp>-m
	for _, n := range m.Vars() {
		var comp string
		switch {
		case strings.HasSuffix(n, "-objs"):
			comp = strings.TrimSuffix(n, "-objs")
		case strings.HasSuffix(n, "-y"):
			comp = strings.TrimSuffix(n, "-y")
		case strings.HasSuffix(n, "-m"):
			comp = strings.TrimSuffix(n, "-m")
		default:
			continue
		}
		if comp == "obj" || comp == "lib" || comp == "" || strings.Contains(comp, "flags") {
			continue
		}
		found := ""
		for _, w := range m.Words(n) {
			if match(w) {
				found = w
				break
			}
		}
		if found == "" {
			continue
		}
		// only a composite kbuild links: <comp>.o is in an object list;
		// other variables (mmu-y) are helpers already expanded above
		h := &objHit{stem: strings.TrimSuffix(found, ".o"), composite: filepath.Base(comp)}
		co := comp + ".o"
		switch {
		case containsWord(m.Words("obj-y"), co):
			h.built = true
		case containsWord(m.Words("obj-m"), co):
			h.built, h.module = true, true
		case containsWord(m.Words("obj-"), co), containsWord(m.Words("obj-n"), co):
		default:
			continue
		}
		if strings.HasSuffix(n, "-m") && !h.module {
			// foo-m parts only count for a modular foo.o
			continue
		}
		return h
	}
	return nil
}

func containsWord(ws []string, w string) bool {
	for _, x := range ws {
		if x == w {
			return true
		}
	}
	return false
}
