package report

import "golang.org/x/tools/go/analysis"

import "gupvet/analyzer"
import "gupvet/rules/flagflow"

// Run is what a GUP rule does with one unit: the pass, the flag flow of
// the unit (its events, the program, the unit itself) and the program's
// data, which every rule reads.
type Run func(pass *analysis.Pass, res *flagflow.Result, pd *analyzer.ProgramData) (any, error)

// New declares a GUP rule: the analyzer name, documented by the
// "# Analyzer NAME" section of doc (the text of its package's doc.go),
// whose findings weigh sev, running on every unit after the flag flow.
// The one place that says what a rule's analyzer holds, so that a rule's
// package declares only what is its own.
func New(name, doc string, sev Severity, run Run) *analysis.Analyzer {
	a := &analysis.Analyzer{
		Name:     name,
		Doc:      MustExtractDoc(doc, name),
		URL:      "https://github.com/gupvet/gupvet/blob/main/rules/" + name + "/doc.go",
		Requires: []*analysis.Analyzer{flagflow.Analyzer, analyzer.Program},
		Run: func(pass *analysis.Pass) (any, error) {
			return run(pass, pass.ResultOf[flagflow.Analyzer].(*flagflow.Result), pass.ResultOf[analyzer.Program].(*analyzer.ProgramData))
		},
	}
	severities[a] = sev
	return a
}
