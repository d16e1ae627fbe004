package cparse

import (
	_ "embed"
	"fmt"
	"maps"
	"regexp"
	"slices"
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
	// mm/gup.c's FOLL_LONGTERM checks (__gup_longterm_locked before 6.1)
	"CONFIG_CMA", "CONFIG_FS_DAX",
}

const stubDir = "/__gupvet_stub__"

// maxTolerantRetries bounds the recovery loop: each retry blanks one
// top-level declaration that did not parse, or guesses one typedef.
const maxTolerantRetries = 60

func (t *Tree) tolerantConfig(words map[string]bool) (*cc.Config, []cc.Source, []string, error) {
	abi, err := cc.NewABI("linux", "amd64")
	if err != nil {
		return nil, nil, nil, err
	}
	abi.SignedChar = false
	var notes []string
	var conf strings.Builder
	if ac := t.loadAutoconf(); ac != nil {
		n := ac.write(&conf, words)
		notes = append(notes, fmt.Sprintf("configuration: %s (the %d of its %d options the file and its local headers name)", ac.path, n, len(ac.lines)))
	} else {
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
	var guesses []string
	rel := t.Rel(abs)
	text := []byte(string(rewriteKernelSource(abs, src)))
	headers := t.localHeaders(abs, text)
	var sliceNote string
	if (len(opt.Vocab) > 0 || len(opt.VocabPrefixes) > 0) && !opt.Whole {
		// a local macro or header function that reaches the GUP API
		// counts as a GUP word
		vocab := localVocab(opt.inVocab, text, headers)
		var sl slice
		var keep func(string) bool
		if len(opt.Keep) > 0 {
			keep = func(id string) bool { return opt.Keep[id] }
		}
		text, sl = sliceRelevant(text, vocab.has, keep)
		if sl.dropped > 0 {
			sliceNote = fmt.Sprintf("%d function(s) that cannot reach the GUP API skipped, %d analysed", sl.dropped, sl.kept)
		}
		if sl.reaching == 0 && !sl.declHit && !vocab.inHeaders {
			// Nothing here can reach the GUP API (the file matched the
			// prefilter through a comment or an unused macro): no parse.
			return t.nothingToParse(abs, rel, headers, sliceNote), nil
		}
	}
	var htexts [][]byte
	for _, h := range headers {
		htexts = append(htexts, h)
	}
	cfg, srcs, notes, err := t.tolerantConfig(configWords(append(htexts, text)...))
	if err != nil {
		return nil, err
	}
	if sliceNote != "" {
		notes = append(notes, sliceNote)
	}
	loops := loopMacroDefs(text)
	text, blanked := blankFileScopeMacros(text, func(name string) bool {
		return strings.Contains(prelude, "#define "+name+"(") || strings.Contains(string(src), "#define "+name)
	})
	if len(blanked) > 0 {
		notes = append(notes, "file-scope macro invocations not expanded (no definition): "+strings.Join(blanked, " "))
	}
	guesses = append(guesses, typedefGuesses(text)...)
	var dropped []*Error
	var lost []LineRange           // the lines of the main file dropped with them
	skipped := map[string][]byte{} // local headers given up: read as empty
	headersEmptied := false
	var u *Unit
	for try := 0; ; try++ {
		virtual := map[string][]byte{abs: withSentinel(text)}
		for h := range skipped {
			virtual[h] = nil
		}
		fsys := &treeFS{t: t, stubDir: stubDir, virtual: virtual, rewrite: rewriteKernelSource}
		cfg.FS = fsys
		var eb strings.Builder
		for _, g := range guesses {
			if isAttributeLike(g) {
				fmt.Fprintf(&eb, "#define %s\n", g)
			} else {
				fmt.Fprintf(&eb, "typedef int %s;\n", g)
			}
		}
		extra := eb.String()
		all := append(append([]cc.Source{}, srcs...), cc.Source{Name: "<guesses>", Value: extra + loops}, cc.Source{Name: abs})
		u = t.parseWith(abs, cfg, all, opt, Tolerant)
		if len(u.Errors) == 0 || try >= maxTolerantRetries {
			break
		}
		if u.panicked {
			// cc/v4 panicked without a position: find the top-level
			// declaration whose presence makes it panic and give it up.
			parse := func(text []byte) bool {
				virtual[abs] = withSentinel(text)
				x := t.parseWith(abs, cfg, all, opt, Tolerant)
				return x.panicked
			}
			from, to, ok, outside := bisectPanic(text, parse)
			if outside && !headersEmptied && len(headers) > 0 {
				// the crash is in what the file includes
				// (net/netfilter/ipset's generator headers): read its
				// local headers as empty and try again
				headersEmptied = true
				var names []string
				for _, h := range slices.Sorted(maps.Keys(headers)) {
					skipped[h] = nil
					names = append(names, t.Rel(h))
				}
				notes = append(notes, "the C frontend crashed in the file's local headers; read as empty: "+strings.Join(names, " "))
				continue
			}
			if !ok {
				break
			}
			dropped = append(dropped, &Error{Pos: Pos{File: rel, Line: int32(from), Col: 1}, Msg: fmt.Sprintf("the C frontend crashed on this declaration (tolerant mode gave up lines %d-%d)", from, to)})
			lost = append(lost, LineRange{int32(from), int32(to)})
			text = blankLines(text, from, to)
			continue
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
		// guess every unknown type name the errors point at, at once
		newGuess := false
		for _, e2 := range u.Errors {
			if e2.Pos.File != rel || !e2.Pos.IsValid() {
				continue
			}
			if name := unknownTypeName(text, int(e2.Pos.Line), int(e2.Pos.Col)); name != "" && !contains(guesses, name) {
				guesses = append(guesses, name)
				newGuess = true
			}
		}
		if newGuess {
			continue
		}
		from, to, ok := topLevelChunk(text, int(e.Pos.Line))
		if !ok {
			break
		}
		dropped = append(dropped, &Error{Pos: e.Pos, Msg: fmt.Sprintf("%s (tolerant mode gave up lines %d-%d)", e.Msg, from, to)})
		lost = append(lost, LineRange{int32(from), int32(to)})
		text = blankLines(text, from, to)
	}
	if len(guesses) > 0 {
		sort.Strings(guesses)
		var tds, attrs []string
		for _, g := range guesses {
			if isAttributeLike(g) {
				attrs = append(attrs, g)
			} else {
				tds = append(tds, g)
			}
		}
		if len(tds) > 0 {
			notes = append(notes, "guessed typedefs: "+strings.Join(tds, " "))
		}
		if len(attrs) > 0 {
			notes = append(notes, "guessed annotation macros (defined empty): "+strings.Join(attrs, " "))
		}
	}
	u.Lost = lost
	if len(dropped) > 0 {
		u.Partial = true
		for _, d := range dropped {
			notes = append(notes, "skipped: "+d.Error())
		}
	}
	u.Notes = append(notes, u.Notes...)
	return u, nil
}

var typedefUseRx = regexp.MustCompile(`\b([A-Za-z_][A-Za-z0-9_]*_t)\b[ \t]*\**[ \t]*\b[A-Za-z_]`)

// typedefGuesses returns the names ending in _t that the file uses as a
// type (followed by a declarator) without defining them: kernel typedefs
// whose headers tolerant mode does not read.
func typedefGuesses(src []byte) []string {
	defined := definedTypedefs(src)
	seen := map[string]bool{}
	var out []string
	for _, m := range typedefUseRx.FindAllSubmatch(src, -1) {
		n := string(m[1])
		if seen[n] || defined[n] || strings.Contains(prelude, " "+n+";") {
			continue
		}
		seen[n] = true
		out = append(out, n)
	}
	return out
}

// definedTypedefs returns the names the file itself declares with typedef.
func definedTypedefs(src []byte) map[string]bool {
	m := map[string]bool{}
	s := string(src)
	for i := strings.Index(s, "typedef"); i >= 0; {
		depth, j := 0, i
		for ; j < len(s); j++ {
			if s[j] == '{' || s[j] == '(' {
				depth++
			} else if s[j] == '}' || s[j] == ')' {
				depth--
			} else if s[j] == ';' && depth <= 0 {
				break
			}
		}
		k := j
		for k > i && !isIdentByte(s[k-1]) {
			k--
		}
		e := k
		for k > i && isIdentByte(s[k-1]) {
			k--
		}
		m[s[k:e]] = true
		// function pointer typedefs: typedef int (*name)(...);
		if p := strings.Index(s[i:j], "(*"); p >= 0 {
			q := i + p + 2
			r := q
			for r < j && isIdentByte(s[r]) {
				r++
			}
			m[s[q:r]] = true
		}
		n := strings.Index(s[j:], "typedef")
		if n < 0 {
			break
		}
		i = j + n
	}
	return m
}

// eofSentinel ends every file tolerant mode parses. cc/v4 loops forever
// when a declarator's '*' meets the end of the file (typeQualifierList
// shifts the EOF token without end; found by FuzzParse, and reached by
// recovery blanking what followed a '*'); a 'static' stops that loop, and
// in a well-formed file the sentinel is a harmless declaration after the
// last line.
const eofSentinel = "\nstatic int __gupvet_eof;\n"

func withSentinel(b []byte) []byte {
	return append(append(make([]byte, 0, len(b)+len(eofSentinel)), b...), eofSentinel...)
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
