package pinput

import _ "embed"
import "fmt"
import "regexp"
import "sort"
import "strings"

import "golang.org/x/tools/go/analysis"

import "gupvet/analyzer"
import "gupvet/rules/flagflow"
import "gupvet/rules/report"

//go:embed doc.go
var doc string

// Analyzer reports pages released with the other GUP family's function.
// An Error: a pin released as a reference leaks the page and leaves it
// counted as DMA-pinned; a reference released as a pin underflows the
// refcount.
var Analyzer = report.New("pinput", doc, report.Error, run)

func run(pass *analysis.Pass, res *flagflow.Result, pd *analyzer.ProgramData) (any, error) {
	u := res.Unit
	p := programOf(pd, res.Program)
	for _, fd := range res.Program.Funcs(u.Path) {
		if !p.mayTake(fd) {
			continue // no page taken on its paths: nothing to mismatch
		}
		for _, f := range p.findings(fd) {
			reportFinding(pass, pd, p, u.Path, f)
		}
	}
	return nil, nil
}

// programOf is the run's pairing analysis, made once.
func programOf(pd *analyzer.ProgramData, prog *flagflow.Program) *program {
	return pd.Shared("pinput", func() any { return newProgram(pd, prog) }).(*program)
}

// prepare analyses, as soon as the units are read and beside the other
// program-wide analyses, the functions each unit's pass asks about
// (p.result keeps what is not cut short; the passes then find it).
func prepare(pd *analyzer.ProgramData) {
	prog, err := flagflow.ProgramOf(pd)
	if err != nil {
		return
	}
	p := programOf(pd, prog)
	for _, u := range pd.Units {
		for _, fd := range prog.Funcs(u.Path) {
			if p.mayTake(fd) {
				p.findings(fd)
			}
		}
	}
}

var biasRx = regexp.MustCompile(`(?m)^#[ \t]*define[ \t]+GUP_PIN_COUNTING_BIAS[ \t]+([^\n]*?)[ \t]*$`)

func newProgram(pd *analyzer.ProgramData, prog *flagflow.Program) *program {
	p := &program{prog: prog, model: prog.Model, memo: newMemo(pd, prog), done: map[*flagflow.FuncDef]*result{}, may: map[*flagflow.FuncDef]int8{}, mayT: map[*flagflow.FuncDef]int8{}}
	if b, err := pd.Tree.ReadFile("include/linux/mm.h"); err == nil {
		if m := biasRx.FindSubmatch(b); m != nil {
			p.bias = string(m[1])
		}
	}
	return p
}

func reportFinding(pass *analysis.Pass, pd *analyzer.ProgramData, p *program, from string, f *finding) {
	acq := f.st.acq
	if len(acq) == 0 {
		return
	}
	s := acq[0]
	one := f.one
	what := "pages"
	if one && f.via == nil {
		what = "a page"
	}
	held := f.st.fam &^ other
	if f.st.sym != "" {
		held = pin | ref&^f.fam // the family that mismatches
	}
	by := takenBy(s, from, held, one && f.via == nil)
	when := ""
	if f.st.sym != "" {
		when = " " + symWhen(f.st.sym, held == pin)
	}
	var head string
	if f.via != nil {
		head = fmt.Sprintf("%s is passed %s %s%s and releases them with %s (%s)",
			f.via.name, what, by, when, f.release, report.Where(f.via.pos, from))
	} else {
		head = fmt.Sprintf("%s releases %s %s%s", f.release, what, by, when)
	}
	var why string
	if held == pin {
		why = fmt.Sprintf("pinned pages are released with %s: %s drops one reference, not the pin%s, so the page stays pinned and its references leak",
			fix(pin, one), f.release, biasNote(p.bias))
	} else {
		why = fmt.Sprintf("referenced pages are released with %s: %s drops a pin%s that was never taken, so the refcount underflows and the page can be freed while still in use",
			fix(ref, one), f.release, biasNote(p.bias))
	}
	rel := report.NewRelated(pd)
	for _, a := range acq {
		for x := a; x != nil; x = x.inner {
			verb := "pins"
			if held == ref {
				verb = "references"
			}
			if f.st.sym != "" {
				verb += " (" + symWhen(f.st.sym, held == pin) + ")"
			}
			rel.Add(x.pos, fmt.Sprintf("%s %s the pages here", x.callee, verb))
		}
	}
	if f.via != nil {
		rel.Add(f.via.pos, fmt.Sprintf("%s releases them here", f.release))
	}
	pass.Report(analysis.Diagnostic{
		Pos:      pd.Pos(f.pos),
		End:      pd.Pos(f.end),
		Category: "pairing",
		Message:  head + ": " + why,
		Related:  rel.List(),
	})
}

// takenBy says how the pages were taken: "pinned by pin_user_pages
// (line 12)", "referenced by get_map_page (line 40), which takes it with
// get_user_pages_remote (line 20)".
func takenBy(s *site, from string, held fam, one bool) string {
	verb, how := "pinned", "pins"
	if held == ref {
		verb, how = "referenced", "references"
	}
	out := fmt.Sprintf("%s by %s (%s)", verb, s.callee, report.Where(s.pos, from))
	if e := s.entry(); e != s {
		it := "them"
		if one {
			it = "it"
		}
		out += fmt.Sprintf(", which %s %s with %s (%s)", how, it, e.callee, report.Where(e.pos, from))
	}
	return out
}

// symWhen says when pages whose family is an atom's are of family pin
// (or not): "when gup_flags has FOLL_PIN".
func symWhen(sym string, pinned bool) string {
	x, flag, ok := strings.Cut(sym, " & ")
	if !ok {
		if pinned {
			return "when " + sym
		}
		return "when not " + sym
	}
	if pinned {
		return fmt.Sprintf("when %s has %s", x, flag)
	}
	return fmt.Sprintf("when %s lacks %s", x, flag)
}

// fix names the release of a family.
func fix(f fam, one bool) string {
	switch {
	case f == pin && one:
		return "unpin_user_page()"
	case f == pin:
		return "unpin_user_pages()"
	case one:
		return "put_page()"
	}
	return "put_page() on each, or release_pages()"
}

// biasNote says what a pin is, with the tree's GUP_PIN_COUNTING_BIAS.
func biasNote(bias string) string {
	if bias == "" {
		return ""
	}
	return fmt.Sprintf(" (a pin is GUP_PIN_COUNTING_BIAS = %s references on a small folio, one reference and one _pincount on a large one)", bias)
}

// The release functions keep, in tolerant mode's slicing of a file that
// names the GUP API, the helpers that release what they are passed; they
// are far too common to choose files.
func init() {
	var keep []string
	for name := range releases {
		keep = append(keep, name)
	}
	sort.Strings(keep)
	analyzer.Declare(Analyzer, analyzer.Needs{Keep: keep, Prepare: prepare})
}
