package cparse

import "fmt"
import "path/filepath"
import "strings"

import "gupvet/cparse/gmake"

// kbuildDirs is how the tree's own kbuild names the directories of the
// directory it descends into, read from the tree rather than assumed from
// a version: $(src) has been "$(obj)" (relative to the object tree, up to
// 6.9), "$(if $(VPATH),$(VPATH)/)$(obj)" (6.10–6.12) and
// "$(srcroot)/$(obj)" (6.13 on); the -I flags kbuild adds for a file when
// the object tree is not the source tree have been
// "-I $(srctree)/$(src) -I $(objtree)/$(obj)" and later
// "$(addprefix -I, $(src) $(obj))".
type kbuildDirs struct {
	// srcAssign is the assignment of src in scripts/Makefile.build
	// ("src := $(srcroot)/$(obj)"), or "" when none was found.
	srcAssign string
	// outOfTree is the right-hand side of the _c_flags += line under
	// "ifdef building_out_of_srctree" in scripts/Makefile.lib, or "".
	outOfTree string
	notes     []string
}

// kbuildDirs reads scripts/Makefile.build and scripts/Makefile.lib, from
// the source tree (what kbuild runs with make -f $(srctree)/scripts/...)
// or, when it lacks them, from the object tree (Debian's headers packages
// carry a copy).
func (t *Tree) kbuildDirs() *kbuildDirs {
	t.dirsOnce.Do(func() { t.dirs = t.readKbuildDirs() })
	return t.dirs
}

func (t *Tree) readKbuildDirs() *kbuildDirs {
	d := &kbuildDirs{}
	if p, b := t.kbuildScript("Makefile.build"); b != nil {
		d.srcAssign = srcAssignment(b)
		if d.srcAssign == "" {
			d.notes = append(d.notes, fmt.Sprintf("kbuild: %s assigns no $(src): taken as $(obj)", t.Rel(p)))
		}
	} else {
		d.notes = append(d.notes, "kbuild: no scripts/Makefile.build: $(src) taken as $(obj)")
	}
	if _, b := t.kbuildScript("Makefile.lib"); b != nil {
		d.outOfTree = outOfTreeFlags(b)
	}
	return d
}

// kbuildScript reads scripts/NAME of the source tree, else of the object
// tree; it returns nil when neither has it.
func (t *Tree) kbuildScript(name string) (string, []byte) {
	for _, root := range []string{t.Src, t.Obj} {
		if root == "" {
			continue
		}
		p := filepath.Join(root, "scripts", name)
		if b, err := t.ReadFile(p); err == nil {
			return p, b
		}
	}
	return "", nil
}

// srcAssignment returns the first top-level assignment of src in make
// text, as written.
func srcAssignment(b []byte) string {
	found := ""
	eachMakeLine(b, func(s string, conds []string) bool {
		if len(conds) > 0 || !strings.HasPrefix(s, "src") {
			return true
		}
		rest := strings.TrimLeft(s[len("src"):], " \t")
		for _, op := range []string{":=", "::=", "=", "?="} {
			if strings.HasPrefix(rest, op) {
				found = s
				return false
			}
		}
		return true
	})
	return found
}

// outOfTreeFlags returns the right-hand side of "_c_flags += ..." inside
// "ifdef building_out_of_srctree", or "".
func outOfTreeFlags(b []byte) string {
	found := ""
	eachMakeLine(b, func(s string, conds []string) bool {
		in := false
		for _, c := range conds {
			in = in || c == "ifdef building_out_of_srctree"
		}
		if name, rhs, ok := strings.Cut(s, "+="); ok && in && strings.TrimSpace(name) == "_c_flags" {
			found = strings.TrimSpace(rhs)
			return false
		}
		return true
	})
	return found
}

// eachMakeLine calls fn with each logical line of make text that is not a
// conditional directive, comments stripped, and the conditionals it is
// in, outermost first ("ifdef X", or "else" in an else branch), until fn
// returns false. It only reads the text: no branch is chosen.
func eachMakeLine(b []byte, fn func(s string, conds []string) bool) {
	var conds []string
	for _, ln := range gmake.Lines(b) {
		s := strings.TrimSpace(gmake.StripComment(ln))
		word, _, _ := strings.Cut(s, " ")
		switch word {
		case "ifeq", "ifneq", "ifdef", "ifndef":
			conds = append(conds, strings.Join(strings.Fields(s), " "))
			continue
		case "else":
			if len(conds) > 0 {
				conds[len(conds)-1] = "else"
			}
			continue
		case "endif":
			if len(conds) > 0 {
				conds = conds[:len(conds)-1]
			}
			continue
		}
		if s != "" && !fn(s, conds) {
			return
		}
	}
}

// setDirVars sets $(obj), $(src) and the top Makefile's exports they are
// made of (srcroot, VPATH, building_out_of_srctree) for the kbuild file of
// directory dir, then evaluates the tree's own assignment of src.
// Relative paths mean the object tree, kbuild's working directory; the
// source tree is named by its absolute path, which is what srctree,
// srcroot and VPATH ("..", "." or absolute in kbuild) point at.
func (m *makeEval) setDirVars(dir string) {
	t := m.t
	m.Set("obj", filepath.ToSlash(dir))
	m.Set("src", filepath.ToSlash(dir))
	if t.Obj != "" && t.Obj != t.Src {
		m.Set("building_out_of_srctree", "1")
		m.Set("VPATH", t.Src)
	}
	if a := t.kbuildDirs().srcAssign; a != "" {
		m.Assign(a)
	}
}

// outOfTreeIncludes returns the -I flags kbuild adds last for a file when
// the object tree is not the source tree, as the tree's Makefile.lib
// writes them (nil in an in-tree build).
func (m *makeEval) outOfTreeIncludes() []string {
	t := m.t
	if t.Obj == "" || t.Obj == t.Src {
		return nil
	}
	if rhs := t.kbuildDirs().outOfTree; rhs != "" {
		return strings.Fields(m.Expand(rhs))
	}
	return []string{"-I", m.Get("src"), "-I", m.Get("obj")}
}
