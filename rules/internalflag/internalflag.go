package internalflag

import _ "embed"
import "fmt"

import "gupvet/rules/flagflow"
import "gupvet/rules/gupcontract"

//go:embed doc.go
var doc string

// Analyzer reports internal FOLL_ flags passed to an exported GUP entry point.
var Analyzer = gupcontract.New("internalflag", doc, check)

// check looks at the flags the caller hands to the entry point (before
// the entry point's own to_set): any refused bit written in Root's code.
func check(c *gupcontract.Ctx, ev *flagflow.Event) *gupcontract.Hit {
	m := c.Model
	entry := gupcontract.Entry(ev)
	rej, st := c.Rejected(ev)
	if rej == 0 {
		return nil
	}
	h := gupcontract.EveryFlag(ev, ev.Passed, rej)
	if h == nil {
		return nil
	}
	h.Message = func(s gupcontract.Summary) string {
		return fmt.Sprintf("%s %s, but %s is GUP's own and may not be passed by a caller (%s); %s %s",
			gupcontract.Called(ev, entry), s.Gets(m, c.From), m.Names(s.Bits),
			st.Why, entry, st.Fails)
	}
	return h
}
