package gupapi

import "fmt"
import "regexp"
import "sort"
import "strings"

import "gupvet/cparse"

// A Family is a set of flag names the kernel defines for one interface.
// The GUP entry points take FOLL_ flags; the fault handlers
// (handle_mm_fault, fixup_user_fault) take FAULT_FLAG_ flags; a name of
// another family where FOLL_ flags belong means whatever its bits happen
// to mean as FOLL_ flags (5f9df945d4e8 "KVM: s390: Fix FOLL_*/FAULT_FLAG_*
// confusion").
type Family struct {
	// Prefix is how the family is usually named: "FAULT_FLAG_".
	Prefix string
	// What says what its names are, for messages.
	What string
}

// The families gupvet knows. A name belongs to one by where the tree
// defines it (familySources), not by its spelling alone.
var (
	FOLLFamily  = &Family{"FOLL_", "a GUP flag"}
	FaultFamily = &Family{"FAULT_FLAG_", "a page-fault flag"}
	VMFamily    = &Family{"VM_", "a VMA flag (vm_flags)"}
	GFPFamily   = &Family{"GFP_", "an allocation flag (gfp_t)"}
	OpenFamily  = &Family{"O_", "an open(2) flag"}
	MapFamily   = &Family{"MAP_", "an mmap(2) flag"}
	ProtFamily  = &Family{"PROT_", "a memory protection flag (mmap/mprotect PROT_)"}
)

// Named is a flag name of a family other than FOLL_, as the analysed tree
// defines it.
type Named struct {
	Name   string
	Family *Family
	// Value is the name's value when Known: what a GUP call that gets
	// it reads as FOLL_ flags.
	Value uint64
	Known bool
	Pos   cparse.Pos // the definition
	// Stem is the name without its family's prefix: "WRITE" for
	// FAULT_FLAG_WRITE, whose FOLL_ namesake is FOLL_WRITE.
	Stem string
}

// familySources are where each family's names are defined: the object-like
// macros with one of the prefixes, and the members of an enum (only those
// of the named enum when enum is set). mm.h's VM_ flags are macros up to
// 7.x, where they are built from the VMA_*_BIT members of an enum that
// DECLARE_VMA_BIT() declares; gfp_types.h (gfp.h before 6.0) builds its
// masks from ___GFP_*_BIT members from 6.8.
var familySources = []struct {
	fam      *Family
	path     string
	prefixes []string
	enum     string
}{
	{FaultFamily, "include/linux/mm_types.h", []string{"FAULT_FLAG_"}, "fault_flag"}, // 6.1+
	{FaultFamily, "include/linux/mm.h", []string{"FAULT_FLAG_"}, ""},                 // macros before 6.1
	{VMFamily, "include/linux/mm.h", []string{"VM_", "VMA_"}, ""},
	{GFPFamily, "include/linux/gfp_types.h", []string{"GFP_", "__GFP_", "___GFP_"}, ""},
	{GFPFamily, "include/linux/gfp.h", []string{"GFP_", "__GFP_", "___GFP_"}, ""},
	{OpenFamily, "include/uapi/asm-generic/fcntl.h", []string{"O_", "__O_"}, ""},
	{MapFamily, "include/uapi/asm-generic/mman-common.h", []string{"MAP_"}, ""},
	{MapFamily, "include/uapi/asm-generic/mman.h", []string{"MAP_"}, ""},
	{MapFamily, "include/uapi/linux/mman.h", []string{"MAP_"}, ""},
	{ProtFamily, "include/uapi/asm-generic/mman-common.h", []string{"PROT_"}, ""},
}

// FaultFlagsArgs are the functions that take FAULT_FLAG_ flags, and the
// position of that argument by the call's argument count: fixup_user_fault
// lost its task argument in 5.9, handle_mm_fault gained regs in 5.9.
var FaultFlagsArgs = map[string]map[int]int{
	"fixup_user_fault": {4: 2, 5: 3},
	"handle_mm_fault":  {3: 2, 4: 2},
}

// FaultFlagsArg returns the position of the FAULT_FLAG_ argument of a call
// of name with n arguments.
func FaultFlagsArg(name string, n int) (int, bool) {
	i, ok := FaultFlagsArgs[name][n]
	return i, ok
}

// Family returns what the tree defines name as, when it is a flag of a
// family other than FOLL_'s.
func (m *Model) Family(name string) (*Named, bool) {
	n, ok := m.foreign[name]
	return n, ok
}

// FamilyNames spells value with the names of one bit each that fam
// defines; bits it has no name for are written in hex.
func (m *Model) FamilyNames(fam *Family, v uint64) string {
	if fam == FOLLFamily {
		return m.Names(v)
	}
	return spell(v, func(b uint64) (string, bool) {
		name := ""
		for _, n := range m.foreign {
			if n.Family == fam && n.Known && n.Value == b && (name == "" || n.Name < name) {
				name = n.Name
			}
		}
		return name, name != ""
	})
}

// readFamilies reads the names of the other flag families from the tree's
// headers, and their values where the small evaluator can tell.
func (m *Model) readFamilies(t *cparse.Tree) {
	m.foreign = map[string]*Named{}
	type def struct {
		n    *Named
		expr string
		fns  map[string]fnMacro
	}
	var defs []def
	files := map[string]int{}
	ambiguous := map[*Named]bool{}
	headers := map[string]*header{}
	for _, src := range familySources {
		h := headers[src.path]
		if h == nil {
			b, err := t.ReadFile(src.path)
			if err != nil {
				continue
			}
			sh := scanHeader(b)
			h = &sh
			headers[src.path] = h
		}
		n := 0
		add := func(name, expr string, line int) {
			if !hasPrefix(name, src.prefixes) {
				return
			}
			if d, dup := m.foreign[name]; dup {
				// defined more than once (#ifdef ... #else): the value
				// depends on the configuration
				ambiguous[d] = true
				return
			}
			if _, foll := m.Flags[name]; foll {
				return
			}
			nd := &Named{Name: name, Family: src.fam, Pos: cparse.Pos{File: src.path, Line: int32(line), Col: 1}, Stem: stem(name, src.prefixes)}
			m.foreign[name] = nd
			defs = append(defs, def{nd, expr, h.fns})
			n++
		}
		if src.enum == "" {
			for _, d := range h.macros {
				add(d.name, d.expr, d.line)
			}
		}
		for _, e := range h.enums {
			if src.enum != "" && e.tag != src.enum {
				continue
			}
			for _, mb := range e.members {
				add(mb.name, mb.expr, mb.line)
			}
		}
		files[src.path] += n
	}
	// values: names of any family resolve, once, in any order
	state := map[string]int8{} // 1 evaluating, 2 done
	var value func(string) (uint64, bool)
	exprs := map[string]def{}
	for _, d := range defs {
		exprs[d.n.Name] = d
	}
	value = func(name string) (uint64, bool) {
		d, ok := exprs[name]
		if !ok {
			return 0, false
		}
		switch state[name] {
		case 1:
			return 0, false // a cycle
		case 2:
			return d.n.Value, d.n.Known
		}
		state[name] = 1
		if d.expr != "" && !ambiguous[d.n] {
			d.n.Value, d.n.Known = evalWith(expandFns(d.expr, d.fns), value)
		}
		state[name] = 2
		return d.n.Value, d.n.Known
	}
	for _, d := range defs {
		value(d.n.Name)
	}
	var paths []string
	for p := range files {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		if files[p] > 0 {
			m.Sources = append(m.Sources, fmt.Sprintf("%d names of other flag families from %s", files[p], p))
		}
	}
}

// stem strips the longest of prefixes from name.
func stem(name string, prefixes []string) string {
	best := ""
	for _, p := range prefixes {
		if strings.HasPrefix(name, p) && len(p) > len(best) {
			best = p
		}
	}
	return name[len(best):]
}

func hasPrefix(name string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	return false
}

// header is what scanHeader finds in a header: object-like macros,
// function-like ones (to expand in values), and enums.
type header struct {
	macros []macroDef
	fns    map[string]fnMacro
	enums  []enumDef
}

type macroDef struct {
	name, expr string
	line       int
}

type fnMacro struct {
	params []string
	body   string
}

type enumDef struct {
	tag     string
	members []macroDef // expr "" for an implicit value that is not known
}

var defineLineRx = regexp.MustCompile(`^[ \t]*#[ \t]*define[ \t]+(\w+)(\([^)]*\))?(.*)$`)

type enumAt struct {
	tag  string
	body int // offset after the {
}

// enums finds the enum definitions of a header: "enum [tag] {" at the
// start of a line.
func enums(text string) []enumAt {
	var out []enumAt
	for i := 0; ; {
		j := strings.Index(text[i:], "enum")
		if j < 0 {
			return out
		}
		j += i
		i = j + 4
		k := j
		for k > 0 && (text[k-1] == ' ' || text[k-1] == '\t') {
			k--
		}
		if k > 0 && text[k-1] != '\n' {
			continue
		}
		rest := strings.TrimLeft(text[i:], " \t")
		tag := rest[:len(rest)-len(strings.TrimLeftFunc(rest, func(r rune) bool { return r < 128 && cparse.IsIdentByte(byte(r)) }))]
		if tag == "" && i < len(text) && cparse.IsIdentByte(text[i]) {
			continue // "enumerate"
		}
		after := strings.TrimLeft(rest[len(tag):], " \t")
		if !strings.HasPrefix(after, "{") {
			continue
		}
		out = append(out, enumAt{tag, len(text) - len(after) + 1})
	}
}

// scanHeader reads a header's definitions line by line (continuation
// lines joined, comments removed).
func scanHeader(b []byte) header {
	h := header{fns: map[string]fnMacro{}}
	text := stripComments(string(b))
	lines := strings.Split(text, "\n")
	for i := 0; i < len(lines); i++ {
		start := i
		l := lines[i]
		if d := strings.TrimLeft(l, " \t"); !strings.HasPrefix(d, "#") || !strings.Contains(d, "define") {
			continue
		}
		for strings.HasSuffix(l, "\\") && i+1 < len(lines) {
			i++
			l = strings.TrimSuffix(l, "\\") + " " + lines[i]
		}
		mm := defineLineRx.FindStringSubmatch(l)
		if mm == nil {
			continue
		}
		body := strings.TrimSpace(mm[3])
		if mm[2] != "" {
			var ps []string
			for _, p := range strings.Split(strings.Trim(mm[2], "()"), ",") {
				ps = append(ps, strings.TrimSpace(p))
			}
			h.fns[mm[1]] = fnMacro{ps, body}
			continue
		}
		if strings.HasPrefix(body, "{") {
			continue // a table (FAULT_FLAG_TRACE), not a value
		}
		h.macros = append(h.macros, macroDef{mm[1], body, start + 1})
	}
	for _, loc := range enums(text) {
		e := enumDef{tag: loc.tag}
		end := strings.IndexByte(text[loc.body:], '}')
		if end < 0 {
			continue
		}
		next, known := uint64(0), true
		for _, part := range splitTop(text[loc.body:loc.body+end], loc.body) {
			item := part.text
			if strings.Contains(item, "#") {
				// a member under #if: the implicit values that follow
				// depend on the configuration
				known = false
				item = dropDirectives(item)
			}
			item = strings.TrimSpace(item)
			if item == "" {
				continue
			}
			line := 1 + strings.Count(text[:part.off+strings.Index(part.text, strings.Fields(item)[0])], "\n")
			item = expandFns(item, h.fns) // DECLARE_VMA_BIT(READ, 0)
			name, expr, _ := strings.Cut(item, "=")
			name, expr = strings.TrimSpace(name), strings.TrimSpace(expr)
			if !isName(name) {
				continue
			}
			switch {
			case expr != "":
				if v, ok := evalWith(expr, noNames); ok {
					next, known = v+1, true
				} else {
					known = false
				}
			case known:
				expr = fmt.Sprint(next)
				next++
			}
			e.members = append(e.members, macroDef{name, expr, line})
		}
		h.enums = append(h.enums, e)
	}
	return h
}

func noNames(string) (uint64, bool) { return 0, false }

// topPart is a piece of an enum body and its offset in the header.
type topPart struct {
	text string
	off  int
}

// splitTop splits an enum body, at offset off in its header, at its
// top-level commas.
func splitTop(s string, off int) []topPart {
	var out []topPart
	depth, from := 0, 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '(':
			depth++
		case ')':
			depth--
		case ',':
			if depth == 0 {
				out = append(out, topPart{s[from:i], off + from})
				from = i + 1
			}
		}
	}
	return append(out, topPart{s[from:], off + from})
}

// dropDirectives removes preprocessor lines from a piece of an enum body.
func dropDirectives(s string) string {
	var keep []string
	for _, l := range strings.Split(s, "\n") {
		if !strings.HasPrefix(strings.TrimSpace(l), "#") {
			keep = append(keep, l)
		}
	}
	return strings.Join(keep, "\n")
}

func isName(s string) bool {
	if s == "" || s[0] >= '0' && s[0] <= '9' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !cparse.IsIdentByte(s[i]) {
			return false
		}
	}
	return true
}

// stripComments blanks C comments, keeping newlines (lines stay put).
func stripComments(s string) string {
	b := []byte(s)
	for i := 0; i+1 < len(b); i++ {
		switch {
		case b[i] == '/' && b[i+1] == '*':
			for j := i; j < len(b); j++ {
				if j+1 < len(b) && b[j] == '*' && b[j+1] == '/' {
					b[j], b[j+1] = ' ', ' '
					i = j + 1
					break
				}
				if b[j] != '\n' {
					b[j] = ' '
				}
				if j == len(b)-1 {
					i = j
				}
			}
		case b[i] == '/' && b[i+1] == '/':
			for ; i < len(b) && b[i] != '\n'; i++ {
				b[i] = ' '
			}
		}
	}
	return string(b)
}

var (
	callRx  = regexp.MustCompile(`\b(\w+)[ \t]*\(([^()]*)\)`)
	pasteRx = regexp.MustCompile(`[ \t]*##[ \t]*`)
)

// expandFns expands, once, the calls of fns (function-like macros of the
// same header) whose arguments are plain: INIT_VM_FLAG(READ) becomes
// BIT((__force int) VMA_READ_BIT), with ## pasting.
func expandFns(s string, fns map[string]fnMacro) string {
	if len(fns) == 0 || !strings.Contains(s, "(") {
		return s
	}
	return callRx.ReplaceAllStringFunc(s, func(call string) string {
		mm := callRx.FindStringSubmatch(call)
		f, ok := fns[mm[1]]
		if !ok {
			return call
		}
		args := strings.Split(mm[2], ",")
		if len(args) != len(f.params) {
			return call
		}
		body := f.body
		for i, p := range f.params {
			body = regexp.MustCompile(`\b`+regexp.QuoteMeta(p)+`\b`).ReplaceAllLiteralString(body, strings.TrimSpace(args[i]))
		}
		return pasteRx.ReplaceAllString(body, "")
	})
}
