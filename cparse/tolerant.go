package cparse

import (
	_ "embed"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"modernc.org/cc/v4"
)

//go:embed prelude.h
var prelude string

// tolerantDefaultConfig is the configuration tolerant mode assumes when the
// tree has no object tree: the options a usual x86-64 distribution kernel
// sets and that decide whether GUP code is compiled at all. Which ones were
// assumed is said in the unit's notes.
var tolerantDefaultConfig = []string{
	"CONFIG_MMU", "CONFIG_64BIT", "CONFIG_X86", "CONFIG_X86_64", "CONFIG_SMP", "CONFIG_NUMA",
	"CONFIG_HAVE_FAST_GUP", "CONFIG_HAVE_GUP_FAST", "CONFIG_ELF_CORE", "CONFIG_TRANSPARENT_HUGEPAGE",
	"CONFIG_HUGETLB_PAGE", "CONFIG_KVM_ASYNC_PF", "CONFIG_HAVE_KVM_PFNCACHE", "CONFIG_MEMORY_FAILURE",
	"CONFIG_USERFAULTFD", "CONFIG_MIGRATION", "CONFIG_SWAP", "CONFIG_PROC_FS", "CONFIG_SYSFS",
}

const stubDir = "/__gupvet_stub__"

// maxTolerantRetries bounds the recovery loop: each retry blanks one
// top-level declaration that did not parse, or guesses one typedef.
const maxTolerantRetries = 60

func (t *Tree) tolerantConfig(abs string) (*cc.Config, []cc.Source, []string, error) {
	abi, err := cc.NewABI("linux", "amd64")
	if err != nil {
		return nil, nil, nil, err
	}
	abi.SignedChar = false
	var notes []string
	var conf strings.Builder
	if t.Obj != "" {
		if b, err := os.ReadFile(filepath.Join(t.Obj, "include/generated/autoconf.h")); err == nil {
			conf.Write(b)
			notes = append(notes, "configuration: "+filepath.Join(t.Obj, "include/generated/autoconf.h"))
		}
	}
	if conf.Len() == 0 {
		for _, c := range tolerantDefaultConfig {
			fmt.Fprintf(&conf, "#define %s 1\n", c)
		}
		notes = append(notes, "configuration: none found; assumed "+strings.Join(tolerantDefaultConfig, " ")+", every other CONFIG_ unset")
	}
	notes = append(notes, "headers outside the file's directory were not read: macros, types and enum values from them are unknown (FOLL_ values come from the tree's API model)")
	cfg := &cc.Config{
		ABI:             abi,
		IncludePaths:    []string{"", stubDir},
		SysIncludePaths: []string{stubDir},
		FSOnly:          true,
		UnsignedEnums:   true,
		ExpansionLimit:  50_000_000,
		HasBuiltin: func(name string) bool {
			return strings.HasPrefix(name, "__builtin_") && name != "__builtin_has_attribute" &&
				name != "__builtin_dynamic_object_size" && name != "__builtin_alloca_uninitialized"
		},
	}
	srcs := []cc.Source{
		{Name: "<predefined>", Value: predefinedX86},
		{Name: "<builtin>", Value: cc.Builtin},
		{Name: "<config>", Value: conf.String()},
		{Name: "<prelude>", Value: prelude},
	}
	return cfg, srcs, notes, nil
}

//go:embed predefined_x86_64.h
var predefinedX86 string

var (
	tolErrRx = regexp.MustCompile(`^(.+?):(\d+):(\d+): (.*)$`)
)

// parseTolerant parses a file with its own macros and local headers only,
// recovering from what it cannot parse: an unknown type name gets a typedef
// guess, and a top-level declaration that still does not parse is blanked
// (its lines kept empty so positions hold) and reported as given up.
func (t *Tree) parseTolerant(abs string, src []byte, opt Options) (*Unit, error) {
	cfg, srcs, notes, err := t.tolerantConfig(abs)
	if err != nil {
		return nil, err
	}
	rel := t.Rel(abs)
	text := []byte(string(rewriteKernelSource(abs, src)))
	loops := loopMacroDefs(text)
	var guesses []string
	var dropped []*Error
	skipped := map[string][]byte{} // local headers given up: read as empty
	var u *Unit
	for try := 0; ; try++ {
		virtual := map[string][]byte{abs: text}
		for h := range skipped {
			virtual[h] = nil
		}
		fsys := &treeFS{t: t, stubDir: stubDir, virtual: virtual, rewrite: rewriteKernelSource}
		cfg.FS = fsys
		extra := ""
		if len(guesses) > 0 {
			extra = "typedef int " + strings.Join(guesses, ";\ntypedef int ") + ";\n"
		}
		all := append(append([]cc.Source{}, srcs...), cc.Source{Name: "<guesses>", Value: extra + loops}, cc.Source{Name: abs})
		u = t.parseWith(abs, cfg, all, opt, Tolerant)
		if len(u.Errors) == 0 || try >= maxTolerantRetries {
			break
		}
		e := u.Errors[0]
		if !e.Pos.IsValid() {
			break
		}
		if e.Pos.File != rel {
			// a local header tolerant mode cannot read: read it as empty
			h := t.Abs(e.Pos.File)
			if _, done := skipped[h]; done || strings.HasPrefix(e.Pos.File, "<") {
				break
			}
			skipped[h] = nil
			notes = append(notes, fmt.Sprintf("header %s not read: %s", e.Pos.File, e.Msg))
			continue
		}
		if name := unknownTypeName(text, int(e.Pos.Line), int(e.Pos.Col)); name != "" && !contains(guesses, name) {
			guesses = append(guesses, name)
			continue
		}
		from, to, ok := topLevelChunk(text, int(e.Pos.Line))
		if !ok {
			break
		}
		dropped = append(dropped, &Error{Pos: e.Pos, Msg: fmt.Sprintf("%s (tolerant mode gave up lines %d-%d)", e.Msg, from, to)})
		text = blankLines(text, from, to)
	}
	if len(guesses) > 0 {
		sort.Strings(guesses)
		notes = append(notes, "guessed typedefs: "+strings.Join(guesses, " "))
	}
	if len(dropped) > 0 {
		u.Partial = true
		for _, d := range dropped {
			notes = append(notes, "skipped: "+d.Error())
		}
	}
	u.Notes = append(notes, u.Notes...)
	return u, nil
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

var loopMacroRx = regexp.MustCompile(`(?m)^[ \t]*(?:[a-z0-9_]*for_each[a-z0-9_]*|[a-z0-9_]*_for_each|for_each[a-z0-9_]*)\s*\(`)

// loopMacroDefs returns a definition for each iterator macro the file uses
// (list_for_each_entry(...) { ... }) so that the statement after it parses
// as a loop body.
func loopMacroDefs(src []byte) string {
	seen := map[string]bool{}
	var defs []string
	for _, m := range loopMacroRx.FindAll(src, -1) {
		name := strings.TrimSpace(strings.TrimRight(strings.TrimSpace(string(m)), "("))
		if !seen[name] && !strings.Contains(string(src), "#define "+name) {
			seen[name] = true
			defs = append(defs, "#define "+name+"(...) for (; __gupvet_loop(); )\n")
		}
	}
	sort.Strings(defs)
	return strings.Join(defs, "")
}
