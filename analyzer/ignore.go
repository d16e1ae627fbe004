package analyzer

import "fmt"
import "go/token"
import "regexp"
import "strings"

import "golang.org/x/tools/go/analysis"

import "gupvet/cparse"

// Suppression in source, in the manner of staticcheck's //lint:ignore:
//
//	/* gupvet:ignore RULE[,RULE] reason */   or   // gupvet:ignore RULE reason
//
// on the reported line or on the line before it silences those rules
// there. The reason is required. A directive without one, or naming a rule
// gupvet does not have, is itself reported, as a finding of the
// pseudo-rule "ignore"; with -unused-ignores so is a directive that
// silences nothing.

// Directives says how a run applies gupvet:ignore directives. The driver
// applies them, for every rule alike: rules never look at directives.
type Directives struct {
	// Known are the names of every rule gupvet has, enabled or not: a
	// directive naming another is reported.
	Known []string
	// ReportUnused reports directives that silence nothing of an enabled
	// rule in a file that was analysed.
	ReportUnused bool
}

// IgnoreRule is the pseudo-rule of findings about directives. It is not
// run: the driver reports its findings itself.
var IgnoreRule = &analysis.Analyzer{
	Name: "ignore",
	Doc: `ignore: a gupvet:ignore directive that is malformed or unused

A directive /* gupvet:ignore RULE[,RULE] reason */ (or // gupvet:ignore ...)
silences the named rules on its own line and on the next one. It must name
rules gupvet has (gupvet -list) and give a reason after them. With
-unused-ignores, a directive that silenced nothing is reported too.`,
	URL: "https://github.com/gupvet/gupvet/blob/main/README.md#suppressing-a-finding",
	Run: func(*analysis.Pass) (any, error) { return nil, nil },
}

var directiveRx = regexp.MustCompile(`(?://|/\*)[ \t]*(gupvet:ignore)\b([^\n]*)`)

// directive is one gupvet:ignore comment.
type directive struct {
	file      string
	line, col int // of "gupvet:ignore"
	length    int
	rules     []string
	reason    string
	used      map[string]bool
}

// scanDirectives finds the gupvet:ignore comments of one file.
func scanDirectives(file string, b []byte) []*directive {
	var out []*directive
	if !strings.Contains(string(b), "gupvet:ignore") {
		return nil
	}
	for i, line := range strings.Split(string(b), "\n") {
		for _, m := range directiveRx.FindAllStringSubmatchIndex(line, -1) {
			rest := line[m[4]:m[5]]
			if strings.HasPrefix(line[m[0]:], "/*") {
				if e := strings.Index(rest, "*/"); e >= 0 {
					rest = rest[:e]
				}
			}
			d := &directive{file: file, line: i + 1, col: m[2] + 1, length: len(strings.TrimRight("gupvet:ignore"+rest, " \t")), used: map[string]bool{}}
			f := strings.Fields(rest)
			if len(f) > 0 {
				for _, r := range strings.Split(f[0], ",") {
					if r != "" {
						d.rules = append(d.rules, r)
					}
				}
				d.reason = strings.TrimSpace(strings.Join(f[1:], " "))
			}
			out = append(out, d)
		}
	}
	return out
}

// applyDirectives applies the gupvet:ignore directives of the files
// analysed (and of those findings are in) to res, and reports the bad
// ones (and, when asked, the unused ones) as findings of IgnoreRule.
func applyDirectives(cfg *Directives, t *cparse.Tree, enabled []*analysis.Analyzer, analysedFiles []string, res *Result) {
	known := map[string]bool{}
	for _, n := range cfg.Known {
		known[n] = true
	}
	on := map[string]bool{}
	for _, a := range enabled {
		on[a.Name] = true
		known[a.Name] = true
	}
	files, analysed := distinct(analysedFiles)
	seen := map[string]bool{}
	for _, f := range res.Findings {
		if n := f.Posn.Filename; n != "" && !analysed[n] && !seen[n] {
			seen[n] = true
			files = append(files, n)
		}
	}
	byLine := map[string]map[int][]*directive{}
	var all []*directive
	for _, f := range files {
		b, err := t.ReadFile(f)
		if err != nil {
			continue
		}
		for _, d := range scanDirectives(f, b) {
			m := byLine[f]
			if m == nil {
				m = map[int][]*directive{}
				byLine[f] = m
			}
			m[d.line] = append(m[d.line], d)
			all = append(all, d)
		}
	}
	if len(all) == 0 {
		return
	}
	kept := res.Findings[:0]
	for _, f := range res.Findings {
		silenced := false
		for _, line := range []int{f.Posn.Line, f.Posn.Line - 1} {
			for _, d := range byLine[f.Posn.Filename][line] {
				if d.reason == "" {
					continue // a directive without a reason silences nothing
				}
				for _, r := range d.rules {
					if r == f.Analyzer.Name {
						d.used[r] = true
						silenced = true
					}
				}
			}
		}
		if !silenced {
			kept = append(kept, f)
		}
	}
	res.Findings = kept

	report := func(d *directive, msg string) {
		pos := res.Files.Pos(cparse.Pos{File: d.file, Line: int32(d.line), Col: int32(d.col)})
		end := token.NoPos
		if pos.IsValid() {
			end = pos + token.Pos(d.length)
		}
		res.Findings = append(res.Findings, Finding{
			Analyzer: IgnoreRule,
			Unit:     d.file,
			Diag:     analysis.Diagnostic{Pos: pos, End: end, Category: "directive", Message: msg},
			Posn:     res.Fset.Position(pos),
		})
	}
	for _, d := range all {
		var unknown []string
		for _, r := range d.rules {
			if !known[r] {
				unknown = append(unknown, r)
			}
		}
		switch {
		case len(d.rules) == 0:
			report(d, "gupvet:ignore names no rule: write gupvet:ignore RULE[,RULE] reason")
		case len(unknown) > 0:
			report(d, fmt.Sprintf("gupvet:ignore names unknown rule(s) %s (gupvet -list lists the rules)", strings.Join(unknown, ", ")))
		case d.reason == "":
			report(d, fmt.Sprintf("gupvet:ignore %s has no reason: say why after the rule names; it silences nothing until it does", strings.Join(d.rules, ",")))
		case cfg.ReportUnused && analysed[d.file]:
			var unused []string
			for _, r := range d.rules {
				if on[r] && !d.used[r] {
					unused = append(unused, r)
				}
			}
			if len(unused) > 0 {
				report(d, fmt.Sprintf("gupvet:ignore %s silences nothing here (no %s finding on this line or the next)", strings.Join(unused, ","), strings.Join(unused, " or ")))
			}
		}
	}
	res.Findings = SortFindings(res.Findings)
}
