package getpin

import _ "embed"
import "strings"

import "gupvet/rules/flagflow"
import "gupvet/rules/gupapi"
import "gupvet/rules/gupcontract"

//go:embed doc.go
var doc string

// Analyzer reports FOLL_GET together with FOLL_PIN at a GUP entry point.
var Analyzer = gupcontract.New("getpin", doc, check)

func check(c *gupcontract.Ctx, ev *flagflow.Event) *gupcontract.Hit {
	m := c.Model
	get, pin := m.Bit("FOLL_GET"), m.Bit("FOLL_PIN")
	if get == 0 || pin == 0 || !ev.Flags.MaySet(get|pin) || gupcontract.RefusedFirst(c, ev) {
		return nil
	}
	st := c.State(ev, isCheck, gupapi.GetPin)
	if st == nil {
		return nil
	}
	// The caller's own half of the pair; a FOLL_PIN the caller may not
	// pass at all is internalflag's finding.
	rej, _ := c.Rejected(ev)
	h, partner := gupcontract.PairFlag(c, ev, get|pin, ^rej, ev.Flags.MustSet(get|pin))
	if h == nil {
		return nil
	}
	h.Message = c.Refused(ev, st, " together with "+partner+": a page is either referenced or pinned, not both")
	return h
}

// isCheck accepts the check that refuses FOLL_GET with FOLL_PIN:
// is_valid_gup_args' pair (6.3+), or FOLL_GET alone in a pin_user_pages*
// entry point (before 6.3).
func isCheck(a *gupcontract.Assertion) bool {
	return a.Set("FOLL_GET") && a.Set("FOLL_PIN") && !a.Names["pages"] ||
		a.Set("FOLL_GET") && len(a.Flags) == 1 && !a.Names["pages"] && strings.HasPrefix(a.Func, "pin_user_pages")
}
