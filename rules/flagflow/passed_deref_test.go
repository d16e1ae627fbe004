package flagflow_test

import "fmt"
import "testing"

import "golang.org/x/tools/go/analysis"

import "gupvet/analyzer"
import "gupvet/analyzer/analysistest"
import "gupvet/rules/flagflow"
import "gupvet/rules/gupapi"

// probe reports, at each call reaching is_valid_gup_args, the flags the
// caller passed (Event.Passed), the effective flags, and what `locked`
// points to at the call (Val.Deref), one diagnostic per event.
var probe = eventProbe("ffprobe", func(m *gupapi.Model, ev *flagflow.Event) string {
	msg := fmt.Sprintf("passed=%s flags=%s", m.Names(ev.Passed.Must), m.Names(ev.Flags.Must))
	if ev.Locked.Nul&flagflow.MayNonNull != 0 {
		if p, ok := ev.Locked.Deref(); !ok || p.Unk != 0 {
			msg += " *locked=unknown"
		} else if p.Must == p.May {
			msg += fmt.Sprintf(" *locked=must:%#x", p.Must)
		} else {
			msg += fmt.Sprintf(" *locked=may:%#x", p.May)
		}
	}
	return msg
})

// eventProbe is a test analyzer that reports, at each call of a unit's
// function reaching is_valid_gup_args, what describe says of its event,
// once per call and text.
func eventProbe(name string, describe func(m *gupapi.Model, ev *flagflow.Event) string) *analysis.Analyzer {
	return &analysis.Analyzer{
		Name:     name,
		Doc:      "test probe of flagflow events",
		Requires: []*analysis.Analyzer{flagflow.Analyzer, analyzer.Program},
		Run: func(pass *analysis.Pass) (any, error) {
			res := pass.ResultOf[flagflow.Analyzer].(*flagflow.Result)
			pd := pass.ResultOf[analyzer.Program].(*analyzer.ProgramData)
			seen := map[string]bool{}
			for _, ev := range res.Events {
				if ev.Sink.Kind != gupapi.GUPArgs || ev.Root.F.Header {
					continue
				}
				msg := describe(res.Program.Model, ev)
				k := fmt.Sprint(ev.Chain[0].Pos, msg)
				if seen[k] {
					continue
				}
				seen[k] = true
				pass.Report(analysis.Diagnostic{Pos: pd.Pos(ev.Chain[0].Pos), Message: msg})
			}
			return nil, nil
		},
	}
}

func TestPassedAndDeref(t *testing.T) {
	tree := analysistest.Overlay(t, "../../testdata/demo", "testdata/src")
	analysistest.Run(t, tree, probe, "drivers/ff/passed.c")
}
