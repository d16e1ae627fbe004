package lockedone

import _ "embed"
import "fmt"

import "gupvet/rules/flagflow"
import "gupvet/rules/gupapi"
import "gupvet/rules/gupcontract"
import "gupvet/rules/report"

//go:embed doc.go
var doc string

// Analyzer reports a `locked` that may not point to 1 at a GUP entry point.
var Analyzer = gupcontract.New("lockedone", doc, check)

func check(c *gupcontract.Ctx, ev *flagflow.Event) *gupcontract.Hit {
	entry := gupcontract.Entry(ev)
	if ev.Locked.Nul&flagflow.MayNonNull == 0 {
		return nil
	}
	st := c.State(ev, func(a *gupcontract.Assertion) bool { return a.Deref["locked"] }, gupapi.LockedOne)
	if st == nil {
		return nil
	}
	why := st.Why
	p, known := ev.Locked.Deref()
	// Only a value written somewhere counts: an unknown *locked (one a
	// call may have changed, a parameter's) is not reported.
	if !known || p.Unk != 0 || p.Symbolic() {
		return nil
	}
	if p.Must == 1 && p.May == 1 {
		return nil
	}
	var o *flagflow.Origin
	if other := p.May &^ 1; other != 0 {
		o = p.Origin(other & -other)
	} else {
		o = p.NullAt // the value 0
	}
	if o == nil {
		return nil
	}
	val := "0"
	if p.May&^1 != 0 {
		val = fmt.Sprintf("%#x", p.May)
	}
	return &gupcontract.Hit{
		Origin: o,
		Must:   p.Must&1 == 0 && ev.Locked.Nul == flagflow.MayNonNull,
		Message: func(s gupcontract.Summary) string {
			is := "may be"
			if s.Always {
				is = "is"
			}
			return fmt.Sprintf("*locked %s %s here (set at %s), but %s needs *locked == 1 (mmap_lock held for read) when locked is non-NULL: %s; take mmap_lock and set *locked = 1, or pass NULL",
				is, val, report.Where(o.Pos, c.From), gupcontract.Called(ev, entry), why)
		},
		Related: []gupcontract.Note{{Pos: o.Pos, Msg: "*locked gets " + val + " here"}},
	}
}
