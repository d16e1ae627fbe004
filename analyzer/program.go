// Package analyzer is gupvet's driver: the golang.org/x/tools/go/analysis
// framework applied to C translation units.
//
// A rule is an *analysis.Analyzer. It gets the unit it checks from
// Pass.ResultOf[analyzer.Unit] and the whole program (every unit parsed in
// this run, for facts that cross files) from Pass.ResultOf[analyzer.Program].
// Diagnostics carry token.Pos values of Pass.Fset, which holds the C files.
//
// Cross-unit facts follow a summarise-then-check design: the driver first
// parses every unit it needs (the files to report on and the context files
// whose functions matter, such as mm/gup.c), then runs the rules unit by
// unit. A rule that needs per-function summaries of all units computes them
// once through Program.Shared, so the summaries of a unit are built once per
// run whatever number of units read them.
package analyzer

import "go/token"
import "sync"

import "gupvet/cparse"
import "gupvet/internal/lazy"

// Unit gives a rule the translation unit it checks (*cparse.Unit). The
// driver provides its result; it is never run.
var Unit = Provider("cunit", "provides the parsed C translation unit (supplied by the gupvet driver)", driverOnly[cparse.Unit])

// Program gives a rule every unit of the run (*Program). The driver
// provides its result; it is never run.
var Program = Provider("cprogram", "provides every translation unit of the run, for facts that cross files (supplied by the gupvet driver)",
	driverOnly[ProgramData])

type driverOnlyError struct{}

func (driverOnlyError) Error() string {
	return "this analyzer's result is supplied by the gupvet driver; it cannot run on its own"
}

var errDriverOnly = driverOnlyError{}

// ProgramData is what a rule sees of the whole run.
type ProgramData struct {
	Tree *cparse.Tree
	// Units are all units parsed in this run, reported and context ones,
	// in a stable order (by path).
	Units []*cparse.Unit
	Files *Files

	memos  *memoStore
	digest func(*cparse.Unit) string

	mu     sync.Mutex
	shared lazy.Map[string, any]
	notes  []string
}

// Note records a fact about the whole run for -v (which model of the GUP
// API served, where flag values were read).
func (p *ProgramData) Note(s string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, n := range p.notes {
		if n == s {
			return
		}
	}
	p.notes = append(p.notes, s)
}

// Notes returns the run's notes.
func (p *ProgramData) Notes() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.notes...)
}

// Shared returns the value build computes for key, computing it once per
// run whichever unit asks first. Rules use it for program-wide summaries.
// A panic of build fails each unit's pass that asks (runUnit reports it),
// as it would have computing the value itself, not only the first.
func (p *ProgramData) Shared(key string, build func() any) any {
	return p.shared.Get(key, build)
}

// Pos converts a cparse position to a token.Pos of the run's FileSet.
func (p *ProgramData) Pos(pos cparse.Pos) token.Pos { return p.Files.Pos(pos) }
