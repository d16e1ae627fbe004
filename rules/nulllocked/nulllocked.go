package nulllocked

import _ "embed"
import "fmt"

import "golang.org/x/tools/go/analysis"

import "gupvet/analyzer"
import "gupvet/rules/flagflow"
import "gupvet/rules/gupapi"
import "gupvet/rules/report"

//go:embed doc.go
var doc string

// Analyzer reports a NULL `locked` passed where it is dereferenced: a
// latent oops, an Error.
var Analyzer = report.New("nulllocked", doc, report.Error, run)

func run(pass *analysis.Pass, res *flagflow.Result, pd *analyzer.ProgramData) (any, error) {
	for _, evs := range report.ByCall(res.Events) {
		var hit *flagflow.Event
		always := true
		for _, ev := range evs {
			if ev.Sink.Kind != gupapi.LockedDeref {
				continue
			}
			if ev.Locked.Nul != flagflow.MayNull {
				always = false // another path passes a valid pointer
			}
			if hit == nil && ev.Locked.MayBeNull() && ev.Local(ev.Locked.NullAt) {
				hit = ev
			}
		}
		if hit != nil {
			reportCall(pass, pd, hit, always)
		}
	}
	return nil, nil
}

func reportCall(pass *analysis.Pass, pd *analyzer.ProgramData, ev *flagflow.Event, always bool) {
	call := ev.Chain[0]
	from := call.Pos.File
	o := ev.Locked.NullAt
	maybe := "is"
	if !always {
		maybe = "may be"
	}
	entry := ev.Entry()
	var contract string
	if len(ev.Chain) == 1 {
		contract = fmt.Sprintf("%s dereferences locked unconditionally", entry)
	} else {
		last := ev.Chain[len(ev.Chain)-1]
		contract = fmt.Sprintf("%s requires a non-NULL locked: it passes it to %s, which dereferences it (%s)", entry, last.Callee, report.Where(last.Pos, from))
	}
	src := ""
	if o.Pos.Line != call.Pos.Line || o.Pos.File != call.Pos.File {
		src = fmt.Sprintf(" (NULL from %s)", report.Where(o.Pos, from))
	}
	msg := fmt.Sprintf("locked %s NULL here%s, but %s; pass &locked with locked = 1", maybe, src, contract)
	rel := report.NewRelated(pd)
	if o.Pos != call.Pos {
		rel.Add(o.Pos, "locked becomes NULL here")
	}
	rel.Chain(ev)
	pass.Report(analysis.Diagnostic{
		Pos:      pd.Pos(call.Pos),
		End:      pd.Pos(call.End),
		Category: "contract",
		Message:  msg,
		Related:  rel.List(),
	})
}
