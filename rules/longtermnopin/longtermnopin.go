package longtermnopin

import _ "embed"

import "gupvet/rules/flagflow"
import "gupvet/rules/gupapi"
import "gupvet/rules/gupcontract"

//go:embed doc.go
var doc string

// Analyzer reports FOLL_LONGTERM without FOLL_PIN at a GUP entry point.
var Analyzer = gupcontract.New("longtermnopin", doc, check)

func check(c *gupcontract.Ctx, ev *flagflow.Event) *gupcontract.Hit {
	m := c.Model
	lt, pin := m.Bit("FOLL_LONGTERM"), m.Bit("FOLL_PIN")
	if lt == 0 || pin == 0 || !ev.Flags.MaySet(lt) || ev.Flags.MustSet(pin) || gupcontract.RefusedFirst(c, ev) {
		return nil
	}
	st := c.State(ev, isCheck, gupapi.LongtermNoPin)
	if st == nil {
		return nil
	}
	h := gupcontract.OneFlag(ev, ev.Flags, lt, ev.Flags.MustSet(lt) && ev.Flags.May&pin == 0)
	if h == nil {
		return nil
	}
	h.Message = c.Refused(ev, st, " without FOLL_PIN: only pins may be long-term, use pin_user_pages*()")
	return h
}

// isCheck accepts the check that refuses FOLL_LONGTERM without FOLL_PIN:
// is_valid_gup_args' (6.3+), or FOLL_LONGTERM alone where only get_*
// paths run it (is_valid_gup_flags, get_user_pages_unlocked before 6.3).
func isCheck(a *gupcontract.Assertion) bool {
	return a.Set("FOLL_LONGTERM") && (a.Clear["FOLL_PIN"] || len(a.Flags) == 1) &&
		!a.Flags["FOLL_PCI_P2PDMA"] && !a.Names["pages"] && !a.Complement
}
