package fastmask

import _ "embed"
import "fmt"

import "gupvet/rules/flagflow"
import "gupvet/rules/gupapi"
import "gupvet/rules/gupcontract"

//go:embed doc.go
var doc string

// Analyzer reports flags the GUP-fast entry points refuse.
var Analyzer = gupcontract.New("fastmask", doc, check)

func check(c *gupcontract.Ctx, ev *flagflow.Event) *gupcontract.Hit {
	m := c.Model
	entry := gupcontract.Entry(ev)
	if !gupapi.FastEntries[entry] || gupcontract.RefusedFirst(c, ev) {
		return nil
	}
	mask, fn, fails := m.FastMask(), m.FastCheck(), "WARNs once and returns -EINVAL"
	// the tree's own mask check, or, where its code was not read, the
	// built-in table's
	switch a, whole := c.Contract.Find(ev, func(a *gupcontract.Assertion) bool { return a.Complement && len(a.Flags) > 0 }); {
	case a != nil:
		mask, fn, fails = a.Mask(m), a.Func, a.Fails()
	case c.Contract.Derived && whole:
		return nil
	}
	// Flags the caller may not pass at all are refused earlier
	// (internalflag).
	rej, _ := c.Rejected(ev)
	bad := ev.Flags.May &^ mask &^ rej
	h := gupcontract.EveryFlag(ev, ev.Flags, bad)
	if h == nil {
		return nil
	}
	h.Message = func(s gupcontract.Summary) string {
		return fmt.Sprintf("%s %s, which GUP-fast does not accept: %s %s for any flag outside %s",
			gupcontract.Called(ev, entry), s.Gets(m, c.From), fn, fails, m.Names(mask))
	}
	return h
}
