package cparse

import "bytes"
import _ "embed"
import "fmt"
import "maps"
import "os"
import "regexp"
import "slices"
import "sort"
import "strings"

import "modernc.org/cc/v4"

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
	rel := t.Rel(abs)
	text := []byte(string(rewriteKernelSource(abs, src)))
	headers := t.localHeaders(abs, text)
	var sliceNote string
	var vocab *fileVocab
	if (len(opt.Vocab) > 0 || len(opt.VocabPrefixes) > 0) && !opt.Whole {
		// a local macro or header function that reaches the GUP API
		// counts as a GUP word
		vocab = localVocab(opt.inVocab, text, headers)
		var sl slice
		text, sl = sliceRelevant(text, vocab.has, opt.keeps())
		sliceNote = sl.note()
		if sl.reaching == 0 && !sl.declHit && !vocab.inHeaders {
			// Nothing here can reach the GUP API (the file matched the
			// prefilter through a comment or an unused macro): no parse.
			return t.nothingToParse(abs, rel, headers, sliceNote), nil
		}
		if sl.reaching == 0 && !sl.declHit && opt.DeferHeaderOnly {
			return t.headerOnly(abs, rel, Tolerant, headers, vocab, sliceNote), nil
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
	known := func(name string) bool {
		if strings.Contains(prelude, "#define "+name+"(") || strings.Contains(loops, "#define "+name+"(") {
			return true
		}
		if bytes.Contains(src, []byte("#define "+name)) {
			return true
		}
		for _, h := range headers {
			if bytes.Contains(h, []byte("#define "+name)) {
				return true
			}
		}
		return false
	}
	text, blanked := blankFileScopeMacros(text, known)
	rec := newRecovery(t, abs, text, headers, known)
	for _, h := range slices.Sorted(maps.Keys(headers)) {
		rw := rewriteKernelSource(h, headers[h])
		b := rw
		if vocab != nil {
			// the local headers' functions that cannot reach the
			// GUP API are read as declarations, as precise mode reads
			// every header's: their bodies cannot matter, and what
			// cc/v4 cannot parse in them would cost a recovery
			b = elideBodies(b, vocab.has)
		}
		b, names := blankFileScopeMacros(b, known)
		blanked = append(blanked, names...)
		if !bytes.Equal(b, rw) {
			rec.htext[h] = b
		}
	}
	if len(blanked) > 0 {
		notes = append(notes, "file-scope macro invocations not expanded (no definition): "+strings.Join(blanked, " "))
	}
	texts := [][]byte{text}
	for _, h := range slices.Sorted(maps.Keys(headers)) {
		texts = append(texts, headers[h])
	}
	rec.guesses = typedefGuesses(texts...)
	rec.guesses = append(rec.guesses, kernelNameGuesses(rec.guesses, known, texts...)...)
	for i := range srcs {
		if srcs[i].Name == "<builtin>" {
			srcs[i].Value = builtinFor(append(texts, []byte(prelude), []byte(loops))...)
		}
	}
	var u *Unit
	parses := 0
	for try := 0; ; try++ {
		parses++
		virtual := rec.virtual()
		cfg.FS = &treeFS{t: t, stubDir: stubDir, virtual: virtual, rewrite: rewriteKernelSource}
		all := append(append([]cc.Source{}, srcs...), cc.Source{Name: "<guesses>", Value: rec.guessSource() + loops}, cc.Source{Name: abs})
		u = t.parseWith(abs, cfg, all, opt, Tolerant)
		if len(u.Errors) == 0 || try >= maxTolerantRetries {
			break
		}
		// rec.parse parses the unit with one file's text replaced
		rec.parse = func(f string, text []byte) *Unit {
			parses++
			old := virtual[f]
			if f == abs {
				text = withSentinel(text)
			}
			virtual[f] = text
			defer func() { virtual[f] = old }()
			return t.parseWith(abs, cfg, all, opt, Tolerant)
		}
		if !rec.step(u) {
			break
		}
	}
	if os.Getenv("GUPVET_DEBUG") != "" {
		notes = append(notes, fmt.Sprintf("tolerant mode parsed the file %d time(s)", parses))
	}
	rec.finish(u, notes)
	return u, nil
}

// typedefGuesses returns the names ending in _t that the texts (a file
// and its local headers) use as a type (followed by a declarator) without
// defining them: kernel typedefs whose headers tolerant mode does not
// read.
func typedefGuesses(texts ...[]byte) []string {
	defined := map[string]bool{}
	for _, src := range texts {
		maps.Copy(defined, definedTypedefs(src))
	}
	seen := map[string]bool{}
	var out []string
	for _, src := range texts {
		for _, n := range typedefUses(src) {
			if seen[n] || defined[n] || strings.Contains(prelude, " "+n+";") {
				continue
			}
			seen[n] = true
			out = append(out, n)
		}
	}
	return out
}

// kernelNames are names the kernel's global headers define that files
// use without defining, and that recovery would otherwise guess one parse
// at a time, each after a failed parse of the whole unit (6.12: a third
// of tolerant mode's parses were such retries): section and alignment
// annotations, guessed as empty macros, and types whose names do not end
// in _t, guessed as int typedefs (guessSource tells them apart by name,
// as for recovery's own guesses).
var kernelNames = []string{
	"____cacheline_aligned", "____cacheline_aligned_in_smp", "__cacheline_aligned", "__cacheline_aligned_in_smp",
	"____cacheline_internodealigned_in_smp", "__refdata", "__refconst", "__initconst", "__ro_after_init",
	"__initdata_memblock", "__meminitdata", "__meminitconst",
	"uint", "ushort", "ulong", "u128", "s128", "poll_table", "kmem_buckets", "v4l2_std_id", "fixed20_12",
}

// kernelNameGuesses returns the kernelNames the texts use as words (a
// file and its local headers) that are not known there (known: a macro of
// theirs or the prelude's; a typedef of theirs), nor guessed already.
func kernelNameGuesses(guessed []string, known func(string) bool, texts ...[]byte) []string {
	defined := map[string]bool{}
	for _, src := range texts {
		maps.Copy(defined, definedTypedefs(src))
	}
	var out []string
	for _, n := range kernelNames {
		if defined[n] || known(n) || contains(guessed, n) || strings.Contains(prelude, " "+n+";") {
			continue
		}
		for _, src := range texts {
			if hasWord(src, n) {
				out = append(out, n)
				break
			}
		}
	}
	return out
}

// hasWord reports whether w occurs in b as a whole identifier.
func hasWord(b []byte, w string) bool {
	for range Words(b, w) {
		return true
	}
	return false
}

// typedefUses returns, in order, the words ending in _t that src uses as a
// type: followed, after blanks and stars, by a declarator's first letter
// ("size_t len", "pte_t *ptep"). It finds what the regular expression
// \b([A-Za-z_][A-Za-z0-9_]*_t)\b[ \t]*\**[ \t]*\b[A-Za-z_] does, by hand:
// the regexp was a tenth of a tolerant parse's time.
func typedefUses(src []byte) []string {
	var out []string
	for i := 0; i < len(src); {
		if !IsIdentByte(src[i]) {
			i++
			continue
		}
		j := i
		for j < len(src) && IsIdentByte(src[j]) {
			j++
		}
		word := src[i:j]
		// a match starts a word (not the rest of the declarator the
		// previous match ended in) with a letter or _
		start := i == 0 || !IsIdentByte(src[i-1])
		i = j
		if !start || len(word) < 3 || word[0] >= '0' && word[0] <= '9' || word[len(word)-2] != '_' || word[len(word)-1] != 't' {
			continue
		}
		k := j
		for k < len(src) && (src[k] == ' ' || src[k] == '\t') {
			k++
		}
		for k < len(src) && src[k] == '*' {
			k++
		}
		for k < len(src) && (src[k] == ' ' || src[k] == '\t') {
			k++
		}
		if k < len(src) && IsIdentByte(src[k]) && !(src[k] >= '0' && src[k] <= '9') {
			out = append(out, string(word))
			i = k + 1
		}
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
		for k > i && !IsIdentByte(s[k-1]) {
			k--
		}
		e := k
		for k > i && IsIdentByte(s[k-1]) {
			k--
		}
		m[s[k:e]] = true
		// function pointer typedefs: typedef int (*name)(...);
		if p := strings.Index(s[i:j], "(*"); p >= 0 {
			q := i + p + 2
			r := q
			for r < j && IsIdentByte(s[r]) {
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
// as a loop body. A function of the file named like one
// (register_for_each_vma in kernel/events/uprobes.c, its name first on
// its line) is not an iterator.
func loopMacroDefs(src []byte) string {
	seen := map[string]bool{}
	var defs []string
	var funcs map[string]bool
	for _, m := range loopMacroRx.FindAll(src, -1) {
		name := strings.TrimSpace(strings.TrimRight(strings.TrimSpace(string(m)), "("))
		if seen[name] || strings.Contains(string(src), "#define "+name) {
			continue
		}
		seen[name] = true
		if funcs == nil {
			funcs = declaredFuncs(src)
		}
		if !funcs[name] {
			defs = append(defs, "#define "+name+"(...) for (; __gupvet_loop(); )\n")
		}
	}
	sort.Strings(defs)
	return strings.Join(defs, "")
}

// declaredFuncs returns the names of the functions a file defines or
// declares at file scope: the name before the first parenthesis of each
// top-level declaration.
func declaredFuncs(src []byte) map[string]bool {
	out := map[string]bool{}
	lines := bytes.SplitAfter(src, []byte("\n"))
	for _, c := range topLevelChunks(src) {
		text := stripComments(joinLines(lines, c[0], c[1]))
		p := bytes.IndexByte(text, '(')
		if p < 0 || bytes.ContainsAny(text[:p], "={") {
			continue
		}
		j := p
		for j > 0 && (isBlank(text[j-1]) || text[j-1] == '\n') {
			j--
		}
		e := j
		for j > 0 && IsIdentByte(text[j-1]) {
			j--
		}
		if j < e {
			out[string(text[j:e])] = true
		}
	}
	return out
}
