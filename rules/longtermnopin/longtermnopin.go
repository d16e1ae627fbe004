package longtermnopin

import (
	_ "embed"
	"fmt"

	"golang.org/x/tools/go/analysis"

	"gupvet/analyzer"
	"gupvet/rules/flagflow"
	"gupvet/rules/gupcontract"
	"gupvet/rules/report"
)

//go:embed doc.go
var doc string

// Analyzer reports FOLL_LONGTERM without FOLL_PIN at a GUP entry point.
var Analyzer = &analysis.Analyzer{
	Name:     "longtermnopin",
	Doc:      report.MustExtractDoc(doc, "longtermnopin"),
	URL:      "https://github.com/gupvet/gupvet/blob/main/rules/longtermnopin/doc.go",
	Requires: []*analysis.Analyzer{flagflow.Analyzer, analyzer.Program},
	Run:      func(pass *analysis.Pass) (any, error) { return gupcontract.Run(pass, "longtermnopin", check) },
}

func check(c *gupcontract.Ctx, ev *flagflow.Event) *gupcontract.Hit {
	m := c.Model
	entry := gupcontract.Entry(ev)
	ok, why := m.LongtermCheck(entry)
	lt, pin := m.Bit("FOLL_LONGTERM"), m.Bit("FOLL_PIN")
	if !ok || lt == 0 || pin == 0 || !ev.Flags.MaySet(lt) || ev.Flags.MustSet(pin) || gupcontract.RefusedFirst(c, ev) {
		return nil
	}
	bit, o := gupcontract.LocalBit(ev, ev.Flags, lt)
	if bit == 0 {
		return nil
	}
	must := ev.Flags.MustSet(lt) && ev.Flags.May&pin == 0
	var mb uint64
	if must {
		mb = bit
	}
	return &gupcontract.Hit{
		Origin: o, Must: must,
		Bits: bit, MustBits: mb, Flags: ev.Flags,
		Message: func(s gupcontract.Summary) string {
			return fmt.Sprintf("%s %s without FOLL_PIN: only pins may be long-term, use pin_user_pages*(); %s; %s %s",
				gupcontract.Called(ev, entry), s.Gets(m, c.From),
				why, entry, gupcontract.Fails(m, entry))
		},
	}
}
