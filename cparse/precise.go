package cparse

import "fmt"
import "os"
import "path/filepath"
import "slices"
import "strings"

import "modernc.org/cc/v4"

// Precise mode preprocesses a file the way kbuild compiles it for x86-64,
// with a cc.Config built here from the trees alone: no compiler is run and
// no host header is read (FSOnly over Tree.FS). The flags come from the
// kbuild files (kbuild.go) or, when the tree has one, from
// compile_commands.json (compdb.go), whose flags win.

// preciseWorkarounds are preprocessor lines inserted after some forced
// includes to steer kernel headers away from constructs cc/v4 cannot parse
// (see cparse-notes and testdata/gaps). Keyed by the forced include's base
// name.
var preciseWorkarounds = map[string]string{
	// asm inline → "TODO AsmQualifierInline": make the kernel spell it
	// plain asm (compiler_types.h: #define asm_inline asm).
	//
	// Tracepoints off: each trace_*() becomes tracepoint.h's empty
	// inline stub instead of the static-call machinery every
	// DEFINE_EVENT expands to. Not a correctness workaround but the
	// largest cost of precise mode: 6.12's fs/xfs/xfs_inode.c took 7.6 s
	// with them and 1.7 s without, mm/vmscan.c 3.0 s and 1.4 s. Nothing
	// a GUP contract depends on is in a tracepoint, and no .c file that
	// names a GUP word tests CONFIG_TRACEPOINTS (5.10, 6.1, 6.12, 7.3).
	"kconfig.h": "#undef CONFIG_CC_HAS_ASM_INLINE\n#undef CONFIG_TRACEPOINTS\n",
	// __builtin_bswap* in case labels → "cannot evaluate constant
	// expression": make uapi/linux/swab.h use its constant C forms.
	"compiler_types.h": "#undef __HAVE_BUILTIN_BSWAP16__\n#undef __HAVE_BUILTIN_BSWAP32__\n#undef __HAVE_BUILTIN_BSWAP64__\n#undef __diag\n#define __diag(s)\n",
}

// preciseExtraPredefined follows the compiler's predefined macros.
// __seg_gs/__seg_fs are gcc named address spaces cc/v4 does not know.
const preciseExtraPredefined = "#define __seg_gs\n#define __seg_fs\n"

// preciseExpansionLimit bounds the macro expansion work of one TU. Kernel
// TUs that mention GUP need 10M-30M (mm/gup.c, kvm_main.c); the bound is
// there for hostile input (a staged file or a patch under review).
const preciseExpansionLimit = 300_000_000

// preciseHasBuiltin is __has_builtin: cc/v4 cannot translate these three,
// and the kernel has fallbacks for each.
func preciseHasBuiltin(name string) bool {
	switch name {
	case "__builtin_has_attribute", "__builtin_dynamic_object_size", "__builtin_alloca_uninitialized":
		return false
	}
	return strings.HasPrefix(name, "__builtin_") || strings.HasPrefix(name, "__sync_") || strings.HasPrefix(name, "__c11_atomic_")
}

// parsePrecise preprocesses the file the way kbuild compiles it.
func (t *Tree) parsePrecise(abs string, opt Options) (*Unit, error) {
	cfg, srcs, notes, err := t.preciseConfig(abs)
	if err != nil {
		return nil, err
	}
	if (len(opt.Vocab) > 0 || len(opt.VocabPrefixes) > 0) && !opt.Whole {
		main, note, none, err := t.slicePrecise(abs, cfg, opt)
		if err != nil {
			return nil, err
		}
		if none != nil {
			return none, nil
		}
		// headers' function bodies that cannot matter are not parsed,
		// nor the file's own functions that cannot reach the API
		fp := vocabKey(&opt)
		cfg.FS = &treeFS{t: t, rewrite: func(p string, b []byte) []byte {
			switch {
			case p == abs && main != nil:
				return main
			case p != abs && strings.HasSuffix(p, ".h"):
				return t.preciseHeader(p, b, fp, &opt)
			}
			return rewriteKernelSource(p, b)
		}}
		notes = append(notes, "precise: header functions that name no GUP word read as declarations (their bodies are not parsed)")
		if note != "" {
			notes = append(notes, note)
		}
	}
	u := t.parseWith(abs, cfg, srcs, opt, Precise)
	u.Notes = append(notes, u.Notes...)
	return u, nil
}

// slicePrecise returns the text precise mode reads for the main file:
// the bodies of the functions that cannot reach the GUP API blanked
// (sliceBodies), chosen as tolerant mode chooses them, by the words of
// opt, the file's macros and local headers, and the names the headers of
// its include path give the API (headerwords.go). nil: the file is read
// whole (an include directory too large to scan). When nothing in the
// file can reach the API, it returns instead the unit that says so: the
// file is not preprocessed.
func (t *Tree) slicePrecise(abs string, cfg *cc.Config, opt Options) (text []byte, note string, none *Unit, err error) {
	words, ok := t.headerWords(append(slices.Clone(cfg.IncludePaths), cfg.SysIncludePaths...), &opt)
	if !ok {
		return nil, "precise: an include directory is too large to scan for GUP wrappers; every function of the file parsed", nil, nil
	}
	src, err := t.ReadFile(abs)
	if err != nil {
		return nil, "", nil, err
	}
	text = rewriteKernelSource(abs, src)
	headers := t.localHeaders(abs, text)
	vocab := localVocab(func(id string) bool { return opt.inVocab(id) || words[id] }, text, headers)
	text, sl := sliceBodies(text, vocab.has, opt.keeps())
	note = sl.note()
	if sl.reaching == 0 && !sl.declHit && (!vocab.inHeaders || opt.DeferHeaderOnly) {
		// which headers the file includes is known only after
		// preprocessing it: the decision is not kept across runs
		var u *Unit
		if vocab.inHeaders {
			u = t.headerOnly(abs, t.Rel(abs), Precise, headers, vocab, note)
		} else {
			u = t.nothingToParse(abs, t.Rel(abs), headers, note)
		}
		u.Mode, u.Transient = Precise, true
		return nil, "", u, nil
	}
	return text, note, nil, nil
}

// derivedFlags are the flags kbuild would pass for the file, with notes
// on where they came from.
func (t *Tree) derivedFlags(abs string) (ccFlags, []string) {
	var f ccFlags
	var notes []string
	a := t.Arch
	src, obj := t.Src, t.objRoot()
	// LINUXINCLUDE, then USERINCLUDE
	f.Include = []string{
		filepath.Join(src, "arch", a, "include"),
		filepath.Join(obj, "arch", a, "include/generated"),
		filepath.Join(src, "include"),
		filepath.Join(obj, "include"),
		filepath.Join(src, "arch", a, "include/uapi"),
		filepath.Join(obj, "arch", a, "include/generated/uapi"),
		filepath.Join(src, "include/uapi"),
		filepath.Join(obj, "include/generated/uapi"),
	}
	for _, h := range []string{"compiler-version.h", "kconfig.h", "compiler_types.h"} {
		p := filepath.Join(src, "include/linux", h)
		if _, err := os.Stat(p); err == nil || t.Overlaid(p) {
			f.Forced = append(f.Forced, p)
		}
	}
	f.Defs = append(f.Defs, "__KERNEL__")
	conf := t.kconfig()
	if len(conf) == 0 || (conf["CONFIG_FUNCTION_TRACER"] == "y" && conf["CONFIG_HAVE_FENTRY"] == "y") {
		f.Defs = append(f.Defs, "CC_USING_FENTRY")
	}

	kb := t.kbuild(abs)
	mk := parseCCFlags(splitFlags(kb.Flags), obj)
	f.Quote = append(f.Quote, mk.Quote...)
	f.Include = append(f.Include, mk.Include...)
	f.System = append(f.System, mk.System...)
	f.Forced = append(f.Forced, mk.Forced...)
	f.Defs = append(f.Defs, mk.Defs...)
	if kb.Module {
		f.Defs = append(f.Defs, "MODULE")
	} else {
		f.Defs = append(f.Defs, "KBUILD_MODFILE="+cString(kb.ModFile))
	}
	fix := func(s string) string { return strings.NewReplacer("-", "_", ",", "_").Replace(s) }
	f.Defs = append(f.Defs,
		"KBUILD_BASENAME="+cString(fix(kb.BaseName)),
		"KBUILD_MODNAME="+cString(fix(kb.ModName)),
		"__KBUILD_MODNAME=kmod_"+fix(kb.ModName))

	if kb.Makefile != "" {
		var kind string
		switch {
		case !kb.Built:
			kind = "not selected by this configuration (obj-); defines as for built-in"
			if kb.ModName != kb.BaseName {
				kind = "part of " + kb.ModName + ", " + kind
			}
		case kb.Module:
			kind = "module " + kb.ModName + " (obj-m)"
		case kb.ModName != kb.BaseName:
			kind = "built-in, part of " + kb.ModName + " (obj-y)"
		default:
			kind = "built-in (obj-y)"
		}
		notes = append(notes, fmt.Sprintf("kbuild: %s.o from %s: %s", kb.Stem, kb.Makefile, kind))
	}
	if len(mk.Include)+len(mk.Quote)+len(mk.System)+len(mk.Forced)+len(mk.Defs) > 0 {
		notes = append(notes, "kbuild: flags from the Makefile: "+strings.Join(flagWords(mk), " "))
	}
	notes = append(notes, kb.Notes...)
	return f, notes
}

// splitFlags splits make words as the shell would ('"str"' quoting).
func splitFlags(words []string) []string {
	s := strings.Join(words, " ")
	if w, err := shellSplit(s); err == nil {
		return w
	}
	return words
}

func flagWords(f ccFlags) []string {
	var out []string
	for _, p := range f.Quote {
		out = append(out, "-iquote "+p)
	}
	for _, p := range f.Include {
		out = append(out, "-I "+p)
	}
	for _, p := range f.System {
		out = append(out, "-isystem "+p)
	}
	for _, p := range f.Forced {
		out = append(out, "-include "+p)
	}
	for _, d := range f.Defs {
		if strings.HasPrefix(d, "-") {
			out = append(out, "-U"+d[1:])
		} else {
			out = append(out, "-D"+d)
		}
	}
	return out
}

func cString(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

func dedup(xs []string) []string {
	seen := map[string]bool{}
	out := xs[:0]
	for _, x := range xs {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

// preciseConfig builds the cc.Config and the sources (predefined macros,
// command-line defines, forced includes, the file) for one file.
func (t *Tree) preciseConfig(abs string) (*cc.Config, []cc.Source, []string, error) {
	cmd := t.compileCommand(abs)
	if t.Obj == "" && cmd == nil {
		if t.CompDB != nil {
			return nil, nil, nil, fmt.Errorf("%s: not in compile_commands.json, and %w", t.Rel(abs), errNoObj)
		}
		return nil, nil, nil, errNoObj
	}
	abi, err := cc.NewABI("linux", "amd64")
	if err != nil {
		return nil, nil, nil, err
	}
	abi.SignedChar = false

	var notes []string
	var f ccFlags
	if t.Obj != "" {
		var kn []string
		f, kn = t.derivedFlags(abs)
		notes = append(notes, "precise: objtree "+t.Obj)
		notes = append(notes, kn...)
	}
	if cmd != nil {
		c := parseCCFlags(cmd.Args, cmd.Directory)
		notes = append(notes, fmt.Sprintf("precise: flags from compile_commands.json (directory %s): %d -I, %d -D/-U, %d -include", cmd.Directory, len(c.Include)+len(c.Quote)+len(c.System), len(c.Defs), len(c.Forced)))
		if len(c.Quote) > 0 {
			f.Quote = c.Quote
		}
		if len(c.Include) > 0 {
			f.Include = c.Include
		}
		if len(c.System) > 0 {
			f.System = c.System
		}
		if len(c.Forced) > 0 {
			f.Forced = c.Forced
		}
		f.Defs = append(f.Defs, c.Defs...)
	}

	// gcc drops a repeated directory, keeping the first
	f.Quote, f.Include, f.System = dedup(f.Quote), dedup(f.Include), dedup(f.System)
	quote := append([]string{""}, f.Quote...)
	quote = append(quote, f.Include...)
	quote = append(quote, f.System...)
	sys := append(append([]string{}, f.Include...), f.System...)
	cfg := &cc.Config{
		ABI:                abi,
		IncludePaths:       quote,
		SysIncludePaths:    sys,
		FS:                 t.FS(),
		FSOnly:             true,
		UnsignedEnums:      true,
		IgnoreStaticAssert: true,
		HasBuiltin:         preciseHasBuiltin,
		ExpansionLimit:     preciseExpansionLimit,
	}
	srcs := []cc.Source{
		{Name: "<predefined>", Value: predefinedX86 + preciseExtraPredefined},
		{Name: "<builtin>", Value: cc.Builtin},
		{Name: "<command-line>", Value: defineLines(f.Defs)},
	}
	var forced, wa []string
	for _, h := range f.Forced {
		srcs = append(srcs, cc.Source{Name: h})
		forced = append(forced, t.Rel(h))
		if w, ok := preciseWorkarounds[filepath.Base(h)]; ok {
			srcs = append(srcs, cc.Source{Name: "<after " + filepath.Base(h) + ">", Value: w})
			wa = append(wa, strings.ReplaceAll(strings.TrimSpace(w), "\n", "; ")+" after "+filepath.Base(h))
		}
	}
	srcs = append(srcs, cc.Source{Name: abs})

	notes = append(notes,
		fmt.Sprintf("precise: %d include dirs (%d quote-only, %d -I, %d -isystem)", len(f.Quote)+len(f.Include)+len(f.System), len(f.Quote), len(f.Include), len(f.System)),
		"precise: forced includes: "+strings.Join(forced, " "),
		"precise: defines: "+strings.Join(flagWords(ccFlags{Defs: f.Defs}), " "))
	if len(wa) > 0 {
		notes = append(notes, "precise: cc/v4 work-arounds: "+strings.Join(wa, "; ")+"; __seg_gs/__seg_fs empty; __has_builtin false for __builtin_has_attribute, __builtin_dynamic_object_size, __builtin_alloca_uninitialized")
	}
	return cfg, srcs, notes, nil
}
