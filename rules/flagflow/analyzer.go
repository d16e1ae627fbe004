package flagflow

import (
	"fmt"
	"reflect"
	"strings"

	"golang.org/x/tools/go/analysis"

	"gupvet/analyzer"
	"gupvet/cparse"
	"gupvet/rules/gupapi"
)

// Analyzer computes the flag flow of a unit. Its result is *Result.
var Analyzer = &analysis.Analyzer{
	Name:             "flagflow",
	Doc:              "compute the FOLL_ flags and `locked` nullness that reach each GUP call (no diagnostics)",
	Requires:         []*analysis.Analyzer{analyzer.Unit, analyzer.Program},
	ResultType:       reflect.TypeOf((*Result)(nil)),
	RunDespiteErrors: true,
	Run:              run,
}

// Result is the flag flow of one unit.
type Result struct {
	Program *Program
	Unit    *cparse.Unit
	// Events are the sink events reachable from the unit's functions.
	Events []*Event
}

// The GUP API's words make a file worth reading, and the tree's own
// mm/gup.c is read for what its entry points add and check.
func init() {
	analyzer.Declare(Analyzer, analyzer.Needs{Words: gupapi.Words, Prefixes: gupapi.Prefixes, Context: []string{gupapi.File},
		Escalate: escalation})
}

type built struct {
	p   *Program
	err error
}

func run(pass *analysis.Pass) (any, error) {
	u := pass.ResultOf[analyzer.Unit].(*cparse.Unit)
	pd := pass.ResultOf[analyzer.Program].(*analyzer.ProgramData)
	b := pd.Shared("flagflow", func() any {
		p, err := Build(pd)
		if err == nil {
			pd.Note(fmt.Sprintf("GUP API model: Linux %s; %s", p.Model.Version, strings.Join(p.Model.Sources, ", ")))
			pd.Note(p.ModelNote)
		}
		return &built{p, err}
	}).(*built)
	if b.err != nil {
		return nil, b.err
	}
	res := &Result{Program: b.p, Unit: u}
	for _, fd := range b.p.Funcs(u.Path) {
		res.Events = append(res.Events, b.p.Events(fd)...)
	}
	return res, nil
}
