package flagflow

import "fmt"
import "strings"

import "golang.org/x/tools/go/analysis"

import "gupvet/analyzer"
import "gupvet/cparse"
import "gupvet/rules/gupapi"

// Analyzer computes the flag flow of a unit. Its result is *Result.
var Analyzer = analyzer.Provider("flagflow", "compute the FOLL_ flags and `locked` nullness that reach each GUP call (no diagnostics)",
	run, analyzer.Unit, analyzer.Program)

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
		Escalate: escalation, Prepare: prepare})
}

type built struct {
	p   *Program
	err error
}

// ProgramOf returns the program of the run pd is the data of, built
// once.
func ProgramOf(pd *analyzer.ProgramData) (*Program, error) {
	b := pd.Shared("flagflow", func() any {
		p, err := Build(pd)
		if err == nil {
			pd.Note(fmt.Sprintf("GUP API model: Linux %s; %s", p.Model.Version, strings.Join(p.Model.Sources, ", ")))
			pd.Note(p.ModelNote)
		}
		return &built{p, err}
	}).(*built)
	return b.p, b.err
}

// prepare computes every function's events (Program.Events) as soon as
// the units are read.
func prepare(pd *analyzer.ProgramData) {
	if p, err := ProgramOf(pd); err == nil {
		p.eventsOnce.Do(p.computeEvents)
	}
}

func run(pass *analysis.Pass) (*Result, error) {
	u := pass.ResultOf[analyzer.Unit].(*cparse.Unit)
	pd := pass.ResultOf[analyzer.Program].(*analyzer.ProgramData)
	p, err := ProgramOf(pd)
	if err != nil {
		return nil, err
	}
	res := &Result{Program: p, Unit: u}
	for _, fd := range p.Funcs(u.Path) {
		res.Events = append(res.Events, p.Events(fd)...)
	}
	return res, nil
}
