package cparse

import "os"
import "path/filepath"
import "reflect"
import "strings"
import "testing"

import "gupvet/internal/realtree"
import "gupvet/internal/testtree"

// kbuildShapes are the lines of scripts/Makefile.build and Makefile.lib
// that define $(src) and the out-of-tree -I flags, as each era writes
// them (6.1: $(src) is $(obj); 6.10–6.12: through VPATH; 6.13 on:
// $(srcroot)).
var kbuildShapes = map[string]map[string]string{
	"6.1": {
		"scripts/Makefile.build": "# Building\n\nsrc := $(obj)\n\nPHONY := $(obj)/\n",
		"scripts/Makefile.lib":   "ifeq ($(KBUILD_EXTMOD),)\nifdef building_out_of_srctree\n_c_flags   += -I $(srctree)/$(src) -I $(objtree)/$(obj)\n_a_flags   += -I $(srctree)/$(src) -I $(objtree)/$(obj)\nendif\nendif\n",
	},
	"6.12": {
		"scripts/Makefile.build": "# Building\n\nsrc := $(if $(VPATH),$(VPATH)/)$(obj)\n\nPHONY := $(obj)/\n",
		"scripts/Makefile.lib":   "ifdef building_out_of_srctree\n_c_flags   += $(addprefix -I, $(src) $(obj))\n_a_flags   += $(addprefix -I, $(src) $(obj))\nendif\n",
	},
	"7.3": {
		"scripts/Makefile.build": "# Building\n\nsrc := $(srcroot)/$(obj)\n\nPHONY := $(obj)/\n",
		"scripts/Makefile.lib":   "ifdef building_out_of_srctree\n_c_flags   += $(addprefix -I, $(src) $(obj))\n_a_flags   += $(addprefix -I, $(src) $(obj))\nendif\n",
	},
}

// TestKbuildSrcVar: i915's "subdir-ccflags-y += -I$(src)" and kbuild's
// closing -I $(src) -I $(obj) name the directories each era's scripts
// define, wherever the scripts are read from; with 6.12's and 7.3's the
// i915 file finds its header in the source directory. $(obj) is the
// directory of the kbuild file (i915/), also for an object in gem/.
func TestKbuildSrcVar(t *testing.T) {
	const file = "drivers/gpu/drm/i915/gem/i915_gem_userptr.c"
	for _, c := range []struct {
		name     string
		shape    string
		inObj    bool // the scripts are in the object tree only
		want     func(src, obj string) []string
		noParse  bool
		wantNote string
	}{
		{name: "6.1", shape: "6.1", noParse: true, // 6.1's i915 wrote -I$(srctree)/$(src)
			want: func(src, obj string) []string {
				return []string{"-DDRIVERS_WIDE", "-Idrivers/gpu/drm/i915",
					"-I", src + "/drivers/gpu/drm/i915", "-I", obj + "/drivers/gpu/drm/i915"}
			}},
		{name: "6.12", shape: "6.12", want: func(src, obj string) []string {
			return []string{"-DDRIVERS_WIDE", "-I" + src + "/drivers/gpu/drm/i915",
				"-I" + src + "/drivers/gpu/drm/i915", "-Idrivers/gpu/drm/i915"}
		}},
		{name: "7.3", shape: "7.3", want: func(src, obj string) []string {
			return []string{"-DDRIVERS_WIDE", "-I" + src + "/drivers/gpu/drm/i915",
				"-I" + src + "/drivers/gpu/drm/i915", "-Idrivers/gpu/drm/i915"}
		}},
		{name: "7.3-objtree-scripts", shape: "7.3", inObj: true, want: func(src, obj string) []string {
			return []string{"-DDRIVERS_WIDE", "-I" + src + "/drivers/gpu/drm/i915",
				"-I" + src + "/drivers/gpu/drm/i915", "-Idrivers/gpu/drm/i915"}
		}},
		{name: "no-scripts", shape: "", noParse: true, wantNote: "no scripts/Makefile.build: $(src) taken as $(obj)",
			want: func(src, obj string) []string {
				return []string{"-DDRIVERS_WIDE", "-Idrivers/gpu/drm/i915",
					"-I", "drivers/gpu/drm/i915", "-I", "drivers/gpu/drm/i915"}
			}},
	} {
		t.Run(c.name, func(t *testing.T) {
			scripts := kbuildShapes[c.shape]
			var tr *Tree
			if c.inObj {
				tr = fakeKernelShaped(t, nil, scripts)
			} else {
				tr = fakeKernelShaped(t, scripts, nil)
			}
			kb := tr.kbuild(tr.Abs(file))
			if kb.Makefile != "drivers/gpu/drm/i915/Makefile" || !kb.Module || kb.ModName != "i915" {
				t.Fatalf("kbuild: %+v", kb)
			}
			if want := c.want(tr.Src, tr.Obj); !reflect.DeepEqual(kb.Flags, want) {
				t.Errorf("flags\n got %q\nwant %q", kb.Flags, want)
			}
			if c.wantNote != "" && !strings.Contains(strings.Join(kb.Notes, "\n"), c.wantNote) {
				t.Errorf("notes %q lack %q", kb.Notes, c.wantNote)
			}
			if c.noParse {
				return
			}
			u, err := tr.Parse(file, Options{Mode: Precise})
			if err != nil || len(u.Errors) > 0 {
				t.Fatalf("parse: %v %v", err, u.Err())
			}
		})
	}
}

// TestKbuildSrcInTree: in an in-tree build (no separate object tree)
// $(src) names the file's directory of the source tree in every era, and
// no out-of-tree -I flags are added.
func TestKbuildSrcInTree(t *testing.T) {
	for shape, scripts := range kbuildShapes {
		src := t.TempDir()
		testtree.Write(t, src, scripts)
		tr, err := NewTree(src, "")
		if err != nil {
			t.Fatal(err)
		}
		m := newMakeEval(tr, "drivers/x")
		got := m.Get("src")
		if !filepath.IsAbs(got) {
			got = filepath.Join(tr.objRoot(), got) // kbuild's working directory
		}
		if want := filepath.Join(tr.Src, "drivers/x"); got != want {
			t.Errorf("%s: $(src) = %q (%q), want %q", shape, m.Get("src"), got, want)
		}
		if f := m.outOfTreeIncludes(); f != nil {
			t.Errorf("%s: in-tree build adds %q", shape, f)
		}
	}
}

func TestSrcAssignment(t *testing.T) {
	for _, c := range []struct{ text, want string }{
		{"src := $(srcroot)/$(obj)\n", "src := $(srcroot)/$(obj)"},
		{"# c\nsrcs := x\nsrc\t= $(obj) # trailing\n", "src\t= $(obj)"},
		{"ifdef X\nsrc := wrong\nendif\nsrc := $(obj)\n", "src := $(obj)"},
		{"obj := x\n", ""},
	} {
		if got := srcAssignment([]byte(c.text)); got != c.want {
			t.Errorf("srcAssignment(%q) = %q, want %q", c.text, got, c.want)
		}
	}
	for _, c := range []struct{ text, want string }{
		{kbuildShapes["6.1"]["scripts/Makefile.lib"], "-I $(srctree)/$(src) -I $(objtree)/$(obj)"},
		{kbuildShapes["7.3"]["scripts/Makefile.lib"], "$(addprefix -I, $(src) $(obj))"},
		{"ifdef building_out_of_srctree\nelse\n_c_flags += -Iin-tree\nendif\n_c_flags += -Inever\n", ""},
		{"_c_flags += -Ioutside\n", ""},
	} {
		if got := outOfTreeFlags([]byte(c.text)); got != c.want {
			t.Errorf("outOfTreeFlags(%q) = %q, want %q", c.text, got, c.want)
		}
	}
}

// TestKbuildSrcRealTrees: on the real 6.12 and 7.3 trees with their object
// trees, i915's -I$(src) is the source directory (the header it includes
// is there), read from each tree's own scripts.
func TestKbuildSrcRealTrees(t *testing.T) {
	for _, v := range []string{"6.12", "7"} {
		t.Run(realtree.Env(v), func(t *testing.T) {
			tr := realTreeFrom(t, v)
			kb := tr.kbuild(tr.Abs("drivers/gpu/drm/i915/gem/i915_gem_userptr.c"))
			want := "-I" + filepath.Join(tr.Src, "drivers/gpu/drm/i915")
			if len(kb.Flags) == 0 || !containsWord(kb.Flags, want) {
				t.Fatalf("flags %q lack %q (notes %q)", kb.Flags, want, kb.Notes)
			}
			if _, err := os.Stat(filepath.Join(tr.Src, "drivers/gpu/drm/i915/i915_drv.h")); err != nil {
				t.Errorf("the -I$(src) directory lacks i915_drv.h: %v", err)
			}
			// the closing -I $(src) -I $(obj) of the kbuild file's directory
			if n := len(kb.Flags); n < 2 || kb.Flags[n-2] != want || kb.Flags[n-1] != "-Idrivers/gpu/drm/i915" {
				t.Errorf("flags %q do not end in %q -Idrivers/gpu/drm/i915", kb.Flags, want)
			}
		})
	}
}
