package analyzer

import "reflect"

import "golang.org/x/tools/go/analysis"

// Provider declares an analyzer that reports nothing and computes a *R
// for each unit, for the analyzers that require it (go/analysis'
// inspect.Analyzer is one): its ResultType is *R, taken from run's type,
// so the declared type and what run returns cannot drift apart.
func Provider[R any](name, doc string, run func(*analysis.Pass) (*R, error), requires ...*analysis.Analyzer) *analysis.Analyzer {
	return &analysis.Analyzer{
		Name:       name,
		Doc:        doc,
		Requires:   requires,
		ResultType: reflect.TypeFor[*R](),
		Run: func(pass *analysis.Pass) (any, error) {
			r, err := run(pass)
			if r == nil {
				return nil, err // not a typed nil in the interface
			}
			return r, err
		},
	}
}

// driverOnly is the run of an analyzer whose result the driver supplies.
func driverOnly[R any](*analysis.Pass) (*R, error) { return nil, errDriverOnly }
