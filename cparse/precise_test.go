package cparse

import "encoding/json"
import "os"
import "path/filepath"
import "reflect"
import "strings"
import "testing"
import "time"

import "modernc.org/cc/v4"

import "gupvet/internal/realtree"
import "gupvet/internal/testtree"
import "gupvet/internal/txtartest"

// ---- cc/v4 gaps: each reproducer fails without its work-around ----------

// gapConfig builds the precise-mode configuration of a reproducer in
// testdata/gaps, through a compile_commands.json entry that forced-includes
// the stand-ins for kconfig.h and compiler_types.h, and then turns off one
// work-around.
func gapConfig(t *testing.T, file, off string) (*cc.Config, []cc.Source) {
	t.Helper()
	dir, err := filepath.Abs("testdata/gaps")
	if err != nil {
		t.Fatal(err)
	}
	tr, err := NewTree(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	abs := filepath.Join(dir, file)
	tr.CompDB = map[string]*CompileCommand{abs: {Directory: dir, File: abs,
		Args: []string{"gcc", "-include", "kconfig.h", "-include", "compiler_types.h", "-c", file}}}
	cfg, srcs, _, err := tr.preciseConfig(abs)
	if err != nil {
		t.Fatal(err)
	}
	drop := func(name string) {
		var out []cc.Source
		found := false
		for _, s := range srcs {
			if s.Name == name {
				found = true
				continue
			}
			out = append(out, s)
		}
		if !found {
			t.Fatalf("no source %s", name)
		}
		srcs = out
	}
	switch off {
	case "":
	case "rewrite":
		cfg.FS = &treeFS{t: tr}
	case "seg":
		if srcs[0].Name != "<predefined>" {
			t.Fatal("first source is not <predefined>")
		}
		srcs[0].Value = predefinedX86
	case "kconfig.h", "compiler_types.h":
		drop("<after " + off + ">")
	case "HasBuiltin":
		cfg.HasBuiltin = nil
	case "IgnoreStaticAssert":
		cfg.IgnoreStaticAssert = false
	case "UnsignedEnums":
		cfg.UnsignedEnums = false
	case "SignedChar":
		cfg.ABI.SignedChar = true
	default:
		t.Fatalf("unknown work-around %q", off)
	}
	return cfg, srcs
}

func TestGaps(t *testing.T) {
	for _, c := range []struct {
		file, off string
		translate bool // the gap shows in cc.Translate only
		want      string
	}{
		{"named_variadic.c", "rewrite", false, "unexpected ')'"},
		{"count_args.c", "rewrite", true, "invalid array size"}, // silent: COUNT_ARGS() == 1
		{"comma_paste.c", "rewrite", true, "too many macro arguments"},
		{"typeof_const.c", "rewrite", false, "expected type specifier"},
		{"extern_typeof.c", "rewrite", true, "TypeSpecifierTypeofType"},
		{"const_auto_type.c", "rewrite", false, "__auto_type"},
		{"const_auto_macro.c", "rewrite", true, "unexpected '__auto_type', expected direct declarator"},
		{"for_auto_type.c", "rewrite", true, "unexpected '__auto_type', expected ';'"},
		{"enum_attribute.c", "rewrite", false, "expected enum specifier"},
		{"alignof_expr.c", "rewrite", false, "expected unary expression or (type name)"},
		{"asm_inline.c", "kconfig.h", true, "AsmQualifierInline"},
		{"seg_gs.c", "seg", false, "unexpected identifier"},
		{"case_htons.c", "compiler_types.h", true, "cannot evaluate constant expression"},
		{"has_builtin.c", "HasBuiltin", true, "undefined: __nonstring__"},
		{"static_assert.c", "IgnoreStaticAssert", true, "assertion failed"},
		{"unsigned_enums.c", "UnsignedEnums", true, "invalid array size"},
		{"unsigned_char.c", "SignedChar", true, "invalid array size"},
	} {
		name := c.file + "/without-" + c.off
		t.Run(name, func(t *testing.T) {
			run := func(cfg *cc.Config, srcs []cc.Source) error {
				if c.translate {
					_, err := cc.Translate(cfg, srcs)
					return err
				}
				_, err := cc.Parse(cfg, srcs)
				return err
			}
			err := run(gapConfig(t, c.file, c.off))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("without the work-around: got error %v, want one containing %q", err, c.want)
			} else {
				t.Logf("without the work-around (as expected): %v", firstLine(err.Error()))
			}
			if err := run(gapConfig(t, c.file, "")); err != nil {
				t.Errorf("with the work-around: %v", err)
			}
		})
	}
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return s
}

// ---- compile_commands.json ---------------------------------------------

func TestLoadCompileCommands(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "compile_commands.json")
	entries := []map[string]any{
		{"directory": "/obj", "file": "/src/mm/gup.c",
			"arguments": []string{"gcc", "-I/src/include", "-I", "arch/x86/include/generated", "-DKBUILD_MODNAME=\"gup\"", "-include", "/src/include/linux/kconfig.h", "-c", "-o", "mm/gup.o", "/src/mm/gup.c"}},
		{"directory": "/obj", "file": "../src/virt/kvm/kvm_main.c",
			"command": `gcc -Wp,-MMD,x.d -nostdinc -I/src/arch/x86/kvm -iquote q -isystem /sys/inc -DMODULE -UFOO '-DKBUILD_BASENAME="kvm_main"' -D"KBUILD_MODNAME=\"kvm\"" -c -o kvm_main.o ../src/virt/kvm/kvm_main.c`},
		{"directory": "/obj", "file": "/src/mm/gup.c", "arguments": []string{"second", "entry", "ignored"}},
	}
	b, _ := json.MarshalIndent(entries, "", "  ")
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	db, err := LoadCompileCommands(p)
	if err != nil {
		t.Fatal(err)
	}
	if len(db) != 2 {
		t.Fatalf("got %d entries, want 2: %v", len(db), db)
	}
	gup := db["/src/mm/gup.c"]
	if gup == nil || gup.Args[0] != "gcc" || gup.Directory != "/obj" {
		t.Fatalf("gup entry: %+v", gup)
	}
	f := parseCCFlags(gup.Args, gup.Directory)
	if want := []string{"/src/include", "/obj/arch/x86/include/generated"}; !reflect.DeepEqual(f.Include, want) {
		t.Errorf("gup -I: %q, want %q", f.Include, want)
	}
	if want := []string{`KBUILD_MODNAME="gup"`}; !reflect.DeepEqual(f.Defs, want) {
		t.Errorf("gup -D: %q, want %q", f.Defs, want)
	}
	if want := []string{"/src/include/linux/kconfig.h"}; !reflect.DeepEqual(f.Forced, want) {
		t.Errorf("gup -include: %q, want %q", f.Forced, want)
	}
	kvm := db["/src/virt/kvm/kvm_main.c"] // relative file, against directory
	if kvm == nil {
		t.Fatalf("no kvm_main.c entry; have %v", keys(db))
	}
	f = parseCCFlags(kvm.Args, kvm.Directory)
	want := ccFlags{
		Quote:   []string{"/obj/q"},
		Include: []string{"/src/arch/x86/kvm"},
		System:  []string{"/sys/inc"},
		Defs:    []string{"MODULE", "-FOO", `KBUILD_BASENAME="kvm_main"`, `KBUILD_MODNAME="kvm"`},
	}
	if !reflect.DeepEqual(f, want) {
		t.Errorf("kvm flags:\n got %+v\nwant %+v", f, want)
	}

	// the tree takes it
	tr, err := NewTree(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	if err := tr.UseCompileCommands(p); err != nil {
		t.Fatal(err)
	}
	if tr.compileCommand("/src/mm/gup.c") == nil {
		t.Error("UseCompileCommands did not set CompDB")
	}
	if got := FindCompileCommands("", filepath.Join(dir, "nope"), dir); got != p {
		t.Errorf("FindCompileCommands = %q, want %q", got, p)
	}
	if got := FindCompileCommands(filepath.Join(dir, "nope")); got != "" {
		t.Errorf("FindCompileCommands = %q, want none", got)
	}
}

func keys(m map[string]*CompileCommand) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// TestLoadCompileCommandsErrors: each malformed file of
// testdata/compilecommands-errors.txtar gives its positioned message.
func TestLoadCompileCommandsErrors(t *testing.T) {
	for _, c := range txtartest.Read(t, "testdata/compilecommands-errors.txtar") {
		_, err := parseCompileCommands("x.json", []byte(c.In))
		if want := c.Line(); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %q: got %v, want an error containing %q", c.Name, c.In, err, want)
		}
	}
}

func TestShellSplit(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []string
	}{
		{`gcc  -c a.c`, []string{"gcc", "-c", "a.c"}},
		{`-D'X="a b"' -DY=\"z\"`, []string{`-DX="a b"`, `-DY="z"`}},
		{`"-DS=\"q\\w\$\""`, []string{`-DS="q\w$"`}},
		{`a''b "" c`, []string{"ab", "", "c"}},
		{"x \\\n y", []string{"x", "y"}},
	} {
		got, err := shellSplit(c.in)
		if err != nil || !reflect.DeepEqual(got, c.want) {
			t.Errorf("shellSplit(%q) = %q, %v; want %q", c.in, got, err, c.want)
		}
	}
	if _, err := shellSplit(`a "b`); err == nil {
		t.Error("unterminated double quote: no error")
	}
}

// ---- kbuild files --------------------------------------------------------

// fakeKernel is a tiny source tree and object tree in the shape of 6.12.
func fakeKernel(t *testing.T) *Tree {
	t.Helper()
	return fakeKernelShaped(t, kbuildShapes["6.12"], nil)
}

// fakeKernelShaped is fakeKernel with the given kbuild scripts (path ->
// content) in the source tree and objScripts in the object tree.
func fakeKernelShaped(t *testing.T, scripts, objScripts map[string]string) *Tree {
	t.Helper()
	src, obj := filepath.Join(t.TempDir(), "src"), filepath.Join(t.TempDir(), "obj")
	testtree.Write(t, src, scripts)
	testtree.Write(t, obj, objScripts)
	testtree.Write(t, src, map[string]string{
		"Kbuild":                              "obj-y += mm/ drivers/\n",
		"include/linux/kconfig.h":             "#include <generated/autoconf.h>\n",
		"include/linux/compiler-version.h":    "",
		"include/linux/compiler_types.h":      "#define __HAVE_BUILTIN_BSWAP16__\n",
		"include/linux/mm.h":                  "int get_user_pages_unlocked(unsigned long start);\n",
		"arch/x86/include/asm/page.h":         "#define PAGE_SHIFT 12\n",
		"arch/x86/Kbuild":                     "obj-$(CONFIG_KVM) += kvm/\n",
		"arch/x86/kvm/x86.h":                  "#define KVM_X86 1\n",
		"arch/x86/kvm/Makefile":               "ccflags-y += -I $(srctree)/arch/$(SRCARCH)/kvm\nccflags-$(CONFIG_KVM_WERROR) += -Werror\n\ninclude $(srctree)/virt/kvm/Makefile.kvm\n\nkvm-y += x86.o\nobj-$(CONFIG_KVM_X86) += kvm.o\n",
		"virt/Makefile":                       "obj-y += lib/\n",
		"virt/kvm/Makefile.kvm":               "KVM ?= ../../../virt/kvm\n\nkvm-y := $(KVM)/kvm_main.o $(KVM)/eventfd.o\nkvm-$(CONFIG_KVM_VFIO) += $(KVM)/vfio.o\n",
		"virt/kvm/kvm_main.c":                 "#include <linux/mm.h>\n#include \"x86.h\"\nint f(void) { return KVM_X86 + MODULE; }\n",
		"virt/kvm/vfio.c":                     "int vfio;\n",
		"mm/Makefile":                         "# comment\nCFLAGS_gup.o += -DGUP_EXTRA=2 -UNOPE \\\n\t-I$(src)/sub\nccflags-y := -DMM_WIDE\nccflags-remove-y += -DMM_WIDE\nmmu-y := nommu.o\nmmu-$(CONFIG_MMU) := memory.o\nobj-y := filemap.o gup.o $(mmu-y)\nifdef CONFIG_ADVISE_SYSCALLS\n\tobj-y += madvise.o\nendif\nifeq ($(CONFIG_NUMA),y)\nobj-y += mempolicy.o\nelse ifeq ($(CONFIG_SMP),y)\nobj-y += smp_only.o\nelse\nobj-y += neither.o\nendif\nobj-$(CONFIG_GUP_TEST) += gup_test.o\n$(obj)/gup.o: FORCE\n\tobj-y += recipe_not_an_assignment.o\n",
		"mm/gup.c":                            "#include <linux/mm.h>\nint x = GUP_EXTRA + PAGE_SHIFT;\n",
		"mm/madvise.c":                        "",
		"mm/mempolicy.c":                      "",
		"mm/smp_only.c":                       "",
		"mm/gup_test.c":                       "",
		"drivers/Makefile":                    "subdir-ccflags-y += -DDRIVERS_WIDE\nobj-y += infiniband/\n",
		"drivers/infiniband/Makefile":         "obj-$(CONFIG_INFINIBAND) += core/\n",
		"drivers/infiniband/core/Makefile":    "subdir-ccflags-y += -DCORE_SUB\nib_uverbs-y := uverbs_main.o\nib_uverbs-$(CONFIG_INFINIBAND_USER_MEM) += umem.o\nobj-$(CONFIG_INFINIBAND_USER_ACCESS) += ib_uverbs.o\nib_core-y := packer.o ud-header.o\nobj-$(CONFIG_INFINIBAND) += ib_core.o\n",
		"drivers/infiniband/core/umem.c":      "",
		"drivers/infiniband/core/ud-header.c": "",
		// i915's -I$(src) must name the source directory
		"drivers/gpu/drm/i915/Makefile":               "subdir-ccflags-y += -I$(src)\ni915-y := i915_drv.o\ni915-y += gem/i915_gem_userptr.o\nobj-$(CONFIG_DRM_I915) += i915.o\n",
		"drivers/gpu/drm/i915/i915_drv.h":             "#define I915_DRV 1\n",
		"drivers/gpu/drm/i915/gem/i915_gem_userptr.c": "#include \"i915_drv.h\"\nint userptr = I915_DRV;\n",
	})
	testtree.Write(t, obj, map[string]string{
		".config":                            "CONFIG_MMU=y\n",
		"include/config/auto.conf":           "CONFIG_MMU=y\nCONFIG_SMP=y\nCONFIG_ADVISE_SYSCALLS=y\nCONFIG_KVM=m\nCONFIG_KVM_X86=m\nCONFIG_INFINIBAND=m\nCONFIG_INFINIBAND_USER_ACCESS=m\nCONFIG_INFINIBAND_USER_MEM=y\nCONFIG_FUNCTION_TRACER=y\nCONFIG_HAVE_FENTRY=y\nCONFIG_DRM_I915=m\n",
		"include/generated/autoconf.h":       "#define CONFIG_MMU 1\n#define CONFIG_CC_HAS_ASM_INLINE 1\n",
		"arch/x86/include/generated/asm/x.h": "",
	})
	tr, err := NewTree(src, obj)
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

func TestKbuild(t *testing.T) {
	tr := fakeKernel(t)
	src, obj := tr.Src, tr.Obj
	for _, c := range []struct {
		file     string
		makefile string
		module   bool
		built    bool
		modname  string
		modfile  string
		flags    []string
	}{
		{"mm/gup.c", "mm/Makefile", false, true, "gup", "mm/gup",
			[]string{"-DGUP_EXTRA=2", "-UNOPE", "-I" + src + "/mm/sub", "-I" + src + "/mm", "-Imm"}},
		{"mm/madvise.c", "mm/Makefile", false, true, "madvise", "mm/madvise", nil},
		{"mm/smp_only.c", "mm/Makefile", false, true, "smp_only", "mm/smp_only", nil},
		{"mm/mempolicy.c", "", false, true, "mempolicy", "mm/mempolicy", nil},
		{"mm/gup_test.c", "mm/Makefile", false, false, "gup_test", "mm/gup_test", nil},
		{"virt/kvm/kvm_main.c", "arch/x86/kvm/Makefile", true, true, "kvm", "",
			[]string{"-I", src + "/arch/x86/kvm", "-I" + src + "/arch/x86/kvm", "-Iarch/x86/kvm"}},
		{"drivers/infiniband/core/umem.c", "drivers/infiniband/core/Makefile", true, true, "ib_uverbs", "",
			[]string{"-DDRIVERS_WIDE", "-DCORE_SUB", "-I" + src + "/drivers/infiniband/core", "-Idrivers/infiniband/core"}},
		{"drivers/infiniband/core/ud-header.c", "drivers/infiniband/core/Makefile", true, true, "ib_core", "", nil},
	} {
		kb := tr.kbuild(tr.Abs(c.file))
		if kb.Makefile != c.makefile || kb.Module != c.module || kb.ModName != c.modname || kb.ModFile != c.modfile ||
			(c.makefile != "" && kb.Built != c.built) {
			t.Errorf("%s: got makefile %q module %v built %v modname %q modfile %q (notes %q); want %q %v %v %q %q",
				c.file, kb.Makefile, kb.Module, kb.Built, kb.ModName, kb.ModFile, kb.Notes, c.makefile, c.module, c.built, c.modname, c.modfile)
		}
		if c.flags != nil && !reflect.DeepEqual(kb.Flags, c.flags) {
			t.Errorf("%s: flags\n got %q\nwant %q", c.file, kb.Flags, c.flags)
		}
	}
	_ = obj
}

func TestPreciseConfigFake(t *testing.T) {
	tr := fakeKernel(t)
	abs := tr.Abs("virt/kvm/kvm_main.c")
	cfg, srcs, notes, err := tr.preciseConfig(abs)
	if err != nil {
		t.Fatal(err)
	}
	s, o := tr.Src, tr.Obj
	wantInc := []string{s + "/arch/x86/include", o + "/arch/x86/include/generated", s + "/include", o + "/include",
		s + "/arch/x86/include/uapi", o + "/arch/x86/include/generated/uapi", s + "/include/uapi", o + "/include/generated/uapi",
		s + "/arch/x86/kvm", o + "/arch/x86/kvm"}
	if !reflect.DeepEqual(cfg.SysIncludePaths, wantInc) {
		t.Errorf("include dirs:\n got %q\nwant %q", cfg.SysIncludePaths, wantInc)
	}
	if cfg.IncludePaths[0] != "" || !reflect.DeepEqual(cfg.IncludePaths[1:], wantInc) {
		t.Errorf("quote dirs: %q", cfg.IncludePaths)
	}
	if !cfg.FSOnly || cfg.FS == nil || !cfg.UnsignedEnums || !cfg.IgnoreStaticAssert || cfg.ABI.SignedChar || cfg.HasBuiltin == nil {
		t.Errorf("config not hermetic or gaps not set: %+v", cfg)
	}
	var names []string
	var cmdline, afterKconfig string
	for _, x := range srcs {
		names = append(names, tr.Rel(x.Name))
		switch x.Name {
		case "<command-line>":
			cmdline = x.Value.(string)
		case "<after kconfig.h>":
			afterKconfig = x.Value.(string)
		}
	}
	// tracepoints compiled as tracepoint.h's stubs (preciseWorkarounds)
	if !strings.Contains(afterKconfig, "#undef CONFIG_TRACEPOINTS\n") {
		t.Errorf("after kconfig.h, CONFIG_TRACEPOINTS is not undefined:\n%s", afterKconfig)
	}
	wantNames := []string{"<predefined>", "<builtin>", "<command-line>", "include/linux/compiler-version.h", "include/linux/kconfig.h",
		"<after kconfig.h>", "include/linux/compiler_types.h", "<after compiler_types.h>", "virt/kvm/kvm_main.c"}
	if !reflect.DeepEqual(names, wantNames) {
		t.Errorf("sources:\n got %q\nwant %q", names, wantNames)
	}
	for _, d := range []string{"#define __KERNEL__ 1", "#define CC_USING_FENTRY 1", "#define MODULE 1",
		`#define KBUILD_BASENAME "kvm_main"`, `#define KBUILD_MODNAME "kvm"`, "#define __KBUILD_MODNAME kmod_kvm"} {
		if !strings.Contains(cmdline, d+"\n") {
			t.Errorf("command line lacks %q:\n%s", d, cmdline)
		}
	}
	if strings.Contains(cmdline, "KBUILD_MODFILE") {
		t.Errorf("module has KBUILD_MODFILE:\n%s", cmdline)
	}
	joined := strings.Join(notes, "\n")
	for _, w := range []string{"objtree " + o, "arch/x86/kvm/Makefile: module kvm (obj-m)", "10 include dirs", "forced includes: include/linux/compiler-version.h include/linux/kconfig.h include/linux/compiler_types.h", "-DMODULE"} {
		if !strings.Contains(joined, w) {
			t.Errorf("notes lack %q:\n%s", w, joined)
		}
	}

	// and it parses, macros from the kvm Makefile's -I and the defines
	u, err := tr.Parse("virt/kvm/kvm_main.c", Options{Mode: Precise})
	if err != nil || len(u.Errors) > 0 {
		t.Fatalf("parse: %v %v", err, u.Err())
	}
	u, err = tr.Parse("mm/gup.c", Options{Mode: Precise})
	if err != nil || len(u.Errors) > 0 {
		t.Fatalf("parse gup.c: %v %v", err, u.Err())
	}
	if !strings.Contains(strings.Join(u.Notes, "\n"), `-DKBUILD_MODFILE="mm/gup"`) {
		t.Errorf("gup.c notes lack KBUILD_MODFILE: %q", u.Notes)
	}
}

func TestPreciseCompDBWins(t *testing.T) {
	tr := fakeKernel(t)
	abs := tr.Abs("mm/gup.c")
	tr.CompDB = map[string]*CompileCommand{abs: {Directory: tr.Obj, File: abs, Args: []string{
		"gcc", "-I", "only/this", "-iquote", tr.Src + "/q", "-include", tr.Src + "/include/linux/kconfig.h",
		"-DGUP_EXTRA=7", "-UCC_USING_FENTRY", "-c", abs}}}
	cfg, srcs, notes, err := tr.preciseConfig(abs)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{tr.Obj + "/only/this"}; !reflect.DeepEqual(cfg.SysIncludePaths, want) {
		t.Errorf("include dirs %q, want %q", cfg.SysIncludePaths, want)
	}
	if want := []string{"", tr.Src + "/q", tr.Obj + "/only/this"}; !reflect.DeepEqual(cfg.IncludePaths, want) {
		t.Errorf("quote dirs %q, want %q", cfg.IncludePaths, want)
	}
	var names []string
	for _, s := range srcs {
		names = append(names, tr.Rel(s.Name))
		if s.Name == "<command-line>" {
			v := s.Value.(string)
			// derived first, compile command after: the later wins
			if i, j := strings.Index(v, "#define GUP_EXTRA 2"), strings.Index(v, "#define GUP_EXTRA 7"); i < 0 || j < i {
				t.Errorf("GUP_EXTRA order wrong:\n%s", v)
			}
			if !strings.HasSuffix(v, "#undef CC_USING_FENTRY\n") {
				t.Errorf("-U not last:\n%s", v)
			}
		}
	}
	if want := []string{"<predefined>", "<builtin>", "<command-line>", "include/linux/kconfig.h", "<after kconfig.h>", "mm/gup.c"}; !reflect.DeepEqual(names, want) {
		t.Errorf("sources %q, want %q", names, want)
	}
	if !strings.Contains(strings.Join(notes, "\n"), "compile_commands.json") {
		t.Errorf("notes do not say compile_commands.json: %q", notes)
	}
}

func TestPreciseNeedsObj(t *testing.T) {
	tr, err := NewTree(t.TempDir(), "")
	if err != nil {
		t.Fatal(err)
	}
	testtree.Write(t, tr.Src, map[string]string{"a.c": "int x;\n"})
	_, err = tr.Parse("a.c", Options{Mode: Precise})
	if err == nil || !strings.Contains(err.Error(), "precise mode needs") || !strings.Contains(err.Error(), "-O") || !strings.Contains(err.Error(), "-p") {
		t.Errorf("got %v, want the precise-mode-needs-an-objtree error", err)
	}
}

// ---- a real kernel ---------------------------------------------------------

func realTree(t *testing.T) *Tree {
	return realTreeFrom(t, "6.12")
}

// realTreeFrom opens the source tree and object tree of version
// (realtree), or skips the test saying how to enable it.
func realTreeFrom(t *testing.T, version string) *Tree {
	t.Helper()
	tr, err := NewTree(realtree.SourceObj(t, version))
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

// parseRealPrecise parses a real tree's file in precise mode, fails the
// test on any error, checks that funcs are defined in the file and
// returns its functions by name.
func parseRealPrecise(t *testing.T, tr *Tree, file string, vocab map[string]bool, funcs []string) map[string]*Func {
	t.Helper()
	t0 := time.Now()
	u, err := tr.Parse(file, Options{Mode: Precise, Vocab: vocab, Whole: true}) // every function: the frontend must read them all
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%s: %d funcs in %v", file, len(u.Funcs), time.Since(t0))
	for _, n := range u.Notes {
		t.Logf("note: %s", n)
	}
	if len(u.Errors) > 0 || u.Partial {
		t.Fatalf("errors:\n%v", u.Err())
	}
	have := map[string]*Func{}
	for _, f := range u.Funcs {
		if !f.Header {
			have[f.Name] = f
		}
	}
	for _, n := range funcs {
		if have[n] == nil {
			t.Errorf("no function %s", n)
		}
	}
	return have
}

func TestPreciseRealTree(t *testing.T) {
	tr := realTree(t)
	vocab := map[string]bool{"get_user_pages_unlocked": true, "get_user_pages_remote": true, "pin_user_pages_fast": true, "FOLL_WRITE": true}
	for _, c := range []struct {
		file  string
		funcs []string
	}{
		{"mm/gup.c", []string{"get_user_pages_unlocked", "__get_user_pages", "pin_user_pages_fast"}},
		{"virt/kvm/kvm_main.c", []string{"hva_to_pfn_slow", "kvm_vcpu_ioctl"}},
		{"mm/madvise.c", []string{"madvise_populate", "do_madvise"}},
		{"drivers/infiniband/core/umem.c", []string{"ib_umem_get", "ib_umem_release"}},
	} {
		c := c
		t.Run(c.file, func(t *testing.T) {
			have := parseRealPrecise(t, tr, c.file, vocab, c.funcs)
			if c.file == "virt/kvm/kvm_main.c" {
				f := have["hva_to_pfn_slow"]
				if f == nil {
					return
				}
				calls := callsIn(f.Body)
				found := false
				for _, call := range calls {
					if call.CalleeName() == "get_user_pages_unlocked" {
						found = true
						t.Logf("hva_to_pfn_slow calls get_user_pages_unlocked at %v with %d arguments", call.P, len(call.Args))
						if !strings.HasSuffix(call.P.File, "virt/kvm/kvm_main.c") || call.P.Line == 0 {
							t.Errorf("call position %v", call.P)
						}
					}
				}
				if !found {
					var names []string
					for _, call := range calls {
						names = append(names, call.CalleeName())
					}
					t.Errorf("hva_to_pfn_slow: no call to get_user_pages_unlocked; calls %q", names)
				}
			}
		})
	}
}

// callsIn returns every call in a block, depth first.
func callsIn(b *Block) []*Call {
	var out []*Call
	if b == nil {
		return nil
	}
	Inspect(b, func(n Node) bool {
		if c, ok := n.(*Call); ok {
			out = append(out, c)
		}
		return true
	})
	return out
}

// TestPreciseRealCompDB parses mm/gup.c with no -O, from a
// compile_commands.json entry shaped like kbuild's (relative -I against
// the objtree "directory", a quoted -D in a command string).
func TestPreciseRealCompDB(t *testing.T) {
	real := realTree(t)
	s, o := real.Src, real.Obj
	cmd := "gcc -Wp,-MMD,mm/.gup.o.d -nostdinc -I" + s + "/arch/x86/include -I./arch/x86/include/generated -I" + s +
		"/include -I./include -I" + s + "/arch/x86/include/uapi -I./arch/x86/include/generated/uapi -I" + s +
		"/include/uapi -I./include/generated/uapi -include " + s + "/include/linux/compiler-version.h -include " + s +
		"/include/linux/kconfig.h -include " + s + "/include/linux/compiler_types.h -D__KERNEL__ -std=gnu11 -funsigned-char" +
		" -O2 -DCC_USING_FENTRY -I " + s + "/mm -I ./mm -DKBUILD_MODFILE='\"mm/gup\"' -DKBUILD_BASENAME='\"gup\"'" +
		" -DKBUILD_MODNAME='\"gup\"' -D__KBUILD_MODNAME=kmod_gup -c -o mm/gup.o " + s + "/mm/gup.c"
	b, _ := json.Marshal([]map[string]string{{"directory": o, "file": s + "/mm/gup.c", "command": cmd}})
	p := filepath.Join(t.TempDir(), "compile_commands.json")
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	tr, err := NewTree(s, "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tr.Parse("mm/gup.c", Options{Mode: Precise}); err == nil || !strings.Contains(err.Error(), "precise mode needs") {
		t.Fatalf("without -O or -p: got %v", err)
	}
	if err := tr.UseCompileCommands(FindCompileCommands(filepath.Dir(p))); err != nil {
		t.Fatal(err)
	}
	u, err := tr.Parse("mm/gup.c", Options{Mode: Precise})
	if err != nil {
		t.Fatal(err)
	}
	if len(u.Errors) > 0 {
		t.Fatalf("errors:\n%v\nnotes: %q", u.Err(), u.Notes)
	}
	found := false
	for _, f := range u.Funcs {
		found = found || f.Name == "get_user_pages_unlocked"
	}
	if !found {
		t.Error("no get_user_pages_unlocked")
	}
	if _, err := tr.Parse("mm/madvise.c", Options{Mode: Precise}); err == nil || !strings.Contains(err.Error(), "not in compile_commands.json") {
		t.Errorf("file not in compdb, no -O: got %v", err)
	}
}

// TestRewriteRealHeaders runs the rewrites over the kernel's headers: each
// must keep the line count, and rewriting twice must change nothing more.
func TestRewriteRealHeaders(t *testing.T) {
	tr := realTree(t)
	n, changed := 0, 0
	for _, d := range []string{"include/linux", "arch/x86/include/asm", "include/uapi/linux", "virt/kvm", "mm"} {
		ents, err := os.ReadDir(tr.Abs(d))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range ents {
			if e.IsDir() || !(strings.HasSuffix(e.Name(), ".h") || strings.HasSuffix(e.Name(), ".c")) {
				continue
			}
			p := filepath.Join(tr.Abs(d), e.Name())
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			n++
			r := rewriteKernelSource(p, b)
			if string(r) != string(b) {
				changed++
			}
			if lines(r) != lines(b) {
				t.Errorf("%s: %d lines rewritten to %d", p, lines(b), lines(r))
			}
			if r2 := rewriteKernelSource(p, r); string(r2) != string(r) {
				t.Errorf("%s: rewrite is not idempotent", p)
			}
		}
	}
	t.Logf("%d files, %d rewritten", n, changed)
}
